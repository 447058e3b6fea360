"""Advice for ladder authors: a valid ladder that is likely wrong.

`ladderkit check` prints these as warnings (`FILE:LINE: key.path: warning: …`, exit 0;
`--strict` makes them errors). Each names what a client would see and how to fix it. The
checks run the real scoring rules (scoring.py) on the ladder, so they cannot disagree with
what the site does:

- the pass mark falls inside a band, so one label covers crossed and uncrossed bridges;
- a weight that makes an item count for less than an unweighted item of another type;
- a number question's threshold that an earlier one always catches first;
- a flag that holds on an empty audit, holds always, or never held in any sampled audit;
- a classifier rule that an earlier rule always catches first.

"Never" is judged on audits built from every threshold's edges and every option plus a fixed
random sample, so the same ladder always gets the same advice.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

from generator.errors import LadderError
from generator.ladder.normalised import Bridge, Question, Rule, Threshold
from generator.ladder.yamlio import Loaded
from generator.scoring.scoring import Value, holds, score
from generator.scoring.types import Answer, Answers, CustomerRecord, Ladder
from generator.vocab import KeyPath

SAMPLES = 400  # random audits per ladder, besides the systematic ones
SEED = 20261129

Warn = Callable[[KeyPath, str], None]  # warn(key path, message)


def advise(loaded: Loaded, ladder: Ladder) -> list[LadderError]:
    """Warnings for the normalised `ladder` (from `to_dict`); `loaded` gives their lines."""
    out: list[LadderError] = []

    def warn(path: KeyPath, message: str) -> None:
        dotted = ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
        out.append(LadderError(loaded.file, loaded.line(path), dotted, f"warning: {message}"))

    _bands(ladder, loaded, warn)
    for b_index, bridge in enumerate(ladder["bridges"]):
        _weights(bridge, b_index, warn)
        for q_index, q in enumerate(bridge["questions"]):
            if q["type"] == "number":
                _thresholds(q, ("bridges", b_index, "questions", q_index), warn)
    _flags(ladder, warn)
    if ladder.get("classifier"):
        _rules(ladder, warn)
    return out


# --- bands, points, weights, thresholds --------------------------------------------------------


def _bands(ladder: Ladder, loaded: Loaded, warn: Warn) -> None:
    bands = sorted(ladder["bands"], key=lambda b: b["min"])
    mark = ladder["pass_mark"]
    inside = max((b for b in bands if b["min"] <= mark), key=lambda b: b["min"], default=None)
    if inside is None or inside["min"] == mark:
        return
    above = [b["min"] for b in bands if b["min"] > mark]
    top = (above[0] - 1) if above else 100
    where = ("pass_mark",) if ("pass_mark",) in loaded.lines else ("bands",)
    warn(
        where,
        f"the pass mark ({mark}) falls inside the band '{inside['label']}' ({inside['min']}–{top}): "
        f"a bridge scoring {mark}–{top} counts as crossed and one scoring {inside['min']}–{mark - 1} does "
        f"not, yet both read '{inside['label']}'; start a band at {mark}, or set pass_mark to "
        f"{inside['min']}{f' or {top + 1}' if above else ''}",
    )


def _weights(bridge: Bridge, b_index: int, warn: Warn) -> None:
    # (A bridge whose questions can earn no points is already an error: validation refuses
    # scales and thresholds worth nothing.)
    questions = bridge["questions"]
    plain = [q for q in questions if q["weight"] == 1 and q["max_points"] > 0]
    for q_index, q in enumerate(questions):
        if q["weight"] <= 1:
            continue
        bigger = [p for p in plain if p["type"] != q["type"] and p["max_points"] > q["weight"] * q["max_points"]]
        if bigger:
            other = max(bigger, key=lambda p: p["max_points"])
            warn(
                ("bridges", b_index, "questions", q_index, "weight"),
                f"weighted ×{q['weight']}, '{q['id']}' ({_kind(q)}) can earn {q['weight'] * q['max_points']} "
                f"points, fewer than the unweighted '{other['id']}' ({_kind(other)}, {other['max_points']} points) "
                f"on the same bridge: a weight multiplies points, and a {_kind(q)} answer earns at most "
                f"{q['max_points']}; raise the weight to at least {-(-other['max_points'] // q['max_points'])} "
                f"or drop it",
            )


def _kind(q: Question) -> str:
    return {"yesno": "yes/no", "scale": "scale", "number": "number", "checklist": "checklist"}[q["type"]]


def _edges(values: Iterable[float]) -> list[float]:
    out: set[float] = set()
    for v in values:
        out.update((v - 1, v - 0.5, v, v + 0.5, v + 1))
    return sorted(out)


def _range(q: Question) -> tuple[float, float]:
    """A number question's allowed range (min and max are optional)."""
    low, high = q.get("min"), q.get("max")
    return (float("-inf") if low is None else low), (float("inf") if high is None else high)


def _bound(t: Threshold) -> float:
    """A threshold's number (validation requires exactly one of at_least and at_most)."""
    return t["at_least"] if "at_least" in t else t["at_most"]


def _numbers(q: Question) -> list[float]:
    """The values where a number question's points can change: every threshold's edges."""
    low, high = _range(q)
    xs = [x for x in _edges([_bound(t) for t in q["thresholds"]] + [0]) if low <= x <= high]
    return xs + [x for x in (low, high) if x not in (float("-inf"), float("inf"))]


