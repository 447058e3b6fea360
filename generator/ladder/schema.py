"""The JSON Schema for ladder files, written by the spec's own nodes (spec.py, generator/vocab.py).

`python -m generator.ladder.schema` rewrites ladders/ladder.schema.json; a test fails when the
committed file and the spec drift apart. Editors with YAML support (e.g. VS Code's YAML
extension) read it through the first line of each ladder:
`# yaml-language-server: $schema=ladder.schema.json`.
The schema helps while typing; `ladderkit check` remains the full judge (cross-references,
one upward bridge per rung, and so on). The schemas of the JSON documents beside it
(answers, result, export) are written by hand from content/reference/ and checked
against the code by tests/test_reference.py.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from generator.ladder import spec
from generator.vocab import Schema

SCHEMA_PATH = Path("ladders") / "ladder.schema.json"


def _condition() -> Schema:
    value: Schema = {"type": ["number", "boolean"]}
    ops = {op: value for op in spec.OPERATORS}
    leaf = {kind: {"type": "string"} for kind in ("question", "bridge", "field")}
    return {
        "description": "{question|bridge|field: ID, OP: V}, {count: [IDs], OP: N}, {all: [...]}, {any: [...]} or {not: ...}",
        "type": "object",
        "properties": {
            **leaf,
            "count": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "all": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1},
            "any": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1},
            "not": {"$ref": "#/$defs/condition"},
            **ops,
        },
        "additionalProperties": False,
        "minProperties": 1,
    }


def _inside(schema: Schema, *keys: str) -> Schema:
    """The part of `schema` at `keys`; each is a mapping, as the spec's Obj and List nodes write them."""
    for key in keys:
        schema = cast(Schema, schema[key])
    return schema


def generate() -> Schema:
    schema: Schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "ladder.schema.json",
        "title": "ladderkit ladder file (format 1)",
        "description": "A customer-loyalty ladder. Run `ladderkit check` for the full validation.",
        **spec.LADDER.schema(),
        "$defs": {"condition": _condition()},
    }
    question = _inside(schema, "properties", "bridges", "items", "properties", "questions", "items")
    # A question's required keys depend on its type.
    question["allOf"] = [
        {
            "if": {"properties": {"type": {"const": kind}}, **({"required": ["type"]} if kind != "scale" else {})},
            "then": {"required": [k for k, key in keys.items() if key.required]},
        }
        for kind, keys in spec.QUESTION_BY_TYPE.items()
        if any(key.required for key in keys.values())
    ]
    return schema


def render() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    target = Path((argv or sys.argv[1:] or [str(SCHEMA_PATH)])[0])
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
