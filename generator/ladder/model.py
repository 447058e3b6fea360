"""The ladder model: frozen dataclasses built from a validated ladder file.

`build(data)` takes every default from spec.py and assumes `validate.validate(...)` found no
errors; `to_dict(ladder)` is the normalised JSON that `ladderkit export` prints and the
browser's scorer receives (content/reference/export.md; schema: ladders/export.schema.json).
Pure: no file I/O, no MkDocs imports.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, overload

from generator.ladder import normalised, spec
from generator.ladder.spec import BAND, BRIDGE, CLASSIFIER, LADDER, OPERATORS, PLANK, QUESTION, RUNG
from generator.vocab import Obj

FORMAT = "ladder/1"

# A mapping that validate() has passed, so it has spec.py's shape. Its values are read as Any:
# the spec lets a text be written as a number and leaves keys out, which no static type
# follows; build() converts each value the way the spec says (str(), int(), tuple()).
Validated = Mapping[str, Any]


@dataclass(frozen=True)
class Choice:
    label: str
    points: int


@dataclass(frozen=True)
class Threshold:
    kind: str  # "at_least" or "at_most"
    value: float
    points: int


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: str
    bridge: str  # id of the bridge that asks it
    weight: int = 1
    help: str = ""
    reverse: bool = False
    scale: str | None = None  # scale name (scale questions)
    choices: tuple[Choice, ...] = ()  # resolved scale options (scale questions)
    options: tuple[str, ...] = ()  # checklist options
    unit: str = ""
    min: float | None = None
    max: float | None = None
    thresholds: tuple[Threshold, ...] = ()

    @property
    def max_points(self) -> int:
        if self.type == "scale":
            return max(c.points for c in self.choices)
        if self.type == "yesno":
            return 1
        if self.type == "number":
            return max(t.points for t in self.thresholds)
        return len(self.options)


@dataclass(frozen=True)
class Plank:
    title: str
    detail: str = ""


@dataclass(frozen=True)
class Rung:
    id: str
    name: str
    description: str
    signs: tuple[str, ...] = ()
    moments_of_truth: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    title: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    measure: str
    target: str


@dataclass(frozen=True)
class PlanStep:
    day: int
    action: str
    owner: str


@dataclass(frozen=True)
class Bridge:
    id: str
    name: str
    from_: str
    to: str
    summary: str
    upward: bool
    planks: tuple[Plank, ...] = ()
    internal: str = ""
    questions: tuple[Question, ...] = ()
    # the playbook extension (spec.PLAYBOOK_KEYS): print-only, not in the normalised JSON
    example: str = ""
    script: str = ""
    template: Template | None = None
    measures: tuple[Measure, ...] = ()
    plan: tuple[PlanStep, ...] = ()


@dataclass(frozen=True)
class Band:
    min: int
    label: str
    advice: str = ""


@dataclass(frozen=True)
class Flag:
    id: str
    when: normalised.Condition  # see `normalise_condition`
    message: str


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str  # "number" or "yesno"


@dataclass(frozen=True)
class Rule:
    rung: str
    when: normalised.Condition | None = None


@dataclass(frozen=True)
class Classifier:
    title: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Ladder:
    id: str
    title: str
    summary: str
    rungs: tuple[Rung, ...]
    bridges: tuple[Bridge, ...]
    source: str = ""
    audience: str = "external"
    pass_mark: int = LADDER.default("pass_mark", int)
    scales: dict[str, tuple[Choice, ...]] = field(
        default_factory=dict
    )  # name -> tuple[Choice, ...] (declared and built-in)
    bands: tuple[Band, ...] = ()
    flags: tuple[Flag, ...] = ()
    classifier: Classifier | None = None
    path: str = ""  # where it was loaded from; not part of the exported JSON
    # Translations (translate.py): the language of the text above ("" is the site's own), the
    # translations as written, and the validated file they apply to. Not in the exported JSON.
    language: str = ""
    translations: Mapping[str, Validated] = field(default_factory=dict, repr=False)
    data: Validated = field(default_factory=dict, repr=False, compare=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for b in self.bridges for q in b.questions)

    def rung(self, rung_id: str) -> Rung:
        return next(r for r in self.rungs if r.id == rung_id)

    def bridge(self, bridge_id: str) -> Bridge:
        return next(b for b in self.bridges if b.id == bridge_id)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    @property
    def upward_bridges(self) -> tuple[Bridge, ...]:
        return tuple(b for b in self.bridges if b.upward)

    @property
    def downward_bridges(self) -> tuple[Bridge, ...]:
        return tuple(b for b in self.bridges if not b.upward)


# --- building from validated data -------------------------------------------------

LEAF_KINDS = ("question", "bridge", "field", "count")


def normalise_condition(cond: Validated) -> normalised.Condition:
    """{question: x, gte: 3} -> {"question": "x", "op": "gte", "value": 3}; combinators kept."""
    if "all" in cond:
        return {"all": [normalise_condition(c) for c in cond["all"]]}
    if "any" in cond:
        return {"any": [normalise_condition(c) for c in cond["any"]]}
    if "not" in cond:
        return {"not": normalise_condition(cond["not"])}
    kind = next(k for k in LEAF_KINDS if k in cond)
    op = next(o for o in OPERATORS if o in cond)
    ref = list(cond[kind]) if kind == "count" else cond[kind]
    return {kind: ref, "op": op, "value": cond[op]}


def _get(node: Obj, data: Validated, key: str) -> Any:
    """The value given for `key` or the spec's default: validated, so of the kind its node says."""
    return node.get(data, key)


