"""`ladderkit score --explain`: how each number of a result came about, for a person.

Pure: takes the normalised ladder, the answers and the result, returns text. Uses the
same rule functions as the scorer, so the explanation cannot disagree with the score.
"""

from __future__ import annotations

from generator.scoring.scoring import Lookup, Value, bridge_tally, holds, points, value
from generator.scoring.types import Answer, Answers, Condition, Ladder, Question, Result
from generator.scoring.wording import quantity


def _answer_text(q: Question, answer: Answer) -> str:
    if q["type"] == "scale":
        return f"{q['choices'][int(answer)]['label']}"
    if q["type"] == "yesno":
        return "yes" if answer else "no"
    if q["type"] == "number":
        return quantity(answer, q.get("unit") or "")
    return f"{len(answer)} of {len(q['options'])} ticked"


def _describe(cond: Condition, lookup: Lookup) -> str:
    if "all" in cond:
        return "all of (" + "; ".join(_describe(c, lookup) for c in cond["all"]) + ")"
    if "any" in cond:
        return "any of (" + "; ".join(_describe(c, lookup) for c in cond["any"]) + ")"
    if "not" in cond:
        return "not (" + _describe(cond["not"], lookup) + ")"
    ops = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}
    want = str(cond["value"]).lower() if isinstance(cond["value"], bool) else f"{cond['value']:g}"
    if "count" in cond:
        count = sum(1 for ref in cond["count"] if lookup("count", ref) is True)
        return f"count of yes among {', '.join(cond['count'])} {ops[cond['op']]} {want} (it is {count})"
    kind = next(k for k in ("question", "bridge", "field") if k in cond)
    got = lookup(kind, cond[kind])
    shown = "unanswered" if got is None else (str(got).lower() if isinstance(got, bool) else f"{got:g}")
    return f"{kind} {cond[kind]} {ops[cond['op']]} {want} (it is {shown})"


def explain(ladder: Ladder, answers: Answers, result: Result) -> str:
    lines = [f"{ladder['title']} — how this result was worked out", ""]
    tally = bridge_tally(ladder, answers)
    for b in ladder["bridges"]:
        r, t = result["bridges"][b["id"]], tally[b["id"]]
        arrow = "up" if b["direction"] == "up" else "down"
        lines.append(f"{b['name']} ({b['from']} → {b['to']}, {arrow}): {t['answered']} of {t['questions']} answered")
        for q in b["questions"]:
            if answers.get(q["id"]) is None:
                lines.append(f"  - {q['id']}: unanswered (not counted)")
                continue
            got = points(q, answers[q["id"]])
            rev = ", reversed" if q.get("reverse") else ""
            lines.append(
                f"  - {q['id']}: {_answer_text(q, answers[q['id']])} → {got} of {q['max_points']} points{rev}"
                f" × weight {q['weight']} = {q['weight'] * got} of {q['weight'] * q['max_points']}"
            )
        if r["score"] is None:
            lines.append("  score: none — no answered question can earn points, so this bridge is unscored")
        else:
            lines.append(
                f"  score: {t['earned']} of {t['possible']} earned → 100 × {t['earned']} / {t['possible']} "
                f"rounded half up = {r['score']} → band {r['band']}"
            )
        lines.append("")
    earned = sum(t["earned"] for t in tally.values())
    possible = sum(t["possible"] for t in tally.values())
    if result["overall"] is None:
        lines.append("Overall: none — nothing answered yet")
    else:
        lines.append(f"Overall: {earned} of {possible} points across every answered question = {result['overall']}")
    bands = ", ".join(f"{b['label']} from {b['min']}" for b in sorted(ladder["bands"], key=lambda b: -b["min"]))
    lines += [f"Bands: {bands}. A bridge's band is the one with the highest minimum not above its score.", ""]
    lines.append(
        f"Position: the climb starts on {ladder['rungs'][0]['name']}; a bridge scoring at least "
        f"{ladder['pass_mark']} (the pass mark) is crossed."
    )
    up = {b["from"]: b for b in ladder["bridges"] if b["direction"] == "up"}
    rung = ladder["rungs"][0]["id"]
    names = {r["id"]: r["name"] for r in ladder["rungs"]}
    while rung in up:
        b = up[rung]
        s = result["bridges"][b["id"]]["score"]
        if s is None:
            lines.append(f"  - {b['name']} is unscored, so the climb stops on {names[rung]}")
            break
        if s < ladder["pass_mark"]:
            lines.append(
                f"  - {b['name']} scores {s}, below {ladder['pass_mark']}, so the climb stops on {names[rung]}"
            )
            break
        lines.append(f"  - {b['name']} scores {s} ≥ {ladder['pass_mark']}: crossed to {names[b['to']]}")
        rung = b["to"]
    else:
        lines.append(f"  - no bridge leads up from {names[rung]}: this is the top")
    focus = result["focus"]
    lines.append(
        f"Focus: {next(b['name'] for b in ladder['bridges'] if b['id'] == focus)}"
        if focus
        else "Focus: none — at the top"
    )
    downs = [b for b in ladder["bridges"] if b["direction"] == "down"]
    if downs:
        lines.append("Risks (downward bridges scored below the pass mark):")
        for b in downs:
            s = result["bridges"][b["id"]]["score"]
            verdict = (
                "unscored"
                if s is None
                else (f"{s} < {ladder['pass_mark']}: a risk" if s < ladder["pass_mark"] else f"{s}: guarded")
            )
            lines.append(f"  - {b['name']}: {verdict}")
    questions = {q["id"]: q for b in ladder["bridges"] for q in b["questions"]}

    def lookup(kind: str, ref: str) -> Value | None:
        if kind == "bridge":
            bridge = result["bridges"].get(ref)
            return bridge["score"] if bridge else None
        if answers.get(ref) is None:
            return None
        return value(questions[ref], answers[ref])

    if ladder["flags"]:
        lines.append("Flags:")
        for f in ladder["flags"]:
            raised = holds(f["when"], lookup)
            lines.append(f"  - {f['id']}: {'RAISED' if raised else 'not raised'} — {_describe(f['when'], lookup)}")
            if raised:
                lines.append(f"    {f['message']}")
    return "\n".join(lines) + "\n"
