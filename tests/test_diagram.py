"""The ladder diagram is well-formed, accessible SVG with every rung and bridge."""

import xml.etree.ElementTree as ET

import pytest

from generator.ladder.loader import ladder_files, load_ladder
from generator.markup.diagram import ladder_svg
from tests.helpers import ROOT

NS = {"s": "http://www.w3.org/2000/svg"}
LADDERS = [load_ladder(p) for p in ladder_files(ROOT / "ladders")]


@pytest.mark.parametrize("ladder", LADDERS, ids=lambda l: l.id)
def test_every_rung_and_bridge_is_drawn(ladder):
    links = {b.id: f"bridges/{b.id}/" for b in ladder.bridges}
    root = ET.fromstring(ladder_svg(ladder, position=ladder.rungs[1].id, focus=ladder.bridges[0].id, links=links))
    assert root.get("role") == "img" and root.find("s:title", NS).text.endswith("ladder diagram")
    rungs = [g.get("data-rung") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-rung")]
    assert rungs == [r.id for r in ladder.rungs]
    bridges = {
        g.get("data-bridge"): g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-bridge")
    }
    assert set(bridges) == {b.id for b in ladder.bridges}
    for b in ladder.bridges:
        assert ("lk-up" in bridges[b.id]) == b.upward and ("lk-down" in bridges[b.id]) == (not b.upward)
    hrefs = [a.get("{http://www.w3.org/1999/xlink}href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert sorted(hrefs) == sorted(links.values())
    here = [
        g.get("data-rung") for g in root.iter("{http://www.w3.org/2000/svg}g") if "lk-here" in (g.get("class") or "")
    ]
    assert here == [ladder.rungs[1].id]


def test_text_is_escaped_and_long_names_shortened():
    from dataclasses import replace

    ladder = LADDERS[0]
    evil = replace(
        ladder,
        title="<script>alert(1)</script>",
        rungs=(
            replace(
                ladder.rungs[0],
                name="A very long rung name that goes on and on & on, and still on, past two whole lines",
            ),
        )
        + ladder.rungs[1:],
    )
    svg = ladder_svg(evil)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)
    assert "…" in svg


def test_long_names_wrap_onto_a_second_line_before_anything_is_cut():
    """ "Perceived indifference" was drawn as "Perceived indiffer…" on reports and pages."""
    from dataclasses import replace

    ladder = LADDERS[0]
    named = replace(
        ladder,
        bridges=(replace(ladder.bridges[0], name="Perceived indifference"),) + ladder.bridges[1:],
        rungs=(replace(ladder.rungs[0], name="Someone who bought once and never came back"),) + ladder.rungs[1:],
    )
    root = ET.fromstring(ladder_svg(named))
    tspans = [
        [s.text for s in t.iter("{http://www.w3.org/2000/svg}tspan")]
        for t in root.iter("{http://www.w3.org/2000/svg}text")
    ]
    texts = {" ".join(lines): lines for lines in tspans if lines}
    assert texts["Perceived indifference"] == ["Perceived", "indifference"]
    assert ["Someone who bought once and", "never came back"] in texts.values()
    assert not any("…" in "".join(lines) for lines in texts.values())
