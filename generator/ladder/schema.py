"""The JSON Schema for ladder files, generated from spec.py (the validator's own key tables).

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
from pathlib import Path

from generator.ladder import spec

SCHEMA_PATH = Path("ladders") / "ladder.schema.json"


def _node(node) -> dict:
    if isinstance(node, spec.Text):
        out = {"type": ["string", "number"], "minLength": 1}
        if node.markdown:
            out["description"] = "Markdown"
        return out
    if isinstance(node, spec.Slug):
        return {"type": "string", "pattern": spec.SLUG.pattern}
    if isinstance(node, spec.Int):
        out = {"type": "integer"}
        if node.lo is not None:
            out["minimum"] = node.lo
        if node.hi is not None:
            out["maximum"] = node.hi
        return out
    if isinstance(node, spec.Number):
        return {"type": "number"}
    if isinstance(node, spec.Bool):
        return {"type": "boolean"}
    if isinstance(node, spec.Enum):
        return {"enum": list(node.values)}
    if isinstance(node, spec.List):
        out = {"type": "array", "items": _node(node.item)}
        if node.min:
            out["minItems"] = node.min
        return out
    if isinstance(node, spec.MapOf):
        return {"type": "object", "additionalProperties": _node(node.value)}
    if isinstance(node, spec.Condition):
        return {"$ref": "#/$defs/condition"}
    if isinstance(node, spec.Obj):
        return {
            "type": "object",
            "properties": {k: _node(child) for k, (child, _) in node.keys.items()},
            "required": [k for k, (_, required) in node.keys.items() if required],
            "additionalProperties": False,
        }
    raise TypeError(node)


def _condition() -> dict:
    value = {"type": ["number", "boolean"]}
    ops = {op: value for op in spec.OPERATORS}
    leaf = {kind: {"type": "string"} for kind in ("question", "bridge", "field")}
    return {
        "description": "{question|bridge|field: ID, OP: V}, {count: [IDs], OP: N}, {all: [...]}, {any: [...]} or {not: ...}",
        "type": "object",
        "properties": {**leaf, "count": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                       "all": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1},
                       "any": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1},
                       "not": {"$ref": "#/$defs/condition"}, **ops},
        "additionalProperties": False,
        "minProperties": 1,
    }


def generate() -> dict:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "ladder.schema.json",
        "title": "ladderkit ladder file (format 1)",
        "description": "A customer-loyalty ladder. Run `ladderkit check` for the full validation.",
        **_node(spec.LADDER),
        "$defs": {"condition": _condition()},
    }
    question = schema["properties"]["bridges"]["items"]["properties"]["questions"]["items"]
    # A question's required keys depend on its type.
    question["allOf"] = [
        {"if": {"properties": {"type": {"const": kind}}, **({"required": ["type"]} if kind != "scale" else {})},
         "then": {"required": [k for k, (_, req) in keys.items() if req]}}
        for kind, keys in spec.QUESTION_BY_TYPE.items() if any(req for _, req in keys.values())
    ]
    return schema


def render() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    target = Path((argv or sys.argv[1:] or [str(SCHEMA_PATH)])[0])
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
