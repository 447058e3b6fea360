"""A room's answers at once: the group picture a facilitator shows in a debrief.

Pure: takes the normalised ladder and the files' names and bytes, returns the figures.
The group page (assets/group.js) applies exactly these rules in the browser, and a
browser test holds the two to identical figures:

- Files are taken in the order given. A file is skipped, with its reason, when it is not
  UTF-8 JSON, not an answers file, for another ladder, has answers that do not fit the
  ladder, or is a duplicate: the same participant `name` (or none) and the same answers as
  a file already counted. Duplicates are found by content, never by file name: every
  export is called `<ladder>-answers.json`, so two participants' files often share a name,
  while one file loaded twice, or saved again under another name, has the same content.
- Scores are recomputed from the answers; a `result` embedded in the file is ignored.
- Per bridge (and overall): mean = round_half_up(sum, n) over the participants for whom it
  is scored, and the lowest and highest score; null when nobody scored it.
- Rungs: how many participants stand on each. Focus and flags: how many participants have
  each, most common first, ties in ladder order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TypedDict, cast

from generator.errors import UserError
from generator.inputs.answers import BadJson, check_text, described, parse_json, too_big
from generator.inputs.numbers import shown
from generator.scoring.scoring import ANSWERS_FORMAT, round_half_up, score, validate_answers
from generator.scoring.types import AnswersFile, Ladder, Result

AGGREGATE_FORMAT = "ladder-aggregate/1"
MAX_FILES = 500


class Stats(TypedDict):
    """A bridge's (or the overall) scores across the participants; None when nobody scored it."""

    mean: int | None
    lowest: int | None
    highest: int | None
    scored: int


class Count(TypedDict):
    id: str
    count: int


class Included(TypedDict):
    file: str
    name: str


class Skipped(TypedDict):
    file: str
    reason: str


class Figures(TypedDict):
    """ladder-aggregate/1, what `aggregate` returns and the group page shows."""

    format: str
    ladder: str
    participants: int
    included: list[Included]
    skipped: list[Skipped]
    overall: Stats
    bridges: dict[str, Stats]
    rungs: dict[str, int]
    focus: list[Count]
    flags: list[Count]


