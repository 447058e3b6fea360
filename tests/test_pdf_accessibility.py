"""Every kind of PDF ladderkit writes is tagged PDF/UA-1: read back with pypdf (and qpdf).

The documents are the example site's own print jobs (site_pdfs.gather, as a build makes them)
rendered by the build's renderer, plus `ladderkit report`. Each must carry a structure tree
with headings and lists, /MarkInfo /Marked, its language, its title shown as the window title
and the PDF/UA identification; the report's ladder diagram is a Figure with a text
alternative that says what it shows; every field of the fillable worksheet has a tooltip
(/TU) that reads its question.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.errors import UserError
from generator.markup import fields
from generator.print import site_pdfs
from generator.print.language import DEFAULT, site_language
from generator.print.render import PDF_VARIANT, render, write_pdf
from tests.helpers import CONTENT, FIXTURES, ROOT, assert_qpdf_clean, brand, cli, ladders

pytestmark = pytest.mark.pdf

WORKSHEET_LADDER = "customer-development"  # scale, yes/no, number and checklist questions and a ranking grid
REPORT_LADDER = "customer-development"
KINDS = ["playbook", "worksheet", "worksheet-fillable", "guide", "workshop", "report"]


def _title(page_html: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page_html, re.S)[1]).strip()


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """{kind: (PDF, the title its HTML gives)}: one of each kind the example site makes, and a report."""
    tmp = tmp_path_factory.mktemp("tagged")
    jobs, _ = site_pdfs.gather(list(ladders().values()), brand(), ROOT, CONTENT)
    out = {}
    for kind in KINDS[:-1]:
        job = next(
            j for j in jobs if j.kind == kind and (WORKSHEET_LADDER in j.target or not kind.startswith("worksheet"))
        )
        path = tmp / f"{kind}.pdf"
        path.write_bytes(render(job.html, forms=job.forms, strict=True, name=job.target).pdf)
        out[kind] = (path, _title(job.html))
    report = tmp / "report.pdf"
    done = cli("report", REPORT_LADDER, str(FIXTURES / "answers" / f"{REPORT_LADDER}.json"), "-o", str(report))
    assert done.returncode == 0, done.stderr
    out["report"] = (report, f"{ladders()[REPORT_LADDER].title}: report for Harbour Bakery")
    return out


def structure(reader: PdfReader) -> list[dict]:
    """Every structure element of the tree, depth first (content and annotation references left out)."""
    found = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") is not None:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get") and "/K" in kid.get_object():
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def tags(reader: PdfReader) -> set[str]:
    return {str(node["/S"]) for node in structure(reader)}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_pdf_is_tagged_with_language_and_title(kind, tagged):
    path, title = tagged[kind]
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == DEFAULT == "en"
    assert reader.metadata.title == title and title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.pdf_header == "%PDF-1.7"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part(>|=\")1", xmp), xmp  # identifies itself as PDF/UA-1
    assert_qpdf_clean(path)


@pytest.mark.parametrize("kind", KINDS)
def test_headings_and_lists_are_structure(kind, tagged):
    found = tags(PdfReader(tagged[kind][0]))
    assert "/H1" in found and "/H2" in found
    assert {"/L", "/LI", "/LBody"} <= found


def test_the_report_diagram_is_a_figure_that_says_what_it_shows(tagged):
    ladder = ladders()[REPORT_LADDER]
    figures = [node for node in structure(PdfReader(tagged["report"][0])) if node["/S"] == "/Figure"]
    alts = [str(node.get("/Alt", "")) for node in figures]
    diagram = [alt for alt in alts if alt.startswith(f"{ladder.title}: ladder diagram. ")]
    assert len(diagram) == 1, alts
    # The <desc> of the SVG, not only its <title>: every rung and bridge by name.
    assert f"{len(ladder.rungs)} rungs from {ladder.rungs[0].name} (lowest) to {ladder.rungs[-1].name}" in diagram[0]
    for bridge in ladder.bridges:
        assert bridge.name in diagram[0]
    assert all(alts), alts  # the logo too: no figure without a text alternative


def expected_tooltips(ladder) -> dict[str, str]:
    """What a screen reader should announce for each field, from the ladder itself."""
    out = {
        fields.NAME_FIELD: "Business or team",
        fields.worksheet_field(ladder.id): "Worksheet identity (leave unchanged)",
    }
    for q in ladder.questions:
        if q.type == "checklist":
            for i, option in enumerate(q.options):
                out[fields.checkbox_name(q.id, i)] = f"{q.text} — {option}"
            out[fields.none_name(q.id)] = f"{q.text} — None of these"
        else:  # scale and yes/no (a radio group), number (a text field)
            out[q.id] = q.text
    columns = [("name", "Customer"), *((f.id, f.label) for f in ladder.classifier.fields), ("rung", "Rung")]
    for row in range(1, fields.CUSTOMER_ROWS + 1):
        for column, heading in columns:
            out[fields.customer_name(row, column)] = f"Customer {row}: {heading}"
    return out


def test_every_field_of_the_fillable_worksheet_reads_its_question(tagged):
    ladder = ladders()[WORKSHEET_LADDER]
    reader = PdfReader(tagged["worksheet-fillable"][0])
    groups = [ref.get_object() for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    tooltips = {str(f["/T"]): str(f.get("/TU")) for f in groups if "/Parent" not in f}
    assert tooltips == expected_tooltips(ladder)
    # Inside a radio group each button says the question and its option (readers differ in whose they read).
    for q in (q for q in ladder.questions if q.type in ("scale", "yesno")):
        group = next(f for f in groups if str(f.get("/T")) == q.id)
        labels = [str(kid.get_object()["/TU"]) for kid in group["/Kids"]]
        options = [c.label for c in q.choices] if q.type == "scale" else ["Yes", "No"]
        assert labels == [f"{q.text} — {option}" for option in options]
    # Each field is in the structure tree as a Form element (WeasyPrint's tagging of widgets).
    forms = [node for node in structure(PdfReader(tagged["worksheet-fillable"][0])) if node["/S"] == "/Form"]
    widgets = sum(len(f["/Kids"]) if "/Kids" in f else 1 for f in groups if "/Parent" not in f)
    assert len(forms) == widgets


def test_the_first_option_no_longer_names_a_radio_group():
    """The bug: WeasyPrint names a radio group after its first button ("Strongly disagree")."""
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body><h1>T</h1>'
        '<div role="radiogroup" aria-label="How sure are you?">'
        '<input type="radio" name="q" value="0" title="Not at all"><input type="radio" name="q" value="1" title="Very">'
        '</div><input type="radio" name="plain" value="a" title="First label"></body></html>'
    )
    reader = PdfReader(io.BytesIO(write_pdf(page, forms=True)))
    tooltips = {
        str(f["/T"]): str(f["/TU"])
        for f in (r.get_object() for r in reader.trailer["/Root"]["/AcroForm"]["/Fields"])
        if "/Parent" not in f
    }
    assert tooltips == {"q": "How sure are you?", "plain": "First label"}  # no radiogroup: WeasyPrint's own


def test_an_image_without_a_text_alternative_fails_a_strict_build_saying_what_to_do():
    page = '<!doctype html><html lang="en"><head><title>T</title></head><body><img src="data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 width=%2710%27 height=%2710%27/%3E" alt=""></body></html>'
    with pytest.raises(UserError, match=r"has no required alt description[\s\S]*text alternative: !\[what it shows\]"):
        write_pdf(page, name="pdf/demo.pdf")


def test_the_language_comes_from_the_theme_in_one_place():
    from mkdocs.theme import Theme

    assert site_language(Theme(name="mkdocs", language="de")) == "de"  # what the plugin hands over
    assert site_language({"name": "material", "language": "de"}) == "de"  # mkdocs.yml as `report` reads it
    assert site_language({"name": "material", "language": "pt-BR"}) == "pt-BR"
    assert site_language({"name": "material"}) == site_language(None) == site_language("mkdocs") == DEFAULT
    with pytest.raises(UserError, match=r"theme\.language: 'not a language'"):
        site_language({"language": "not a language"})
    assert PDF_VARIANT == "pdf/ua-1"


def test_a_site_in_another_language_writes_reports_tagged_with_it(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("  language: en\n", "  language: de\n")
    assert "  language: de\n" in config
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    (tmp_path / "content").symlink_to(CONTENT)
    out = tmp_path / "report.pdf"
    answers = FIXTURES / "answers" / f"{REPORT_LADDER}.json"
    done = cli("report", REPORT_LADDER, str(answers), "-o", str(out), "-f", str(tmp_path / "mkdocs.yml"))
    assert done.returncode == 0, done.stderr
    assert PdfReader(out).trailer["/Root"]["/Lang"] == "de"


def test_each_radio_group_is_one_field_to_another_reader(tagged):
    """qpdf reads the form as a reader does: each radio group once, named by its question id,
    its buttons as widgets (WeasyPrint also listed each button as a field named `id.id`,
    inside its own group: qpdf warned of a loop in /AcroForm)."""
    import json
    import subprocess

    done = subprocess.run(
        ["qpdf", "--json", "--json-key=acroform", str(tagged["worksheet-fillable"][0])],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    widgets = json.loads(done.stdout)["acroform"]["fields"]
    ladder = ladders()[WORKSHEET_LADDER]
    for q in (q for q in ladder.questions if q.type in ("scale", "yesno")):
        buttons = [w for w in widgets if w["fullname"] == q.id]
        assert len(buttons) == (len(q.choices) if q.type == "scale" else 2), q.id
        options = [c.label for c in q.choices] if q.type == "scale" else ["Yes", "No"]
        assert [w["alternativename"] for w in buttons] == [f"{q.text} — {option}" for option in options]
    assert not [w["fullname"] for w in widgets if "." in w["fullname"]]
