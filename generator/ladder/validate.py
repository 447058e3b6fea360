"""Validation of a ladder file against the reference: content/reference/ladder-file.md
and conditions.md.

Two passes, collecting every error: the structure (walking the declared nodes in
spec.py), then the cross-references (ids, rungs, conditions) on whatever parts are
structurally sound, so one mistake does not cascade into a page of noise.
Guarantee: when `validate` returns no errors, `model.build` succeeds on the data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from generator import vocab
from generator.errors import LadderError
from generator.ladder import spec, translate
from generator.ladder.yamlio import Loaded
from generator.vocab import TOO_BIG, KeyPath, did_you_mean, dotted, is_number
from generator.vocab import kind as _kind
from generator.vocab import too_big as _too_big

if TYPE_CHECKING:
    from generator.ladder.model import Ladder

# A question or classifier field as written (a mapping not yet known to be sound).
RawItem = Mapping[str, object]


class Checker(vocab.Checker):
    """The vocabulary's walk, with the line of each key taken from the loaded file."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__(loaded.file, loaded.line)
        self.loaded = loaded


def _ids(items: Iterable[object]) -> list[str]:
    return [x["id"] for x in items if isinstance(x, dict) and isinstance(x.get("id"), str)]


def validate(loaded: Loaded, expected_id: str | None = None) -> list[LadderError]:
    """Every error in one ladder file."""
    c = Checker(loaded)
    data = loaded.data
    if not isinstance(data, dict):
        c.err((), f"a ladder file must be a mapping of keys (id, title, summary, rungs, bridges, …), got {_kind(data)}")
        return c.errors
    spec.LADDER.check(c, data, ())
    if expected_id and isinstance(data.get("id"), str) and spec.SLUG.match(data["id"]) and data["id"] != expected_id:
        c.err(
            ("id",),
            f"'{data['id']}' does not match the file name; rename the file to {data['id']}.yml or set id: {expected_id}",
        )
    _cross_check(c, data)
    if all(c.ok((key,)) for key in translate.READS):
        translate.check(c, data)  # what translations name is compared with sound ids only
    return c.errors


def _list(data: Mapping[str, object], key: str) -> list[object]:
    """The list under `key`, or [] when it is missing or not a list (reported by the structure pass)."""
    value = data.get(key)
    return value if isinstance(value, list) else []


def _duplicates(
    c: Checker, items: Sequence[object], path: KeyPath, noun: str, seen: dict[str, KeyPath] | None = None
) -> None:
    seen = {} if seen is None else seen
    for i, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in seen:
                c.err(
                    path + (i, "id"),
                    f"duplicate {noun} id '{item['id']}' (also used at {dotted(seen[item['id']])}); ids must be unique",
                )
            else:
                seen[item["id"]] = path + (i, "id")


