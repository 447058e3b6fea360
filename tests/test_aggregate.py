"""The group figures (generator/inputs/aggregate.py) and `ladderkit aggregate`: every file counted
or listed with its reason, figures recomputed from the answers, CSV safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest

from generator.inputs.aggregate import aggregate
from generator.inputs.csvsafe import neutralise, write_rows
from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.scoring.scoring import round_half_up, score
from tests.helpers import ROOT, cli

GROUP = ROOT / "tests" / "fixtures" / "group"
LADDER = to_dict(load_ladder(ROOT / "ladders" / "customer-development.yml"))


def files(*names):
    return [(n, (GROUP / n).read_bytes()) for n in names]


COUNTED = ["anna.json", "ben.json", "chloe.json", "dev.json", "eve.json"]


def test_figures_are_recomputed_from_the_answers_never_the_embedded_result():
    fig = aggregate(LADDER, files(*COUNTED))
    results = [score(LADDER, json.loads((GROUP / n).read_text())["answers"]) for n in COUNTED]
    assert fig["participants"] == 5 and fig["skipped"] == []
    for b in LADDER["bridges"]:
        got = [r["bridges"][b["id"]]["score"] for r in results]
        assert fig["bridges"][b["id"]] == {
            "mean": round_half_up(sum(got), 5),
            "lowest": min(got),
            "highest": max(got),
            "scored": 5,
        }
    assert fig["overall"]["mean"] == round_half_up(sum(r["overall"] for r in results), 5) != 99
    assert fig["rungs"] == {r["id"]: [x["position"] for x in results].count(r["id"]) for r in LADDER["rungs"]}
    assert sum(fig["rungs"].values()) == 5
    assert fig["included"][1] == {"file": "ben.json", "name": "Ben <script>alert(1)</script> Builders"}


def test_most_common_first_and_ties_in_ladder_order():
    fig = aggregate(LADDER, files(*COUNTED))
    assert fig["focus"] == [
        {"id": "buying", "count": 2},
        {"id": "awareness", "count": 1},
        {"id": "communication", "count": 1},
    ]
    counts = [f["count"] for f in fig["flags"]]
    assert counts == sorted(counts, reverse=True)
    order = [f["id"] for f in LADDER["flags"]]
    for a, b in itertools.pairwise(fig["flags"]):
        assert a["count"] > b["count"] or order.index(a["id"]) < order.index(b["id"])


def test_every_skipped_file_is_listed_with_its_reason():
    given = files("anna.json", "other-ladder.json", "broken.json", "bad-answer.json", "anna-copy.json", "ben.json")
    # Every export is called <ladder>-answers.json: the same file name with other answers is
    # another participant (it used to be skipped as a duplicate); only the same content is not.
    given.append(("ben.json", (GROUP / "chloe.json").read_bytes()))
    given.append(("latin1.json", '{"name": "Café"}'.encode("latin-1")))
    given.append(("list.json", b"[1, 2]"))
    given.append(
        (
            "nan.json",
            b'{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"aw-networking": NaN}}',
        )
    )
    fig = aggregate(LADDER, given)
    assert [(i["file"], i["name"]) for i in fig["included"]] == [
        ("anna.json", "Anna's Florist"),
        ("ben.json", json.loads((GROUP / "ben.json").read_text())["name"]),
        ("ben.json", json.loads((GROUP / "chloe.json").read_text())["name"]),
    ]
    assert fig["skipped"] == [
        {"file": "other-ladder.json", "reason": "answers for another ladder (growing-loyalty)"},
        {"file": "broken.json", "reason": "not valid JSON"},
        {"file": "bad-answer.json", "reason": "answers.aw-marketing: expected an option number from 0 to 4, got 9"},
        {"file": "anna-copy.json", "reason": "duplicate: same name and answers as anna.json"},
        {"file": "latin1.json", "reason": "not UTF-8 text; save it as UTF-8"},
        {"file": "list.json", "reason": "not an answers file (format ladder-answers/1 expected)"},
        {"file": "nan.json", "reason": "not valid JSON"},
    ]


def test_unscored_bridges_and_an_empty_room():
    doc = {"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"aw-referrals": True}}
    fig = aggregate(LADDER, [("one.json", json.dumps(doc).encode())])
    assert fig["bridges"]["buying"] == {"mean": None, "lowest": None, "highest": None, "scored": 0}
    assert fig["bridges"]["awareness"] == {"mean": 100, "lowest": 100, "highest": 100, "scored": 1}
    assert aggregate(LADDER, [])["participants"] == 0


def test_the_command_line_prints_the_same_figures_and_lists_skipped_files():
    paths = [str(GROUP / n) for n in sorted(p.name for p in GROUP.iterdir())]
    out = cli("aggregate", "customer-development", *paths, "--json")
    assert out.returncode == 0, out.stderr
    expected = aggregate(LADDER, [(Path(p).name, Path(p).read_bytes()) for p in paths])
    assert json.loads(out.stdout) == expected
    text = cli("aggregate", "customer-development", *paths)
    assert "broken.json: not valid JSON" in text.stdout and "5 participants" in text.stdout
    assert "anna.json: duplicate: same name and answers as anna-copy.json" in text.stdout  # given sorted
    # One participant stands on the top rung, with no bridge left to focus on: counted too.
    assert "    1  no focus (at the top of the ladder)\n" in text.stdout
    none = cli("aggregate", "customer-development", str(GROUP / "broken.json"), str(GROUP / "missing.json"))
    assert none.returncode == 1 and "Traceback" not in none.stderr
    assert "missing.json: no such file" in none.stdout
    assert "error: no answers file could be counted" in none.stderr


def test_csv_rows_match_the_figures_and_are_spreadsheet_safe():
    paths = [str(GROUP / n) for n in COUNTED]
    out = cli("aggregate", "customer-development", *paths, "--csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    fig = aggregate(LADDER, files(*COUNTED))
    bridges = {r["id"]: r for r in rows if r["section"] == "bridge"}
    for bid, s in fig["bridges"].items():
        assert (int(bridges[bid]["mean"]), int(bridges[bid]["lowest"]), int(bridges[bid]["highest"])) == (
            s["mean"],
            s["lowest"],
            s["highest"],
        )
    assert {r["id"]: int(r["count"]) for r in rows if r["section"] == "rung"} == fig["rungs"]
    assert [(r["id"], int(r["count"])) for r in rows if r["section"] == "flag"] == [
        (f["id"], f["count"]) for f in fig["flags"]
    ]


@pytest.mark.parametrize(
    "cell, safe",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Acme", "Acme"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_formula_like_cells_get_a_quote(cell, safe):
    assert neutralise(cell) == safe


def test_write_rows_keeps_numbers_and_neutralises_text():
    text = write_rows(["name", "n"], [["=1+1", -3], ["ok", 2.5]])
    assert list(csv.reader(io.StringIO(text))) == [["name", "n"], ["'=1+1", "-3"], ["ok", "2.5"]]


def test_duplicates_are_found_by_content_not_by_file_name(tmp_path):
    """A room's second batch: every export has the same file name, so a rule by name dropped
    real participants; the same export saved again under another name was counted twice."""
    answers = json.loads((GROUP / "anna.json").read_text())["answers"]
    doc = {"format": "ladder-answers/1", "ladder": "customer-development", "answers": answers}
    batch = [
        ("customer-development-answers.json", json.dumps({**doc, "name": "Ann"})),
        ("customer-development-answers.json", json.dumps({**doc, "name": "Bob"})),  # the same answers, another person
        ("customer-development-answers (1).json", json.dumps({**doc, "name": "Ann"}, indent=2)),  # Ann's again
        ("customer-development-answers.json", json.dumps(doc)),
        ("no-name-copy.json", json.dumps({**doc, "history": []})),  # history is not part of who answered what
    ]
    paths = []
    for i, (name, text) in enumerate(batch):
        (tmp_path / str(i)).mkdir()
        paths.append(tmp_path / str(i) / name)
        paths[-1].write_text(text)
    fig = aggregate(LADDER, [(p.name, p.read_bytes()) for p in paths])
    assert [i["name"] for i in fig["included"]] == ["Ann", "Bob", ""]
    assert fig["skipped"] == [
        {
            "file": "customer-development-answers (1).json",
            "reason": "duplicate: same name and answers as customer-development-answers.json",
        },
        {"file": "no-name-copy.json", "reason": "duplicate: same answers as customer-development-answers.json"},
    ]
    out = cli("aggregate", "customer-development", *map(str, paths), "--json")
    assert json.loads(out.stdout) == fig
