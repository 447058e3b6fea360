"""The audit page tells the result as a client reads it: where customers get stuck, bridge
names with the right article, never "Your position: Suspect" or "the The snake"."""

from __future__ import annotations

import json

import pytest

from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.scoring.wording import bridge_ref, standing
from tests.helpers import ROOT, answer, cli_score, goto, shown

SCENARIOS = ROOT / "tests" / "scenarios"


@pytest.mark.parametrize(
    "lid, persona",
    [
        (
            "customer-development",
            "referral-fed-accountant",
        ),  # stops on the lowest rung: "Customers get stuck before Prospect"
        ("growing-loyalty", "busy-plumber"),  # a bridge named "Listen and return"
        ("ladder-of-loyalty", "inconsistent-garage"),  # a bridge named "Consistency"
        ("loyalty-ladder-seven", "garden-centre"),  # the top: no focus
    ],
)
def test_the_standing_and_the_focus_read_as_sentences(page, base, lid, persona):
    answers = json.loads((SCENARIOS / lid / f"{persona}.json").read_text())["answers"]
    goto(page, f"{base}/ladders/{lid}/audit/")
    answer(page, answers)
    shown(page)  # on to the result, as a client goes
    result = cli_score(lid, answers)
    ladder = to_dict(load_ladder(ROOT / "ladders" / f"{lid}.yml"))
    panel = " ".join(page.locator(".lk-focus-panel").inner_text().split())
    # the standing, then (reading.py) the pass mark it stops under and any provisional caveat
    assert page.locator(".lk-standing").inner_text().startswith(standing(ladder, result))
    assert "Your position" not in panel and "the The" not in panel and "the the" not in panel
    if result["focus"]:
        focus = next(b for b in ladder["bridges"] if b["id"] == result["focus"])
        assert f"Focus next on {bridge_ref(focus['name'])}." in panel
    else:
        assert panel.startswith("Where you stand Your ladder carries customers all the way to")


def test_a_bridge_named_the_snake_is_not_the_the_snake(page, base):
    goto(page, f"{base}/ladders/ladder-of-loyalty/bridges/snake/")
    body = " ".join(page.locator("article").inner_text().split())
    assert "Download the snake playbook (PDF)" in body and "the The" not in body