def _cross_check(c: Checker, data: Mapping[str, object]) -> None:
    rungs, bridges = _list(data, "rungs"), _list(data, "bridges")
    rungs_sound = isinstance(data.get("rungs"), list)
    rung_ids = _ids(rungs)
    order = {r: i for i, r in reversed(list(enumerate(rung_ids)))}
    _duplicates(c, rungs, ("rungs",), "rung")
    _duplicates(c, bridges, ("bridges",), "bridge")
    _duplicates(c, _list(data, "flags"), ("flags",), "flag")
    seen_q: dict[str, KeyPath] = {}
    for i, b in enumerate(bridges):
        if isinstance(b, dict):
            _duplicates(c, _list(b, "questions"), ("bridges", i, "questions"), "question", seen_q)

    scales = _check_scales(c, data)
    _check_bands(c, data)

    upward_from: dict[str, object] = {}
    questions: dict[str, RawItem] = {}
    for i, b in enumerate(bridges):
        if not isinstance(b, dict):
            continue
        ends = []
        for end in ("from", "to"):
            r = b.get(end)
            if isinstance(r, str) and spec.SLUG.match(r) and rungs_sound:
                if r not in order:
                    c.err(("bridges", i, end), f"no rung with id '{r}'{did_you_mean(r, rung_ids)}")
                else:
                    ends.append(r)
        if len(ends) == 2:
            if ends[0] == ends[1]:
                c.err(
                    ("bridges", i, "to"),
                    f"a bridge must lead to a different rung, but from and to are both '{ends[0]}'",
                )
            elif order[ends[1]] > order[ends[0]]:
                if ends[0] in upward_from:
                    first = upward_from[ends[0]]
                    c.err(
                        ("bridges", i, "from"),
                        f"two upward bridges leave rung '{ends[0]}': '{first}' and "
                        f"'{b.get('id')}'; the climb must never be ambiguous, so keep one",
                    )
                else:
                    upward_from[ends[0]] = b.get("id")
        for j, q in enumerate(_list(b, "questions")):
            if isinstance(q, dict):
                _check_question(c, q, ("bridges", i, "questions", j), scales)
                if isinstance(q.get("id"), str):
                    questions.setdefault(q["id"], q)

    bridge_ids = _ids(bridges)
    for i, f in enumerate(_list(data, "flags")):
        if isinstance(f, dict) and isinstance(f.get("when"), dict):
            _check_condition(c, f["when"], ("flags", i, "when"), "flag", questions, bridge_ids, {})

    classifier = data.get("classifier")
    if isinstance(classifier, dict):
        fields_list = _list(classifier, "fields")
        _duplicates(c, fields_list, ("classifier", "fields"), "field")
        fields = {f["id"]: f for f in fields_list if isinstance(f, dict) and isinstance(f.get("id"), str)}
        rules = _list(classifier, "rules")
        for i, rule in enumerate(rules):
            if not isinstance(rule, dict):
                continue
            r = rule.get("rung")
            if isinstance(r, str) and spec.SLUG.match(r) and rungs_sound and r not in order:
                c.err(("classifier", "rules", i, "rung"), f"no rung with id '{r}'{did_you_mean(r, rung_ids)}")
            last = i == len(rules) - 1
            if last and "when" in rule:
                c.err(
                    ("classifier", "rules", i, "when"),
                    "the last rule is the default and must not have a 'when'; add a final rule with only a rung",
                )
            if not last and "when" not in rule:
                c.err(
                    ("classifier", "rules", i),
                    "only the last rule may leave out 'when'; a rule without one always "
                    "holds, so the rules after it could never apply",
                )
            if isinstance(rule.get("when"), dict):
                _check_condition(c, rule["when"], ("classifier", "rules", i, "when"), "rule", {}, [], fields)


def _check_scales(c: Checker, data: Mapping[str, object]) -> dict[str, list[int]]:
    """Scale name -> list of points, for the built-in scales and the declared ones."""
    scales = {name: [p for _, p in options] for name, options in spec.BUILTIN_SCALES.items()}
    declared = data.get("scales")
    if not isinstance(declared, dict):
        return scales
    for name, options in declared.items():
        if name in spec.BUILTIN_SCALES:
            c.err(("scales", name), f"'{name}' is a built-in scale and cannot be redefined; choose another name")
            continue
        if not isinstance(options, list):
            continue
        pts = _points(options)
        if len(pts) == len(options):
            if pts and max(pts) == 0:
                c.err(
                    ("scales", name),
                    "every option is worth 0 points, so no answer could score; give at least one option points",
                )
            scales[name] = pts
    return scales


def _points(items: Sequence[object]) -> list[int]:
    """The sound `points` of the items (whole numbers of at least 0); as many as the items
    when every one is sound."""
    pts = [item.get("points") for item in items if isinstance(item, dict)]
    return [p for p in pts if isinstance(p, int) and not isinstance(p, bool) and p >= 0]


