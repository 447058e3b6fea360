"""Both engines read generated typed numbers, customer CSV files and client JSON files (the
strict reader: keys twice, huge numbers, nesting, BOMs, broken syntax): same value or same refusal.

Numbers: digits of several scripts, separators, signs, exponents, infinity, blanks and
invisible characters. CSV files: quotes, delimiters, BOMs, CRLF and lone CR, blank lines,
header noise, numbers by the same generator. One Node process (tests/js/engine_server.mjs)
answers a batch per example. The seed is printed with any mismatch; LADDERKIT_SEED=N
replays a run.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator.errors import UserError
from generator.inputs.answers import BadJson, parse_json, read_customers_csv
from generator.inputs.numbers import read_number
from generator.ladder.normalised import Field
from tests.helpers import ask, cases, engine

SEED = int(os.environ.get("LADDERKIT_SEED") or random.randrange(2**32))
EXAMPLES = cases(150)
NUMBERS_PER_EXAMPLE = 40  # 6,000 typed numbers per run
FILES_PER_EXAMPLE = 40  # 6,000 CSV files per run
JSON_PER_EXAMPLE = 40  # 6,000 JSON texts per run
TALLY = {"numbers": 0, "csv": 0, "json": 0}
# the classifier fields of a ladder (label is not read by the rules compared)
FIELDS: list[Field] = [
    {"id": "buys", "label": "Buys", "type": "yesno"},
    {"id": "visits", "label": "Visits", "type": "number"},
]

DIGITS = (
    "0123456789" + "\u0660\u0665\u0669\u06f0\u06f4\u0966\u096f\u09e6\u09ef\uff10\uff19" + "\u0e51\u1040\u07c0\U0001d7ce"
)
PIECES = [
    "+",
    "-",
    "\u2212",
    "\uff0b",
    "\uff0d",
    ".",
    ",",
    "\uff0e",
    "\uff0c",
    "\u066b",
    "\u066c",
    "e",
    "E",
    "e+",
    "e-",
    "_",
    "'",
    " ",
    "\u00a0",
    "\u202f",
    "\u2009",
    "\u200b",
    "\ufeff",
    "\t",
    "\n",
    "\r",
    "\u3000",
    "\x1c",
    "\x85",
    "Infinity",
    "inf",
    "NaN",
    "nan",
    "0x",
    "=",
    "%",
    "/",
    "a",
]
BLANKS = ["", " ", "  ", "\t", "\u00a0", "\u200b", "\ufeff", "\r\n", "\u3000", "\u2060", "\x1f", "\x0b"]


@st.composite
def typed_number(draw) -> str:
    """Mostly number-shaped text (sign, digits, one or more separators, exponent), else noise."""
    digits = st.text(st.sampled_from(DIGITS), min_size=0, max_size=draw(st.sampled_from([3, 6, 25, 400])))
    if draw(st.integers(0, 3)) == 0:
        body = "".join(draw(st.lists(st.one_of(st.sampled_from(PIECES), digits), max_size=6)))
    else:
        body = draw(st.sampled_from(["", "+", "-", "\u2212", "\uff0d"])) + draw(digits)
        for _ in range(draw(st.integers(0, 2))):
            body += draw(st.sampled_from([".", ",", " ", "_", "'", "\u00a0", ".", ","])) + draw(digits)
        if draw(st.integers(0, 6)) == 0:
            body += draw(st.sampled_from(["e", "E", "e-", "E+"])) + draw(digits)
    return draw(st.sampled_from(BLANKS)) + body + draw(st.sampled_from(BLANKS))


CELL_TEXT = st.text(st.sampled_from(list("ab yesNO01,;\"'\r\n\t=\u00a0\ufeff")), max_size=6)
LINE_ENDS = ["\n", "\r\n", "\r"]


@st.composite
def cell(draw, kind: str) -> str:
    if kind == "visits" and draw(st.booleans()):
        text = draw(typed_number())
    elif kind == "buys" and draw(st.booleans()):
        text = draw(st.sampled_from(["yes", "no", "Y", "n", "TRUE", "false", "1", "0", "", " yes ", "maybe", "\u0131"]))
    else:
        text = draw(CELL_TEXT)
    # mostly quoted properly, sometimes not at all
    if (draw(st.integers(0, 2)) == 0 or any(c in text for c in ',;"\r\n')) and draw(st.integers(0, 5)):
        text = '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def csv_file(draw) -> str:
    sep = draw(st.sampled_from([",", ",", ";"]))
    columns = draw(st.permutations(["name", "buys", "visits"]))
    if draw(st.integers(0, 5)) == 0:  # a header mistake: a column missing, unknown, doubled or renamed
        columns = draw(
            st.sampled_from([columns[:2], columns + ["notes"], columns + [columns[0]], ["Name", *columns[1:]]])
        )
    header = sep.join(draw(st.sampled_from(["", " ", "\u00a0", "\ufeff"])) + c for c in columns)
    lines = [header]
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(["", " ", sep * 2, '""'])))  # a blank line or row
            continue
        n = len(columns) + draw(st.sampled_from([0, 0, 0, 0, -1, 1]))
        lines.append(sep.join(draw(cell(columns[i] if i < len(columns) else "name")) for i in range(max(n, 0))))
    ends = [draw(st.sampled_from(LINE_ENDS)) for _ in lines]
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return draw(st.sampled_from(["", "", "\ufeff", "\ufeff\ufeff", "\n", "\r\n\r\n"])) + text


KEYS = ['"a"', '"b"', '"\\u0061"', '"\u00e9"', '"[{"', '"\\""', '""', '"__proto__"', '"1"']
NUMBERS = ["0", "-0", "1", "2.5", "1e999", "-1E+400", "1e-999", "9" * 400, "9" * 20, "1.7976931348623157e308"]
NUMBERS += ["1.7976931348623159e308", "01", ".5", "NaN", "-Infinity", "-", "1.", "0x1"]
SCALARS = [*NUMBERS, "true", "null", "false", '"x"', '"]"', '"\\ud83d\\ude00"', '"\\t"', "'x'", '"\t"']
JSON_BLANKS = ["", "", " ", "\n", "\r\n", "\t", "\u00a0", "\ufeff", "\u2028"]


@st.composite
def json_value(draw, depth: int = 0) -> str:
    """A JSON-shaped text: objects often give a key twice, numbers are often too large."""
    blank = lambda: draw(st.sampled_from(JSON_BLANKS[:6] if draw(st.integers(0, 15)) else JSON_BLANKS))  # noqa: E731
    kind = draw(st.integers(0, 6)) if depth < 4 else 0
    if kind <= 2:
        return draw(st.sampled_from(SCALARS))
    if kind == 3:
        items = [blank() + draw(json_value(depth + 1)) + blank() for _ in range(draw(st.integers(0, 3)))]
        return "[" + ",".join(items) + "]"
    if kind == 4:  # deep nesting around the limit of 32
        n = draw(st.integers(28, 36))
        return "[" * n + draw(json_value(depth + 1)) + "]" * n
    pairs = [
        blank() + draw(st.sampled_from(KEYS)) + blank() + ":" + blank() + draw(json_value(depth + 1))
        for _ in range(draw(st.integers(0, 4)))
    ]
    return "{" + ",".join(pairs) + "}"


@st.composite
def json_file(draw) -> str:
    text = (
        draw(st.sampled_from(["", "", "\ufeff", "\ufeff\ufeff", " "]))
        + draw(json_value())
        + draw(st.sampled_from(["", "", "\n", " x", ","]))
    )
    if text and draw(st.integers(0, 5)) == 0:  # one character lost, as in a file cut or retyped
        i = draw(st.integers(0, len(text) - 1))
        text = text[:i] + text[i + 1 :]
    return text


def python_json(text: str) -> dict:
    try:
        return {"doc": parse_json(text.encode("utf-8"))}
    except BadJson as exc:
        return {"error": exc.short}


def same_doc(a, b) -> bool:
    """Equal as JavaScript holds them: numbers as doubles (Python keeps big integers exact)."""
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return isinstance(b, (int, float)) and not isinstance(b, bool) and float(a) == float(b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_doc(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same_doc(x, y) for x, y in zip(a, b, strict=True))
    return a == b and type(a) is type(b)


@pytest.fixture(scope="module")
def node():
    with engine() as proc:
        yield proc
    print(
        f"\ndifferential rules (seed {SEED}): {TALLY['numbers']} numbers, {TALLY['csv']} CSV files, "
        f"{TALLY['json']} JSON texts compared"
    )


def python_csv(text: str) -> dict:
    try:
        return {"records": read_customers_csv(text, FIELDS, "customers.csv")}
    except UserError as exc:
        return {"error": str(exc)}


def same_number(a: dict, b: dict) -> bool:
    if "value" in a and "value" in b and a["value"] is not None and b["value"] is not None:
        return float(a["value"]) == float(b["value"]) and set(a) == set(b)
    return a == b


def same_csv(a: dict, b: dict) -> bool:
    if "records" not in a or "records" not in b:
        return a == b
    return len(a["records"]) == len(b["records"]) and all(
        ra.keys() == rb.keys()
        and all(ra[k] == rb[k] if isinstance(ra[k], (str, bool)) else float(ra[k]) == float(rb[k]) for k in ra)
        for ra, rb in zip(a["records"], b["records"], strict=True)
    )


@seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True, database=None)
@given(
    numbers=st.lists(typed_number(), min_size=NUMBERS_PER_EXAMPLE, max_size=NUMBERS_PER_EXAMPLE),
    files=st.lists(csv_file(), min_size=FILES_PER_EXAMPLE, max_size=FILES_PER_EXAMPLE),
    texts=st.lists(json_file(), min_size=JSON_PER_EXAMPLE, max_size=JSON_PER_EXAMPLE),
)
def test_python_and_javascript_read_alike(node, numbers, files, texts):
    reply = ask(node, {"numbers": numbers, "csv": files, "json": texts, "fields": FIELDS})
    TALLY["numbers"] += len(numbers)
    TALLY["csv"] += len(files)
    TALLY["json"] += len(texts)
    for text, js in zip(texts, reply["json"], strict=True):
        py = python_json(text)
        same = py.keys() == js.keys() and (py == js if "error" in py else same_doc(py["doc"], js["doc"]))
        assert same, f"JSON {text!r}: Python {py}, JavaScript {js} (seed {SEED}; LADDERKIT_SEED={SEED} replays)"
    for text, js in zip(numbers, reply["numbers"], strict=True):
        py = read_number(text)
        assert same_number(py, js), (
            f"number {text!r}: Python {py}, JavaScript {js} (seed {SEED}; LADDERKIT_SEED={SEED} replays)"
        )
    for text, js in zip(files, reply["csv"], strict=True):
        py = python_csv(text)
        assert same_csv(py, js), (
            f"CSV {text!r}: Python {py}, JavaScript {js} (seed {SEED}; LADDERKIT_SEED={SEED} replays)"
        )


def test_enough_cases_were_compared():
    """Runs after the property test in file order: at least 5,000 of each per run (a tenth in
    the fast lane, LADDERKIT_FAST=1)."""
    least = cases(5000)
    assert TALLY["numbers"] >= least and TALLY["csv"] >= least and TALLY["json"] >= least, TALLY
