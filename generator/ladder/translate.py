"""Ladders in more than one language: the `translations:` of a ladder file (spec.TRANSLATION),
checked against the ladder and applied to it (content/reference/ladder-file.md, Translations).

A translation replaces text only. Ids, weights, points, thresholds, conditions and the pass
mark are the ladder's own in every language, so an answers file scores the same whichever
language it was made in. Text a translation leaves out is shown in the ladder's own language.

Every translatable text of a ladder is one `Unit`: where it sits in the ladder file
(`bridges[1].questions[2].text`) and where its translation sits under `translations.<tag>`
(`bridges.buying.questions.q3.text`). One list of units serves the check (ids that name
nothing, lists longer than the ladder's), the warnings (text not yet translated) and the
localised ladder, so the three cannot disagree.
Pure: no file I/O.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import LadderError
from generator.ladder import spec
from generator.ladder.model import Ladder, Validated, build
from generator.ladder.yamlio import Loaded
from generator.vocab import Checker, KeyPath, List, MapOf, Node, Obj, Text, did_you_mean, dotted

# Text of the ladder file that stays as it is in every language, and why. A text key added
# to spec.LADDER must be translatable (spec.TRANSLATION) or listed here: a test checks it.
NOT_TRANSLATED = {
    "bridges[].questions[].scale": "names one of the ladder's scales; never shown",
}
# The parts of a ladder its translations are compared with: checked only when these are sound.
READS = ("rungs", "bridges", "bands", "scales", "flags", "classifier")
# Translated text whose translation is written in another shape than the ladder's own:
# a scale is translated as the list of its labels.
SAME_TEXT = {"scales.<name>[]": "scales.<name>[].label"}


@dataclass(frozen=True)
class Unit:
    """One text of the ladder: its place in the (effective) ladder data and under translations.<tag>."""

    source: KeyPath
    translation: KeyPath  # ids and names as text, list positions as numbers
    text: str


# --- which texts a ladder has ------------------------------------------------------------


def effective(data: Validated) -> dict[str, Any]:
    """The ladder data with the defaults a client reads written in: the default bands, the
    classifier's default title and the built-in scales its questions use (so they can be
    translated like the ladder's own). A copy; read by `build`, never validated again."""
    out = copy.deepcopy(dict(data))
    if "bands" not in out:
        out["bands"] = [{"min": m, "label": label} for m, label, _ in spec.DEFAULT_BANDS]
    if isinstance(out.get("classifier"), dict) and "title" not in out["classifier"]:
        out["classifier"]["title"] = spec.CLASSIFIER.default("title", str)
    used = {str(q["scale"]) for b in out["bridges"] for q in b.get("questions") or () if "scale" in q}
    scales = dict(out.get("scales") or {})
    for name, options in spec.BUILTIN_SCALES.items():
        if name in used and name not in scales:  # (a localised ladder's data has them already)
            scales[name] = [{"label": label, "points": points} for label, points in options]
    if scales:
        out["scales"] = scales
    return out