def _check_bands(c: Checker, data: Mapping[str, object]) -> None:
    bands = data.get("bands")
    if not isinstance(bands, list):
        return
    seen: dict[int, int] = {}
    for i, band in enumerate(bands):
        m = band.get("min") if isinstance(band, dict) else None
        if isinstance(m, int) and not isinstance(m, bool):
            if m in seen:
                c.err(
                    ("bands", i, "min"), f"two bands start at {m} (also bands[{seen[m]}]); each band needs its own min"
                )
            seen.setdefault(m, i)
    mins = [b.get("min") for b in bands if isinstance(b, dict)]
    if bands and all(isinstance(m, int) and not isinstance(m, bool) and 0 <= m <= 100 for m in mins) and 0 not in mins:
        c.err(("bands",), "one band must start at min: 0, so that every score has a band")


def _check_question(c: Checker, q: RawItem, path: KeyPath, scales: Mapping[str, list[int]]) -> None:
    kind = spec.question_type(q)
    if kind not in spec.QUESTION_TYPES:
        return  # already reported by the structure pass
    allowed = {**spec.QUESTION_COMMON, **spec.QUESTION_BY_TYPE[kind]}
    for key in q:
        if key in spec.QUESTION.keys and key not in allowed:
            c.err(path + (key,), f"'{key}' does not apply to a {kind} question; remove it or change the type")
    for key, spec_key in spec.QUESTION_BY_TYPE[kind].items():
        if spec_key.required and key not in q:
            c.err(path + (key,), f"is required for a {kind} question ({spec_key.node.what})")
    name = q.get("scale")
    if kind == "scale" and isinstance(name, (str, int, float)) and not isinstance(name, bool):
        name = str(name)  # a bare number is text here too, as the scale's key (`7:`) is
        if name not in scales:
            hint = did_you_mean(name, scales) or "; declare it under scales: or use frequency or agreement"
            c.err(path + ("scale",), f"no scale named '{name}'{hint}")
    if kind == "number":
        lo, hi = q.get("min"), q.get("max")
        if is_number(lo) and is_number(hi) and lo > hi:
            c.err(path + ("min",), f"min ({lo}) is greater than max ({hi})")
        thresholds = _list(q, "thresholds")
        for i, t in enumerate(thresholds):
            if isinstance(t, dict):
                n = ("at_least" in t) + ("at_most" in t)
                if n != 1:
                    c.err(
                        path + ("thresholds", i),
                        "give exactly one of at_least or at_most"
                        if n == 0
                        else "give only one of at_least or at_most per threshold; use two thresholds for a range",
                    )
        pts = _points(thresholds)
        if thresholds and len(pts) == len(thresholds) and max(pts) == 0:
            c.err(
                path + ("thresholds",),
                "every threshold gives 0 points, so no answer could score; give at least one points",
            )


