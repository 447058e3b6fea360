"""The reference scoring rules (content/reference/scoring.md; answers in answers.md).

Every function takes the NORMALISED ladder (`model.to_dict`, typed as types.Ladder), exactly
what the browser's mirror `scoring.mjs` receives, so both engines read the same input. Integer arithmetic
throughout; semantics that differ between Python and JavaScript are decided here and
written down, never inherited from the host language:

- An answer that is absent or `null` is unanswered.
- A whole number may be written 2 or 2.0 (JSON does not tell them apart in JavaScript).
- `true`/`false` are never numbers, and numbers are never booleans.
- A comparison leaf on an unanswered question, an unscored bridge or a missing field is
  false, whatever its operator (so `{not: …}` of it is true).
- `count` counts the listed yes/no items that are `true`; unanswered ones are not true.
- A bridge whose answered questions can earn no points at all (possible = 0) is unscored.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeGuard, cast

from generator.scoring.types import Answer, Answers, Condition, CustomerRecord, Ladder, Problem, Question, Result, Tally

RESULT_FORMAT = "ladder-result/1"
ANSWERS_FORMAT = "ladder-answers/1"
MAX_CHECKLIST = 1000  # a checklist answer longer than this is refused outright

# What a condition compares: a yes/no answer, a scale's points, a number, a count or a score.
Value = bool | int | float
# lookup(kind, id): the value of a question, bridge or field, or None when there is none.
Lookup = Callable[[str, str], Value | None]


def round_half_up(n: int, d: int) -> int:
    """floor((2n + d) / 2d) for n >= 0, d > 0: 0.5 always rounds up, in both languages."""
    return (2 * n + d) // (2 * d)


def _is_number(v: object) -> TypeGuard[int | float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_whole(v: object) -> bool:
    return _is_number(v) and float(v).is_integer()


# --- one question ------------------------------------------------------------------


def value(question: Question, answer: Answer) -> Value:
    """The question's value for conditions: points before reversal, bool, number or count."""
    kind = question["type"]
    if kind == "scale":
        return question["choices"][int(answer)]["points"]
    if kind == "checklist":
        return len(answer)
    return cast(Value, answer)  # yesno or number: answer_problem accepts only a bool or a number


def points(question: Question, answer: Answer) -> int:
    kind = question["type"]
    if kind == "scale":
        got = question["choices"][int(answer)]["points"]
        return question["max_points"] - got if question["reverse"] else got
    if kind == "yesno":
        got = 1 if answer else 0
        return 1 - got if question["reverse"] else got
    if kind == "number":
        for t in question["thresholds"]:
            if ("at_least" in t and answer >= t["at_least"]) or ("at_most" in t and answer <= t["at_most"]):
                return t["points"]
        return 0
    ticked = len(answer)
    return len(question["options"]) - ticked if question["reverse"] else ticked


def _answered(answers: Answers, qid: str) -> bool:
    return answers.get(qid) is not None


# --- conditions --------------------------------------------------------------------


def _same(left: Value, right: Value) -> bool:
    """Equality without Python's True == 1: a yes/no value never equals a number."""
    return isinstance(left, bool) == isinstance(right, bool) and left == right


def _compare(left: Value, op: str, right: Value) -> bool:
    if op == "eq":
        return _same(left, right)
    if op == "ne":
        return not _same(left, right)
    if isinstance(left, bool) or isinstance(right, bool):
        return False  # ordering is not defined on yes/no values
    return {"lt": left < right, "lte": left <= right, "gt": left > right, "gte": left >= right}[op]


def holds(cond: Condition, lookup: Lookup) -> bool:
    """Evaluate a normalised condition; `lookup(kind, id)` gives a value or None."""
    if "all" in cond:
        return all(holds(c, lookup) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, lookup) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], lookup)
    if "count" in cond:
        kind = "count"
        count = sum(1 for ref in cond["count"] if lookup(kind, ref) is True)
        return _compare(count, cond["op"], cond["value"])
    kind = next(k for k in ("question", "bridge", "field") if k in cond)
    got = lookup(kind, cond[kind])
    if got is None:
        return False
    return _compare(got, cond["op"], cond["value"])


# --- the whole ladder --------------------------------------------------------------


def band_of(ladder: Ladder, score: int | None) -> str | None:
    if score is None:
        return None
    eligible = [b for b in ladder["bands"] if b["min"] <= score]
    return max(eligible, key=lambda b: b["min"])["label"]


def bridge_tally(ladder: Ladder, answers: Answers) -> dict[str, Tally]:
    """Per bridge: earned and possible points over answered questions, and counts."""
    tally: dict[str, Tally] = {}
    for bridge in ladder["bridges"]:
        earned = possible = answered = 0
        for q in bridge["questions"]:
            if _answered(answers, q["id"]):
                earned += q["weight"] * points(q, answers[q["id"]])
                possible += q["weight"] * q["max_points"]
                answered += 1
        tally[bridge["id"]] = {
            "earned": earned,
            "possible": possible,
            "answered": answered,
            "questions": len(bridge["questions"]),
        }
    return tally


def _score(earned: int, possible: int) -> int | None:
    return round_half_up(100 * earned, possible) if possible > 0 else None


def climb(ladder: Ladder, scores: dict[str, int | None]) -> tuple[str, str | None]:
    """Position and focus: climb from the lowest rung while the bridge up is crossed."""
    up = {b["from"]: b for b in ladder["bridges"] if b["direction"] == "up"}
    position = ladder["rungs"][0]["id"]
    while position in up:
        s = scores[up[position]["id"]]
        if s is None or s < ladder["pass_mark"]:
            return position, up[position]["id"]
        position = up[position]["to"]
    return position, None


