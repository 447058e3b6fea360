"""The hand-scoring key and the classifier's rules in words: pure functions of the model.

Everything here restates the scoring rules (content/reference/scoring.md) for people
with a pencil, so the printed key gives exactly the points and scores of `generator.scoring.scoring` (a test checks
every possible answer of every shipped ladder against `scoring.points`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TypedDict

from generator.i18n import Messages, messages
from generator.ladder.model import Bridge, Field, Ladder, Question
from generator.ladder.normalised import Condition
from generator.scoring.scoring import round_half_up
from generator.scoring.wording import quantity


class WorkedExample(TypedDict):
    earned: int
    possible: int
    exact: str  # the unrounded score as printed: "62.5" or "61.54…" ("62,5" in Spanish)
    score: int


class BandRow(TypedDict):
    min: int
    max: int
    label: str
    advice: str


OPS = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}


def key_rows(q: Question, m: Messages | None = None) -> list[tuple[str, int]]:
    """The hand-scoring key of one question: (answer, points before weight), exactly the rules',
    written in `m`'s language (English by default)."""
    m = m or messages()
    if q.type == "scale":
        top = q.max_points
        return [(c.label, top - c.points if q.reverse else c.points) for c in q.choices]
    if q.type == "yesno":
        return [(m.gettext("Yes"), 0 if q.reverse else 1), (m.gettext("No"), 1 if q.reverse else 0)]
    if q.type == "number":
        rows = [
            (
                m.gettext("at least {n}", n=quantity(t.value, q.unit, m))
                if t.kind == "at_least"
                else m.gettext("at most {n}", n=quantity(t.value, q.unit, m)),
                t.points,
            )
            for t in q.thresholds
        ]
        return rows + [(m.gettext("anything else"), 0)]
    if q.reverse:
        return [(m.gettext("each box left empty"), 1)]
    return [(m.gettext("each box ticked"), 1)]


def possible(bridge: Bridge) -> int:
    """A bridge's possible total when every question is answered."""
    return sum(q.weight * q.max_points for q in bridge.questions)


def worked_example(ladder: Ladder, m: Messages | None = None) -> WorkedExample | None:
    """A line showing the rounding rule on real numbers, preferring a case that ends in exactly .5."""
    totals = sorted({possible(b) for b in ladder.bridges if b.questions})
    cases = sorted(((e, p) for p in totals for e in range(1, p)), key=lambda c: abs(c[0] / c[1] - 0.6))
    if not cases:
        return None
    earned, total = next(((e, p) for e, p in cases if (200 * e) % (2 * p) == p), None) or next(
        ((e, p) for e, p in cases if (100 * e) % p), cases[0]
    )
    exact = Fraction(100 * earned, total)
    m = m or messages()
    shown = m.number(float(exact), 2) + ("" if (exact * 100).denominator == 1 else "…")
    return {"earned": earned, "possible": total, "exact": shown, "score": round_half_up(100 * earned, total)}


def band_rows(ladder: Ladder) -> list[BandRow]:
    """Bands from the highest, each with the score range it covers."""
    bands = sorted(ladder.bands, key=lambda b: -b.min)
    tops = [100] + [b.min - 1 for b in bands[:-1]]
    return [
        {"min": b.min, "max": top, "label": b.label, "advice": b.advice} for b, top in zip(bands, tops, strict=True)
    ]


def label_map(fields: Iterable[Field]) -> dict[str, str]:
    return {f.id: f.label for f in fields}


def condition_text(cond: Condition | None, names: Mapping[str, str], m: Messages | None = None) -> str:
    """A normalised condition in words, for the ranking grid's rules (in `m`'s language)."""
    m = m or messages()
    if cond is None:
        return m.gettext("otherwise")
    if "all" in cond:
        both = lambda a, b: m.gettext("{a} and {b}", a=a, b=b)  # noqa: E731
        return functools.reduce(both, (_paren(c, names, m) for c in cond["all"]))
    if "any" in cond:
        either = lambda a, b: m.gettext("{a} or {b}", a=a, b=b)  # noqa: E731
        return functools.reduce(either, (_paren(c, names, m) for c in cond["any"]))
    if "not" in cond:
        return m.gettext("not ({condition})", condition=condition_text(cond["not"], names, m))
    op, value = cond["op"], cond["value"]
    if "count" in cond:
        items = ", ".join(names.get(i, i) for i in cond["count"])
        return m.gettext("{count} of: {items}", count=_count_words(op, value, m), items=items)
    ref = cond.get("field") or cond.get("question") or cond.get("bridge") or ""
    label = names.get(ref, ref)
    if isinstance(value, bool):
        return (
            m.gettext("{label}: yes", label=label) if value == (op == "eq") else m.gettext("{label}: no", label=label)
        )
    return f"{label} {OPS[op]} {m.number(value, 6)}"


def _count_words(op: str, value: float, m: Messages) -> str:
    n = m.number(value, 6)
    if op == "eq":
        return m.gettext("exactly {n}", n=n)
    if op == "ne":
        return m.gettext("not exactly {n}", n=n)
    if op == "lt":
        return m.gettext("fewer than {n}", n=n)
    if op == "lte":
        return m.gettext("at most {n}", n=n)
    if op == "gt":
        return m.gettext("more than {n}", n=n)
    return m.gettext("at least {n}", n=n)


def _paren(cond: Condition, names: Mapping[str, str], m: Messages) -> str:
    text = condition_text(cond, names, m)
    return f"({text})" if ("all" in cond or "any" in cond) else text


def climb_order(ladder: Ladder) -> list[Bridge]:
    """The upward bridges in the order the climb meets them, from the lowest rung."""
    out: list[Bridge] = []
    seen: set[str] = set()
    here = ladder.rungs[0].id
    while here not in seen:
        seen.add(here)
        nxt = next((b for b in ladder.upward_bridges if b.from_ == here), None)
        if nxt is None:
            break
        out.append(nxt)
        here = nxt.to
    return out
