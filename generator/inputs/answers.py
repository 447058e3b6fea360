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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.errors import UserError
from generator.inputs.csvsafe import unguard
from generator.inputs.numbers import read_number, shown, trim
from generator.scoring.scoring import ANSWERS_FORMAT, validate_answers
from generator.scoring.types import Ladder
from generator.vocab import did_you_mean

MAX_CUSTOMERS = 100_000
# Limits on what clients hand in, the same for score, report, aggregate and import-pdf: an
# answers file (or customer list) is read only up to MAX_FILE_BYTES, and every text it
# carries (the client's name, a customer's name) is at most MAX_TEXT characters.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT = 200
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return number


def _no_duplicates(pairs: list) -> dict:
    """JSON allows a key twice and keeps the last; an answers file given twice is a mistake."""
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {json.dumps(key[:40])} is given twice in one object")
        out[key] = value
    return out


class BadJson(ValueError):
    """Why a text is not JSON a client's file may be: `reason`, `where` (":line:col" or ""), and
    `short`: the group page's wording when a browser's JSON.parse refuses it too, None when
    only ladderkit does (a key given twice, 1e999, nesting too deep)."""

    def __init__(self, reason: str, where: str = "", short: str | None = None):
        super().__init__(reason)
        self.reason, self.where, self.short = reason, where, short


def too_big(size: int) -> str | None:
    """Why a client's file of `size` bytes is not read, or None."""
    if size <= MAX_FILE_BYTES:
        return None
    return f"the file is {size / 1048576:.1f} MB; an answers file is at most {MAX_FILE_BYTES // 1048576} MB"


def read_bytes(path: Path | str) -> bytes:
    """A client's file, refused before reading when too big (a 100 MB name must not be parsed)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UserError(f"{path}: is a folder, not a file")
        why = too_big(path.stat().st_size)
        if why:
            raise UserError(f"{path}: {why} (is this the right file?)")
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the file ({exc.strerror})") from None


def parse_json(data: bytes):
    """Strict JSON from UTF-8 bytes: no NaN/Infinity, no number too large, no key twice, no
    nesting deeper than Python can follow. The one reader of every file a client hands in."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise BadJson("not UTF-8 text; save it as UTF-8", short="not UTF-8 text") from None
    if not text.strip():
        raise BadJson("the file is empty", short="not valid JSON")
    try:
        return json.loads(
            text, parse_constant=_refuse_constant, parse_float=_finite_float, object_pairs_hook=_no_duplicates
        )
    except RecursionError:
        raise BadJson("lists and objects are nested too deeply to be an answers file") from None
    except json.JSONDecodeError as exc:
        raise BadJson(f"not valid JSON: {exc.msg}", f":{exc.lineno}:{exc.colno}", "not valid JSON") from None
    except ValueError as exc:  # NaN and Infinity are not JSON; the rest is ours to refuse
        raise BadJson(
            f"not valid JSON: {exc}", short="not valid JSON" if "allowed in JSON" in str(exc) else None
        ) from None


def read_json(path: Path | str):
    """Strict JSON (see parse_json) with the line and column of a syntax error."""
    try:
        return parse_json(read_bytes(path))
    except BadJson as exc:
        raise UserError(f"{path}{exc.where}: {exc.reason}") from None


def check_text(value, where: str) -> str:
    """A text a client's file carries (a name): text, at most MAX_TEXT characters."""
    if not isinstance(value, str):
        raise UserError(f"{where}: expected text, got {json.dumps(value)[:40]}")
    if len(value) > MAX_TEXT:
        raise UserError(f"{where}: {len(value)} characters is longer than the {MAX_TEXT} a name may have; shorten it")
    lone = re.search("[\ud800-\udfff]", value)
    if lone:
        raise UserError(f"{where}: holds \\u{ord(lone[0]):04x}, half of a character pair, which is not a character")
    return value


