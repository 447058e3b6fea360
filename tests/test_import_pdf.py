"""`ladderkit import-pdf`: fill a generated fillable worksheet with pypdf, read it back, and the
score must equal scoring.score on the same answers; bad PDFs are refused with one clear line."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from generator.cli import main
from generator.ladder.model import to_dict
from generator.markup import fields
from generator.print import documents as pd
from generator.scoring.scoring import classify, score
from tests.helpers import ASSETS, FIXTURES, ROOT, brand, cli, field_values, fill, ladders, render

LADDER_IDS = sorted(ladders())


@pytest.fixture(autouse=True)
def _in_the_project(monkeypatch):
    """LADDER arguments given as ids are looked up in ladders/ of the working directory."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def blanks(tmp_path_factory):
    """An empty fillable worksheet per shipped ladder, plus one print worksheet."""
    tmp = tmp_path_factory.mktemp("blank")
    out = {}
    for lid in LADDER_IDS:
        info = render(pd.worksheet_html(ladders()[lid], brand(), ASSETS, fillable=True), tmp / f"{lid}.pdf", forms=True)
        assert info["warnings"] == []
        out[lid] = info["path"]
    out["print"] = render(pd.worksheet_html(ladders()["internal-service"], brand(), ASSETS), tmp / "print.pdf")["path"]
    return out


def unanswered_message(ladder: dict, answers: dict) -> str:
    """What import-pdf prints on stderr about the questions that came back empty."""
    missing = [q for b in ladder["bridges"] for q in b["questions"] if q["id"] not in answers]
    if not missing:
        return ""
    return f"Unanswered ({len(missing)}) — check these in the PDF:\n" + "".join(
        f"  {q['id']}: {q['text']}\n" for q in missing
    )


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("lid", LADDER_IDS)
def test_round_trip_scores_like_the_web_audit(lid, blanks, tmp_path, capsys):
    ladder = to_dict(ladders()[lid])
    answers = json.loads((FIXTURES / "answers" / f"{lid}.json").read_text())["answers"]
    filled = fill(blanks[lid], tmp_path / "filled.pdf", field_values(ladder, answers))
    code, out, err = run(
        capsys, "import-pdf", str(ROOT / "ladders" / f"{lid}.yml"), str(filled), "-o", str(tmp_path / "a.json")
    )
    assert code == 0
    assert f"{len(answers)} of " in out
    assert err == unanswered_message(ladder, answers)
    assert json.loads((tmp_path / "a.json").read_text())["answers"] == answers
    code, out, err = run(capsys, "score", str(ROOT / "ladders" / f"{lid}.yml"), str(tmp_path / "a.json"))
    assert code == 0
    assert json.loads(out) == score(ladder, answers)


def test_choices_stored_on_the_radio_group_read_the_same(blanks, tmp_path):
    from generator.inputs.import_pdf import read_worksheet

    ladder = to_dict(ladders()["customer-development"])
    answers = json.loads((FIXTURES / "answers" / "customer-development.json").read_text())["answers"]
    filled = fill(blanks["customer-development"], tmp_path / "f.pdf", field_values(ladder, answers), on_group=True)
    assert read_worksheet(filled, ladder)["answers"] == answers


def test_the_name_on_the_cover_becomes_the_answers_name(blanks, tmp_path, capsys):
    filled = fill(
        blanks["customer-development"], tmp_path / "f.pdf", {fields.NAME_FIELD: "Harbour Bakery", "by-process": "/yes"}
    )
    code, out, _ = run(capsys, "import-pdf", "customer-development", str(filled))
    assert code == 0
    assert json.loads(out) == {
        "format": "ladder-answers/1",
        "ladder": "customer-development",
        "name": "Harbour Bakery",
        "answers": {"by-process": True},
    }


def test_blank_form_has_no_answers_and_none_of_these_is_an_empty_list(blanks, tmp_path):
    from generator.inputs.import_pdf import read_worksheet

    ladder = to_dict(ladders()["customer-development"])
    assert read_worksheet(blanks["customer-development"], ladder) == {
        "format": "ladder-answers/1",
        "ladder": "customer-development",
        "answers": {},
    }
    filled = fill(blanks["customer-development"], tmp_path / "f.pdf", field_values(ladder, {"criteria": []}))
    assert read_worksheet(filled, ladder)["answers"] == {"criteria": []}


