"""The shared vectors against the Python reference (tests/js/scoring.test.mjs runs the mirror)."""

import json

import pytest

from generator.ladder.model import build, to_dict
from generator.scoring.scoring import classify, score, validate_answers
from tests.helpers import check_case, vector_cases, vector_files


@pytest.mark.parametrize("name,ladder,case", vector_cases(), ids=[c[0] for c in vector_cases()])
def test_vector(name, ladder, case):
    check_case(ladder, case, score, classify, validate_answers)


def test_there_are_at_least_80_vectors():
    assert len(vector_cases()) >= 80


@pytest.mark.parametrize("path", vector_files(), ids=lambda p: p.stem)
def test_vector_ladders_are_valid_and_normalised(path):
    """Each file's normalised ladder is what `ladderkit export` makes of its source."""
    from generator.ladder.validate import validate
    from generator.ladder.yamlio import Loaded

    data = json.loads(path.read_text(encoding="utf-8"))
    assert validate(Loaded(data["source"], {}, path.name), expected_id=data["source"]["id"]) == []
    assert to_dict(build(data["source"])) == data["ladder"]


def test_every_result_has_every_bridge_and_the_contract_shape():
    for _, ladder, case in vector_cases():
        if "answers" in case and "problems" not in case:
            result = score(ladder, case["answers"])
            assert set(result) == {
                "format",
                "ladder",
                "overall",
                "position",
                "focus",
                "risks",
                "flags",
                "answered",
                "questions",
                "bridges",
            }
            assert set(result["bridges"]) == {b["id"] for b in ladder["bridges"]}
            assert result["format"] == "ladder-result/1"
