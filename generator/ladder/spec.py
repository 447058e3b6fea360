"""The ladder file's keys, declared once: validation (validate.py) walks these nodes and
the JSON Schema (schema.py) is generated from them, so the two cannot drift apart.

Each node knows what it accepts and how to describe itself to a person ("a list of
rungs", "a whole number from 1 to 100").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte")
QUESTION_TYPES = ("scale", "yesno", "number", "checklist")
BUILTIN_SCALES = ("frequency", "agreement")


@dataclass(frozen=True)
class Text:
    """A string (a bare number is taken as text too, as a coach would expect)."""
    markdown: bool = False
    what: str = "text"


@dataclass(frozen=True)
class Slug:
    what: str = "an id"


@dataclass(frozen=True)
class Int:
    lo: int | None = None
    hi: int | None = None

    @property
    def what(self) -> str:
        if self.lo is not None and self.hi is not None:
            return f"a whole number from {self.lo} to {self.hi}"
        if self.lo is not None:
            return f"a whole number of at least {self.lo}"
        return "a whole number"


@dataclass(frozen=True)
class Number:
    what: str = "a number"


@dataclass(frozen=True)
class Bool:
    what: str = "true or false"


@dataclass(frozen=True)
class Enum:
    values: tuple[str, ...]

    @property
    def what(self) -> str:
        return "one of: " + ", ".join(self.values)


@dataclass(frozen=True)
class List:
    item: object
    min: int = 0
    noun: str = "items"

    @property
    def what(self) -> str:
        return f"a list of {self.noun}"


@dataclass(frozen=True)
class Obj:
    """A mapping with known keys: {name: (node, required)}."""
    keys: dict
    noun: str
    doc: str = ""
    what: str = field(default="")

    def __post_init__(self):
        object.__setattr__(self, "what", f"a mapping ({self.noun})")


@dataclass(frozen=True)
class MapOf:
    """A mapping from names the coach chooses to values of one kind (scales)."""
    value: object
    noun: str
    what: str = "a mapping of names"


@dataclass(frozen=True)
class Condition:
    what: str = "a condition (a mapping such as {question: ID, gte: 3} or {all: [...]})"


TEXT = Text()
MD = Text(markdown=True)
TEXTS = List(TEXT, noun="texts")

PLANK = Obj({"title": (TEXT, True), "detail": (MD, False)}, "plank")
RUNG = Obj({"id": (Slug(), True), "name": (TEXT, True), "description": (MD, True),
            "signs": (TEXTS, False), "moments_of_truth": (TEXTS, False)}, "rung")
SCALE_OPTION = Obj({"label": (TEXT, True), "points": (Int(0), True)}, "scale option")
BAND = Obj({"min": (Int(0, 100), True), "label": (TEXT, True), "advice": (MD, False)}, "band")
THRESHOLD = Obj({"at_least": (Number(), False), "at_most": (Number(), False), "points": (Int(0), True)}, "threshold")

QUESTION_COMMON = {"id": (Slug(), True), "text": (TEXT, True), "type": (Enum(QUESTION_TYPES), False),
                   "weight": (Int(1, 10), False), "help": (MD, False)}
QUESTION_BY_TYPE = {
    "scale": {"scale": (Text(what="the name of a scale, such as frequency or agreement"), True), "reverse": (Bool(), False)},
    "yesno": {"reverse": (Bool(), False)},
    "number": {"unit": (TEXT, False), "min": (Number(), False), "max": (Number(), False), "thresholds": (List(THRESHOLD, 1, "thresholds"), True)},
    "checklist": {"options": (List(TEXT, 2, "options"), True), "reverse": (Bool(), False)},
}
# Every key any question may have; which ones apply depends on `type` (validate.py checks that).
# Type-specific keys are optional here; validate.py requires them per type.
QUESTION = Obj({**QUESTION_COMMON, **{k: (node, False) for keys in QUESTION_BY_TYPE.values() for k, (node, _) in keys.items()}},
               "question")

# The playbook extension (ladderkit's, additive): optional per-bridge material that only
# the printed playbook shows — a worked example, a script, a fill-in template, measures
# with targets and a 90-day plan with owners. Scoring never reads them.
TEMPLATE = Obj({"title": (TEXT, True), "fields": (List(TEXT, 1, "column headings"), True)}, "template")
MEASURE = Obj({"measure": (TEXT, True), "target": (TEXT, True)}, "measure")
PLAN_STEP = Obj({"day": (Int(1, 365), True), "action": (TEXT, True), "owner": (TEXT, True)}, "plan step")
PLAYBOOK_KEYS = {"example": (MD, False), "script": (MD, False), "template": (TEMPLATE, False),
                 "measures": (List(MEASURE, noun="measures"), False), "plan": (List(PLAN_STEP, noun="plan steps"), False)}

BRIDGE = Obj({"id": (Slug(), True), "name": (TEXT, True), "from": (Slug("a rung id"), True), "to": (Slug("a rung id"), True),
              "summary": (MD, True), "planks": (List(PLANK, noun="planks"), False), "internal": (MD, False),
              "questions": (List(QUESTION, noun="questions"), False), **PLAYBOOK_KEYS}, "bridge")
FLAG = Obj({"id": (Slug(), True), "when": (Condition(), True), "message": (MD, True)}, "flag")
FIELD = Obj({"id": (Slug(), True), "label": (TEXT, True), "type": (Enum(("number", "yesno")), True)}, "classifier field")
RULE = Obj({"rung": (Slug("a rung id"), True), "when": (Condition(), False)}, "classifier rule")
CLASSIFIER = Obj({"title": (TEXT, False), "fields": (List(FIELD, 1, "fields"), True), "rules": (List(RULE, 1, "rules"), True)}, "classifier")

LADDER = Obj({
    "id": (Slug(), True),
    "title": (TEXT, True),
    "summary": (MD, True),
    "source": (MD, False),
    "audience": (Enum(("external", "internal")), False),
    "pass_mark": (Int(1, 100), False),
    "scales": (MapOf(List(SCALE_OPTION, 2, "scale options"), "scale"), False),
    "bands": (List(BAND, 1, "bands"), False),
    "rungs": (List(RUNG, 2, "rungs"), True),
    "bridges": (List(BRIDGE, 1, "bridges"), True),
    "flags": (List(FLAG, noun="flags"), False),
    "classifier": (CLASSIFIER, False),
}, "ladder")

CONDITION_KINDS = ("all", "any", "not", "question", "bridge", "field", "count")


def all_keys(node=LADDER, prefix: str = "") -> set[str]:
    """Every key path a ladder file may use, e.g. 'bridges[].questions[].thresholds[].at_least'."""
    out: set[str] = set()
    if isinstance(node, List):
        return all_keys(node.item, prefix + "[]")
    if isinstance(node, MapOf):
        return all_keys(node.value, prefix + ".<name>")
    if isinstance(node, Obj):
        for key, (child, _) in node.keys.items():
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            out |= all_keys(child, path)
    return out
