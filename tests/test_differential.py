"""Both engines on thousands of generated ladders and answer sets: byte-identical results.

One Node process serves the whole run (a JSON line per generated ladder, carrying a batch
of answer sets and records), so the cost is the scoring, not process start-up.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.ladder.model import build, to_dict
from generator.scoring.scoring import classify, clean_answers, score, validate_answers
from tests.helpers import ask, cases, engine
from tests.ladder_strategies import answer_set, ladders, record

LADDERS = cases(400)  # generated ladders per run (about 7,000 cases)
PER_LADDER = 12  # valid answer sets per ladder (+ 4 junk sets and 6 records)
TALLY = {"cases": 0}


@pytest.fixture(scope="module")
def node():
    with engine() as proc:
        yield proc
    print(f"\ndifferential: {TALLY['cases']} cases compared")


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=LADDERS, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
@given(data=st.data(), source=ladders())
def test_python_and_javascript_agree(node, data, source):
    ladder = to_dict(build(source))
    valid = [data.draw(answer_set(ladder)) for _ in range(PER_LADDER)]
    junk = [data.draw(answer_set(ladder, valid=False)) for _ in range(4)]
    records = [data.draw(record(ladder)) for _ in range(6)] if ladder["classifier"] else []
    reply = ask(node, {"ladder": ladder, "answers": valid, "junk": junk, "records": records})
    expected = {
        "scores": [score(ladder, a) for a in valid] + [score(ladder, clean_answers(ladder, a)) for a in junk],
        "problems": [validate_answers(ladder, a) for a in valid + junk],
        "rungs": [classify(ladder, r) for r in records],
    }
    TALLY["cases"] += len(valid) + len(junk) + len(records)
    for i, a in enumerate(valid + junk):
        assert canonical(reply["scores"][i]) == canonical(expected["scores"][i]), (
            f"score mismatch\nladder={canonical(ladder)}\nanswers={canonical(a)}"
        )
    for i, a in enumerate(valid + junk):
        assert canonical(reply["problems"][i]) == canonical(expected["problems"][i]), (
            f"validation mismatch\nladder={canonical(ladder)}\nanswers={canonical(a)}"
        )
    assert reply["rungs"] == expected["rungs"], f"classify mismatch\nladder={canonical(ladder)}\nrecords={records}"


def test_enough_cases_were_compared():
    """Runs after the property test in file order: at least 5,000 cases per run (a tenth in the fast lane)."""
    assert TALLY["cases"] >= cases(5000), TALLY
