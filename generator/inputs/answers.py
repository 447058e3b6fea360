"""Reading the files clients and coaches hand to the command line: answers files
(ladder-answers/1) and customer lists (CSV or JSON) for the classifier, as
content/reference/answers.md defines them (schema: ladders/answers.schema.json).

Every problem becomes one UserError naming the file and the item; nothing here raises
anything else on bad input.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn, cast

from generator.errors import UserError
from generator.inputs.csvsafe import unguard
from generator.inputs.numbers import read_number, shown, trim
from generator.ladder.normalised import Field, Number
from generator.scoring.scoring import ANSWERS_FORMAT, validate_answers
from generator.scoring.types import Answers, AnswersFile, CustomerRecord, Ladder
from generator.vocab import did_you_mean

MAX_CUSTOMERS = 100_000
# Limits on what clients hand in, the same for score, report, aggregate and import-pdf: an
# answers file (or customer list) is read only up to MAX_FILE_BYTES, and every text it
# carries (the client's name, a customer's name) is at most MAX_TEXT characters.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT = 200
# Control characters a name may not hold: C0 and C1 but tab and line breaks (a customer's
# name becomes one line; a client's name may have two), and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


# Nesting deeper than any answers file or customer list needs (answers files nest 5 deep):
# refused before parsing, counted the same way by clientfiles.mjs, so Python's recursion
# limit never decides.
MAX_DEPTH = 32
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite(text: str, kind: Callable[[str], Number]) -> Number:
    """A JSON number JavaScript reads as a finite double (1e999 and a 400-digit integer are not),
    checked before `kind` reads it (int() refuses 5,000 digits in its own words)."""
    if float(text) in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return kind(text)


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """JSON allows a key twice and keeps the last; an answers file given twice is a mistake."""
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f'the key "{shown(key)}" is given twice in one object')
        out[key] = value
    return out


def depth(text: str) -> int:
    """How deeply lists and objects nest, brackets inside strings not counted."""
    level = deepest = 0
    for token in _BRACKETS.findall(text):
        if token in "[{":
            level += 1
            deepest = max(deepest, level)
        elif token in "]}":
            level -= 1
    return deepest


class BadJson(ValueError):
    """Why a text is not JSON a client's file may be: `reason` and `where` (":line:col" or "")
    for the command line, and `short`, the words both sides show (clientfiles.mjs parseJson;
    a browser's JSON.parse cannot say where or why a syntax error is, so there it is just
    "not valid JSON")."""

    def __init__(self, reason: str, where: str = "", short: str | None = None):
        super().__init__(reason)
        self.reason, self.where, self.short = reason, where, short or reason


def too_big(size: int) -> str | None:
    """Why a client's file of `size` bytes is not read, or None. Tenths of a MB rounded up, in
    integers as clientfiles.mjs does (so a refused file never reads as 20.0 MB, and no float
    formatting, whose ties differ between the languages, decides)."""
    if size <= MAX_FILE_BYTES:
        return None
    tenths = -(-size * 10 // 1048576)
    return f"the file is {tenths // 10}.{tenths % 10} MB; an answers file is at most {MAX_FILE_BYTES // 1048576} MB"


def read_bytes(path: Path | str) -> bytes:
    """A client's file, refused before reading when too big (a 100 MB name must not be parsed)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UserError(f"{path}: is a folder, not a file")
        why = too_big(path.stat().st_size)
        if why:
            raise UserError(f"{path}: {why}")
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file ({exc.strerror})") from None