def _canonical(value: object) -> object:
    """Answers as comparable text: 3.0 and 3 are the same answer, key order does not matter."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def read_participant(ladder: Ladder, data: bytes | str | None) -> tuple[AnswersFile | None, str]:
    """(answers document, "") or (None, why the file cannot be counted). `data` is the file's
    bytes, None when it cannot be read, or text saying why the caller did not read it.
    Read by the same reader and limits as `ladderkit score` (generator.inputs.answers)."""
    if data is None:
        return None, "the file cannot be read"
    if isinstance(data, str):
        return None, data
    why = too_big(len(data))
    if why:
        return None, why
    try:
        doc = parse_json(data)
    except BadJson as exc:
        return None, exc.short
    if not isinstance(doc, dict) or doc.get("format") != ANSWERS_FORMAT:
        return None, f"not an answers file (format {ANSWERS_FORMAT} expected)"
    if doc.get("ladder") != ladder["id"]:
        other = doc.get("ladder")
        return None, f"answers for another ladder ({shown(other) if isinstance(other, str) else described(other)})"
    if "name" in doc:
        try:
            check_text(doc["name"], "name")
        except UserError as exc:
            return None, str(exc)
    answers = doc.get("answers", {})
    problems = validate_answers(ladder, answers)
    if problems:
        first = problems[0]
        where = f"answers.{first['question']}" if first["question"] else "answers"
        return None, f"{where}: {first['message']}"
    # The checks above are answers.schema.json's for what aggregate reads: format, ladder,
    # name (text) and answers (fit the ladder); the rest of the file is not looked at.
    return cast(AnswersFile, doc), ""


def _stats(values: Sequence[int | None]) -> Stats:
    scored = [v for v in values if v is not None]
    if not scored:
        return {"mean": None, "lowest": None, "highest": None, "scored": 0}
    return {
        "mean": round_half_up(sum(scored), len(scored)),
        "lowest": min(scored),
        "highest": max(scored),
        "scored": len(scored),
    }


def _ranked(ids_in_order: Sequence[str], picks: Sequence[str | None]) -> list[Count]:
    """[{id, count}] for ids picked at least once: most common first, ties in ladder order."""
    counts: list[Count] = [{"id": i, "count": sum(1 for p in picks if p == i)} for i in ids_in_order]
    return sorted((c for c in counts if c["count"]), key=lambda c: -c["count"])  # sort is stable


def aggregate(ladder: Ladder, files: Sequence[tuple[str, bytes | str | None]]) -> Figures:
    """The group figures for `files` [(file name, content)], with every skipped file listed."""
    included: list[Included] = []
    skipped: list[Skipped] = []
    results: list[Result] = []
    seen: dict[str, str] = {}  # canonical participant name and answers -> file that had them first
    for name, data in files[:MAX_FILES]:
        doc, why = read_participant(ladder, data)
        if doc is None:
            skipped.append({"file": name, "reason": why})
            continue
        who = doc.get("name", "")  # text when given: read_participant checked it
        key = json.dumps([who, _canonical(doc.get("answers", {}))], sort_keys=True, separators=(",", ":"))
        if key in seen:
            same = "same name and answers" if who else "same answers"
            skipped.append({"file": name, "reason": f"duplicate: {same} as {seen[key]}"})
            continue
        seen[key] = name
        included.append({"file": name, "name": who})
        results.append(score(ladder, doc.get("answers", {})))
    for name, _ in files[MAX_FILES:]:
        skipped.append({"file": name, "reason": f"more than {MAX_FILES} files"})
    bridges = {b["id"]: _stats([r["bridges"][b["id"]]["score"] for r in results]) for b in ladder["bridges"]}
    return {
        "format": AGGREGATE_FORMAT,
        "ladder": ladder["id"],
        "participants": len(results),
        "included": included,
        "skipped": skipped,
        "overall": _stats([r["overall"] for r in results]),
        "bridges": bridges,
        "rungs": {r["id"]: sum(1 for x in results if x["position"] == r["id"]) for r in ladder["rungs"]},
        "focus": _ranked([b["id"] for b in ladder["bridges"]], [r["focus"] for r in results]),
        "flags": _ranked([f["id"] for f in ladder["flags"]], [f for r in results for f in r["flags"]]),
    }


def aggregate_csv(ladder: Ladder, figures: Figures) -> str:
    """One row per bridge, rung, focus bridge and flag; safe to open in a spreadsheet."""
    from generator.inputs.csvsafe import write_rows

    bridge_names = {b["id"]: b["name"] for b in ladder["bridges"]}
    rows: list[list[str | int | None]] = [
        [
            "overall",
            "",
            "Overall",
            figures["overall"]["mean"],
            figures["overall"]["lowest"],
            figures["overall"]["highest"],
            figures["overall"]["scored"],
        ]
    ]
    for b in ladder["bridges"]:
        s = figures["bridges"][b["id"]]
        rows.append(["bridge", b["id"], b["name"], s["mean"], s["lowest"], s["highest"], s["scored"]])
    for r in ladder["rungs"]:
        rows.append(["rung", r["id"], r["name"], None, None, None, figures["rungs"][r["id"]]])
    for f in figures["focus"]:
        rows.append(["focus", f["id"], bridge_names[f["id"]], None, None, None, f["count"]])
    messages = {f["id"]: f["message"] for f in ladder["flags"]}
    for f in figures["flags"]:
        rows.append(["flag", f["id"], messages[f["id"]], None, None, None, f["count"]])
    return write_rows(["section", "id", "name", "mean", "lowest", "highest", "count"], rows)


def aggregate_text(ladder: Ladder, figures: Figures) -> str:
    """The figures as a plain-text summary for the terminal."""

    def stat(s: Stats) -> str:
        return (
            "not scored"
            if s["mean"] is None
            else f"mean {s['mean']:>3}, lowest {s['lowest']:>3}, highest {s['highest']:>3} ({s['scored']} scored)"
        )

    lines = [
        f"{ladder['title']}: {figures['participants']} participant{'s' if figures['participants'] != 1 else ''}",
        "",
    ]
    width = max(len(b["name"]) for b in ladder["bridges"])
    lines.append(f"{'Overall':<{width}}  {stat(figures['overall'])}")
    lines += [f"{b['name']:<{width}}  {stat(figures['bridges'][b['id']])}" for b in ladder["bridges"]]
    lines += ["", "Participants on each rung:"]
    lines += [f"{figures['rungs'][r['id']]:>5}  {r['name']}" for r in reversed(ladder["rungs"])]
    names = {b["id"]: b["name"] for b in ladder["bridges"]}
    messages = {f["id"]: f["message"] for f in ladder["flags"]}
    lines += ["", "Focus bridges (most common first):"]
    lines += [f"{f['count']:>5}  {names[f['id']]}" for f in figures["focus"]] or ["    -  none"]
    # Every participant has one focus bridge except those at the top of the ladder.
    top = figures["participants"] - sum(f["count"] for f in figures["focus"])
    if top:
        lines.append(f"{top:>5}  no focus (at the top of the ladder)")
    lines += ["", "Warnings raised (most common first):"]
    lines += [f"{f['count']:>5}  {messages[f['id']]}" for f in figures["flags"]] or ["    -  none"]
    if figures["skipped"]:
        lines += ["", "Skipped files (not counted):"]
        lines += [f"  {s['file']}: {s['reason']}" for s in figures["skipped"]]
    return "\n".join(lines) + "\n"
