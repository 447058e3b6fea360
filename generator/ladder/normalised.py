"""The normalised ladder as a Python type: what `model.to_dict` returns, scoring.py and
scoring.mjs receive and `ladderkit export` prints (ladders/export.schema.json describes the
same shape; tests/test_typed_shapes.py holds the two together). Dictionaries, not classes:
both engines take the same JSON, so Python keeps it as JSON. generator/scoring/types.py adds
the answers file and the result.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

# A condition (content/reference/conditions.md): {all: [...]}, {any: [...]}, {not: {...}},
# {count: [...], <op>: n} or {<question|bridge|field>: id, <op>: value}. Its keys vary by
# kind, so it stays a plain mapping.
Condition = dict[str, Any]
Number = int | float


class Choice(TypedDict):
    label: str
    points: int


class Threshold(TypedDict, total=False):
    """One of at_least or at_most, and points (validation requires exactly one bound)."""

    at_least: Number
    at_most: Number
    points: int


class Question(TypedDict, total=False):
    id: str
    text: str
    type: str  # scale, yesno, number or checklist
    bridge: str
    weight: int
    help: str
    max_points: int
    reverse: bool  # scale, yesno, checklist
    scale: str | None  # scale
    choices: list[Choice]  # scale
    options: list[str]  # checklist
    unit: str  # number
    min: Number | None  # number
    max: Number | None  # number
    thresholds: list[Threshold]  # number


class Band(TypedDict):
    min: int
    label: str
    advice: str


class Rung(TypedDict):
    id: str
    name: str
    description: str
    signs: list[str]
    moments_of_truth: list[str]


class Plank(TypedDict):
    title: str
    detail: str


Bridge = TypedDict(
    "Bridge",
    {
        "id": str,
        "name": str,
        "from": str,
        "to": str,
        "direction": Literal["up", "down"],
        "summary": str,
        "planks": list[Plank],
        "internal": str,
        "questions": list[Question],
    },
)


class Flag(TypedDict):
    id: str
    when: Condition
    message: str


class Field(TypedDict):
    id: str
    label: str
    type: str  # yesno or number


class Rule(TypedDict):
    rung: str
    when: Condition | None


class Classifier(TypedDict):
    title: str
    fields: list[Field]
    rules: list[Rule]


class Ladder(TypedDict):
    """The normalised ladder, format ladder/1."""

    format: str
    id: str
    title: str
    summary: str
    source: str
    audience: str
    pass_mark: int
    scales: dict[str, list[Choice]]
    bands: list[Band]
    rungs: list[Rung]
    bridges: list[Bridge]
    flags: list[Flag]
    classifier: Classifier | None
