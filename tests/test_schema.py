"""The shipped JSON Schema is generated from the validator's spec and accepts the shipped ladders."""

import json

import jsonschema
import pytest
import yaml

from generator.ladder import schema, spec
from tests.helpers import ROOT, vector_files

LADDERS = sorted((ROOT / "ladders").glob("*.yml"))


def test_committed_schema_matches_the_spec():
    committed = (ROOT / "ladders" / "ladder.schema.json").read_text(encoding="utf-8")
    assert committed == schema.render(), "run: python -m generator.ladder.schema"


def _schema_keys(node, prefix=""):
    out = set()
    if node.get("type") == "array" and "items" in node:
        return _schema_keys(node["items"], prefix + "[]")
    if isinstance(node.get("additionalProperties"), dict):
        return _schema_keys(node["additionalProperties"], prefix + ".<name>")
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        out.add(path)
        out |= _schema_keys(child, path)
    return out


def test_schema_and_validator_know_the_same_keys():
    assert _schema_keys(schema.generate()) == spec.all_keys()


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema.generate())


@pytest.mark.parametrize("path", LADDERS, ids=lambda p: p.stem)
def test_shipped_ladders_satisfy_the_schema(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema.generate())
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=ladder.schema.json\n")


def test_schema_rejects_a_typo_an_editor_should_underline():
    bad = {"id": "x", "title": "t", "summary": "s", "rungs": [], "bridges": [], "sumary": "typo"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema.generate())


def test_vector_ladders_satisfy_the_schema():
    for path in vector_files():
        jsonschema.validate(json.loads(path.read_text())["source"], schema.generate())
