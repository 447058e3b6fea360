"""How the generated pages look in a real browser: the home page's ladder cards and the
ladder diagrams, whose labels must stay inside the drawing at every shipped ladder."""

from __future__ import annotations

import pytest

from tests.helpers import SHIPPED_IDS, goto

LABELS_OUTSIDE = """() => [...document.querySelectorAll('svg.lk-diagram')].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].map((t) => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
    .map(([text, r]) => `${text}: ${r.left.toFixed(0)}..${r.right.toFixed(0)} outside ${box.left.toFixed(0)}..${box.right.toFixed(0)}`);
})"""


@pytest.mark.parametrize("lid", SHIPPED_IDS)
def test_diagram_labels_stay_inside_the_drawing(page, base, lid):
    goto(page, f"{base}/ladders/{lid}/")
    assert page.evaluate(LABELS_OUTSIDE) == []


def test_home_presents_every_ladder_as_a_card(page, base):
    goto(page, base + "/")
    cards = page.locator(".grid.cards > ul > li")
    assert cards.count() == len(SHIPPED_IDS)
    assert page.locator(".grid.cards a", has_text="Take the self-audit").count() == len(SHIPPED_IDS)