def _scales(data: Validated) -> dict[str, tuple[Choice, ...]]:
    scales = {name: tuple(Choice(l, p) for l, p in opts) for name, opts in spec.BUILTIN_SCALES.items()}
    for name, opts in (data.get("scales") or {}).items():
        scales[name] = tuple(Choice(str(o["label"]), int(o["points"])) for o in opts)
    return scales


def _question(q: Validated, bridge_id: str, scales: Mapping[str, tuple[Choice, ...]]) -> Question:
    qtype = spec.question_type(q)
    thresholds = tuple(
        Threshold("at_least" if "at_least" in t else "at_most", t.get("at_least", t.get("at_most")), int(t["points"]))
        for t in q.get("thresholds") or ()
    )
    return Question(
        id=q["id"],
        text=str(q["text"]),
        type=qtype,
        bridge=bridge_id,
        weight=int(_get(QUESTION, q, "weight")),
        help=str(_get(QUESTION, q, "help")),
        reverse=bool(_get(QUESTION, q, "reverse")),
        scale=str(q["scale"]) if qtype == "scale" else None,
        choices=scales[str(q["scale"])] if qtype == "scale" else (),
        options=tuple(str(o) for o in q.get("options") or ()) if qtype == "checklist" else (),
        unit=str(_get(QUESTION, q, "unit")),
        min=q.get("min"),
        max=q.get("max"),
        thresholds=thresholds,
    )


def build(data: Validated, path: str = "") -> Ladder:
    """Build the model from a ladder mapping that has passed validation."""
    scales = _scales(data)
    order = [r["id"] for r in data["rungs"]]
    rungs = tuple(
        Rung(
            r["id"],
            str(r["name"]),
            str(r["description"]),
            tuple(str(s) for s in _get(RUNG, r, "signs")),
            tuple(str(m) for m in _get(RUNG, r, "moments_of_truth")),
        )
        for r in data["rungs"]
    )
    bridges = tuple(
        Bridge(
            id=b["id"],
            name=str(b["name"]),
            from_=b["from"],
            to=b["to"],
            summary=str(b["summary"]),
            upward=order.index(b["to"]) > order.index(b["from"]),
            planks=tuple(Plank(str(p["title"]), str(_get(PLANK, p, "detail"))) for p in _get(BRIDGE, b, "planks")),
            internal=str(_get(BRIDGE, b, "internal")),
            questions=tuple(_question(q, b["id"], scales) for q in _get(BRIDGE, b, "questions")),
            example=str(_get(BRIDGE, b, "example")),
            script=str(_get(BRIDGE, b, "script")),
            template=Template(str(b["template"]["title"]), tuple(str(f) for f in b["template"]["fields"]))
            if b.get("template")
            else None,
            measures=tuple(Measure(str(m["measure"]), str(m["target"])) for m in _get(BRIDGE, b, "measures")),
            plan=tuple(
                sorted(
                    (PlanStep(int(s["day"]), str(s["action"]), str(s["owner"])) for s in _get(BRIDGE, b, "plan")),
                    key=lambda s: s.day,
                )
            ),
        )
        for b in data["bridges"]
    )
    bands = tuple(
        Band(*b) if isinstance(b, tuple) else Band(int(b["min"]), str(b["label"]), str(_get(BAND, b, "advice")))
        for b in _get(LADDER, data, "bands")
    )
    flags = tuple(Flag(f["id"], normalise_condition(f["when"]), str(f["message"])) for f in _get(LADDER, data, "flags"))
    classifier = None
    if data.get("classifier"):
        c = data["classifier"]
        classifier = Classifier(
            title=str(_get(CLASSIFIER, c, "title")),
            fields=tuple(Field(f["id"], str(f["label"]), f["type"]) for f in c["fields"]),
            rules=tuple(
                Rule(r["rung"], normalise_condition(r["when"]) if r.get("when") is not None else None)
                for r in c["rules"]
            ),
        )
    return Ladder(
        id=data["id"],
        title=str(data["title"]),
        summary=str(data["summary"]),
        rungs=rungs,
        bridges=bridges,
        source=str(_get(LADDER, data, "source")),
        audience=_get(LADDER, data, "audience"),
        pass_mark=int(_get(LADDER, data, "pass_mark")),
        scales=scales,
        bands=bands,
        flags=flags,
        classifier=classifier,
        path=path,
        language=str(_get(LADDER, data, "language")),
        translations={str(tag): t for tag, t in (data.get("translations") or {}).items()},
        data=data,
    )