def test_ranking_grid_becomes_customers_that_classify(blanks, tmp_path, capsys):
    ladder = to_dict(ladders()["customer-development"])
    typed = [
        {"name": "Harbour Bakery", "purchases": 5, "buys-regularly": True},
        {"name": "Quay Florist", "has-need": True, "has-budget": True, "is-urgent": False, "is-decision-maker": True},
        {"name": "Mill Lane Garage", "purchases": 1.5},
    ]
    filled = fill(blanks["customer-development"], tmp_path / "f.pdf", field_values(ladder, {}, typed))
    _, out, _ = run(capsys, "import-pdf", "customer-development", str(filled))
    doc = json.loads(out)
    assert doc["customers"] == typed
    (tmp_path / "a.json").write_text(out)
    _, out, _ = run(
        capsys, "classify", str(ROOT / "ladders" / "customer-development.yml"), str(tmp_path / "a.json"), "--json"
    )
    assert (
        [c["rung"] for c in json.loads(out)["customers"]]
        == [classify(ladder, c) for c in typed]
        == ["loyal-customer", "prospect", "customer"]
    )


def _refusal(capsys, ladder_arg, pdf) -> str:
    code, out, err = run(capsys, "import-pdf", ladder_arg, str(pdf))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    return err.strip()


def test_refuses_what_is_not_a_filled_worksheet(blanks, tmp_path, capsys):
    text = tmp_path / "answers.pdf"
    text.write_text('{"format": "ladder-answers/1"}')
    assert _refusal(capsys, "customer-development", text) == f"error: {text}: not a PDF file"
    assert _refusal(capsys, "internal-service", blanks["print"]) == (
        f"error: {blanks['print']}: the PDF has no form fields; use the fillable worksheet "
        "(worksheet-fillable.pdf), not the print version"
    )
    assert _refusal(capsys, "growing-loyalty", blanks["customer-development"]) == (
        f"error: {blanks['customer-development']}: this worksheet is for ladder 'customer-development', "
        f"not 'growing-loyalty'; run: ladderkit import-pdf customer-development {blanks['customer-development']}"
    )
    assert (
        _refusal(capsys, "customer-development", tmp_path / "missing.pdf")
        == f"error: {tmp_path / 'missing.pdf'}: no such file"
    )


@pytest.mark.parametrize(
    "values, message",
    [
        ({"aw-networking": "75"}, "answers.aw-networking: "),
        ({"aw-networking": "lots"}, "aw-networking: 'lots' is not a number"),
        (
            {"criteria:1": "/on", "criteria:none": "/on"},
            "criteria: 'None of these' is ticked together with other options; untick one",
        ),
    ],
)
def test_refuses_bad_values_naming_the_question(values, message, blanks, tmp_path, capsys):
    filled = fill(blanks["customer-development"], tmp_path / "f.pdf", values)
    err = _refusal(capsys, "customer-development", filled)
    assert err.startswith(f"error: {filled}: ") and message in err
    if "75" in values.get("aw-networking", ""):
        assert "60" in err, "the message gives the allowed range"


def test_decimal_comma_is_read_as_a_decimal(blanks, tmp_path):
    from generator.inputs.import_pdf import read_worksheet

    ladder = to_dict(ladders()["customer-development"])
    filled = fill(blanks["customer-development"], tmp_path / "f.pdf", {"cm-contacts": "2,5"})
    assert read_worksheet(filled, ladder)["answers"] == {"cm-contacts": 2.5}


def test_an_ambiguous_comma_is_refused_like_the_web_audit(blanks, tmp_path, capsys):
    """'2,500' may be 2.5 or 2500: the audit page refuses it, so the worksheet does too."""
    filled = fill(blanks["customer-development"], tmp_path / "f.pdf", {"cm-contacts": "2,500"})
    assert _refusal(capsys, "customer-development", filled) == (
        f"error: {filled}: cm-contacts: '2,500' could be read two ways; write it without the separator (2500) or as 2.5"
    )


def test_refuses_a_worksheet_from_another_version_of_the_ladder(blanks, tmp_path, capsys):
    data = yaml.safe_load((ROOT / "ladders" / "customer-development.yml").read_text())
    data["bridges"][0]["questions"].append({"id": "aw-new", "text": "A question added later?", "type": "yesno"})
    newer = tmp_path / "customer-development.yml"
    newer.write_text(yaml.safe_dump(data, sort_keys=False))
    assert _refusal(capsys, str(newer), blanks["customer-development"]) == (
        f"error: {blanks['customer-development']}: the form has no field for question 'aw-new': it was made "
        "from another version of the ladder; fill in the current worksheet-fillable.pdf"
    )


def test_command_line_end_to_end(blanks, tmp_path):
    ladder = to_dict(ladders()["internal-service"])
    answers = json.loads((FIXTURES / "answers" / "internal-service.json").read_text())["answers"]
    filled = fill(blanks["internal-service"], tmp_path / "f.pdf", field_values(ladder, answers))
    done = cli("import-pdf", "internal-service", str(filled))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answers"] == answers
    wrong = cli("import-pdf", "customer-development", str(filled))
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "this worksheet is for ladder 'internal-service'" in wrong.stderr
    assert PdfReader(filled).metadata.author == "Brightpath Coaching"


