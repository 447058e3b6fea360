"""Hypothesis strategies for valid ladders (source form), answer sets and customer records, and
for answers documents (well-formed or not)."""

from __future__ import annotations

from hypothesis import strategies as st

from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from tests.helpers import ROOT

OPS = ("eq", "ne", "lt", "lte", "gt", "gte")
NUMBERS = st.one_of(
    st.integers(-5, 20),
    st.sampled_from([0.5, 2.5, 7.25, 10.0, 1e-3]),
    st.floats(-50, 50, allow_nan=False, allow_infinity=False),
)


@st.composite
def question(draw, qid: str, scales: dict):
    kind = draw(st.sampled_from(("scale", "yesno", "number", "checklist")))
    q = {"id": qid, "text": f"Question {qid}?", "type": kind}
    if draw(st.booleans()):
        q["weight"] = draw(st.integers(1, 10))
    if kind == "scale":
        q["scale"] = draw(st.sampled_from(sorted(scales)))
    if kind in ("scale", "yesno", "checklist") and draw(st.booleans()):
        q["reverse"] = draw(st.booleans())
    if kind == "checklist":
        q["options"] = [f"option {i}" for i in range(draw(st.integers(2, 6)))]
    if kind == "number":
        n = draw(st.integers(1, 4))
        q["thresholds"] = [
            {draw(st.sampled_from(("at_least", "at_most"))): draw(NUMBERS), "points": draw(st.integers(0, 5))}
            for _ in range(n)
        ]
        if all(t["points"] == 0 for t in q["thresholds"]):
            q["thresholds"][0]["points"] = 1
    return q


def _scale_max(scales, name):
    return max(o["points"] for o in scales[name])


@st.composite
def condition(draw, questions: list[dict], bridges: list[str], depth: int = 0):
    leaves = []
    for q in questions:
        if q["type"] == "yesno":
            leaves.append({"question": q["id"], draw(st.sampled_from(("eq", "ne"))): draw(st.booleans())})
        else:
            leaves.append({"question": q["id"], draw(st.sampled_from(OPS)): draw(NUMBERS)})
    leaves += [{"bridge": b, draw(st.sampled_from(OPS)): draw(st.integers(0, 100))} for b in bridges]
    yesno = [q["id"] for q in questions if q["type"] == "yesno"]
    if yesno:
        leaves.append(
            {
                "count": draw(st.lists(st.sampled_from(yesno), min_size=1, max_size=4)),
                draw(st.sampled_from(OPS)): draw(st.integers(0, 4)),
            }
        )
    kind = draw(st.sampled_from(("leaf", "leaf", "all", "any", "not"))) if depth < 2 else "leaf"
    if kind == "leaf":
        return draw(st.sampled_from(leaves))
    if kind == "not":
        return {"not": draw(condition(questions, bridges, depth + 1))}
    return {kind: draw(st.lists(condition(questions, bridges, depth + 1), min_size=1, max_size=3))}


@st.composite
def field_condition(draw, fields: list[dict], depth: int = 0):
    leaves = []
    for f in fields:
        if f["type"] == "yesno":
            leaves.append({"field": f["id"], draw(st.sampled_from(("eq", "ne"))): draw(st.booleans())})
        else:
            leaves.append({"field": f["id"], draw(st.sampled_from(OPS)): draw(NUMBERS)})
    yesno = [f["id"] for f in fields if f["type"] == "yesno"]
    if yesno:
        leaves.append({"count": yesno, draw(st.sampled_from(OPS)): draw(st.integers(0, len(yesno)))})
    kind = draw(st.sampled_from(("leaf", "leaf", "all", "any", "not"))) if depth < 2 else "leaf"
    if kind == "leaf":
        return draw(st.sampled_from(leaves))
    if kind == "not":
        return {"not": draw(field_condition(fields, depth + 1))}
    return {kind: draw(st.lists(field_condition(fields, depth + 1), min_size=1, max_size=3))}


