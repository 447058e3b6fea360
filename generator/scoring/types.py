"""The shapes that cross the boundary between ladderkit, the browser and people's files, as
Python types: the normalised ladder (generator/ladder/normalised.py, re-exported here), the
answers file and the result. The JSON Schemas of the reference describe the same shapes
(ladders/export.schema.json, answers.schema.json, result.schema.json);
tests/test_typed_shapes.py validates every shared vector against them.
"""

from __future__ import annotations

from typing import Any, TypedDict

from generator.ladder.normalised import Condition, Ladder, Number, Question

__all__ = [
    "Answer",
    "Answers",
    "AnswersFile",
    "BridgeResult",
    "Condition",
    "CustomerRecord",
    "Ladder",
    "Problem",
    "Question",
    "Result",
    "Tally",
]
# An answer as a file holds it: None, a bool (yesno), a number (scale position, number) or a
# list of option positions (checklist). Any, not that union: which one a question takes is
# checked at run time (answer_problem), where no static type can follow it.
Answer = Any


Answers = dict[str, Answer]  # question id -> answer
CustomerRecord = dict[str, str | bool | Number | None]  # name and field id -> value


class AnswersFile(TypedDict, total=False):
    """ladder-answers/1: format and ladder are required."""

    format: str
    ladder: str
    answers: Answers
    name: str
    customers: list[CustomerRecord]
    result: Result


class BridgeResult(TypedDict):
    score: int | None
    band: str | None
    answered: int
    questions: int


class Result(TypedDict):
    """ladder-result/1."""

    format: str
    ladder: str
    overall: int | None
    position: str
    focus: str | None
    risks: list[str]
    flags: list[str]
    answered: int
    questions: int
    bridges: dict[str, BridgeResult]


class Problem(TypedDict):
    question: str
    message: str


class Tally(TypedDict):
    earned: int
    possible: int
    answered: int
    questions: int