# --- a real reader's clicks: PDFium, the engine of Chromium's PDF viewer ---------------------


def _pdfium_widgets(pdfium, raw, ctypes, env, page):
    """(field name, centre) of every widget on a page, in the page's order."""
    out = []
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET:
            size = raw.FPDFAnnot_GetFormFieldName(env.raw, annot, None, 0)
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAnnot_GetFormFieldName(env.raw, annot, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
            rect = raw.FS_RECTF()
            raw.FPDFAnnot_GetRect(annot, rect)
            name = buf.raw.decode("utf-16-le").rstrip("\x00")
            out.append((name.split(".")[0], ((rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2)))
        raw.FPDFPage_CloseAnnot(annot)
    return out


def fill_by_clicking(blank, target, ladder: dict, answers: dict):
    """Click radio buttons and checkboxes and type into text fields, as a person would in Chromium.
    Each scale question is first answered wrongly, then corrected (readers must keep the last click)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    questions = {q["id"]: q for b in ladder["bridges"] for q in b["questions"]}
    pdf = pdfium.PdfDocument(str(blank))
    pdf.init_forms()
    env = pdf.formenv
    for page_index in range(len(pdf)):
        page = pdf[page_index]
        raw.FORM_OnAfterLoadPage(page.raw, env.raw)

        def click(x, y, page=page):
            raw.FORM_OnMouseMove(env.raw, page.raw, 0, x, y)
            raw.FORM_OnLButtonDown(env.raw, page.raw, 0, x, y)
            raw.FORM_OnLButtonUp(env.raw, page.raw, 0, x, y)

        groups: dict[str, list] = {}
        for name, centre in _pdfium_widgets(pdfium, raw, ctypes, env, page):
            groups.setdefault(name, []).append(centre)
        for name, centres in groups.items():
            qid, _, option = name.partition(":")
            q, answer = questions.get(qid), answers.get(qid)
            if q is None or answer is None:
                continue
            if q["type"] == "scale":
                click(*centres[(answer + 1) % len(centres)])  # a first, wrong choice ...
                click(*centres[answer])  # ... changed
            elif q["type"] == "yesno":
                click(*centres[0 if answer else 1])
            elif q["type"] == "number":
                click(*centres[0])
                for char in str(answer):
                    raw.FORM_OnChar(env.raw, page.raw, ord(char), 0)
                raw.FORM_ForceToKillFocus(env.raw)
            elif (option == "none" and not answer) or (option.isdigit() and int(option) in answer):
                click(*centres[0])
        raw.FORM_OnBeforeClosePage(page.raw, env.raw)
        page.close()
    pdf.save(str(target))
    pdf.close()
    return target


@pytest.mark.parametrize("lid", ["customer-development", "growing-loyalty"])
def test_filled_in_chromiums_pdf_engine_scores_like_the_web_audit(lid, blanks, tmp_path, capsys):
    ladder = to_dict(ladders()[lid])
    answers = json.loads((FIXTURES / "answers" / f"{lid}.json").read_text())["answers"]
    filled = fill_by_clicking(blanks[lid], tmp_path / "clicked.pdf", ladder, answers)
    code, out, err = run(capsys, "import-pdf", lid, str(filled), "-o", str(tmp_path / "a.json"))
    assert (code, err) == (0, unanswered_message(ladder, answers))
    assert json.loads((tmp_path / "a.json").read_text())["answers"] == answers
    code, out, _ = run(capsys, "score", lid, str(tmp_path / "a.json"))
    assert json.loads(out) == score(ladder, answers)


# --- copies, other tools and every way a radio choice is written ----------------------------


def _copies(filled, tmp_path):
    """The filled worksheet as other tools pass it on: pypdf's append (drops the document
    information), qpdf, and a copy whose metadata was removed on purpose."""
    appended = PdfWriter()
    appended.append(str(filled))
    appended.write(str(tmp_path / "appended.pdf"))
    subprocess.run(["qpdf", str(filled), str(tmp_path / "qpdf.pdf")], check=True)
    stripped = PdfWriter(clone_from=str(filled))
    stripped.metadata = None  # the Info dictionary: title, author, keywords, our ladder mark
    stripped.write(str(tmp_path / "stripped.pdf"))
    return {"append": tmp_path / "appended.pdf", "qpdf": tmp_path / "qpdf.pdf", "stripped": tmp_path / "stripped.pdf"}


def test_copies_without_metadata_are_still_recognised_and_lose_no_answer(blanks, tmp_path):
    from generator.inputs.import_pdf import read_worksheet

    ladder = to_dict(ladders()["internal-service"])
    answers = json.loads((FIXTURES / "answers" / "internal-service.json").read_text())["answers"]
    filled = fill(blanks["internal-service"], tmp_path / "f.pdf", field_values(ladder, answers))
    for how, copy in _copies(filled, tmp_path).items():
        if how != "qpdf":
            assert "ladder=internal-service" not in str((PdfReader(copy).metadata or {}).get("/Keywords")), how
        assert read_worksheet(copy, ladder)["answers"] == answers, how


def test_a_copy_filled_by_append_scores_like_the_original(blanks, tmp_path):
    """pypdf's other usual way: PdfWriter() + append, then fill the copy."""
    from generator.inputs.import_pdf import read_worksheet

    ladder = to_dict(ladders()["growing-loyalty"])
    answers = json.loads((FIXTURES / "answers" / "growing-loyalty.json").read_text())["answers"]
    writer = PdfWriter()
    writer.append(str(blanks["growing-loyalty"]))
    for page in writer.pages:
        writer.update_page_form_field_values(page, field_values(ladder, answers), auto_regenerate=False)
    writer.write(str(tmp_path / "f.pdf"))
    assert read_worksheet(tmp_path / "f.pdf", ladder)["answers"] == answers


def _set_group_value(blank, target, name: str, value):
    """Store a raw /V on a radio group, as some readers and scripts do."""
    writer = PdfWriter(clone_from=str(blank))
    for ref in writer._root_object["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T")) == name and "/Parent" not in field:
            field[NameObject("/V")] = value
    writer.write(str(target))
    return target


