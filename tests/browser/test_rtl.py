"""A site in Arabic (theme.language: ar) with a ladder written in Arabic, in Chromium at phone
and desktop widths: the pages are right to left, the audit's bars fill from the right, the
diagram climbs from the right, nothing scrolls sideways and axe finds nothing (issue 18 item 4)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import FIXTURES, answer, goto, site_with, to_result, view, violations, wcag22_violations

CAFE = FIXTURES / "rtl" / "cafe-ar.yml"
CUSTOMERS = FIXTURES / "rtl" / "cafe-ar-customers.csv"  # 2 regulars, 3 customers, 1 visitor
ANSWERS = {"w-greet": True, "w-return": 5, "h-offer": 3, "h-perks": ["0", "1"], "d-notice": False}
SIZES = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}

NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  const q = (s) => document.querySelector(s);
  return {
    direction: getComputedStyle(q('.lk-audit')).direction,
    bars: [...document.querySelectorAll('.lk-bars li')].map((li) => ({
      bridge: li.dataset.bridge, bar: box(li.querySelector('.lk-bar')), fill: box(li.querySelector('.lk-bar > span')) })),
    rung: box(q('.lk-position [data-rung="customer"] rect')),
    up: box(q('.lk-position [data-bridge="habit"] text')),
    down: box(q('.lk-position [data-bridge="drift"] text')),
  };
}"""


@pytest.fixture(scope="module")
def cafe(tmp_path_factory):
    with site_with([CAFE], tmp_path_factory.mktemp("rtl"), language="ar") as url:
        yield url


@pytest.fixture(params=list(SIZES))
def sized(request, page):
    """The browser page (no script errors, checked by the `page` fixture) at phone or desktop width."""
    page.set_viewport_size(SIZES[request.param])
    return page


@pytest.mark.parametrize("path", ["", "rungs/", "bridges/habit/", "audit/", "customers/"])
def test_every_page_is_right_to_left(sized, cafe, path):
    goto(sized, f"{cafe}/ladders/cafe-ar/{path}")
    got = sized.evaluate("""() => [document.documentElement.lang, document.documentElement.dir, document.body.dir,
      getComputedStyle(document.querySelector('.md-content')).direction]""")
    assert got == ["ar", "rtl", "rtl", "rtl"]
    assert sized.evaluate(NO_SIDEWAYS)
    # a phone number or an e-mail address still reads left to right in the footer
    assert (
        sized.evaluate("() => getComputedStyle(document.querySelector('.lk-contact a[href^=\"tel:\"]')).direction")
        == "ltr"
    )


def test_the_audit_reads_right_to_left(sized, cafe):
    goto(sized, f"{cafe}/ladders/cafe-ar/audit/")
    sized.click(".lk-begin")
    assert view(sized) == "step"
    # step navigation in reading order: Back first, on the right; Next to its left
    back, forward = (sized.locator(s).bounding_box() for s in (".lk-step-nav .lk-back", ".lk-step-nav .lk-next"))
    assert back["x"] > forward["x"] + forward["width"] - 1
    assert sized.evaluate("() => getComputedStyle(document.querySelector('.lk-progress-bar')).direction") == "rtl"
    assert sized.evaluate(NO_SIDEWAYS)
    answer(sized, ANSWERS)
    to_result(sized)
    boxes = sized.evaluate(BOXES)
    assert boxes["direction"] == "rtl"
    filled = [b for b in boxes["bars"] if b["fill"]["width"] > 0]
    assert len(filled) == 2  # welcome and habit score; drift scores 0
    for b in filled:  # each bar fills from the right
        assert abs(b["fill"]["right"] - b["bar"]["right"]) < 1, b
        assert b["fill"]["left"] > b["bar"]["left"] + 1, b
    # the diagram climbs from the right: the upward bridge's label right of the rungs, the downward one left
    assert boxes["up"]["left"] >= boxes["rung"]["right"]
    assert boxes["down"]["right"] <= boxes["rung"]["left"]
    assert sized.evaluate(NO_SIDEWAYS)
    assert violations(sized) == []
    assert wcag22_violations(sized) == []


CHART = """() => [...document.querySelectorAll('.lk-bar-chart g')].map((g) => {
  const [name, count] = [...g.querySelectorAll('text')].map((t) => t.getBoundingClientRect());
  const bar = g.querySelector('rect').getBoundingClientRect();
  return {rung: g.dataset.rung, name: [name.left, name.right], bar: [bar.left, bar.right], count: [count.left, count.right]};
})"""


def test_the_customers_chart_is_mirrored(sized, cafe):
    goto(sized, f"{cafe}/ladders/cafe-ar/customers/")
    sized.set_input_files(".lk-import", str(CUSTOMERS))
    sized.wait_for_function("() => document.querySelectorAll('.lk-bar-chart rect').length === 3")
    rows = {r["rung"]: r for r in sized.evaluate(CHART)}
    rights = set()
    for rung, r in rows.items():  # name on the right, the bar growing leftwards, its count at its end
        assert r["name"][0] >= r["bar"][1] - 1 and r["count"][1] <= r["bar"][0] + 1, (rung, r)
        rights.add(round(r["bar"][1]))
    assert len(rights) == 1  # every bar starts from the same line on the right
    assert rows["customer"]["bar"][0] < rows["regular"]["bar"][0] < rows["visitor"]["bar"][0]  # 3 > 2 > 1
    assert sized.evaluate(NO_SIDEWAYS)
    assert violations(sized) == []


PRESENT = """() => [...document.querySelectorAll('.lk-present-bridges li')].filter((li) => li.querySelector('.lk-ptrack')).map((li) => {
  const box = (s) => { const r = li.querySelector(s).getBoundingClientRect(); return [r.left, r.right]; };
  return {bridge: li.dataset.bridge, track: box('.lk-ptrack'), mean: box('.lk-pbar'), pass: box('.lk-ppass')};
})"""


def test_the_group_view_draws_means_and_the_pass_mark_from_the_right(sized, cafe, tmp_path):
    paths = []
    for name, greet in (("ليلى", True), ("سامي", False)):
        paths.append(tmp_path / f"{name}.json")
        answers = {**ANSWERS, "w-greet": greet, "h-perks": [0, 1]}
        paths[-1].write_text(
            json.dumps({"format": "ladder-answers/1", "ladder": "cafe-ar", "name": name, "answers": answers})
        )
    goto(sized, f"{cafe}/group/")
    sized.set_input_files(".lk-import", [str(p) for p in paths])
    sized.click(".lk-present-open")
    rows = sized.evaluate(PRESENT)
    assert [r["bridge"] for r in rows] == ["welcome", "habit", "drift"]
    for row in rows:
        left, right = row["track"]
        width = right - left
        assert abs(row["mean"][1] - right) < 1, row  # the mean's bar grows from the right
        assert abs((right - row["pass"][1]) - 0.7 * width) < 2, row  # the pass mark, 70, measured from the right
    assert sized.evaluate(NO_SIDEWAYS)
