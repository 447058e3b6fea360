"""CSV that is safe to open in a spreadsheet: formula-like cells are neutralised.

A spreadsheet runs a cell as a formula when it starts with =, +, -, @ or their full-width
forms (＝＋－＠) once blanks and invisible characters are trimmed off its start, as
LibreOffice's "Trim spaces" does: " =1+1", "\\r=1", "\\u200b=1" all run. A tab or line
break in front is suspect by itself (OWASP's list).
Such a cell gets a leading single quote, which spreadsheets show as text. An import takes
the quote off again (unguard), so a name survives an export and an import.
generator/site/assets/rules.js applies the same rule to the browser's exports;
tests/vectors/formula.json holds both to it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from decimal import Decimal

from generator.inputs.numbers import LEADING_BLANK

FORMULA = re.compile("[=+\\-@\uff1d\uff0b\uff0d\uff20]")


def is_formula(text: str) -> bool:
    """A tab or line break in front is suspect by itself (OWASP's list), or a formula sign
    once blanks and invisible characters are trimmed."""
    return text.startswith(("\t", "\r", "\n")) or bool(FORMULA.match(LEADING_BLANK.sub("", text)))


def _guarded(text: str) -> bool:
    """Quotes already in front count as part of the guard: "'=1" is written "''=1", so that
    unguard(), which takes off the one quote neutralise() put on, gives back every text."""
    return is_formula(text.lstrip("'"))


def neutralise(cell: object) -> str:
    """The cell as text, with a quote in front if a spreadsheet could run it."""
    text = "" if cell is None else str(cell)
    return "'" + text if _guarded(text) else text


def unguard(text: str) -> str:
    """Text read back from a CSV without the quote neutralise() put in front."""
    return text[1:] if text.startswith("'") and _guarded(text) else text


def safe_number(value: float | None) -> str:
    """A number as a cell: plainly (a negative number is data, not a formula), as the double
    JavaScript holds, in the fewest digits that read back as it, never with an exponent
    (a spreadsheet would take 1e+16 for text in some locales): 1e16 is 10000000000000000,
    1e-7 is 0.0000001, 2.0 is 2, -0 is 0; not finite: blank. numberText in rules.js."""
    if value is None:
        return ""
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any double: the strict reader never gives one
        return ""
    if not math.isfinite(number):
        return ""
    if number == 0:
        return "0"
    return format(Decimal(repr(number)).normalize(), "f")


def write_rows(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV text (RFC 4180 quoting, CRLF line ends); text cells neutralised, numbers not."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(
            [safe_number(c) if isinstance(c, (int, float)) and not isinstance(c, bool) else neutralise(c) for c in row]
        )
    return out.getvalue()
