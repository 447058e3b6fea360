"""Files from clients under attack: filled worksheets with a damaged form or random byte
mutations (import-pdf), and generated, damaged answers files (score, aggregate, report).
Only the project's own messages may come out, never a traceback; every text an answers file
carries has one limit, and an oversized file is refused before it is read."""

from __future__ import annotations

import io
import json
import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from generator.errors import UserError
from generator.inputs.aggregate import aggregate
from generator.inputs.answers import MAX_FILE_BYTES, MAX_TEXT, read_answers
from generator.inputs.import_pdf import read_worksheet_bytes
from generator.print import documents as pd
from generator.print import report
from tests.helpers import ASSETS, ROOT, brand, cases, field_values, fill, ladders, render
from tests.ladder_strategies import ANSWERS_LADDER as LADDER
from tests.ladder_strategies import answers_documents

MUTATIONS = cases(2000)


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> bytes:
    """A customer-development worksheet filled like a client would (answers, name, customers)."""
    tmp = tmp_path_factory.mktemp("filled")
    model = ladders()["customer-development"]
    blank = render(pd.worksheet_html(model, brand(), ASSETS, fillable=True), tmp / "blank.pdf", forms=True)["path"]
    answers = {
        q["id"]: (
            0 if q["type"] in ("scale",) else True if q["type"] == "yesno" else [0] if q["type"] == "checklist" else 3
        )
        for b in LADDER["bridges"]
        for q in b["questions"]
    }
    values = field_values(LADDER, answers, [{"name": "Acme", "purchases": 3, "has-need": True}])
    values[pd.NAME_FIELD] = "Dana"
    fill(blank, tmp / "filled.pdf", values)
    data = (tmp / "filled.pdf").read_bytes()
    doc = read_worksheet_bytes(data, LADDER, "filled.pdf")
    assert doc["name"] == "Dana" and len(doc["answers"]) == len(answers)  # the fixture itself reads back
    return data


def _damage(data: bytes, how) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    form = writer._root_object["/AcroForm"]
    radio = next(f.get_object() for f in form["/Fields"] if "/Kids" in f.get_object())
    how(writer, form, radio)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


MALFORMED = {
    "/AcroForm": (
        lambda w, form, radio: w._root_object.__setitem__(NameObject("/AcroForm"), ArrayObject([NumberObject(1)])),
        "the form (/AcroForm) should be a dictionary",
    ),
    "/Fields": (
        lambda w, form, radio: form.__setitem__(NameObject("/Fields"), NameObject("/Oops")),
        "the field list (/Fields) should be a list",
    ),
    "/Fields item": (
        lambda w, form, radio: form["/Fields"].append(NumberObject(7)),
        "a field of /Fields should be a dictionary",
    ),
    "/Ff": (
        lambda w, form, radio: radio.__setitem__(NameObject("/Ff"), TextStringObject("radio")),
        "the flags (/Ff) of field",
    ),
    "/Kids": (
        lambda w, form, radio: radio.__setitem__(NameObject("/Kids"), DictionaryObject()),
        "the buttons (/Kids) of field",
    ),
    "/Opt": (
        lambda w, form, radio: radio.__setitem__(NameObject("/Opt"), NumberObject(3)),
        "the options (/Opt) of field",
    ),
}


@pytest.mark.pdf
@pytest.mark.parametrize("where", list(MALFORMED))
def test_a_malformed_form_is_one_message(filled, where):
    how, expected = MALFORMED[where]
    with pytest.raises(UserError) as caught:
        read_worksheet_bytes(_damage(filled, how), LADDER, "filled.pdf")
    assert str(caught.value).startswith("filled.pdf: the PDF's form is damaged: ") and expected in str(caught.value)
    assert "fill in a fresh copy of worksheet-fillable.pdf" in str(caught.value)


