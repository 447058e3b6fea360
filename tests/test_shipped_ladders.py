"""The five shipped ladders: valid, complete, and covering every feature of the format."""

import json

import pytest

from generator.ladder.loader import ladder_files, load_all, load_ladder
from generator.ladder.model import to_dict
from tests.helpers import ROOT, SHIPPED_IDS, cli

LADDERS = {p.stem: load_ladder(p) for p in ladder_files(ROOT / "ladders")}


def test_the_five_ladders_are_shipped_and_valid_together():
    assert sorted(LADDERS) == sorted(SHIPPED_IDS)
    load_all(ladder_files(ROOT / "ladders"))


@pytest.mark.parametrize(
    "lid,rungs",
    [
        ("customer-development", 4),
        ("loyalty-ladder-seven", 7),
        ("ladder-of-loyalty", 6),
        ("growing-loyalty", 8),
        ("internal-service", 4),
    ],
)
def test_rung_counts(lid, rungs):
    assert len(LADDERS[lid].rungs) == rungs


@pytest.mark.parametrize("lid", SHIPPED_IDS)
def test_every_bridge_is_complete(lid):
    ladder = LADDERS[lid]
    for b in ladder.bridges:
        assert b.planks, f"{b.id} has no planks"
        assert b.internal.strip(), f"{b.id} has no internal guidance"
        if b.upward:
            assert 3 <= len(b.questions) <= 8, f"{b.id} has {len(b.questions)} questions"
    assert ladder.source.strip(), "attribution missing"
    assert any(not b.upward for b in ladder.bridges), "every shipped ladder shows a way customers are lost"


def test_features_used_across_the_five():
    questions = [q for l in LADDERS.values() for q in l.questions]
    assert {q.type for q in questions} == {"scale", "yesno", "number", "checklist"}
    assert any(q.reverse for q in questions)
    assert any(q.weight > 1 for q in questions)
    kinds = {t.kind for q in questions for t in q.thresholds}
    assert kinds == {"at_least", "at_most"}
    assert any(set(l.scales) - {"frequency", "agreement"} for l in LADDERS.values()), "a declared scale"
    assert any(b.advice for l in LADDERS.values() for b in l.bands), "custom bands with advice"
    # flags and classifier rules share the condition language; `count` fits rules best, as a
    # flag `count ... eq 0` would also hold on an empty audit
    conditions = json.dumps(
        [f.when for l in LADDERS.values() for f in l.flags]
        + [r.when for l in LADDERS.values() if l.classifier for r in l.classifier.rules]
    )
    for word in ('"question"', '"bridge"', '"count"', '"all"', '"any"', '"not"'):
        assert word in conditions
    assert all(r.signs for l in LADDERS.values() for r in l.rungs[:1])
    assert any(r.moments_of_truth for l in LADDERS.values() for r in l.rungs)


def test_required_models():
    cd = LADDERS["customer-development"]
    assert [b.id for b in cd.bridges if b.upward] == ["awareness", "buying", "communication"]
    assert cd.bridge("denial").upward is False
    assert cd.question("criteria").type == "checklist" and len(cd.question("criteria").options) == 4
    assert "count" in json.dumps([r.when for r in cd.classifier.rules])
    assert LADDERS["growing-loyalty"].classifier is not None
    assert LADDERS["internal-service"].audience == "internal"
    snake = LADDERS["ladder-of-loyalty"].bridge("snake")
    assert not snake.upward and snake.to == "prospect"
    seven = LADDERS["loyalty-ladder-seven"]
    assert all(r.moments_of_truth for r in seven.rungs)
    assert "68%" in json.dumps(to_dict(seven))


def test_export_is_stable_and_json():
    first = cli("export", "customer-development")
    second = cli("export", str(ROOT / "ladders" / "customer-development.yml"))
    assert first.returncode == 0 and first.stdout == second.stdout
    assert json.loads(first.stdout)["format"] == "ladder/1"


@pytest.mark.parametrize("lid", SHIPPED_IDS)
def test_score_works_on_every_shipped_ladder(lid):
    out = cli("score", lid, f"tests/fixtures/answers/{lid}.json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["ladder"] == lid and result["flags"] and result["position"] != LADDERS[lid].rungs[-1].id
    explain = cli("score", "--explain", lid, f"tests/fixtures/answers/{lid}.json")
    assert explain.returncode == 0 and f"= {result['overall']}" in explain.stdout


@pytest.mark.parametrize("lid", ["customer-development", "growing-loyalty"])
def test_classify_works_on_ladders_with_a_classifier(lid):
    out = cli("classify", "--json", lid, f"tests/fixtures/customers/{lid}.csv")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["customers"]) == 8 and sum(data["counts"].values()) == 8
