"""A filled fillable worksheet (PDF) -> an answers document (ladder-answers/1).

The fillable worksheet names its form fields by the scheme in generator.print.documents:

- scale question: a radio group named by the question id; each button's export value (and
  the name of its "on" state) is the 0-based option index;
- yes/no question: a radio group named by the question id, values (and states) `yes` / `no`;
- number question: a text field named by the question id;
- checklist question: one checkbox per option, `<id>:<0-based index>`, plus `<id>:none`
  ("None of these": answered with nothing ticked; no box at all = unanswered);
- who the answers are about: a text field `about:name` (the answers file's "name");
- the worksheet itself: a text field `ladderkit-worksheet:<ladder id>`, so a copy that lost
  the PDF's metadata is still recognised (older worksheets: the metadata alone);
- customer-ranking grid: text fields `customers:<row>:name`, `customers:<row>:<field id>`
  (the `customers:<row>:rung` column is for the hand-worked answer and is not read).

PDF readers store a radio choice in different places (the group's /V, or a button's /V or
/AS, and WeasyPrint also lists the buttons as fields); `_form_values` reads all of them, and
a choice is accepted in every form a reader or library writes it: the export value (`yes`,
`2`), a worksheet's position in /Opt (`/0`, made before states were named by value), or the
option's label (`Yes`, `Agree`).
Every problem is one UserError naming the file; the answers are then checked exactly like
an answers file (generator.inputs.answers.check_answers_document).
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from generator.errors import UserError
from generator.inputs.answers import check_answers_document, check_text, read_cell
from generator.inputs.numbers import read_number
from generator.ladder.normalised import Number
from generator.markup.fields import (
    CUSTOMER_ROWS,
    LADDER_KEYWORD,
    META_LADDER,
    NAME_FIELD,
    WORKSHEET_FIELD,
    checkbox_name,
    customer_name,
    none_name,
)
from generator.scoring.scoring import ANSWERS_FORMAT
from generator.scoring.types import Answers, AnswersFile, CustomerRecord, Ladder, Question

if TYPE_CHECKING:
    from pypdf import PdfReader

T = TypeVar("T")

RADIO = 1 << 15  # field flag bit 16: a radio-button group
MAX_PDF_BYTES = 50 * 1024 * 1024  # a filled worksheet is some 100 KB
# What pypdf raises on a damaged file besides its own errors: its parser trusts the file's
# structure, and a filled worksheet comes from a client, so any of these means "damaged".
DAMAGED = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    RecursionError,
    OverflowError,
    AssertionError,
    struct.error,
    zlib.error,
    UnicodeError,
    LookupError,
    MemoryError,
)


def read_worksheet(path: Path | str, ladder: Ladder) -> AnswersFile:
    """The answers document of a filled worksheet for `ladder` (the normalised ladder dict)."""
    path = Path(path)
    file = str(path)
    try:
        if path.is_dir():
            raise UserError(f"{file}: is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise UserError(
                f"{file}: the file is {size / 1048576:.1f} MB; a filled worksheet is far smaller "
                "(is this the right file?)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{file}: no such file") from None
    except OSError as exc:
        raise UserError(f"{file}: cannot read the file ({exc.strerror})") from None
    return read_worksheet_bytes(data, ladder, file)


def read_worksheet_bytes(data: bytes, ladder: Ladder, file: str) -> AnswersFile:
    """`read_worksheet` on the file's bytes; `file` names it in messages."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise UserError(f"{file}: not a PDF file")
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its repair notes are not the user's problem
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UserError(f"{file}: the PDF is password-protected; save an unprotected copy and try again")
        values = _form_values(reader, file)
        marked = _ladder_of(reader, values)
    except (PyPdfError, *DAMAGED) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise UserError(
            f"{file}: not a readable PDF, it is damaged ({detail}); fill in a fresh copy of worksheet-fillable.pdf"
        ) from None
    if not values:
        raise UserError(
            f"{file}: the PDF has no form fields; use the fillable worksheet "
            f"(worksheet-fillable.pdf), not the print version"
        )
    if marked is None:
        raise UserError(
            f"{file}: not a ladderkit worksheet (no identity field and no ladder in its metadata); "
            f"fill in a worksheet-fillable.pdf made by ladderkit"
        )
    if marked != ladder["id"]:
        if not re.fullmatch(r"[a-z0-9-]{1,64}", marked):
            raise UserError(f"{file}: not a ladderkit worksheet (the ladder it names is not a ladder id)")
        raise UserError(
            f"{file}: this worksheet is for ladder '{marked}', not '{ladder['id']}'; "
            f"run: ladderkit import-pdf {marked} {file}"
        )
    doc: AnswersFile = {"format": ANSWERS_FORMAT, "ladder": ladder["id"], "answers": _answers(values, ladder, file)}
    name = str(values.get(NAME_FIELD) or "").strip()
    if name:
        doc["name"] = name
    customers = _customers(values, ladder, file)
    if customers:
        doc["customers"] = customers
    check_answers_document(doc, ladder, file)
    return doc