def _mutate(data: bytes, rnd: random.Random) -> bytes:
    """A few random edits: bytes overwritten, or PDF syntax written over what follows a key
    the reader uses (/Kids, /Opt, /Fields ...). Most edits keep the length, so the file's
    cross-reference offsets stay valid and the damage reaches the form's objects (a shifted
    offset makes the reader rebuild its table, slowly: one edit in 24 tests that)."""
    raw = bytearray(data)
    tokens = [
        b"/Kids",
        b"/Opt",
        b"/Fields",
        b"/Ff",
        b"/V",
        b"/Parent",
        b"[",
        b"]",
        b"<<",
        b">>",
        b"0 R",
        b"999999 0 R",
        b"-1",
        b"1e999",
        b"()",
        b"/Off",
        b"obj",
        b"endobj",
        b"\xff\xfe",
        b"99999999999",
    ]
    keys = [b"/Kids", b"/Opt", b"/Fields", b"/Ff", b"/AcroForm", b"/T", b"/FT", b"/V", b"/AS", b"/Root", b"/Info"]
    for _ in range(rnd.randint(1, 4)):
        action = rnd.randrange(24)
        if action == 0:  # shift: delete or duplicate a span
            at, span = rnd.randrange(len(raw)), rnd.randint(1, 64)
            if rnd.random() < 0.5:
                del raw[at : at + span]
            else:
                raw[at:at] = raw[at : at + span]
        elif action <= 8:
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
        else:  # aim at the form: overwrite what follows a key, keeping the length
            key = rnd.choice(keys)
            found = raw.find(key, rnd.randrange(len(raw)))
            if found < 0:
                found = raw.find(key)
            if found >= 0:
                start = found + len(key)
                token = rnd.choice(tokens) + b" "
                raw[start : start + len(token)] = token[: len(raw) - start]
    return bytes(raw)


def test_random_mutations_of_a_filled_worksheet_give_only_messages(filled):
    seed = int(os.environ.get("LADDERKIT_FUZZ_SEED") or random.SystemRandom().randrange(2**32))
    print(f"import-pdf fuzz seed: {seed} (rerun with LADDERKIT_FUZZ_SEED={seed})")
    rnd = random.Random(seed)
    outcomes = {"read": 0, "refused": 0}
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(MUTATIONS):
        mutant = _mutate(filled, rnd)
        try:
            read_worksheet_bytes(mutant, LADDER, "filled.pdf")
            outcomes["read"] += 1
        except UserError as exc:
            assert str(exc).startswith("filled.pdf: ") and "\n" not in str(exc), (seed, i, str(exc))
            outcomes["refused"] += 1
        except Exception as exc:  # the point: nothing else may come out
            raise AssertionError(f"seed {seed}, mutation {i}: {type(exc).__name__}: {exc}") from exc
    print(
        f"{MUTATIONS} mutations in {time.perf_counter() - started:.1f} s ({time.process_time() - cpu:.1f} s CPU): "
        f"{outcomes}"
    )
    assert outcomes["refused"] > 0 and sum(outcomes.values()) == MUTATIONS


# --- answers files: one reader and one limit for every command -------------------------------------


def _doc(**extra) -> dict:
    return {"format": "ladder-answers/1", "ladder": "customer-development", "answers": {}, **extra}


REFUSED_BY_BOTH = {
    "nested.json": (
        b'{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"x": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}",
        "nested too deeply",
    ),
    "huge-number.json": (
        b'{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {}, "n": 1e999}',
        "the number 1e999 is too large",
    ),
    "duplicate-keys.json": (
        b'{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {}, '
        b'"answers": {"aw-marketing": 4}}',
        'the key "answers" is given twice',
    ),
    "long-name.json": (
        json.dumps(_doc(name="N" * (MAX_TEXT + 1))).encode(),
        f"longer than the {MAX_TEXT} a name may have",
    ),
    "name-not-text.json": (json.dumps(_doc(name=["Dana"])).encode(), "name: expected text"),
}


