"""`ladderkit check` advice: a valid ladder that is likely wrong gets a warning with FILE:LINE
and the fix (exit 0; --strict makes it 1). Each case changes the clean starter ladder in one
way and expects exactly one warning; the starter and its variants are built as a coach would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from tests.helpers import ROOT, cli

STARTER = ROOT / "generator" / "commands" / "starter" / "ladders" / "first-ladder.yml"


def check(tmp_path: Path, data: dict, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "first-ladder.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return cli("check", str(path), *extra, cwd=tmp_path)


def starter() -> dict:
    return yaml.safe_load(STARTER.read_text(encoding="utf-8"))


def line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "first-ladder.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def test_the_starter_gets_no_advice(tmp_path):
    done = check(tmp_path, starter())
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "1 ladder checked, no errors.\n")


def test_a_pass_mark_inside_a_band(tmp_path):
    data = starter()
    data["bands"][0]["min"] = 75  # pass mark 70: 70-74 crossed but 'Building'
    done = check(tmp_path, data)
    assert done.returncode == 0
    assert done.stdout == "1 ladder checked, no errors, 1 warning.\n"
    assert done.stderr == (
        f"first-ladder.yml:{line_of(tmp_path, 'pass_mark')}: pass_mark: warning: the pass mark (70) falls inside "
        "the band 'Building' (40–74): a bridge scoring 70–74 counts as crossed and one scoring 40–69 does not, yet "
        "both read 'Building'; start a band at 70, or set pass_mark to 40 or 75\n"
    )
    strict = check(tmp_path, data, "--strict")
    assert strict.returncode == 1 and strict.stderr == done.stderr


def test_a_weight_that_makes_an_item_count_less(tmp_path):
    data = starter()
    data["bridges"][1]["questions"][0]["weight"] = 2  # has-list: yes/no ×2 = 2 < contacts-per-month's 3
    done = check(tmp_path, data)
    assert done.stderr.count("warning:") == 1
    assert (
        "bridges[1].questions[0].weight: warning: weighted ×2, 'has-list' (yes/no) can earn 2 points, fewer "
        "than the unweighted 'contacts-per-month' (number, 3 points)" in done.stderr
    )
    assert "raise the weight to at least 3 or drop it" in done.stderr


def test_a_threshold_an_earlier_one_always_catches(tmp_path):
    data = starter()
    q = data["bridges"][1]["questions"][1]
    q["thresholds"] = [{"at_least": 1, "points": 1}, {"at_least": 4, "points": 3}]  # loosest first
    done = check(tmp_path, data)
    assert done.stderr.count("warning:") == 1
    assert "bridges[1].questions[1].thresholds[1]: warning: this threshold (at_least 4) is never used" in done.stderr


def test_a_flag_on_an_empty_audit_and_one_that_never_holds(tmp_path):
    data = starter()
    data["flags"] = [
        {"id": "no-thanks", "when": {"not": {"question": "forgets-regulars", "gte": 0}}, "message": "Say thanks."},
        {"id": "impossible", "when": {"question": "contacts-per-month", "gt": 31}, "message": "Never."},
    ]
    done = check(tmp_path, data)
    assert done.stderr.count("warning:") == 2
    assert "flags[0].when: warning: 'no-thanks' holds on an empty audit" in done.stderr
    assert "flags[1].when: warning: 'impossible' never held in " in done.stderr


def test_a_bridge_that_can_earn_no_points_is_already_an_error(tmp_path):
    data = starter()
    data["scales"]["flat"] = [{"label": "Sometimes", "points": 0}, {"label": "Often", "points": 0}]
    data["bridges"][2]["questions"][0].update(scale="flat", reverse=False)
    done = check(tmp_path, data)
    assert done.returncode == 1 and "every option is worth 0 points" in done.stderr


def test_a_classifier_rule_an_earlier_rule_always_catches(tmp_path):
    data = starter()
    rules = data["classifier"]["rules"]
    rules[0], rules[1] = (
        {"rung": "returning", "when": {"field": "visits", "gte": 2}},
        {"rung": "regular", "when": {"field": "visits", "gte": 6}},
    )
    done = check(tmp_path, data)
    assert done.stderr.count("warning:") == 1
    assert "classifier.rules[1]: warning: no customer in" in done.stderr and "rung 'regular'" in done.stderr


def test_the_shipped_ladders_get_no_advice():
    done = cli("check", "--strict")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
