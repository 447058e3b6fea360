"""Playbooks worth handing out: the playbook extension (example, script, template, measures,
plan) printed, the model's source named, moments of truth from the rung that matters, and
bridge names that read right. Rendered by WeasyPrint and read back with pypdf."""

from __future__ import annotations

import dataclasses

import pytest
from pypdf import PdfReader

from generator.print import documents as pd
from generator.scoring.wording import bridge_ref
from tests.helpers import ASSETS, brand, ladders, render

pytestmark = pytest.mark.pdf  # the playbooks and worksheets as printed: real renders


def _text(ladder, bridge, tmp_path) -> str:
    info = render(pd.playbook_html(ladder, bridge, brand(), ASSETS), tmp_path / f"{bridge.id}.pdf")
    assert info["warnings"] == []
    return " ".join("\n".join(p.extract_text() for p in PdfReader(info["path"]).pages).split())


def test_every_shipped_bridge_has_playbook_material():
    for ladder in ladders().values():
        for b in ladder.bridges:
            assert b.example and b.measures and len(b.plan) >= 3, f"{ladder.id}/{b.id}"
            assert {s.day for s in b.plan} >= {30, 60, 90} and all(s.owner for s in b.plan), f"{ladder.id}/{b.id}"


def test_a_playbook_prints_its_example_script_template_measures_plan_and_source(tmp_path):
    gl = ladders()["growing-loyalty"]
    b = gl.bridge("win-back")
    text = _text(gl, b, tmp_path)
    for part in [
        "A worked example",
        " ".join(b.example.split())[:80],
        "A script you can adapt",
        f"Template: {b.template.title}",
        *b.template.fields,
        "Measures and targets",
        *(m.measure for m in b.measures),
        *(m.target for m in b.measures),
        *(s.action for s in b.plan),
        *(s.owner for s in b.plan),
        'Source: After "Steps in Growing Customer Loyalty"',
    ]:
        assert " ".join(part.split()) in text, part
    assert "A working document for the “Win back” bridge, in the ladder Eight steps" in text


def test_a_ladder_title_that_starts_with_from_reads_naturally(tmp_path):
    """It once read "…, from From first visit to regular"."""
    cd = ladders()["customer-development"]
    titled = dataclasses.replace(cd, title="From first visit to regular")
    text = _text(titled, titled.bridge("buying"), tmp_path)
    assert "in the ladder From first visit to regular" in text and "from From" not in text


def test_without_the_extension_the_playbook_keeps_its_blank_plan(tmp_path):
    cd = ladders()["customer-development"]
    bare = dataclasses.replace(cd.bridge("buying"), example="", script="", template=None, measures=(), plan=())
    text = _text(cd, bare, tmp_path)
    assert "A worked example" not in text and "Measures and targets" not in text and "Template:" not in text
    assert "30 days" in text and "60 days" in text and "90 days" in text


@pytest.mark.parametrize(
    "lid, bid", [("ladder-of-loyalty", "snake"), ("customer-development", "denial"), ("growing-loyalty", "lapse")]
)
def test_a_downward_playbook_shows_the_moments_of_truth_where_customers_slip(lid, bid, tmp_path):
    ladder = ladders()[lid]
    b = ladder.bridge(bid)
    text = _text(ladder, b, tmp_path)
    slip_from, land_on = ladder.rung(b.from_), ladder.rung(b.to)
    assert f"Moments of truth at {slip_from.name}" in text
    for m in slip_from.moments_of_truth:
        assert " ".join(m.split()) in text
    for m in land_on.moments_of_truth:  # the snake once listed "Which groups do you actively reach?"
        assert " ".join(m.split()) not in text


def test_the_snake_reads_as_the_snake(tmp_path):
    lol = ladders()["ladder-of-loyalty"]
    text = _text(lol, lol.bridge("snake"), tmp_path)
    assert f"A working document for {bridge_ref('The snake')}" in text and "the The" not in text


@pytest.mark.parametrize("lid", ["customer-development", "ladder-of-loyalty"])
def test_worksheets_number_their_questions_and_print_no_ids(lid, tmp_path):
    ladder = ladders()[lid]
    info = render(pd.worksheet_html(ladder, brand(), ASSETS), tmp_path / "w.pdf")
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(info["path"]).pages).split())
    for n, q in enumerate(ladder.questions, 1):
        assert f"{n}. {' '.join(q.text.split())[:40]}" in text
        if "-" in q.id:  # a one-word id such as "criteria" is also an ordinary word
            assert q.id not in text, f"{q.id} printed on the worksheet"
    assert "the The" not in text and "1 events" not in text and "1 times" not in text
