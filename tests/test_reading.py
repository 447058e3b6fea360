"""How results are read out (generator/scoring/reading.py): the shared reading vectors, which
tests/js/reading.test.mjs runs against the browser's reading.mjs, plus the rules by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.scoring.reading import change, provisional, read_result, the
from generator.scoring.scoring import score

DATA = json.loads((Path(__file__).parent / "vectors" / "reading" / "reading.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["name"] for c in DATA["cases"]])
def test_reading_vectors(case):
    result = score(DATA["ladder"], case["answers"])
    assert result == case["result"]
    assert read_result(DATA["ladder"], result) == case["reading"]


def test_fewer_than_half_is_provisional():
    assert [provisional(a, 4) for a in range(5)] == [False, True, False, False, False]
    assert provisional(1, 3) and not provisional(2, 3) and not provisional(1, 1)


def test_one_article_before_a_name():
    assert the("The welcome") == "the welcome" and the("Buying bridge") == "the Buying bridge"


def test_nothing_shown_before_any_answer_even_when_a_flag_holds():
    empty = score(DATA["ladder"], {})
    assert empty["flags"] == ["no-w0"]  # the scorer's result is unchanged
    reading = read_result(DATA["ladder"], empty)
    assert (reading["position"], reading["focus"], reading["flags"], reading["risks"], reading["reason"]) == (
        None,
        None,
        [],
        [],
        "",
    )


def test_a_provisional_score_never_shows_a_plain_band():
    reading = read_result(DATA["ladder"], score(DATA["ladder"], {"w0": True}))
    assert reading["bridges"]["welcome"]["shown"] == "100 — provisional"
    assert reading["bridges"]["welcome"]["basis"] == "based on 1 of 4 answers"
    assert reading["overall"]["shown"] == "100 out of 100 — provisional"
    assert "provisional" in reading["reason"]


@pytest.mark.parametrize("now,then,text", DATA["changes"])
def test_change_since_an_earlier_attempt(now, then, text):
    assert change(now, then) == text