def _check_condition(
    c: Checker,
    cond: object,
    path: KeyPath,
    context: str,
    questions: Mapping[str, RawItem],
    bridges: Sequence[str],
    fields: Mapping[str, RawItem],
) -> None:
    if not isinstance(cond, dict):
        c.err(path, f"expected a condition (a mapping), got {_kind(cond)}")
        return
    kinds = [k for k in spec.CONDITION_KINDS if k in cond]
    if len(kinds) != 1:
        what = "question, bridge, count, all, any or not" if context == "flag" else "field, count, all, any or not"
        c.err(
            path,
            f"a condition needs exactly one of {what}"
            + (
                f"; found {', '.join(kinds)}"
                if kinds
                else (
                    f"; found {', '.join(map(str, cond))}{did_you_mean(next(iter(cond)), spec.CONDITION_KINDS)}"
                    if cond
                    else ""
                )
            ),
        )
        return
    kind = kinds[0]
    if kind in ("all", "any"):
        extra = [k for k in cond if k != kind]
        if extra:
            c.err(path + (extra[0],), f"unknown key beside '{kind}'")
        items = cond[kind]
        if not isinstance(items, list) or not items:
            got = "an empty list" if items == [] else _kind(items)
            c.err(path + (kind,), f"expected a non-empty list of conditions, got {got}")
            return
        for i, sub in enumerate(items):
            _check_condition(c, sub, path + (kind, i), context, questions, bridges, fields)
        return
    if kind == "not":
        extra = [k for k in cond if k != kind]
        if extra:
            c.err(path + (extra[0],), "unknown key beside 'not'")
        _check_condition(c, cond["not"], path + ("not",), context, questions, bridges, fields)
        return
    if context == "flag" and kind == "field":
        c.err(path + ("field",), "flags look at questions and bridges; 'field' belongs to classifier rules")
        return
    if context == "rule" and kind in ("question", "bridge"):
        c.err(path + (kind,), f"classifier rules look at the customer's fields; '{kind}' belongs to flags")
        return
    ops = [k for k in cond if k in spec.OPERATORS]
    others = [k for k in cond if k not in spec.OPERATORS and k != kind]
    for k in others:
        c.err(
            path + (k,),
            f"unknown key in a condition{did_you_mean(k, spec.OPERATORS) or '; operators are ' + ', '.join(spec.OPERATORS)}",
        )
    if len(ops) != 1:
        c.err(
            path,
            f"a condition needs exactly one operator of {', '.join(spec.OPERATORS)}"
            + (f"; found {', '.join(ops)}" if ops else ""),
        )
        return
    op, want = ops[0], cond[ops[0]]
    vpath = path + (op,)
    if _too_big(want):
        c.err(vpath, f"{want} {TOO_BIG}")
        return
    is_num = isinstance(want, (int, float)) and not isinstance(want, bool) and math.isfinite(want)
    ref = cond[kind]
    if kind == "count":
        if not isinstance(ref, list) or not ref:
            c.err(
                path + ("count",),
                "expected a non-empty list of yes/no " + ("questions" if context == "flag" else "fields"),
            )
        else:
            pool = questions if context == "flag" else fields
            noun = "question" if context == "flag" else "field"
            for i, item in enumerate(ref):
                if not isinstance(item, str) or item not in pool:
                    c.err(path + ("count", i), f"no {noun} '{item}'{did_you_mean(item, pool)}")
                elif spec.question_type(pool[item]) != "yesno":
                    c.err(
                        path + ("count", i),
                        f"count only counts yes/no {noun}s, but '{item}' is a {spec.question_type(pool[item])} {noun}",
                    )
        if not (isinstance(want, int) and not isinstance(want, bool) and want >= 0):
            c.err(vpath, f"a count is compared with a whole number of at least 0, got {want!r}")
        return
    if not isinstance(ref, str):
        c.err(path + (kind,), f"expected an id, got {_kind(ref)}")
        return
    if kind == "bridge":
        if ref not in bridges:
            c.err(path + ("bridge",), f"no bridge '{ref}'{did_you_mean(ref, bridges)}")
        elif not is_num:
            c.err(vpath, f"a bridge's score is compared with a number, got {_kind(want)}")
        return
    pool, noun = (questions, "question") if kind == "question" else (fields, "field")
    if ref not in pool:
        c.err(path + (kind,), f"no {noun} '{ref}'{did_you_mean(ref, pool)}")
        return
    qtype = spec.question_type(pool[ref])
    if qtype not in spec.QUESTION_TYPES + ("yesno", "number"):
        return  # its own type is wrong, and reported there
    if qtype == "yesno":
        if op not in ("eq", "ne"):
            c.err(vpath, f"'{ref}' is a yes/no {noun}: compare it with eq or ne, not {op}")
        elif not isinstance(want, bool):
            c.err(vpath, f"'{ref}' is a yes/no {noun}: compare it with true or false, got {_kind(want)}")
    elif not is_num:
        c.err(vpath, f"'{ref}' is a {qtype} {noun}: compare it with a number, got {_kind(want)}")


def validate_set(ladders: Iterable[Ladder]) -> list[LadderError]:
    """Checks across ladders: ids are unique across ladders/."""
    errors: list[LadderError] = []
    seen: dict[str, str] = {}
    for ladder in ladders:
        if ladder.id in seen:
            errors.append(
                LadderError(ladder.path, 1, "id", f"ladder id '{ladder.id}' is also used by {seen[ladder.id]}")
            )
        seen.setdefault(ladder.id, ladder.path)
    return errors