def parse_json(data: bytes) -> object:
    """Strict JSON from UTF-8 bytes: no NaN/Infinity, no number too large for a double, no key
    twice, no nesting deeper than MAX_DEPTH. The one reader of every file a client hands in;
    parseJson in generator/scoring/clientfiles.mjs is its twin (tests/vectors/client_files.json)."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise BadJson("not UTF-8 text; save it as UTF-8") from None
    if not text.strip(" \t\n\r"):  # JSON's own white space, not str.strip's
        raise BadJson("the file is empty")
    if depth(text) > MAX_DEPTH:
        raise BadJson("lists and objects are nested too deeply to be an answers file")
    try:  # first JSON's grammar alone, as a browser's JSON.parse reads it (NaN is not JSON)
        json.loads(text, parse_constant=_refuse_constant, parse_int=float, parse_float=float)
    except json.JSONDecodeError as exc:
        raise BadJson(f"not valid JSON: {exc.msg}", f":{exc.lineno}:{exc.colno}", "not valid JSON") from None
    except ValueError as exc:
        raise BadJson(f"not valid JSON: {exc}", short="not valid JSON") from None
    try:  # then what JSON allows and a client's file may not have, in the order it comes
        return json.loads(
            text,
            parse_float=lambda t: _finite(t, float),
            parse_int=lambda t: _finite(t, int),
            object_pairs_hook=_no_duplicates,
        )
    except ValueError as exc:
        raise BadJson(f"not valid JSON: {exc}") from None


def read_json(path: Path | str) -> object:
    """Strict JSON (see parse_json) with the line and column of a syntax error."""
    try:
        return parse_json(read_bytes(path))
    except BadJson as exc:
        raise UserError(f"{path}{exc.where}: {exc.reason}") from None


def described(value: object) -> str:
    """A JSON value as a message names it: the text itself (quoted, shortened), else its kind;
    numbers by kind, since Python and JavaScript write 1.0 and 1e16 differently."""
    if isinstance(value, str):
        return f'"{shown(value)}"'
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


def check_text(value: object, where: str) -> str:
    """A text a client's file carries (a name): text, at most MAX_TEXT characters (code points).
    The rule of checkText in generator/scoring/clientfiles.mjs."""
    if not isinstance(value, str):
        raise UserError(f"{where}: expected text, got {described(value)}")
    if len(value) > MAX_TEXT:
        raise UserError(f"{where}: {len(value)} characters is longer than the {MAX_TEXT} a name may have; shorten it")
    lone = re.search("[\ud800-\udfff]", value)
    if lone:
        raise UserError(f"{where}: holds \\u{ord(lone[0]):04x}, half of a character pair, which is not a character")
    control = CONTROL.search(value)
    if control:
        # an escape sequence in a name would reach a terminal through `classify`'s table
        raise UserError(f"{where}: holds a control character (U+{ord(control[0]):04X}); remove it")
    return value


def document_problem(doc: object, ladder_id: str) -> str:
    """What makes `doc` no answers file of this ladder, before its answers are looked at, or "".
    The audit's Import says the same (answersDocumentProblem in clientfiles.mjs)."""
    if not isinstance(doc, dict):
        return "an answers file must be a JSON object with format, ladder and answers"
    if doc.get("format") != ANSWERS_FORMAT:
        return f'format: expected "{ANSWERS_FORMAT}", got {described(doc.get("format"))}'
    if doc.get("ladder") != ladder_id:
        return f"ladder: these answers are for ladder {described(doc.get('ladder'))}, not '{ladder_id}'"
    if "name" in doc:
        try:
            check_text(doc["name"], "name")
        except UserError as exc:
            return str(exc)
    return ""


def check_answers_document(doc: object, ladder: Ladder, file: str) -> Answers:
    """Check an answers document against the ladder; return its `answers` object."""
    problem = document_problem(doc, ladder["id"])
    if problem:
        raise UserError(f"{file}: {problem}")
    # document_problem finds none only in an object (a dict of JSON, so its keys are text)
    answers = cast(Mapping[str, object], doc).get("answers", {})
    problems = validate_answers(ladder, answers)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        hint = ""
        if first["message"].startswith("no question"):
            known = [q["id"] for b in ladder["bridges"] for q in b["questions"]]
            hint = did_you_mean(first["question"], known)
        qid = first["question"]
        where = f"answers.{qid if len(qid) <= 40 else qid[:40] + '…'}" if qid else "answers"
        raise UserError(f"{file}: {where}: {first['message']}{hint}{more}")
    # validate_answers finds none only in an object of question ids, each answer fitting its question
    return cast(Answers, answers)


