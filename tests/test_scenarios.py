"""Scenario tests: realistic answer sets for every shipped ladder, scored by the real CLI.

Each ladder has at least five personas under tests/scenarios/<ladder>/ (ladder-answers/1
files) and one expected.yml saying, from a coach's judgement, where each one's climb
stops, which bridge to work on, which risks and which warnings the client should see.
Besides the personas, every ladder must stay silent on an empty audit, and a business
giving the best answer everywhere must reach the top rung with nothing to warn about.
"""

import json
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, cli

SCENARIOS = ROOT / "tests" / "scenarios"
LADDERS = sorted(p.stem for p in (ROOT / "ladders").glob("*.yml"))


def ladderkit(*args):
    run = cli(*args)
    assert run.returncode == 0, run.stderr
    return run.stdout


def score(lid: str, answers_file: Path) -> dict:
    return json.loads(ladderkit("score", lid, str(answers_file)))


def expected(lid: str) -> dict:
    return yaml.safe_load((SCENARIOS / lid / "expected.yml").read_text(encoding="utf-8"))


def personas():
    return [(lid, p.stem) for lid in LADDERS for p in sorted((SCENARIOS / lid).glob("*.json"))]


@pytest.mark.parametrize("lid", LADDERS)
def test_every_ladder_has_five_personas_each_with_expectations(lid):
    files = {p.stem for p in (SCENARIOS / lid).glob("*.json")}
    assert len(files) >= 5, f"{lid}: {len(files)} personas"
    assert files == set(expected(lid)), f"{lid}: personas and expected.yml differ"


@pytest.mark.parametrize("lid, persona", personas(), ids=lambda x: x)
def test_persona_gets_what_a_coach_expects(lid, persona):
    want = expected(lid)[persona]
    got = score(lid, SCENARIOS / lid / f"{persona}.json")
    assert (got["position"], got["focus"], got["risks"], got["flags"]) == (
        want["position"],
        want["focus"],
        want["risks"],
        want["flags"],
    ), want["why"]
    for bridge, band in want.get("bands", {}).items():
        assert got["bridges"][bridge]["band"] == band, f"{bridge}: {want['why']}"


def _export(lid):
    return json.loads(ladderkit("export", lid))


def _write(tmp_path, lid, answers):
    path = tmp_path / f"{lid}.json"
    path.write_text(json.dumps({"format": "ladder-answers/1", "ladder": lid, "answers": answers}), encoding="utf-8")
    return path


@pytest.mark.parametrize("lid", LADDERS)
def test_no_flag_or_risk_on_an_empty_audit(lid, tmp_path):
    got = score(lid, _write(tmp_path, lid, {}))
    assert got["flags"] == [] and got["risks"] == [], f"{lid}: an audit with no answers warns {got['flags']}"


def _threshold_points(q, x):
    for t in q["thresholds"]:
        if ("at_least" in t and x >= t["at_least"]) or ("at_most" in t and x <= t["at_most"]):
            return t["points"]
    return 0


def _answer(q, best: bool):
    """The best (or worst) answer to a question, read from the exported ladder."""
    good = best != q.get("reverse", False)
    if q["type"] == "yesno":
        return good
    if q["type"] == "checklist":
        return list(range(len(q["options"]))) if good else []
    if q["type"] == "scale":
        points = [c["points"] for c in q["choices"]]
        return points.index(max(points) if good else min(points))
    candidates = [v for t in q["thresholds"] for v in t.values()] + [q.get("min", 0), q.get("max", 10**6)]
    candidates = [v for v in candidates if q.get("min", -(10**9)) <= v <= q.get("max", 10**9)]
    pick = max if best else min
    return pick(candidates, key=lambda v: _threshold_points(q, v))


@pytest.mark.parametrize("lid", LADDERS)
def test_the_best_answers_reach_the_top_with_nothing_to_warn_about(lid, tmp_path):
    ladder = _export(lid)
    answers = {q["id"]: _answer(q, True) for b in ladder["bridges"] for q in b["questions"]}
    got = score(lid, _write(tmp_path, lid, answers))
    assert got["position"] == ladder["rungs"][-1]["id"] and got["focus"] is None
    assert got["risks"] == [] and got["flags"] == [], f"{lid}: a model business is warned {got['flags']}"
    top = ladder["bands"][0]["label"]
    assert {b["band"] for b in got["bridges"].values()} == {top}


@pytest.mark.parametrize("lid", LADDERS)
def test_the_worst_answers_stop_on_the_first_bridge_with_every_risk(lid, tmp_path):
    ladder = _export(lid)
    answers = {q["id"]: _answer(q, False) for b in ladder["bridges"] for q in b["questions"]}
    got = score(lid, _write(tmp_path, lid, answers))
    downward = [b["id"] for b in ladder["bridges"] if b["direction"] == "down"]
    assert got["position"] == ladder["rungs"][0]["id"] and got["risks"] == downward and got["flags"]