# --- the normalised JSON -----------------------------------------------------------


@overload
def _number(x: float) -> normalised.Number: ...
@overload
def _number(x: float | None) -> normalised.Number | None: ...
def _number(x: float | None) -> normalised.Number | None:
    """Keep integers integral in JSON (3, not 3.0)."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _threshold_dict(t: Threshold) -> normalised.Threshold:
    if t.kind == "at_least":
        return {"at_least": _number(t.value), "points": t.points}
    return {"at_most": _number(t.value), "points": t.points}


def question_dict(q: Question) -> normalised.Question:
    out: normalised.Question = {
        "id": q.id,
        "text": q.text,
        "type": q.type,
        "bridge": q.bridge,
        "weight": q.weight,
        "help": q.help,
        "max_points": q.max_points,
    }
    if q.type in ("scale", "yesno", "checklist"):
        out["reverse"] = q.reverse
    if q.type == "scale":
        out["scale"] = q.scale
        out["choices"] = [{"label": c.label, "points": c.points} for c in q.choices]
    if q.type == "checklist":
        out["options"] = list(q.options)
    if q.type == "number":
        out["unit"] = q.unit
        out["min"] = _number(q.min)
        out["max"] = _number(q.max)
        out["thresholds"] = [_threshold_dict(t) for t in q.thresholds]
    return out


def to_dict(ladder: Ladder) -> normalised.Ladder:
    """The normalised ladder: defaults filled in, scales resolved, max points computed."""
    return {
        "format": FORMAT,
        "id": ladder.id,
        "title": ladder.title,
        "summary": ladder.summary,
        "source": ladder.source,
        "audience": ladder.audience,
        "pass_mark": ladder.pass_mark,
        "scales": {n: [{"label": c.label, "points": c.points} for c in cs] for n, cs in ladder.scales.items()},
        "bands": [{"min": b.min, "label": b.label, "advice": b.advice} for b in ladder.bands],
        "rungs": [
            {
                "id": r.id,
                "name": r.name,
                "description": r.description,
                "signs": list(r.signs),
                "moments_of_truth": list(r.moments_of_truth),
            }
            for r in ladder.rungs
        ],
        "bridges": [
            {
                "id": b.id,
                "name": b.name,
                "from": b.from_,
                "to": b.to,
                "direction": "up" if b.upward else "down",
                "summary": b.summary,
                "planks": [{"title": p.title, "detail": p.detail} for p in b.planks],
                "internal": b.internal,
                "questions": [question_dict(q) for q in b.questions],
            }
            for b in ladder.bridges
        ],
        # Copies: a loaded Ladder is kept and handed out again (loader.py), so an export
        # its caller changes must not change the conditions of the next one.
        "flags": [{"id": f.id, "when": copy.deepcopy(f.when), "message": f.message} for f in ladder.flags],
        "classifier": None if ladder.classifier is None else classifier_dict(ladder.classifier),
    }


def classifier_dict(c: Classifier) -> normalised.Classifier:
    return {
        "title": c.title,
        "fields": [{"id": f.id, "label": f.label, "type": f.type} for f in c.fields],
        "rules": [{"rung": r.rung, "when": copy.deepcopy(r.when)} for r in c.rules],
    }