def units(data: Validated) -> Iterator[Unit]:
    """Every text of a validated ladder (as `effective` gives it) that a client or reader sees."""

    def text(source: KeyPath, translation: KeyPath, value: object) -> Iterator[Unit]:
        if value is not None and str(value).strip():
            yield Unit(source, translation, str(value))

    def keys(item: Mapping[str, Any], source: KeyPath, translation: KeyPath, *names: str) -> Iterator[Unit]:
        for name in names:
            yield from text(source + (name,), translation + (name,), item.get(name))

    def texts(values: object, source: KeyPath, translation: KeyPath) -> Iterator[Unit]:
        for i, value in enumerate(values if isinstance(values, list) else ()):
            yield from text(source + (i,), translation + (i,), value)

    def objects(values: object, source: KeyPath, translation: KeyPath, *names: str) -> Iterator[Unit]:
        for i, item in enumerate(values if isinstance(values, list) else ()):
            yield from keys(item, source + (i,), translation + (i,), *names)

    yield from keys(data, (), (), "title", "summary", "source")
    for name, options in (data.get("scales") or {}).items():
        for i, option in enumerate(options):
            yield from text(("scales", name, i, "label"), ("scales", str(name), i), option["label"])
    for i, band in enumerate(data.get("bands") or ()):
        yield from keys(band, ("bands", i), ("bands", str(band["min"])), "label", "advice")
    for i, rung in enumerate(data["rungs"]):
        at, tr = ("rungs", i), ("rungs", rung["id"])
        yield from keys(rung, at, tr, "name", "description")
        yield from texts(rung.get("signs"), at + ("signs",), tr + ("signs",))
        yield from texts(rung.get("moments_of_truth"), at + ("moments_of_truth",), tr + ("moments_of_truth",))
    for i, bridge in enumerate(data["bridges"]):
        at, tr = ("bridges", i), ("bridges", bridge["id"])
        yield from keys(bridge, at, tr, "name", "summary", "internal", "example", "script")
        yield from objects(bridge.get("planks"), at + ("planks",), tr + ("planks",), "title", "detail")
        template = bridge.get("template")
        if isinstance(template, dict):
            yield from keys(template, at + ("template",), tr + ("template",), "title")
            yield from texts(template.get("fields"), at + ("template", "fields"), tr + ("template", "fields"))
        yield from objects(bridge.get("measures"), at + ("measures",), tr + ("measures",), "measure", "target")
        yield from objects(bridge.get("plan"), at + ("plan",), tr + ("plan",), "action", "owner")
        for j, q in enumerate(bridge.get("questions") or ()):
            qat, qtr = at + ("questions", j), tr + ("questions", q["id"])
            yield from keys(q, qat, qtr, "text", "help", "unit")
            yield from texts(q.get("options"), qat + ("options",), qtr + ("options",))
    for i, flag in enumerate(data.get("flags") or ()):
        yield from keys(flag, ("flags", i), ("flags", flag["id"]), "message")
    classifier = data.get("classifier")
    if isinstance(classifier, dict):
        yield from keys(classifier, ("classifier",), ("classifier",), "title")
        for i, f in enumerate(classifier["fields"]):
            yield from keys(f, ("classifier", "fields", i), ("classifier", "fields", f["id"]), "label")


# --- checking a file's translations -------------------------------------------------------


def check(c: Checker, data: Mapping[str, Any]) -> None:
    """Errors for translations that name nothing in the ladder (an id with a typo, a list
    longer than the ladder's, text the ladder does not have). Runs on a structurally sound
    ladder only: the ids it compares with must be sound themselves."""
    translations = data.get("translations")
    if not isinstance(translations, dict):
        return
    places = {u.translation for u in units(effective(data))}
    known = {p[:n] for p in places for n in range(1, len(p) + 1)}
    own = data.get("language")
    for tag, translation in translations.items():
        at: KeyPath = ("translations", str(tag))
        if isinstance(own, str) and same_language(str(tag), own):
            c.err(at, f"the ladder itself is written in {own} (language: {own}); translate it into another language")
        _compare(c, spec.TRANSLATION, translation, at, (), known)


def _compare(c: Checker, node: Node, value: object, at: KeyPath, place: KeyPath, known: set[KeyPath]) -> None:
    """Walk one language's translation beside its spec node, reporting each key or entry
    that has nothing to translate. Unknown keys and wrong kinds are the structure pass's."""
    if isinstance(node, Obj) and isinstance(value, dict):
        for key, item in value.items():
            if key not in node.keys:
                continue
            if place + (key,) not in known:
                c.err(at + (key,), _nothing_here(place, key))
            else:
                _compare(c, node.keys[key].node, item, at + (key,), place + (key,), known)
    elif isinstance(node, MapOf) and isinstance(value, dict):
        names = sorted({str(p[len(place)]) for p in known if len(p) > len(place) and p[: len(place)] == place})
        for name, item in value.items():
            step = str(name)
            if place + (step,) not in known:
                c.err(at + (step,), _no_such(place, step, names))
            else:
                _compare(c, node.value, item, at + (step,), place + (step,), known)
    elif isinstance(node, List) and isinstance(value, list):
        have = sum(1 for p in known if len(p) == len(place) + 1 and p[: len(place)] == place)
        if len(value) > have:
            c.err(
                at,
                f"has {len(value)} entries, but the ladder has {have} here; "
                "translate them one for one, in the ladder's order",
            )
        for i, item in enumerate(value[:have]):
            _compare(c, node.item, item, at + (i,), place + (i,), known)


# What a MapOf under translations holds, by the key that leads to it.
_NOUNS = {
    "rungs": "rung",
    "bridges": "bridge",
    "questions": "question",
    "flags": "flag",
    "fields": "classifier field",
    "bands": "band starting at",
    "scales": "scale",
}


def _no_such(place: KeyPath, name: str, names: list[str]) -> str:
    noun = _NOUNS.get(str(place[-1]) if place else "", "item")
    where = f" in bridge '{place[-2]}'" if place[-1] == "questions" else ""
    hint = did_you_mean(name, names, f"; the ladder has: {', '.join(names)}" if names else "; the ladder has none")
    return f"no {noun} '{name}'{where} in this ladder{hint}"


