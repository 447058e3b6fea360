"""`ladderkit report`: the PDF's numbers, position, focus and warnings equal `ladderkit score`,
read back with pypdf; the file passes qpdf --check; bad input gives one clear message."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.brand import Brand
from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.print.report import report_html, write_report
from generator.scoring.reading import read_result
from generator.scoring.scoring import classify, score
from generator.scoring.wording import standing
from tests.helpers import ROOT, cli

ANSWERS = sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json"))


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.mark.pdf
@pytest.mark.parametrize("answers", ANSWERS, ids=lambda p: p.stem)
def test_report_pdf_says_what_score_says(answers, tmp_path):
    doc = json.loads(answers.read_text())
    model = load_ladder(ROOT / "ladders" / f"{doc['ladder']}.yml")
    result = score(to_dict(model), doc["answers"])
    target = write_report(doc["ladder"], answers, tmp_path / "r.pdf", str(ROOT / "mkdocs.yml"))
    subprocess.run(["qpdf", "--check", str(target)], check=True, capture_output=True)
    text = pdf_text(target)
    read = read_result(to_dict(model), result)
    assert f"Overall score: {read['overall']['shown']} ({read['overall']['basis']})" in text
    # the position is told as how far the ladder carries customers (wording.standing), with
    # its reason, never "Your position: Suspect"
    assert " ".join(read["reason"].split()) in " ".join(text.split()) and "Your position" not in text
    assert " ".join(standing(to_dict(model), result).split()) in " ".join(text.split())
    assert "About this ladder: " + " ".join(model.source.split())[:60] in text
    for b in model.bridges:
        s = result["bridges"][b.id]
        if b.questions:
            assert f"{' '.join(b.name.split())}" in text
            assert read["bridges"][b.id]["shown"] in text and (
                s["score"] is None
                or s["band"] in read["bridges"][b.id]["shown"]
                or read["bridges"][b.id]["provisional"]
            )
    if result["focus"]:
        assert f"Your focus: {model.bridge(result['focus']).name}" in text
        for plank in model.bridge(result["focus"]).planks:
            assert " ".join(plank.title.split()) in text
    for fid in result["flags"]:
        message = next(f.message for f in model.flags if f.id == fid)
        assert " ".join(message.split()) in text
    for rid in result["risks"]:
        assert f"{model.bridge(rid).name}: scores {result['bridges'][rid]['score']}" in text
    if doc.get("name"):
        assert f"Prepared for {doc['name']}" in text
    assert "Brightpath Coaching" in text and "Book a consultation" in text
    # Every text, running footer included, is set in the brand's print font (no serif fallback).
    fonts = {
        str(f["/BaseFont"]).split("+")[-1]
        for page in PdfReader(target).pages
        for f in (page["/Resources"].get("/Font") or {}).values()
        for f in [f.get_object()]
    }
    assert fonts and all(name.startswith("DejaVu-Sans") for name in fonts), fonts


@pytest.mark.pdf
def test_report_with_customers_and_a_hostile_name(tmp_path):
    doc = json.loads((ROOT / "tests" / "fixtures" / "answers" / "growing-loyalty.json").read_text())
    doc["name"] = "<script>alert(1)</script> & Co"
    doc["customers"] = [
        {"name": "A", "has-need": True, "can-pay": True, "purchases": 0},
        {"name": "B", "purchases": 4, "purchases-last-year": 2},
        {"name": "C", "purchases": 4, "purchases-last-year": 2},
    ]
    path = tmp_path / "with-customers.json"
    path.write_text(json.dumps(doc))
    out = cli("report", "growing-loyalty", str(path), "-o", str(tmp_path / "c.pdf"))
    assert out.returncode == 0, out.stderr
    text = pdf_text(tmp_path / "c.pdf")
    assert "Prepared for <script>alert(1)</script> & Co" in text
    ladder = to_dict(load_ladder(ROOT / "ladders" / "growing-loyalty.yml"))
    placed = [classify(ladder, c) for c in doc["customers"]]
    assert "3 customers placed" in text
    html = report_html(
        load_ladder(ROOT / "ladders" / "growing-loyalty.yml"),
        score(ladder, doc["answers"]),
        Brand(),
        client=doc["name"],
        customers={r["id"]: placed.count(r["id"]) for r in ladder["rungs"]},
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    for rung in ladder["rungs"]:
        assert (
            f'<tr data-rung="{rung["id"]}"><th scope="row">{rung["name"]}</th><td>{placed.count(rung["id"])}</td>'
            in html
        )


def test_report_refuses_bad_input_with_one_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "ladder-answers/1",
                "ladder": "growing-loyalty",
                "answers": {},
                "customers": [{"name": "X", "purchases": "many"}],
            }
        )
    )
    out = cli("report", "growing-loyalty", str(bad), "-o", str(tmp_path / "x.pdf"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "customers[0]: purchases: expected a number" in out.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.pdf
@pytest.mark.parametrize("answered", [{"answers": {}}, {}], ids=["empty", "no-answers-key"])
def test_unanswered_report_and_defaults_without_a_site(answered, tmp_path):
    """No mkdocs.yml: the default brand; no -o: ANSWERS-report.pdf beside the answers file.
    A file without `answers` is an audit not started (it once failed with a KeyError)."""
    answers = tmp_path / "blank.json"
    answers.write_text(json.dumps({"format": "ladder-answers/1", "ladder": "ladder-of-loyalty", **answered}))
    out = cli("report", str(ROOT / "ladders" / "ladder-of-loyalty.yml"), str(answers), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    text = pdf_text(tmp_path / "blank-report.pdf")
    model = load_ladder(ROOT / "ladders" / "ladder-of-loyalty.yml")
    assert "Overall score: not yet scored" in text and "Your personal report" in text
    # Before any answer there is no position, focus or warning to report (reading.py).
    assert "Your position" not in text and "there is no position" in text and "Warnings" not in text
    for b in model.bridges:
        if b.questions:
            assert f"{b.name} not scored yet based on 0 of {len(b.questions)} answers" in text
    assert "Brightpath" not in text and "ladderkit" in text


def test_report_for_another_ladders_answers_is_refused(tmp_path):
    out = cli("report", "growing-loyalty", str(ANSWERS[0]), "-o", str(tmp_path / "x.pdf"))
    assert out.returncode == 1 and "these answers are for ladder" in out.stderr and "Traceback" not in out.stderr


def _report(args, cwd, env=None):
    return cli("report", *map(str, args), cwd=cwd, env=env)


@pytest.mark.pdf
def test_the_report_goes_beside_the_answers_file_not_where_it_runs(tmp_path):
    clients = tmp_path / "clients"
    clients.mkdir()
    answers = clients / "harbour.json"
    answers.write_text(json.dumps({"format": "ladder-answers/1", "ladder": "ladder-of-loyalty", "answers": {}}))
    out = _report([ROOT / "ladders" / "ladder-of-loyalty.yml", answers], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (clients / "harbour-report.pdf").is_file() and not (tmp_path / "harbour-report.pdf").exists()
    assert out.stdout == f"Report written to {clients / 'harbour-report.pdf'}.\n"


@pytest.mark.pdf
@pytest.mark.parametrize("folder", ["site", "content", "ladders", "content/clients"])
def test_no_report_lands_in_a_published_folder_without_o(folder, tmp_path):
    site = tmp_path / "my-site"
    (site / folder).mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: My site\n")
    answers = site / folder / "acme.json"
    answers.write_text(json.dumps({"format": "ladder-answers/1", "ladder": "ladder-of-loyalty", "answers": {}}))
    out = _report([ROOT / "ladders" / "ladder-of-loyalty.yml", answers], cwd=site)
    top = folder.split("/")[0]
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert f"the report would be written into {top}/" in out.stderr and "-o FILE.pdf" in out.stderr
    assert not list(site.rglob("*.pdf"))
    chosen = _report([ROOT / "ladders" / "ladder-of-loyalty.yml", answers, "-o", tmp_path / "acme.pdf"], cwd=site)
    assert chosen.returncode == 0, chosen.stderr


@pytest.mark.pdf
def test_the_report_is_dated_by_its_answers_file_not_the_clock(tmp_path):
    import os

    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"format": "ladder-answers/1", "ladder": "ladder-of-loyalty", "answers": {}}))
    os.utime(answers, (1_600_000_000, 1_600_000_000))  # 13 September 2020
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    out = _report([ROOT / "ladders" / "ladder-of-loyalty.yml", answers, "-o", tmp_path / "r.pdf"], tmp_path, env)
    assert out.returncode == 0, out.stderr
    assert "September 13, 2020" in pdf_text(tmp_path / "r.pdf")
    again = _report([ROOT / "ladders" / "ladder-of-loyalty.yml", answers, "-o", tmp_path / "r2.pdf"], tmp_path, env)
    assert again.returncode == 0
    assert (tmp_path / "r.pdf").read_bytes() == (tmp_path / "r2.pdf").read_bytes()


def test_the_report_is_written_in_the_language_the_site_sets(tmp_path):
    """The plugin's `language` wins over theme.language, as in the build; a bad one is named."""
    from generator.errors import UserError
    from generator.print.report import site_brand

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "theme:\n  name: material\n  language: de\nplugins:\n  - ladderkit:\n      language: es\n", "utf-8"
    )
    assert site_brand(config)[2] == "es"
    config.write_text("theme:\n  name: material\n  language: de\nplugins:\n  - ladderkit: {}\n", "utf-8")
    assert site_brand(config)[2] == "de"
    config.write_text("plugins:\n  - ladderkit:\n      language: 'es es'\n", "utf-8")
    with pytest.raises(UserError, match="ladderkit: language"):
        site_brand(config)