def read_answers(path: Path | str, ladder: Ladder) -> AnswersFile:
    """The whole answers document, checked; `answers` is safe to score. `path` may also be a
    share link (a URL with #answers=, or the fragment): its answers are read the same way."""
    from generator.inputs import share_link  # imported here: it reads with parse_json, from this module

    doc: object
    if share_link.is_link(str(path)):
        doc, path = share_link.read_link(str(path)), "share link"
    else:
        doc = read_json(path)
    # A file without `answers` is an audit not yet started: its answers are an empty object.
    answers = check_answers_document(doc, ladder, str(path))
    # Checked: an object with this format and ladder, a text name if any, and answers that fit.
    # Its customers are checked where they are read (check_customers).
    return {**cast(AnswersFile, doc), "answers": answers}


# --- customers ---------------------------------------------------------------------


def read_cell(value: str, field: Field, where: str) -> bool | Number | None:
    """One customer field from text (a CSV cell, a worksheet grid cell): None when blank.
    The rule of readCell in assets/rules.js; numbers by generator/inputs/numbers.py."""
    text = trim(value)
    if text == "":
        return None  # a blank cell is a missing field
    if field["type"] == "yesno":
        low = text.lower()
        if low in YES:
            return True
        if low in NO:
            return False
        raise UserError(f"{where}: column '{field['id']}': expected yes or no, got '{shown(text)}'")
    number = read_number(text)
    if "problem" in number:
        raise UserError(f"{where}: column '{field['id']}': {number['message']}")
    return number["value"]


def check_record(rec: object, fields: Sequence[Field], where: str) -> CustomerRecord:
    """One customer from JSON: {"name", field id: value or null}. Unknown keys are reported
    first (the first in code-point order, so key order in the file does not matter), then the
    values in the ladder's field order. A name is one line, as in a CSV. The rule of
    checkRecord in generator/scoring/clientfiles.mjs (tests/vectors/client_files.json)."""
    if not isinstance(rec, dict):
        raise UserError(f"{where}: a customer must be an object with a name and field values")
    ids = [f["id"] for f in fields]
    unknown = sorted(k for k in rec if k != "name" and k not in ids)
    if unknown:
        raise UserError(
            f"{where}: '{shown(unknown[0])}' is not a field of this ladder's classifier; fields are: {', '.join(ids)}"
        )
    name = check_text(rec.get("name", ""), f"{where}: name")
    out: CustomerRecord = {"name": re.sub(r"[\r\n]+", " ", name)}
    for field in fields:
        value = rec.get(field["id"])
        if value is None:
            continue
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if field["type"] == "yesno" and not isinstance(value, bool):
            raise UserError(f"{where}: {field['id']}: expected true or false, got {described(value)}")
        if field["type"] != "yesno" and not number:
            raise UserError(f"{where}: {field['id']}: expected a number, got {described(value)}")
        out[field["id"]] = value
    return out


def customers_in(doc: object, ladder: Ladder, file: str, limit: float = MAX_CUSTOMERS) -> list[CustomerRecord]:
    """The customers of a JSON document: a list of records, or an object with "customers" (an
    answers file, the customers page's export) and optionally "ladder", which must be this one."""
    classifier = ladder["classifier"]
    fields = classifier["fields"] if classifier else []
    if isinstance(doc, dict) and doc.get("ladder") not in (None, ladder["id"]):
        raise UserError(
            f"{file}: ladder: these customers are for ladder {described(doc['ladder'])}, not '{ladder['id']}'"
        )
    records = doc.get("customers") if isinstance(doc, dict) else doc
    if not isinstance(records, list):
        raise UserError(f'{file}: expected a list of customers, or an answers file with "customers"')
    if len(records) > limit:
        raise UserError(f"{file}: {len(records)} customers is more than the {limit} this command reads")
    return [check_record(r, fields, f"{file}: customers[{i}]") for i, r in enumerate(records)]


def check_customers(records: object, ladder: Ladder, file: str) -> list[CustomerRecord]:
    """A JSON list of customer records (e.g. an answers file's "customers"), checked."""
    return customers_in({"customers": records}, ladder, file)


