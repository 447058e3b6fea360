"""Sentences the toolkit writes around a coach's names: articles, plurals, the standing.

A coach names bridges freely — "Awareness bridge", "The snake", "Qualify", "A business
within the business" — so "the {name}" can read "the The snake" or "the Qualify". Every
sentence that puts a bridge name, a count or the result's position into prose goes
through here; generator/scoring/wording.mjs mirrors it for the browser and
tests/vectors/wording.json holds the cases both must agree on.

The English rules (articles, "bridge", singular units) apply to English only: given the
Messages of another language (`m`), a sentence comes whole from the catalogue and the coach's
name and unit are used as written.
"""

from __future__ import annotations

import re

from generator.i18n import Messages, messages
from generator.scoring.types import Ladder, Result

_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)
_BRIDGE_WORD = re.compile(r"\bbridge\b", re.I)
_TAIL = re.compile(r"^(.*?)(\s+(?:a|an|per|each|of)\b.*)?$", re.S)
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}


def _english(m: Messages | None) -> bool:
    return m is None or m.lang.split("-")[0] == "en"


def bridge_ref(name: str, m: Messages | None = None) -> str:
    """A bridge named inside a sentence: 'the Awareness bridge', 'the snake', 'the “Qualify” bridge'.
    In another language: the name as written when it already says it is a bridge (the
    catalogue's word for one), else the catalogue's 'the “{name}” bridge' ('el puente «Compra»')."""
    name = name.strip()
    if m is not None and not _english(m):
        # Written out, not held in constants, so that the extractor finds them (the PDFs print
        # them; wording.mjs's say() is not an extractor keyword).
        # Translators: the common noun, lower case; a bridge name holding it is used as written.
        word = m.gettext("bridge")
        if re.search(rf"\b{re.escape(word)}\b", name, re.I):
            return name
        return m.gettext("the “{name}” bridge", name=name)
    match = _ARTICLE.match(name)
    if match and match.group(1).lower() == "the":
        return "the " + name[match.end() :]
    if _BRIDGE_WORD.search(name) and not match:
        return "the " + name
    return f"the “{name}” bridge"


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|\*|`")


def plain_text(markdown: str) -> str:
    """A coach's one-paragraph Markdown (a ladder's source) as plain text, for places that
    print it without a Markdown renderer (the report): links keep their text, emphasis
    marks go, runs of white space become one space."""
    return " ".join(_EMPHASIS.sub("", _LINK.sub(r"\1", markdown)).split())


def sentence_start(text: str) -> str:
    """Capitalise the first letter (for a bridge_ref that opens a sentence)."""
    return text[:1].upper() + text[1:]


def _singular(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 2:
        return word[:-1]
    return word


def quantity(n: float | int, unit: str, m: Messages | None = None) -> str:
    """'1 event a month', '2 events a month', '1 working hour', '50 %' -> '50%', '3 of 10'.
    With `m` (a PDF), the number is written in its language ("2,5" in Spanish)."""
    # as a browser prints a number: 2.0 is "2", 2.5 is "2.5"
    number = str(int(n)) if float(n).is_integer() else repr(float(n))
    if m is not None:
        number = m.number(n, 6)
    unit = unit.strip()
    if not unit:
        return number
    if unit == "%":
        return number + "%"
    if n == 1 and _english(m):
        match = _TAIL.match(unit)
        assert match is not None  # the pattern matches any text
        head, tail = match.groups()
        words = head.split(" ") if head else []
        if words and not _ARTICLE.match(head + " ") and words[0] not in ("of", "per"):
            words[-1] = _singular(words[-1])
            unit = " ".join(words) + (tail or "")
    return f"{number} {unit}"


def standing(ladder: Ladder, result: Result, m: Messages | None = None) -> str:
    """Where the business's ladder stops, as a client reads it: the result's position is a
    rung named after customers, so it is told as how far the ladder carries them, never
    as "your position: Suspect". `ladder` is the exported ladder (generator.ladder.model.to_dict),
    `result` a ladder-result/1; `m` the language (English by default)."""
    rungs, bridges = ladder["rungs"], ladder["bridges"]
    rung = {r["id"]: r["name"] for r in rungs}
    position = rung[result["position"]]
    focus = next((b for b in bridges if b["id"] == result["focus"]), None)
    m = m or messages()
    if focus is None:
        return m.gettext("Your ladder carries customers all the way to {rung}.", rung=position)
    score = result["bridges"][focus["id"]]["score"]
    bridge = bridge_ref(focus["name"], m)
    if result["position"] == rungs[0]["id"]:
        if score is None:
            return m.gettext(
                "Customers get stuck before {rung}; {bridge} is not scored yet.", rung=rung[focus["to"]], bridge=bridge
            )
        return m.gettext(
            "Customers get stuck before {rung}: {bridge}, at {score}, is where they stop.",
            rung=rung[focus["to"]],
            bridge=bridge,
            score=score,
        )
    if score is None:
        return m.gettext(
            "Your ladder carries customers up to {rung}; {bridge} is not scored yet.", rung=position, bridge=bridge
        )
    return m.gettext(
        "Your ladder carries customers up to {rung}: {bridge}, at {score}, is where they stop.",
        rung=position,
        bridge=bridge,
        score=score,
    )
