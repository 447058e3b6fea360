"""Numbers typed by people, and the trimming every mirrored text rule starts from.

One policy for the web audit, the customers table and its CSV import, `classify` and
`aggregate`'s CSV and `import-pdf` (generator/site/assets/rules.js is the browser's twin;
tests/vectors/numbers.json holds both to it):

- "2.5" and "2,5" are 2.5 (a decimal comma, as typed in much of Europe); "2," is 2.
- One separator before exactly three digits ("2,500", "2.500") is a thousands separator in
  some countries and a decimal in others: refused, never guessed (a wrong guess moves a
  customer to another rung silently). "0,500" is not ambiguous: 0.5.
- Grouped digits ("2 500", "1_000", "1'000", "1,000,000") are refused: a space may also be
  two numbers typed in one box, and refusing costs one retype where a guess costs a wrong score.
- The digits of a few keyboards are read as 0-9: full-width, Arabic-Indic, Eastern
  Arabic-Indic, Devanagari, Bengali; so are full-width signs and points, the minus sign
  U+2212 and the Arabic decimal separator. Other scripts' digits are refused.
- Exponents ("1e3"), infinity, NaN and words are refused; so is a number too large for a float.
"""

from __future__ import annotations

import json
import re
from typing import TypedDict

# Unicode's White_Space plus the zero-width characters and the byte-order mark: Python's
# strip() and JavaScript's trim() disagree on several of these, so neither defines a rule.
BLANK = "\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
_EDGES = re.compile(f"^[{BLANK}]+|[{BLANK}]+$")
LEADING_BLANK = re.compile(f"^[{BLANK}]+")

_DIGIT_ZEROS = (0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6)
_SIGNS = {"\uff0b": "+", "\uff0d": "-", "\u2212": "-", "\uff0e": ".", "\uff0c": ",", "\u066b": "."}
_ASCII = {zero + i: str(i) for zero in _DIGIT_ZEROS for i in range(10)} | {ord(k): v for k, v in _SIGNS.items()}

_AMBIGUOUS = re.compile(r"[+-]?([0-9]{1,3})[.,][0-9]{3}")
_PLAIN = re.compile(r"[+-]?([0-9]+[.,]?[0-9]*|[.,][0-9]+)")
_GROUPED = re.compile("[+-]?[0-9][0-9.,_' \u00a0\u2009\u202f]*[0-9]")

MESSAGES = {
    "notANumber": "is not a number; write it as 2 or 2.5",
    "ambiguous": "could be read two ways; write it without the separator (2500) or as 2.5",
    "grouped": "has separators between its digits; write it without them (2500)",
    "tooLarge": "is too large",
}


class NumberRead(TypedDict, total=False):
    value: int | float | None  # None: blank
    problem: str  # a key of MESSAGES
    message: str  # the problem as a person reads it, quoting the text


def trim(text: str) -> str:
    return _EDGES.sub("", text)


def shown(text: str) -> str:
    """The text a message quotes: at most 40 characters, control characters escaped as JSON does."""
    return json.dumps(text[:40], ensure_ascii=False)[1:-1]


def read_number(text: str) -> NumberRead:
    """{"value": n} (None when blank) or {"problem", "message"}; see the module's policy."""
    t = trim(text).translate(_ASCII)
    if t == "":
        return {"value": None}

    def refuse(problem: str) -> NumberRead:
        return {"problem": problem, "message": f"'{shown(trim(text))}' {MESSAGES[problem]}"}

    ambiguous = _AMBIGUOUS.fullmatch(t)
    if ambiguous and ambiguous.group(1).strip("0"):
        return refuse("ambiguous")
    if _PLAIN.fullmatch(t):
        value = float(t.replace(",", "."))
        if value in (float("inf"), float("-inf")):
            return refuse("tooLarge")
        return {"value": int(value) if value.is_integer() else value}
    if _GROUPED.fullmatch(t):
        return refuse("grouped")
    return refuse("notANumber")