def _nothing_here(place: KeyPath, key: str) -> str:
    where = f"at {dotted(place)}" if place else "at its top level"
    return f"the ladder has no {key} {where} to translate; remove it, or add the text to the ladder first"


# --- what is not yet translated ---------------------------------------------------------


def missing(data: Mapping[str, Any]) -> list[tuple[KeyPath, str]]:
    """(key path, message) for each text a declared translation leaves out, e.g.
    translations.es.bridges.buying.questions.q3.text: not translated into es."""
    translations = data.get("translations")
    if not isinstance(translations, dict):
        return []
    found = list(units(effective(data)))
    out: list[tuple[KeyPath, str]] = []
    for tag, translation in translations.items():
        for unit in found:
            if _lookup(translation, unit.translation) is None:
                out.append(
                    (
                        ("translations", str(tag), *unit.translation),
                        f"not translated into {tag}; shown as {_quote(unit.text)}",
                    )
                )
    return out


def warnings(loaded: Loaded) -> list[LadderError]:
    """`missing` as `ladderkit check` prints it: FILE:LINE: key.path: warning: ..."""
    if not isinstance(loaded.data, dict):
        return []
    return [
        LadderError(loaded.file, loaded.line(path), dotted(path), f"warning: {message}")
        for path, message in missing(loaded.data)
    ]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 50 else text[:47] + "...")


def _lookup(translation: object, place: KeyPath) -> object:
    """The translation at `place`, or None (a band's `70:` is found by "70")."""
    value = translation
    for part in place:
        if isinstance(value, dict) and isinstance(part, str):
            value = next((v for k, v in value.items() if str(k) == part), None)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return None
    return value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


# --- the ladder in another language ----------------------------------------------------


def same_language(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def translation_tag(ladder: Ladder, language: str) -> str | None:
    """The tag of the ladder's translation for `language`: the same tag (case aside), else one
    for its main language (`es` serves `es-MX`); None when it has neither."""
    tags = list(ladder.translations)
    exact = [t for t in tags if same_language(t, language)]
    main = [t for t in tags if same_language(t, language.split("-")[0])]
    found = exact or main
    return found[0] if found else None


def localised(ladder: Ladder, language: str) -> Ladder:
    """The ladder with its text in `language` where its translation gives it; every other
    text, and everything that is not text, stays as it is. Without a translation for
    `language` the ladder itself."""
    tag = translation_tag(ladder, language)
    if tag is None:
        return ladder
    translation = ladder.translations[tag]
    data = effective(ladder.data)
    for unit in units(data):
        value = _lookup(translation, unit.translation)
        if value is not None:
            _put(data, unit.source, value)
    data["language"] = language
    return build(data, path=ladder.path)


def _put(data: Any, path: KeyPath, value: object) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def in_language(ladder: Ladder, language: str, site_language: str) -> Ladder | None:
    """The ladder as a site in `language` shows it: itself when written in that language
    (a ladder without `language:` is in the site's main language), else its translation;
    None when it has none (the site then shows it in its own language, saying so)."""
    own = ladder.language or site_language
    if same_language(own, language):
        return ladder
    if translation_tag(ladder, language) is not None:
        return localised(ladder, language)
    if same_language(own.split("-")[0], language.split("-")[0]):
        return ladder  # en-GB text on an en site
    return None


# --- for the test that every text is translatable ------------------------------------------


def text_paths(node: Node, prefix: str = "", by_id: bool = False) -> set[str]:
    """The key path of every text of `node` ('bridges[].questions[].text'); with `by_id`,
    mappings keyed by ids are written as the lists they translate ('[]')."""
    if isinstance(node, Text):
        return {prefix}
    if isinstance(node, List):
        return text_paths(node.item, prefix + "[]", by_id)
    if isinstance(node, MapOf):
        return text_paths(node.value, prefix + ("[]" if by_id and node.key else ".<name>"), by_id)
    out: set[str] = set()
    if isinstance(node, Obj):
        for key, item in node.keys.items():
            if key != "translations":
                out |= text_paths(item.node, f"{prefix}.{key}" if prefix else key, by_id)
    return out


def translatable_paths() -> set[str]:
    """The ladder's key paths that spec.TRANSLATION translates."""
    return {SAME_TEXT.get(p, p) for p in text_paths(spec.TRANSLATION, by_id=True)}
