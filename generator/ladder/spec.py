"""The ladder file's keys, declared once in the shared vocabulary (generator/vocab.py):
validation (validate.py) walks these nodes, the JSON Schema (schema.py) is written from them
and the model (model.py) takes its defaults from them, so the three cannot drift apart.

Each node knows what it accepts and how to describe itself to a person ("a list of
rungs", "a whole number from 1 to 100").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.vocab import (
    LANGUAGE_TAG,
    Bool,
    Checker,
    Enum,
    Int,
    KeyPath,
    List,
    MapOf,
    Node,
    Number,
    Obj,
    Pattern,
    Schema,
    Slug,
    Text,
    kind,
)
from generator.vocab import SLUG as SLUG
from generator.vocab import all_keys as _all_keys
from generator.vocab import optional as opt
from generator.vocab import required as req

OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte")
QUESTION_TYPES = ("scale", "yesno", "number", "checklist")
# The built-in scales, with their labels and points (a ladder may add its own under scales:).
BUILTIN_SCALES: dict[str, tuple[tuple[str, int], ...]] = {
    "frequency": (("Never", 0), ("Rarely", 1), ("Sometimes", 2), ("Often", 3), ("Always", 4)),
    "agreement": (("Strongly disagree", 0), ("Disagree", 1), ("Neutral", 2), ("Agree", 3), ("Strongly agree", 4)),
}
DEFAULT_BANDS = ((70, "Strong", ""), (40, "Building", ""), (0, "Weak", ""))


@dataclass(frozen=True)
class Condition(Node):
    """Only its shape is checked here; validate.py checks what it refers to."""

    what: str = "a condition (a mapping such as {question: ID, gte: 3} or {all: [...]})"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if not isinstance(value, dict):
            c.err(path, f"expected {self.what}, got {kind(value)}")
            return False
        return True

    def schema(self) -> Schema:
        return {"$ref": "#/$defs/condition"}


TEXT = Text()
MD = Text(markdown=True)
TEXTS = List(TEXT, noun="texts")

PLANK = Obj({"title": req(TEXT), "detail": opt(MD, "")}, "plank")
RUNG = Obj(
    {
        "id": req(Slug()),
        "name": req(TEXT),
        "description": req(MD),
        "signs": opt(TEXTS, ()),
        "moments_of_truth": opt(TEXTS, ()),
    },
    "rung",
)
SCALE_OPTION = Obj({"label": req(TEXT), "points": req(Int(0))}, "scale option")
BAND = Obj({"min": req(Int(0, 100)), "label": req(TEXT), "advice": opt(MD, "")}, "band")
THRESHOLD = Obj({"at_least": opt(Number()), "at_most": opt(Number()), "points": req(Int(0))}, "threshold")

QUESTION_COMMON = {
    "id": req(Slug()),
    "text": req(TEXT),
    "type": opt(Enum(QUESTION_TYPES), "scale"),
    "weight": opt(Int(1, 10), 1),
    "help": opt(MD, ""),
}
QUESTION_BY_TYPE = {
    "scale": {
        "scale": req(Text(what="the name of a scale, such as frequency or agreement")),
        "reverse": opt(Bool(), False),
    },
    "yesno": {"reverse": opt(Bool(), False)},
    "number": {
        "unit": opt(TEXT, ""),
        "min": opt(Number()),
        "max": opt(Number()),
        "thresholds": req(List(THRESHOLD, 1, "thresholds")),
    },
    "checklist": {"options": req(List(TEXT, 2, "options")), "reverse": opt(Bool(), False)},
}
# Every key any question may have; which ones apply depends on `type` (validate.py checks that).
# Type-specific keys are optional here; validate.py requires them per type.
QUESTION = Obj(
    {
        **QUESTION_COMMON,
        **{k: opt(key.node, key.default) for keys in QUESTION_BY_TYPE.values() for k, key in keys.items()},
    },
    "question",
)

# The playbook extension (ladderkit's, additive): optional per-bridge material that only
# the printed playbook shows — a worked example, a script, a fill-in template, measures
# with targets and a 90-day plan with owners. Scoring never reads them.
TEMPLATE = Obj({"title": req(TEXT), "fields": req(List(TEXT, 1, "column headings"))}, "template")
MEASURE = Obj({"measure": req(TEXT), "target": req(TEXT)}, "measure")
PLAN_STEP = Obj({"day": req(Int(1, 365)), "action": req(TEXT), "owner": req(TEXT)}, "plan step")
PLAYBOOK_KEYS = {
    "example": opt(MD, ""),
    "script": opt(MD, ""),
    "template": opt(TEMPLATE),
    "measures": opt(List(MEASURE, noun="measures"), ()),
    "plan": opt(List(PLAN_STEP, noun="plan steps"), ()),
}

BRIDGE = Obj(
    {
        "id": req(Slug()),
        "name": req(TEXT),
        "from": req(Slug("a rung id")),
        "to": req(Slug("a rung id")),
        "summary": req(MD),
        "planks": opt(List(PLANK, noun="planks"), ()),
        "internal": opt(MD, ""),
        "questions": opt(List(QUESTION, noun="questions"), ()),
        **PLAYBOOK_KEYS,
    },
    "bridge",
)
FLAG = Obj({"id": req(Slug()), "when": req(Condition()), "message": req(MD)}, "flag")
FIELD = Obj({"id": req(Slug()), "label": req(TEXT), "type": req(Enum(("number", "yesno")))}, "classifier field")
RULE = Obj({"rung": req(Slug("a rung id")), "when": opt(Condition())}, "classifier rule")
CLASSIFIER = Obj(
    {
        "title": opt(TEXT, "Where does this customer stand?"),
        "fields": req(List(FIELD, 1, "fields")),
        "rules": req(List(RULE, 1, "rules")),
    },
    "classifier",
)

# --- translations (ladderkit's extension, additive; see translate.py) ---------------------
# One mapping per language: the ladder's text in that language, keyed by the ids the ladder
# uses (rungs, bridges, questions, flags, classifier fields; bands by their min, scales by
# name). Lists without ids (signs, planks, options, scale labels, measures, plan steps,
# template columns) are translated in the same order as the ladder lists them. Every key is
# optional: what is not translated is shown in the ladder's own language.
LANGUAGE = Pattern(
    LANGUAGE_TAG.pattern,
    "a language tag",
    "write one such as en, es or pt-BR",
    what="a language tag such as en, es or pt-BR",
)


def _keyed(item: Node, noun: str, by_min: bool = False) -> MapOf:
    """Translations of items that have ids, keyed by the id (bands by their `min`)."""
    if by_min:
        return MapOf(
            item, noun, "a mapping of band mins to translations", r"^(0|[1-9][0-9]*)$", "a band's min (0 to 100)"
        )
    return MapOf(item, noun, "a mapping of ids to translations", SLUG.pattern, "an id")


TR_TEXTS = List(TEXT, noun="texts, in the ladder's order")
TR_RUNG = Obj(
    {"name": opt(TEXT), "description": opt(MD), "signs": opt(TR_TEXTS), "moments_of_truth": opt(TR_TEXTS)},
    "rung translation",
)
TR_QUESTION = Obj(
    {"text": opt(TEXT), "help": opt(MD), "unit": opt(TEXT), "options": opt(TR_TEXTS)}, "question translation"
)
TR_BRIDGE = Obj(
    {
        "name": opt(TEXT),
        "summary": opt(MD),
        "planks": opt(List(Obj({"title": opt(TEXT), "detail": opt(MD)}, "plank translation"), noun="planks")),
        "internal": opt(MD),
        "questions": opt(_keyed(TR_QUESTION, "question translation")),
        "example": opt(MD),
        "script": opt(MD),
        "template": opt(Obj({"title": opt(TEXT), "fields": opt(TR_TEXTS)}, "template translation")),
        "measures": opt(List(Obj({"measure": opt(TEXT), "target": opt(TEXT)}, "measure translation"), noun="measures")),
        "plan": opt(List(Obj({"action": opt(TEXT), "owner": opt(TEXT)}, "plan step translation"), noun="plan steps")),
    },
    "bridge translation",
)
TRANSLATION = Obj(
    {
        "title": opt(TEXT),
        "summary": opt(MD),
        "source": opt(MD),
        "scales": opt(MapOf(List(TEXT, noun="option labels, in the scale's order"), "scale")),
        "bands": opt(
            _keyed(Obj({"label": opt(TEXT), "advice": opt(MD)}, "band translation"), "band translation", True)
        ),
        "rungs": opt(_keyed(TR_RUNG, "rung translation")),
        "bridges": opt(_keyed(TR_BRIDGE, "bridge translation")),
        "flags": opt(_keyed(Obj({"message": opt(MD)}, "flag translation"), "flag translation")),
        "classifier": opt(
            Obj(
                {
                    "title": opt(TEXT),
                    "fields": opt(_keyed(Obj({"label": opt(TEXT)}, "field translation"), "field translation")),
                },
                "classifier translation",
            )
        ),
    },
    "translation",
)

LADDER = Obj(
    {
        "id": req(Slug()),
        "title": req(TEXT),
        "summary": req(MD),
        "source": opt(MD, ""),
        "audience": opt(Enum(("external", "internal")), "external"),
        "pass_mark": opt(Int(1, 100), 70),
        "scales": opt(MapOf(List(SCALE_OPTION, 2, "scale options"), "scale")),
        "bands": opt(List(BAND, 1, "bands"), DEFAULT_BANDS),
        "rungs": req(List(RUNG, 2, "rungs")),
        "bridges": req(List(BRIDGE, 1, "bridges")),
        "flags": opt(List(FLAG, noun="flags"), ()),
        "classifier": opt(CLASSIFIER),
        "language": opt(LANGUAGE, ""),  # "": the site's language
        "translations": opt(
            MapOf(
                TRANSLATION,
                "translation",
                "a mapping of language tags",
                LANGUAGE_TAG.pattern,
                "a language tag such as es",
            )
        ),
    },
    "ladder",
)

CONDITION_KINDS = ("all", "any", "not", "question", "bridge", "field", "count")


def question_type(q: Mapping[str, object]) -> str:
    """A question's type; a question without one is a scale question. (Read before or after
    validation: a wrong type is returned as it is, for the caller to find unknown.)"""
    given = q.get("type", QUESTION.default("type", str))
    return given if isinstance(given, str) else str(given)


def all_keys(node: Node = LADDER, prefix: str = "") -> set[str]:
    """Every key path a ladder file may use, e.g. 'bridges[].questions[].thresholds[].at_least'."""
    return _all_keys(node, prefix)