def score(ladder: Ladder, answers: Answers) -> Result:
    """The result object, ladder-result/1 (content/reference/scoring.md), for valid answers."""
    answers = answers or {}
    tally = bridge_tally(ladder, answers)
    scores = {bid: _score(t["earned"], t["possible"]) for bid, t in tally.items()}
    position, focus = climb(ladder, scores)
    total_earned = sum(t["earned"] for t in tally.values())
    total_possible = sum(t["possible"] for t in tally.values())
    questions = {q["id"]: q for b in ladder["bridges"] for q in b["questions"]}

    def lookup(kind: str, ref: str) -> Value | None:
        if kind == "bridge":
            return scores.get(ref)
        if not _answered(answers, ref):
            return None
        return value(questions[ref], answers[ref])

    return {
        "format": RESULT_FORMAT,
        "ladder": ladder["id"],
        "overall": _score(total_earned, total_possible),
        "position": position,
        "focus": focus,
        "risks": [
            b["id"]
            for b in ladder["bridges"]
            if b["direction"] == "down" and (s := scores[b["id"]]) is not None and s < ladder["pass_mark"]
        ],
        "flags": [f["id"] for f in ladder["flags"] if holds(f["when"], lookup)],
        "answered": sum(t["answered"] for t in tally.values()),
        "questions": len(questions),
        "bridges": {
            bid: {
                "score": scores[bid],
                "band": band_of(ladder, scores[bid]),
                "answered": t["answered"],
                "questions": t["questions"],
            }
            for bid, t in tally.items()
        },
    }


def classify(ladder: Ladder, record: CustomerRecord) -> str:
    """The rung of one customer record: the first classifier rule that holds."""
    record = record or {}

    def lookup(kind: str, ref: str) -> Value | None:
        got = record.get(ref)
        return got if (isinstance(got, bool) or _is_number(got)) else None

    classifier = ladder["classifier"]
    assert classifier is not None, "classify is called only for a ladder with a classifier"
    for rule in classifier["rules"]:
        if rule["when"] is None or holds(rule["when"], lookup):
            return rule["rung"]
    return classifier["rules"][-1]["rung"]  # unreachable: validation makes the last rule unconditional


# --- answers -----------------------------------------------------------------------


def _fmt(v: object) -> str:
    """A value as JSON shows it, identically in both engines."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, str):
        return '"' + (v if len(v) <= 40 else v[:40] + "…") + '"'
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _num(v)
    if isinstance(v, list):
        return "a list"
    return "an object"


def _num(v: float) -> str:
    """Numbers in messages, spelled the same by both engines."""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    if 1e-4 <= abs(v) < 1e15:
        return repr(float(v))
    mantissa, exponent = f"{float(v):.6e}".split("e")
    return f"{mantissa}e{int(exponent):+d}"


def answer_problem(question: Question, answer: Answer) -> str | None:
    """Why an answer is not acceptable for this question, or None if it is."""
    kind = question["type"]
    if kind == "scale":
        n = len(question["choices"])
        if not _is_whole(answer) or not 0 <= answer < n:
            return f"expected an option number from 0 to {n - 1}, got {_fmt(answer)}"
    elif kind == "yesno":
        if not isinstance(answer, bool):
            return f"expected true or false, got {_fmt(answer)}"
    elif kind == "number":
        if not _is_number(answer):
            return f"expected a number, got {_fmt(answer)}"
        lo, hi = question["min"], question["max"]
        if (lo is not None and answer < lo) or (hi is not None and answer > hi):
            bounds = f"from {_num(lo) if lo is not None else '…'} to {_num(hi) if hi is not None else '…'}"
            return f"{_num(answer)} is outside the allowed range {bounds}"
    else:
        n = len(question["options"])
        if not isinstance(answer, list):
            return f"expected a list of option numbers, got {_fmt(answer)}"
        if len(answer) > max(n, MAX_CHECKLIST):
            return f"expected at most {n} option numbers, got {len(answer)}"
        for item in answer:
            if not _is_whole(item) or not 0 <= item < n:
                return f"expected option numbers from 0 to {n - 1}, got {_fmt(item)}"
        if len(set(int(i) for i in answer)) != len(answer):
            return "an option is ticked twice"
    return None


def validate_answers(ladder: Ladder, answers: object) -> list[Problem]:
    """Problems with an `answers` object, each {"question": id, "message": text}, in a stable order."""
    if not isinstance(answers, dict):
        return [{"question": "", "message": f"answers must be an object of question ids, got {_fmt(answers)}"}]
    questions = {q["id"]: q for b in ladder["bridges"] for q in b["questions"]}
    problems: list[Problem] = []
    for qid in sorted(answers):
        answer = answers[qid]
        if qid not in questions:
            problems.append({"question": qid, "message": f"no question '{_short(qid)}' in ladder '{ladder['id']}'"})
        elif answer is not None:
            why = answer_problem(questions[qid], answer)
            if why:
                problems.append({"question": qid, "message": why})
    return problems


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def clean_answers(ladder: Ladder, answers: Answers) -> Answers:
    """Keep the acceptable answers: what the browser does with a partly bad set."""
    bad = {p["question"] for p in validate_answers(ladder, answers)}
    return {k: v for k, v in answers.items() if k not in bad and v is not None}
