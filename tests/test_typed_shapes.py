"""Every shared vector against the reference's JSON Schemas and the Python types: the ladders
against export.schema.json (the normalised ladder) and types.Ladder's keys, every scored
answer set as an answers file, every result against result.schema.json and types.Result,
every counted group file and every customer list read from CSV as answers files."""

from __future__ import annotations

import json

import jsonschema
import pytest

from generator.inputs.answers import read_customers_csv
from generator.scoring.scoring import ANSWERS_FORMAT, score
from generator.scoring.types import Ladder, Result
from tests.helpers import ROOT, vector_cases, vector_files

VECTORS = ROOT / "tests" / "vectors"
VALIDATORS = {
    name: jsonschema.Draft202012Validator(json.loads((ROOT / "ladders" / f"{name}.schema.json").read_text("utf-8")))
    for name in ("answers", "result", "export")
}


def check(name: str, doc) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATORS[name].iter_errors(doc)]
    assert not errors, f"{name}.schema.json: {errors[:3]}"


def test_each_vector_ladder_is_an_export_with_the_typed_keys():
    for path in vector_files():
        ladder = json.loads(path.read_text("utf-8"))["ladder"]
        check("export", ladder)
        assert set(ladder) == set(Ladder.__annotations__), path.name


@pytest.mark.parametrize(
    "name,ladder,case",
    [c for c in vector_cases() if "answers" in c[2] and "problems" not in c[2]],
    ids=[c[0] for c in vector_cases() if "answers" in c[2] and "problems" not in c[2]],
)
def test_each_scored_vector_is_an_answers_file_and_its_result_a_result(name, ladder, case):
    result = score(ladder, case["answers"])
    check("answers", {"format": ANSWERS_FORMAT, "ladder": ladder["id"], "answers": case["answers"], "result": result})
    check("result", result)
    assert set(result) == set(Result.__annotations__)


def test_each_counted_group_file_is_an_answers_file():
    groups = json.loads((VECTORS / "aggregate.json").read_text("utf-8"))
    counted = 0
    for room in groups["rooms"]:
        included = {i["file"] for i in room["figures"]["included"]}
        for f in room["files"]:
            if f["name"] in included and "text" in f:
                check("answers", json.loads(f["text"].removeprefix("\ufeff")))
                counted += 1
    assert counted >= 5


def test_each_customer_list_read_from_csv_fits_an_answers_file():
    data = json.loads((VECTORS / "csv.json").read_text("utf-8"))
    for case in data["read"]:
        if "records" in case:
            records = read_customers_csv(case["text"], data["fields"], data["file"])
            check("answers", {"format": ANSWERS_FORMAT, "ladder": "vec-classify", "customers": records})


def test_a_shape_the_schemas_refuse_is_refused():
    """The checks above can fail: a result missing its bridges and an answer of the wrong type."""
    with pytest.raises(AssertionError):
        check("result", {"format": "ladder-result/1", "ladder": "x"})
    with pytest.raises(AssertionError):
        check("answers", {"format": ANSWERS_FORMAT, "ladder": "x", "answers": {"q": "three"}})
