"""Articles, plurals and the standing sentence (generator/scoring/wording.py), against the
vectors tests/js/wording.test.mjs also runs on the browser's mirror."""

import json
from pathlib import Path

import pytest

from generator.i18n import Messages
from generator.scoring.wording import bridge_ref, plain_text, quantity, sentence_start, standing

V = json.loads((Path(__file__).parent / "vectors" / "wording.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, want", V["bridge_ref"])
def test_bridge_ref(name, want):
    assert bridge_ref(name) == want


@pytest.mark.parametrize("lang, table, name, want", V["bridge_ref_by_language"])
def test_bridge_ref_strips_english_articles_only_in_english(lang, table, name, want):
    assert bridge_ref(name, Messages(lang, table)) == want


@pytest.mark.parametrize("markdown, want", V["plain_text"])
def test_plain_text(markdown, want):
    assert plain_text(markdown) == want


@pytest.mark.parametrize("text, want", V["sentence_start"])
def test_sentence_start(text, want):
    assert sentence_start(text) == want


@pytest.mark.parametrize("n, unit, want", V["quantity"])
def test_quantity(n, unit, want):
    assert quantity(n, unit) == want


@pytest.mark.parametrize("case", V["standing"], ids=lambda c: c["name"])
def test_standing(case):
    assert standing(V["ladder"], case["result"]) == case["text"]
