"""How a result is read out to a client: what each score rests on, which scores are
provisional, and the sentences that say why the position is what it is.

The browser mirrors this in reading.mjs (shared vectors in tests/vectors/reading/), and the
PDF report (generator/print/report.py) uses it, so the page and `ladderkit report` say the
same thing. Pure: takes the normalised ladder and a ladder-result/1, returns plain text
and flags (callers escape). Nothing here changes a number: it only decides how to show it.

- A score resting on fewer than half of its questions is provisional: it is shown with
  its number but never with a plain band.
- Before any answer there is no position, no focus, no risk and no warning to show.
- A downward bridge is drawn as a risk only when the result lists it as one.
"""

from __future__ import annotations

from typing import TypedDict

from generator.i18n import Messages, messages
from generator.ladder.normalised import Bridge
from generator.scoring.scoring import band_of
from generator.scoring.types import Ladder, Result
from generator.scoring.wording import bridge_ref, standing


class ShownScore(TypedDict):
    provisional: bool
    basis: str  # "based on 3 of 8 answers"
    shown: str  # "not yet scored", "62 out of 100 — Building"


class ShownBridge(ShownScore):
    risk: bool


class ShownOverall(ShownScore):
    band: str | None


class Reading(TypedDict):
    """What `read_result` gives the results view and the report."""

    started: bool
    overall: ShownOverall
    bridges: dict[str, ShownBridge]
    position: str | None
    focus: str | None
    reason: str
    risks: list[str]
    flags: list[str]


def provisional(answered: int, questions: int) -> bool:
    return answered > 0 and 2 * answered < questions


def basis(answered: int, questions: int, m: Messages | None = None) -> str:
    m = m or messages()
    return m.ngettext(
        "based on {answered} of {n} answer", "based on {answered} of {n} answers", questions, answered=answered
    )


def the(name: str) -> str:
    """A bridge name after a preposition: wording's one rule ("the Buying bridge", "the snake")."""
    return bridge_ref(name)


def _shown(score: int | None, band: str | None, is_provisional: bool, m: Messages) -> str:
    if score is None:
        return m.gettext("not scored yet")
    return m.gettext("{score} — provisional", score=score) if is_provisional else f"{score} — {band}"


def position_sentence(ladder: Ladder, result: Result, m: Messages | None = None) -> str:
    """Why the position is what it is: the one place this sentence is built."""
    m = m or messages()
    sentences = [_why(ladder, result, m)]
    if any(_rests_on_little(result, b) for b in _climbed(ladder, result)):
        sentences.append(
            m.gettext("This is provisional: a bridge it rests on has fewer than half of its questions answered.")
        )
    return " ".join(sentences)


def _climbed(ladder: Ladder, result: Result) -> list[Bridge]:
    """The upward bridges the climb crossed, and the one it stopped at."""
    up = {b["from"]: b for b in ladder["bridges"] if b["direction"] == "up"}
    out, rung = [], ladder["rungs"][0]["id"]
    while rung in up:
        out.append(up[rung])
        if up[rung]["id"] == result["focus"]:
            break
        rung = up[rung]["to"]
    return out


def _rests_on_little(result: Result, bridge: Bridge) -> bool:
    s = result["bridges"][bridge["id"]]
    return s["score"] is not None and provisional(s["answered"], s["questions"])


def _why(ladder: Ladder, result: Result, m: Messages) -> str:
    """wording.standing (how far the ladder carries customers), and the pass mark it stops under."""
    s = result["bridges"][result["focus"]] if result["focus"] is not None else None
    said = standing(ladder, result, m)
    if s and s["score"] is not None:
        said += " " + m.gettext("That is under the pass mark of {pass_mark}.", pass_mark=ladder["pass_mark"])
    return said


def change(now: int | None, then: int | None) -> str:
    """A score's change since an earlier attempt: "+7", "−3", "±0"; "" when either is unscored."""
    if now is None or then is None:
        return ""
    return f"{'+' if now > then else '−' if now < then else '±'}{abs(now - then)}"


def read_result(ladder: Ladder, result: Result, m: Messages | None = None) -> Reading:
    """Everything the results view and the report show beside the numbers, in `m`'s language."""
    m = m or messages()
    started = result["answered"] > 0
    bridges: dict[str, ShownBridge] = {}
    for b in ladder["bridges"]:
        s = result["bridges"][b["id"]]
        prov = s["score"] is not None and provisional(s["answered"], s["questions"])
        bridges[b["id"]] = {
            "provisional": prov,
            "basis": basis(s["answered"], s["questions"], m),
            "shown": _shown(s["score"], s["band"], prov, m),
            "risk": b["id"] in result["risks"],
        }
    overall_band = band_of(ladder, result["overall"])
    prov = result["overall"] is not None and provisional(result["answered"], result["questions"])
    return {
        "started": started,
        "overall": {
            "band": overall_band,
            "provisional": prov,
            "basis": basis(result["answered"], result["questions"], m),
            "shown": (
                m.gettext("not yet scored")
                if result["overall"] is None
                else m.gettext("{score} out of 100 — provisional", score=result["overall"])
                if prov
                else m.gettext("{score} out of 100 — {band}", score=result["overall"], band=overall_band)
            ),
        },
        "bridges": bridges,
        "position": result["position"] if started else None,
        "focus": result["focus"] if started else None,
        "reason": position_sentence(ladder, result, m) if started else "",
        "risks": result["risks"] if started else [],
        "flags": result["flags"] if started else [],
    }