@pytest.mark.parametrize(
    "value, expected",
    [
        (NameObject("/yes"), True),
        (NameObject("/no"), False),  # the export value, as a state name
        (TextStringObject("Yes"), True),
        (TextStringObject("no"), False),  # a label or value as text
    ],
)
def test_a_yes_no_choice_is_read_in_every_form_readers_write(value, expected, blanks, tmp_path):
    from generator.inputs.import_pdf import read_worksheet

    ladder = to_dict(ladders()["internal-service"])
    filled = _set_group_value(blanks["internal-service"], tmp_path / "f.pdf", "ds-everyone", value)
    assert read_worksheet(filled, ladder)["answers"] == {"ds-everyone": expected}


@pytest.mark.parametrize(
    "value, expected",
    [(NameObject("/3"), 3), (TextStringObject("Agree"), 3), (TextStringObject("strongly disagree"), 0)],
)
def test_a_scale_choice_is_read_by_index_or_by_its_label(value, expected, blanks, tmp_path):
    from generator.inputs.import_pdf import read_worksheet

    ladder = to_dict(ladders()["internal-service"])
    filled = _set_group_value(blanks["internal-service"], tmp_path / "f.pdf", "ds-levels", value)
    assert read_worksheet(filled, ladder)["answers"] == {"ds-levels": expected}


def test_radio_states_are_named_by_their_export_values(blanks):
    """The rule the coaches' guide documents: `yes`/`no`, a scale's 0-based option index."""
    reader = PdfReader(str(blanks["internal-service"]))
    groups = {
        str(f.get_object()["/T"]): f.get_object()
        for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]
        if "/Kids" in f.get_object()
    }
    states = lambda g: [s for k in g["/Kids"] for s in k.get_object()["/AP"]["/N"] if s != "/Off"]  # noqa: E731
    assert states(groups["ds-everyone"]) == ["/yes", "/no"]
    assert states(groups["ds-levels"]) == ["/0", "/1", "/2", "/3", "/4"]
    assert "/Opt" not in groups["ds-everyone"]


def test_unanswered_questions_are_named_and_strict_fails_on_them(blanks, tmp_path):
    ladder = to_dict(ladders()["internal-service"])
    filled = fill(blanks["internal-service"], tmp_path / "f.pdf", {"ds-everyone": "/yes"})
    done = cli("import-pdf", "internal-service", str(filled), "-o", str(tmp_path / "a.json"))
    total = sum(len(b["questions"]) for b in ladder["bridges"])
    assert done.returncode == 0
    assert done.stdout == f"1 of {total} questions answered; answers written to {tmp_path / 'a.json'}.\n"
    assert done.stderr == unanswered_message(ladder, {"ds-everyone": True})
    strict = cli("import-pdf", "internal-service", str(filled), "--strict")
    assert strict.returncode == 1
    assert "Unanswered (" in strict.stderr and "ds-levels: " in strict.stderr
    assert json.loads(strict.stdout)["answers"] == {"ds-everyone": True}  # the answers still come out