@pytest.mark.parametrize("name", list(REFUSED_BY_BOTH))
def test_aggregate_skips_what_score_refuses_with_the_same_reason(tmp_path, name):
    data, reason = REFUSED_BY_BOTH[name]
    (tmp_path / name).write_bytes(data)
    with pytest.raises(UserError, match=reason):
        read_answers(tmp_path / name, LADDER)
    good = json.dumps(_doc(answers={"aw-marketing": 2})).encode()
    fig = aggregate(LADDER, [("good.json", good), (name, data)])
    assert fig["participants"] == 1 and [s["file"] for s in fig["skipped"]] == [name]
    assert reason in fig["skipped"][0]["reason"]


def test_an_oversized_answers_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A 100 MB client name: refused by its size, without reading or parsing a byte of it."""
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.write(b'{"name": "')
        f.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written either
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read") if self.name == "big.json" else real(self))
    with pytest.raises(UserError, match=r"big\.json: the file is 100\.0 MB; an answers file is at most 20 MB"):
        read_answers(big, LADDER)
    from generator.cli import main

    assert main(["aggregate", "customer-development", str(big)]) == 1
    assert aggregate(LADDER, [("big.json", b" " * (MAX_FILE_BYTES + 1))])["skipped"][0]["reason"].startswith(
        "the file is 20.1 MB"
    )


def test_report_refuses_a_long_name_and_a_long_customer_name(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    monkeypatch.chdir(ROOT)
    for i, doc in enumerate([_doc(name="x" * 10_000), _doc(customers=[{"name": "y" * 10_000}])]):
        (tmp_path / f"{i}.json").write_text(json.dumps(doc))
        assert (
            main(
                [
                    "report",
                    "customer-development",
                    str(tmp_path / f"{i}.json"),
                    "-o",
                    str(tmp_path / "r.pdf"),
                    "-f",
                    str(ROOT / "mkdocs.yml"),
                ]
            )
            == 1
        )
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"is longer than the {MAX_TEXT} a name may have" in err
    assert not (tmp_path / "r.pdf").exists()


FUZZ = settings(
    max_examples=cases(150),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
NAMES = (
    st.text(max_size=5)
    | st.integers()
    | st.none()
    | st.just("n" * (MAX_TEXT + 1))
    | st.lists(st.text(max_size=3), max_size=2)
)
CUSTOMERS = st.lists(
    st.fixed_dictionaries(
        {"name": NAMES},
        optional={"purchases": st.integers(-5, 50) | st.text(max_size=3), "has-need": st.booleans() | st.none()},
    ),
    max_size=3,
) | st.text(max_size=3)


@st.composite
def answers_bytes(draw):
    """A generated answers document (maybe with a name and customers), maybe damaged."""
    doc = draw(answers_documents())
    if isinstance(doc, dict):
        if draw(st.booleans()):
            doc["name"] = draw(NAMES)
        if draw(st.booleans()):
            doc["customers"] = draw(CUSTOMERS)
    raw = bytearray(json.dumps(doc).encode("utf-8"))
    for _ in range(draw(st.integers(0, 3))):
        if raw:
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
    return bytes(raw)


@FUZZ
@given(st.lists(answers_bytes(), min_size=1, max_size=6))
def test_aggregate_never_raises_on_generated_files(files):
    named = [(f"p{i}.json", data) for i, data in enumerate(files)]
    fig = aggregate(LADDER, named)
    assert fig["participants"] + len(fig["skipped"]) == len(named)
    json.dumps(fig)  # what it returns can be printed


@FUZZ
@given(answers_bytes())
def test_report_gives_a_pdf_or_one_message_on_generated_files(tmp_path, monkeypatch, data):
    # WeasyPrint is replaced by the HTML's bytes: what is fuzzed here is everything before it
    # (reading, limits, scoring, the report's HTML); test_report.py renders real PDFs.
    monkeypatch.setattr(report, "to_pdf", lambda html, base_url=None: html.encode("utf-8"))
    monkeypatch.chdir(ROOT)
    (tmp_path / "a.json").write_bytes(data)
    try:
        report.write_report("customer-development", tmp_path / "a.json", tmp_path / "a.pdf", str(ROOT / "mkdocs.yml"))
    except UserError as exc:
        assert str(exc).startswith(str(tmp_path / "a.json")), str(exc)