def check_answers_document(doc, ladder: Ladder, file: str) -> dict:
    """Check an answers document against the ladder; return its `answers` object."""
    if not isinstance(doc, dict):
        raise UserError(f"{file}: an answers file must be a JSON object with format, ladder and answers")
    if doc.get("format") != ANSWERS_FORMAT:
        raise UserError(f'{file}: format: expected "{ANSWERS_FORMAT}", got {json.dumps(doc.get("format"))}')
    if doc.get("ladder") != ladder["id"]:
        raise UserError(
            f"{file}: ladder: these answers are for ladder {json.dumps(doc.get('ladder'))}, not '{ladder['id']}'"
        )
    if "name" in doc:
        check_text(doc["name"], f"{file}: name")
    answers = doc.get("answers", {})
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
    return answers


def read_answers(path: Path | str, ladder: Ladder) -> dict:
    """The whole answers document, checked; `answers` is safe to score."""
    doc = read_json(path)
    # A file without `answers` is an audit not yet started: its answers are an empty object.
    answers = check_answers_document(doc, ladder, str(path))
    return {**doc, "answers": answers}


# --- customers ---------------------------------------------------------------------


def read_cell(value: str, field: Mapping[str, Any], where: str):
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


def _check_record(rec, fields: dict, where: str) -> dict:
    if not isinstance(rec, dict):
        raise UserError(f"{where}: a customer must be an object with a name and field values")
    name = check_text(rec.get("name", ""), f"{where}: name")
    out = {"name": name}
    for key, value in rec.items():
        if key == "name":
            continue
        if key not in fields:
            hint = did_you_mean(key, fields, f"; fields are: {', '.join(fields)}")
            raise UserError(f"{where}: '{key}' is not a field of this ladder's classifier{hint}")
        if value is None:
            continue
        kind = fields[key]["type"]
        ok = (
            isinstance(value, bool)
            if kind == "yesno"
            else (isinstance(value, (int, float)) and not isinstance(value, bool))
        )
        if not ok:
            raise UserError(
                f"{where}: {key}: expected {'true or false' if kind == 'yesno' else 'a number'}, got {json.dumps(value)[:40]}"
            )
        out[key] = value
    return out


def check_customers(records, ladder: Ladder, file: str) -> list[dict]:
    """A JSON list of customer records (e.g. an answers file's "customers"), checked."""
    classifier = ladder["classifier"]
    fields = {f["id"]: f for f in classifier["fields"]} if classifier else {}
    if not isinstance(records, list):
        raise UserError(f'{file}: expected a list of customers, or an answers file with "customers"')
    if len(records) > MAX_CUSTOMERS:
        raise UserError(f"{file}: {len(records)} customers is more than the {MAX_CUSTOMERS} this command reads")
    return [_check_record(r, fields, f"{file}: customers[{i}]") for i, r in enumerate(records)]


def read_customers(path: Path | str, ladder: Ladder) -> list[dict]:
    """Customer records from a CSV (columns name + field ids) or a JSON file."""
    path = Path(path)
    classifier = ladder["classifier"]
    if not classifier:
        raise UserError(f"ladder '{ladder['id']}' has no classifier, so customers cannot be placed on it")
    if path.suffix.lower() == ".json":
        doc = read_json(path)
        records = doc.get("customers") if isinstance(doc, dict) else doc
        if isinstance(doc, dict) and doc.get("ladder") not in (None, ladder["id"]):
            raise UserError(
                f"{path}: ladder: these customers are for ladder {json.dumps(doc.get('ladder'))}, not '{ladder['id']}'"
            )
        return check_customers(records, ladder, str(path))
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
    rows, start = [], 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error:  # only a cell over the field limit: an unclosed quote swallowing the file
        raise ValueError(
            f"line {start}: a cell is longer than {csv.field_size_limit()} characters; is a quote left open?"
        ) from None
    return rows


def read_customers_csv(text: str, fields: list, file: str, limit: float = float("inf")) -> list[dict]:
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
    out = []
    for n, cells in body:
        if len(cells) != len(header):
            raise UserError(f"{file}: line {n}: expected {len(header)} cells, found {len(cells)}")
        by_column = dict(zip(header, cells, strict=True))
        rec = {"name": check_text(customer_name(by_column["name"]), f"{file}: line {n}: name")}
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