@st.composite
def ladders(draw):
    """A valid ladder in source form: random rungs, bridges up and down, questions, flags, classifier."""
    n_rungs = draw(st.integers(2, 6))
    rungs = [{"id": f"r{i}", "name": f"Rung {i}", "description": "d"} for i in range(n_rungs)]
    scales = {}
    if draw(st.booleans()):
        scales["custom"] = [
            {"label": f"o{i}", "points": draw(st.integers(0, 7))} for i in range(draw(st.integers(2, 5)))
        ]
        if all(o["points"] == 0 for o in scales["custom"]):
            scales["custom"][-1]["points"] = 3
    all_scales = {
        "frequency": [{"points": p} for p in range(5)],
        "agreement": [{"points": p} for p in range(5)],
        **scales,
    }
    bridges, counter = [], [0]

    def questions_for(bid):
        out = []
        for _ in range(draw(st.integers(0, 4))):
            counter[0] += 1
            out.append(draw(question(f"q{counter[0]}", all_scales)))
        return out

    i = 0
    while i < n_rungs - 1:  # at most one upward bridge leaves each rung; some may skip a rung
        j = draw(st.integers(i + 1, min(i + 2, n_rungs - 1)))
        if draw(st.integers(0, 5)):
            bridges.append(
                {
                    "id": f"up{i}",
                    "name": "Up",
                    "from": f"r{i}",
                    "to": f"r{j}",
                    "summary": "s",
                    "questions": questions_for(f"up{i}"),
                }
            )
        i = j
    for k in range(draw(st.integers(0, 2))):
        top = draw(st.integers(1, n_rungs - 1))
        bridges.append(
            {
                "id": f"down{k}",
                "name": "Down",
                "from": f"r{top}",
                "to": f"r{draw(st.integers(0, top - 1))}",
                "summary": "s",
                "questions": questions_for(f"down{k}"),
            }
        )
    if not bridges:
        bridges.append(
            {"id": "up0", "name": "Up", "from": "r0", "to": "r1", "summary": "s", "questions": questions_for("up0")}
        )
    ladder = {"id": "gen", "title": "Generated", "summary": "s", "rungs": rungs, "bridges": bridges}
    if scales:
        ladder["scales"] = scales
    if draw(st.booleans()):
        ladder["pass_mark"] = draw(st.integers(1, 100))
    if draw(st.booleans()):
        mins = sorted(set([0] + draw(st.lists(st.integers(1, 100), max_size=3))))
        ladder["bands"] = [{"min": m, "label": f"band {m}"} for m in reversed(mins)]
    qs = [q for b in bridges for q in b["questions"]]
    ids = [b["id"] for b in bridges]
    if qs or ids:
        ladder["flags"] = [
            {"id": f"f{k}", "when": draw(condition(qs, ids)), "message": "m"} for k in range(draw(st.integers(0, 4)))
        ]
    if draw(st.booleans()):
        fields = [
            {"id": f"x{k}", "label": "x", "type": draw(st.sampled_from(("yesno", "number")))}
            for k in range(draw(st.integers(1, 4)))
        ]
        rules = [
            {"rung": f"r{draw(st.integers(0, n_rungs - 1))}", "when": draw(field_condition(fields))}
            for _ in range(draw(st.integers(0, 3)))
        ]
        rules.append({"rung": "r0"})
        ladder["classifier"] = {"fields": fields, "rules": rules}
    return ladder


@st.composite
def answer_set(draw, normalised: dict, valid: bool = True):
    answers = {}
    for b in normalised["bridges"]:
        for q in b["questions"]:
            if draw(st.integers(0, 4)) == 0:
                continue
            if q["type"] == "scale":
                answers[q["id"]] = draw(st.integers(0, len(q["choices"]) - 1))
            elif q["type"] == "yesno":
                answers[q["id"]] = draw(st.booleans())
            elif q["type"] == "number":
                pivots = [t.get("at_least", t.get("at_most")) for t in q["thresholds"]]
                answers[q["id"]] = draw(st.one_of(NUMBERS, st.sampled_from(pivots)))
            else:
                answers[q["id"]] = draw(st.lists(st.integers(0, len(q["options"]) - 1), unique=True))
    if not valid:  # junk the browser must refuse identically
        junk = st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-3, 9),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=3),
            st.lists(st.integers(-1, 7), max_size=4),
        )
        for qid in draw(st.lists(st.sampled_from(sorted(answers) or ["nope"]), max_size=3)):
            answers[qid] = draw(junk)
        if draw(st.booleans()):
            answers[draw(st.text(min_size=1, max_size=5))] = 1
    return answers


@st.composite
def record(draw, normalised: dict):
    out = {}
    for f in normalised["classifier"]["fields"]:
        pick = draw(st.integers(0, 5))
        if pick == 0:
            continue
        if pick == 1:
            out[f["id"]] = draw(st.one_of(st.none(), st.text(max_size=2), st.integers(0, 3), st.booleans()))
        elif f["type"] == "yesno":
            out[f["id"]] = draw(st.booleans())
        else:
            out[f["id"]] = draw(NUMBERS)
    return out


# --- answers documents, well-formed or not, for the customer-development ladder -----------

# The ladder they are written for, as its export JSON.
ANSWERS_LADDER = to_dict(load_ladder(ROOT / "ladders" / "customer-development.yml"))
QUESTION_IDS = [q["id"] for b in ANSWERS_LADDER["bridges"] for q in b["questions"]]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=10,
)
ANSWER_KEYS = (
    st.sampled_from(QUESTION_IDS) | st.sampled_from(["__proto__", "constructor", "toString", ""]) | st.text(max_size=10)
)


@st.composite
def answers_documents(draw):
    doc = {
        "format": draw(st.sampled_from(["ladder-answers/1", "ladder-answers/1", "ladder-answers/2", None, 1])),
        "ladder": draw(st.sampled_from(["customer-development", "customer-development", "growing-loyalty", None, []])),
        "answers": draw(st.dictionaries(ANSWER_KEYS, JSON_VALUES, max_size=6) | JSON_VALUES),
    }
    for key in draw(st.lists(st.sampled_from(["format", "ladder", "answers"]), max_size=2)):
        doc.pop(key, None)
    return draw(st.sampled_from([doc, doc, doc, [doc], "text", None]))
