"""History in ladder-answers/1 (issue 14 item 6): an optional dated `history` that `score` and
`aggregate` ignore, described by the schema; `ladderkit report NEW --compare OLD` prints each
bridge's change since the older file, worded as the audit page words it (reading.change)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pdfplumber
import pytest

from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.scoring.reading import change
from generator.scoring.scoring import score

ROOT = Path(__file__).parent.parent
LID = "customer-development"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def answers_files(tmp_path):
    now = json.loads((ROOT / "tests" / "fixtures" / "answers" / f"{LID}.json").read_text())["answers"]
    then = dict(now, **{"aw-referrals": False, "aw-marketing": 0, "by-process": False})
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"format": "ladder-answers/1", "ladder": LID, "answers": then}))
    new = tmp_path / "new.json"
    new.write_text(
        json.dumps(
            {
                "format": "ladder-answers/1",
                "ladder": LID,
                "answers": now,
                "history": [{"date": "2026-08-01", "answers": then}],
            }
        )
    )
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"format": "ladder-answers/1", "ladder": LID, "answers": now}))
    return now, then, old, new, plain


def test_score_and_aggregate_ignore_history(tmp_path):
    _, _, _, new, plain = answers_files(tmp_path)
    assert run("score", LID, str(new)).stdout == run("score", LID, str(plain)).stdout != ""
    a = run("aggregate", LID, str(new), "--json")
    b = run("aggregate", LID, str(plain), "--json")
    assert a.returncode == b.returncode == 0, a.stderr
    with_history, without = json.loads(a.stdout), json.loads(b.stdout)
    assert with_history["included"] == [{"file": "new.json", "name": ""}]
    with_history["included"] = without["included"]
    assert with_history == without


def test_the_schema_accepts_history_and_refuses_an_undated_entry(tmp_path):
    schema = json.loads((ROOT / "ladders" / "answers.schema.json").read_text())
    _, then, _, new, _ = answers_files(tmp_path)
    jsonschema.validate(json.loads(new.read_text()), schema)
    bad = json.loads(new.read_text())
    bad["history"] = [{"answers": then}]
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


@pytest.mark.pdf
def test_report_compare_prints_each_bridges_change(tmp_path):
    now, then, old, new, _ = answers_files(tmp_path)
    os.utime(old, (1785571200, 1785571200))  # 1 August 2026, the day the older file was written
    out = run("report", LID, str(new), "--compare", str(old), "-o", str(tmp_path / "r.pdf"))
    assert out.returncode == 0, out.stderr
    with pdfplumber.open(tmp_path / "r.pdf") as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    ladder = to_dict(load_ladder(ROOT / "ladders" / f"{LID}.yml"))
    a, b = score(ladder, now), score(ladder, then)
    flat = " ".join(text.split())
    assert (
        f"Compared with the audit of August 1, 2026: overall {b['overall']} then, {change(a['overall'], b['overall'])} since."
        in flat
    )
    # Each bridge's row carries its change (the PDF's table text wraps, so the rows are read from its HTML).
    from generator.brand import Brand
    from generator.print.report import report_html

    html = report_html(load_ladder(ROOT / "ladders" / f"{LID}.yml"), a, Brand(), before=(b, "1 August 2026"))
    cells = dict(re.findall(r'data-bridge="([^"]+)">.*?<td class="lk-r-change">([^<]*)</td>', html))
    want = {
        x["id"]: change(a["bridges"][x["id"]]["score"], b["bridges"][x["id"]]["score"]) or "—"
        for x in ladder["bridges"]
        if x["questions"]
    }
    assert cells == want
    assert any(v.startswith(("+", "−")) for v in want.values()), "the files differ somewhere"
    assert all(v in flat for v in want.values())


def test_report_compare_with_another_ladders_file_is_refused(tmp_path):
    _, _, _, new, _ = answers_files(tmp_path)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "ladder-answers/1", "ladder": "growing-loyalty", "answers": {}}))
    out = run("report", LID, str(new), "--compare", str(other), "-o", str(tmp_path / "r.pdf"))
    assert out.returncode == 1 and "Traceback" not in out.stderr and "other.json" in out.stderr