def unanswered(doc: AnswersFile, ladder: Ladder) -> list[Question]:
    """The questions of `ladder` that `doc` leaves unanswered, in the ladder's order."""
    return [q for b in ladder["bridges"] for q in b["questions"] if q["id"] not in doc["answers"]]


# --- the form ------------------------------------------------------------------------------


def _damaged(file: str, what: str) -> NoReturn:
    raise UserError(f"{file}: the PDF's form is damaged: {what}; fill in a fresh copy of worksheet-fillable.pdf")


def _object(value: object, kind: type[T], file: str, what: str) -> T | None:
    """`value` with references followed, checked to be a `kind` (None stays None)."""
    from pypdf.generic import IndirectObject

    for _ in range(32):  # a reference to a reference ...; a loop of them is damage
        if not isinstance(value, IndirectObject):
            break
        value = value.get_object()
    if value is None or isinstance(value, kind):
        return value
    _damaged(
        file, f"{what} should be {'a list' if kind is list else 'a dictionary' if kind is dict else 'a whole number'}"
    )


def _form_values(reader: PdfReader, file: str) -> dict[str, object]:
    """Field name -> its value: text (str), a radio's export value (str), a checkbox (bool)."""
    root = _object(reader.trailer.get("/Root"), dict, file, "the document catalog (/Root)") or {}
    form = _object(root.get("/AcroForm"), dict, file, "the form (/AcroForm)")
    fields = _object(form.get("/Fields"), list, file, "the field list (/Fields)") if form is not None else None
    values: dict[str, object] = {}
    for ref in fields or ():
        field = _object(ref, dict, file, "a field of /Fields")
        if field is None or "/Parent" in field:  # a radio button listed on its own: read through its group
            continue
        name = str(field.get("/T", ""))
        kind = field.get("/FT")
        flags = _object(field.get("/Ff", 0), int, file, f"the flags (/Ff) of field '{name[:40]}'") or 0
        if kind == "/Btn" and flags & RADIO:
            values[name] = _radio(field, name, file)
        elif kind == "/Btn":
            values[name] = _state(field) not in (None, "Off")
        elif kind in ("/Tx", "/Ch"):
            value = field.get("/V")
            values[name] = "" if value is None else str(value)
    return values


def _state(widget: Mapping[str, object]) -> str | None:
    for key in ("/V", "/AS"):
        value = widget.get(key)
        if value is not None and str(value) != "/Off":
            return str(value).lstrip("/")
    return None


def _radio(group: Mapping[str, object], name: str, file: str) -> str | None:
    """The chosen button's export value (from /Opt), wherever the reader stored the choice."""
    state = _state({"/V": group.get("/V")})
    for kid in _object(group.get("/Kids"), list, file, f"the buttons (/Kids) of field '{name[:40]}'") or ():
        state = state or _state(_object(kid, dict, file, f"a button of field '{name[:40]}'") or {})
    if state is None:
        return None
    options = [
        str(o) for o in _object(group.get("/Opt"), list, file, f"the options (/Opt) of field '{name[:40]}'") or ()
    ]
    index = int(state) if re.fullmatch(r"[0-9]{1,6}", state) else None
    return options[index] if index is not None and index < len(options) else state