def _thresholds(q: Question, path: KeyPath, warn: Warn) -> None:
    entries = q["thresholds"]
    xs = _numbers(q)

    def matches(t: Threshold, x: float) -> bool:
        return ("at_least" in t and x >= t["at_least"]) or ("at_most" in t and x <= t["at_most"])

    for i, t in enumerate(entries):
        if not any(matches(t, x) and not any(matches(e, x) for e in entries[:i]) for x in xs):
            edge, bound = ("at_least", t["at_least"]) if "at_least" in t else ("at_most", t["at_most"])
            warn(
                path + ("thresholds", i),
                f"this threshold ({edge} {bound}) is never used: an earlier one "
                "always matches first (the first match counts); order them from "
                "the strictest to the loosest",
            )


# --- flags and classifier rules: judged on sampled audits and customers -------------------------


def _answer_sets(ladder: Ladder) -> list[Answers]:
    questions = [q for b in ladder["bridges"] for q in b["questions"]]
    rng = random.Random(SEED)

    def options(q: Question) -> list[Answer]:
        if q["type"] == "scale":
            return list(range(len(q["choices"])))
        if q["type"] == "yesno":
            return [True, False]
        if q["type"] == "number":
            return _numbers(q) or [0]
        n = len(q["options"])
        return [[], list(range(n))] + [sorted(rng.sample(range(n), k)) for k in range(1, n)]

    choices = {q["id"]: options(q) for q in questions}
    sets: list[Answers] = [{}]
    width = max((len(c) for c in choices.values()), default=0)
    for i in range(width):  # every question at its i-th option (the edges, row by row)
        sets.append({qid: c[min(i, len(c) - 1)] for qid, c in choices.items()})
    for q in questions:  # each question alone, at each of its options
        sets += [{q["id"]: c} for c in choices[q["id"]]]
    for _ in range(SAMPLES):  # partly answered audits
        sets.append({qid: rng.choice(c) for qid, c in choices.items() if rng.random() < 0.8})
    return sets


def _flags(ladder: Ladder, warn: Warn) -> None:
    if not ladder["flags"]:
        return
    sets = _answer_sets(ladder)
    fired = [set(score(ladder, answers)["flags"]) for answers in sets]
    for i, flag in enumerate(ladder["flags"]):
        path = ("flags", i, "when")
        if flag["id"] in fired[0]:
            warn(
                path,
                f"'{flag['id']}' holds on an empty audit, so a client sees it before answering anything; "
                "make it depend on an answer (a missing answer never matches a comparison, but `not` and "
                "`count … lt` do)",
            )
        elif all(flag["id"] in f for f in fired[1:]):
            warn(
                path,
                f"'{flag['id']}' held in every one of {len(sets)} sampled audits, so it says nothing; "
                "check its comparison",
            )
        elif not any(flag["id"] in f for f in fired):
            warn(
                path,
                f"'{flag['id']}' never held in {len(sets)} sampled audits (every option and threshold edge); "
                "check its comparison and the values it expects",
            )


def _records(ladder: Ladder) -> list[CustomerRecord]:
    classifier = ladder["classifier"]
    assert classifier is not None  # called for ladders with a classifier only
    fields = classifier["fields"]
    numbers = _edges(_rule_values(classifier["rules"]) + [0])
    rng = random.Random(SEED)
    records: list[CustomerRecord] = [{}]
    for _ in range(SAMPLES):
        records.append(
            {
                f["id"]: (rng.choice([True, False]) if f["type"] == "yesno" else rng.choice(numbers))
                for f in fields
                if rng.random() < 0.9
            }
        )
    for f in fields:
        for v in [True, False] if f["type"] == "yesno" else numbers:
            record: CustomerRecord = {g["id"]: (True if g["type"] == "yesno" else max(numbers)) for g in fields}
            record[f["id"]] = v
            records.append(record)
    return records


def _rule_values(rules: Iterable[Rule]) -> list[float]:
    out: list[float] = []

    def walk(cond: object) -> None:
        if not isinstance(cond, dict):
            return
        if isinstance(cond.get("value"), (int, float)) and not isinstance(cond.get("value"), bool):
            out.append(cond["value"])
        for key in ("all", "any"):
            for c in cond.get(key) or ():
                walk(c)
        walk(cond.get("not"))

    for rule in rules:
        walk(rule.get("when"))
    return out


def _rules(ladder: Ladder, warn: Warn) -> None:
    classifier = ladder["classifier"]
    assert classifier is not None  # called for ladders with a classifier only
    rules = classifier["rules"]
    first: set[int] = set()
    for record in _records(ladder):

        def lookup(kind: str, ref: str, record: CustomerRecord = record) -> Value | None:
            got = record.get(ref)
            return got if isinstance(got, (bool, int, float)) else None

        for i, rule in enumerate(rules):
            if rule["when"] is None or holds(rule["when"], lookup):
                first.add(i)
                break
    for i, rule in enumerate(rules):
        if i not in first and i < len(rules) - 1:
            warn(
                ("classifier", "rules", i),
                f"no customer in {SAMPLES}+ sampled records reaches this rule "
                f"(rung '{rule['rung']}'): an earlier rule always matches first; "
                "put the stricter rule before the looser one",
            )