def read_customers(path: Path | str, ladder: Ladder) -> list[CustomerRecord]:
    """Customer records from a CSV (columns name + field ids) or a JSON file."""
    path = Path(path)
    classifier = ladder["classifier"]
    if not classifier:
        raise UserError(f"ladder '{ladder['id']}' has no classifier, so customers cannot be placed on it")
    if path.suffix.lower() == ".json":
        return customers_in(read_json(path), ladder, str(path))
    try:
        text = read_bytes(path).decode("utf-8")  # one byte-order mark is skipped by the rule
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; export the CSV as UTF-8") from None
    return read_customers_csv(text, classifier["fields"], str(path), MAX_CUSTOMERS)


def delimiter(text: str) -> str:
    """';' when the first non-blank line has semicolons and no comma (spreadsheets in countries
    with a decimal comma export that way), else ','."""
    first = next((line for line in re.split(r"\r\n|\r|\n", text) if trim(line)), "")
    return ";" if ";" in first and "," not in first else ","


def csv_rows(text: str, sep: str = ",") -> list[tuple[int, list[str]]]:
    """[(line the row starts on, cells)], blank rows included; line ends are \\r\\n, \\n or \\r
    (a quoted cell's line breaks count). Python's csv module; csvRows in rules.js mirrors it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error:  # only a cell over the field limit: an unclosed quote swallowing the file
        raise ValueError(
            f"line {start}: a cell is longer than {csv.field_size_limit()} characters; is a quote left open?"
        ) from None
    return rows


def read_customers_csv(
    text: str, fields: Sequence[Field], file: str, limit: float = float("inf")
) -> list[CustomerRecord]:
    """Customer records from CSV text (one leading byte-order mark is skipped): the columns are
    name and the classifier's field ids, in any order; blank rows are skipped but counted in
    line numbers. The rule of readCustomersCsv in assets/rules.js, message for message."""
    ids = [f["id"] for f in fields]
    expected = f"name, {', '.join(ids)}"
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise UserError(
            f"{file}: holds NUL bytes, so it is not a text CSV (a spreadsheet file renamed?); export it as CSV UTF-8"
        )
    try:
        rows = [(n, cells) for n, cells in csv_rows(text, delimiter(text)) if any(trim(c) for c in cells)]
    except ValueError as exc:
        raise UserError(f"{file}: {exc}") from None
    if not rows:
        raise UserError(f"{file}: the file is empty; the first row must name the columns: {expected}")
    (head_line, head), body = rows[0], rows[1:]
    header = [trim(h) for h in head]
    twice = [h for i, h in enumerate(header) if h in header[:i]]
    if twice:
        raise UserError(f"{file}: line {head_line}: column '{shown(twice[0])}' is given twice; keep one")
    missing = [c for c in ["name", *ids] if c not in header]
    if missing:
        raise UserError(
            f"{file}: line {head_line}: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (expected: {expected})"
        )
    unknown = [h for h in header if h != "name" and h not in ids]
    if unknown:
        raise UserError(f"{file}: line {head_line}: unknown column '{shown(unknown[0])}' (expected: {expected})")
    if len(body) > limit:
        raise UserError(f"{file}: {len(body)} customers is more than the {limit} this command reads")
    out: list[CustomerRecord] = []
    for n, cells in body:
        if len(cells) != len(header):
            raise UserError(f"{file}: line {n}: expected {len(header)} cells, found {len(cells)}")
        by_column = dict(zip(header, cells, strict=True))
        rec: CustomerRecord = {"name": check_text(customer_name(by_column["name"]), f"{file}: line {n}: name")}
        for field in fields:
            value = read_cell(by_column[field["id"]], field, f"{file}: line {n}")
            if value is not None:
                rec[field["id"]] = value
        out.append(rec)
    return out


def customer_name(text: str) -> str:
    """A name is one line (the customers table edits it in a one-line box), without the quote
    an export put in front of a formula-like name."""
    return unguard(re.sub(r"[\r\n]+", " ", trim(text)))