def _ladder_of(reader: PdfReader, values: Mapping[str, object]) -> str | None:
    for name in values:
        if name.startswith(WORKSHEET_FIELD):
            return name[len(WORKSHEET_FIELD) :]
    meta: Mapping[str, object] = reader.metadata or {}
    marked = meta.get("/" + META_LADDER)
    if marked:
        return str(marked)
    for word in str(meta.get("/Keywords") or "").split(","):
        if word.strip().startswith(LADDER_KEYWORD):
            return word.strip()[len(LADDER_KEYWORD) :]
    return None


# --- answers and customers -------------------------------------------------------------------


def _answers(values: Mapping[str, object], ladder: Ladder, file: str) -> Answers:
    answers: Answers = {}
    for bridge in ladder["bridges"]:
        for q in bridge["questions"]:
            answer = _answer(q, values, file)
            if answer is not None:
                answers[q["id"]] = answer
    return answers


def _missing(qid: str, file: str) -> NoReturn:
    raise UserError(
        f"{file}: the form has no field for question '{qid}': it was made from another "
        f"version of the ladder; fill in the current worksheet-fillable.pdf"
    )


def _answer(q: Question, values: Mapping[str, object], file: str) -> list[int] | bool | Number | None:
    qid, kind = q["id"], q["type"]
    if kind == "checklist":
        names = [checkbox_name(qid, i) for i in range(len(q["options"]))]
        if any(n not in values for n in names):
            _missing(qid, file)
        ticked = [i for i, n in enumerate(names) if values[n]]
        if ticked and values.get(none_name(qid)):
            raise UserError(f"{file}: {qid}: 'None of these' is ticked together with other options; untick one")
        return ticked if ticked or values.get(none_name(qid)) else None
    if qid not in values:
        _missing(qid, file)
    raw = values[qid]
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    if kind == "yesno":
        if text.lower() not in ("yes", "no"):
            raise UserError(f"{file}: {qid}: '{text[:40]}' is not yes or no")
        return text.lower() == "yes"
    if kind == "scale":
        labels = [c["label"].strip().lower() for c in q["choices"]]
        if text.lower() in labels:
            return labels.index(text.lower())
        if not re.fullmatch(r"[0-9]{1,6}", text) or int(text) >= len(q["choices"]):
            raise UserError(f"{file}: {qid}: '{text[:40]}' is not one of the {len(q['choices'])} options")
        return int(text)
    return _number(text, qid, file)


def _number(text: str, qid: str, file: str) -> Number | None:
    # The rule every number typed by a person follows (generator/inputs/numbers.py), so a
    # worksheet typed in a PDF reader scores like the web audit.
    number = read_number(text)
    if "problem" in number:
        raise UserError(f"{file}: {qid}: {number['message']}")
    return number["value"]


def _customers(values: Mapping[str, object], ladder: Ladder, file: str) -> list[CustomerRecord]:
    classifier = ladder.get("classifier")
    if not classifier:
        return []
    out: list[CustomerRecord] = []
    for row in range(1, CUSTOMER_ROWS + 1):
        cells = {f["id"]: str(values.get(customer_name(row, f["id"])) or "") for f in classifier["fields"]}
        name = str(values.get(customer_name(row, "name")) or "").strip()
        if not name and not any(c.strip() for c in cells.values()):
            continue
        record: CustomerRecord = {"name": check_text(name or f"Customer {row}", f"{file}: customer row {row}: name")}
        for field in classifier["fields"]:
            value = read_cell(cells[field["id"]], field, f"{file}: customer row {row}")
            if value is not None:
                record[field["id"]] = value
        out.append(record)
    return out
