"""The validation vocabulary shared by ladder files, brand settings, plugin options and
workshop packs: nodes that check a value and describe themselves as JSON Schema.

A file's keys are declared once as nodes (ladder/spec.py, brand.py, print/packs.py); one
walk (`Checker.check`) collects every error with its key path, and one walk
(`Node.schema`) writes the JSON Schema. The messages ("expected text, got a list",
"unknown key; did you mean 'title'?") are the same wherever a coach meets them.
Below everything else: imports nothing of ladderkit but errors.py.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeGuard, TypeVar, overload

from generator.errors import LadderError

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A BCP 47 language tag in the shape Material's languages use: en, de, pt-BR, zh-Hant.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
# Python compares whole numbers exactly, a browser only up to 2**53: beyond that the two
# scoring engines could disagree, so such numbers are refused.
MAX_EXACT = 2**53 - 1
# A key path such as ("bridges", 0, "questions", 2, "id"): keys are text, list positions numbers.
KeyPath = tuple[str | int, ...]
# A JSON Schema (or part of one) as a node writes it.
Schema = dict[str, object]
T = TypeVar("T")

TOO_BIG = f"is too large for a browser to compare exactly; keep whole numbers between -{MAX_EXACT} and {MAX_EXACT}"


# --- words shared by every message --------------------------------------------------


def closest(word: object, choices: Iterable[object]) -> str | None:
    """The choice a typo most likely meant, or None."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: object, choices: Iterable[object], otherwise: str = "") -> str:
    """ "; did you mean 'x'?" when a choice is close to `word`, else `otherwise`."""
    close = closest(word, choices)
    return f"; did you mean '{close}'?" if close else otherwise


def special(value: float) -> str:
    """How YAML spells a non-finite number."""
    return ".nan" if value != value else ("-.inf" if value < 0 else ".inf")


def kind(value: object) -> str:
    """What a value is, in a coach's words: 'text', 'a list', 'true/false'…"""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{special(value)}, which is not a finite number"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def too_big(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_EXACT


def dotted(path: Iterable[str | int]) -> str:
    """("bridges", 0, "id") -> "bridges[0].id"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- the walk that collects errors -----------------------------------------------------


class Checker:
    """Collects every error of one file; `line(path)` finds a key's line when it is known."""

    def __init__(self, file: str = "", line: Callable[[KeyPath], int] | None = None):
        self.file = file
        self.line = line or (lambda path: 0)
        self.errors: list[LadderError] = []
        self._wrong: set[KeyPath] = set()

    def err(self, path: KeyPath, message: str) -> None:
        self.errors.append(LadderError(self.file, self.line(path), dotted(path), message))
        self._wrong.add(tuple(path))

    def ok(self, path: KeyPath) -> bool:
        """No error was reported at `path` or inside it: safe to cross-check."""
        path = tuple(path)
        return not any(wrong[: len(path)] == path for wrong in self._wrong)

    def check(self, node: Node, value: object, path: KeyPath) -> bool:
        """Check `value` against `node`; True when it is sound enough to look inside."""
        if value is None:
            self.err(path, f"has no value; expected {node.what}")
            return False
        return node.check(self, value, path)


# --- the nodes ------------------------------------------------------------------------


class Node:
    @property
    def what(self) -> str:
        """The value a node accepts, in a coach's words (a field or property of each node)."""
        return "a value"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:  # pragma: no cover - every node overrides it
        raise NotImplementedError

    def schema(self) -> Schema:  # pragma: no cover
        raise NotImplementedError


_EMBEDDINGS, _ISOLATES = "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068"
# Control characters (C0 and C1 but tab and line breaks, and DEL). YAML refuses them written
# as they are, but lets a double-quoted escape through ("\0", "\e", "\x1b"): a page would
# carry a NUL or an escape sequence that browsers drop or show as a box, and a terminal obeys.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def unclosed_direction_control(text: str) -> str:
    """The first Unicode direction control in `text` left open at its end (an embedding or
    override without U+202C, an isolate without U+2069), or ""."""
    stack: list[str] = []
    for ch in text:
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            stack.append(ch)
        elif ch == "\u202c" and stack and stack[-1] in _EMBEDDINGS:
            stack.pop()
        elif ch == "\u2069":
            while stack and stack.pop() not in _ISOLATES:  # an isolate's close ends what it holds
                pass
    return stack[0] if stack else ""


@dataclass(frozen=True)
class Text(Node):
    """A string (a bare number is taken as text too, as a coach would expect)."""

    markdown: bool = False
    what: str = "text"
    empty_ok: bool = False  # "" means "none" (a brand's footer), not a mistake

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if isinstance(value, str) or is_number(value):
            if isinstance(value, str) and not value.strip() and not self.empty_ok:
                c.err(path, "is empty; write some text")
                return False
            if isinstance(value, str) and (opened := unclosed_direction_control(value)):
                c.err(
                    path,
                    f"has a direction control (U+{ord(opened):04X}) that is not closed, so it would reorder "
                    "the text shown after it on pages and in PDFs; remove it, or close it (U+202C, or U+2069 "
                    "for an isolate)",
                )
                return False
            if isinstance(value, str) and (control := _CONTROL.search(value)):
                c.err(
                    path,
                    f"holds a control character (U+{ord(control.group()):04X}, written in the file as an escape "
                    "such as \\0 or \\e) that pages and PDFs cannot show; remove it",
                )
                return False
            return True
        hint = " (put it in quotes)" if isinstance(value, bool) else ""
        c.err(path, f"expected text, got {kind(value)}{hint}")
        return False

    def schema(self) -> Schema:
        out: Schema = {"type": ["string", "number"], **({} if self.empty_ok else {"minLength": 1})}
        if self.markdown:
            out["description"] = "Markdown"
        return out


@dataclass(frozen=True)
class Slug(Node):
    what: str = "an id"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if isinstance(value, str) and SLUG.match(value):
            return True
        c.err(
            path,
            f"{value!r} is not a valid id; use lowercase letters, digits and single hyphens, like 'buying-bridge'"
            if isinstance(value, str)
            else f"expected {self.what}, got {kind(value)}",
        )
        return False

    def schema(self) -> Schema:
        return {"type": "string", "pattern": SLUG.pattern}


@dataclass(frozen=True)
class Int(Node):
    lo: int | None = None
    hi: int | None = None

    @property
    def what(self) -> str:
        if self.lo is not None and self.hi is not None:
            return f"a whole number from {self.lo} to {self.hi}"
        if self.lo is not None:
            return f"a whole number of at least {self.lo}"
        return "a whole number"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if self.hi is None and too_big(value):
            c.err(path, f"{value} {TOO_BIG}")
            return False
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (self.lo is None or value >= self.lo)
            and (self.hi is None or value <= self.hi)
        ):
            return True
        c.err(
            path,
            f"expected {self.what}, got {value!r}" if is_number(value) else f"expected {self.what}, got {kind(value)}",
        )
        return False

    def schema(self) -> Schema:
        out: Schema = {"type": "integer"}
        if self.lo is not None:
            out["minimum"] = self.lo
        if self.hi is not None:
            out["maximum"] = self.hi
        return out


@dataclass(frozen=True)
class Number(Node):
    what: str = "a number"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if too_big(value):
            c.err(path, f"{value} {TOO_BIG}")
            return False
        if is_number(value) and math.isfinite(value):
            return True
        c.err(
            path,
            f"expected a finite number, got {special(value)}"
            if isinstance(value, float)
            else f"expected a number, got {kind(value)}",
        )
        return False

    def schema(self) -> Schema:
        return {"type": "number"}


@dataclass(frozen=True)
class Bool(Node):
    what: str = "true or false"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if isinstance(value, bool):
            return True
        c.err(path, f"expected true or false, got {kind(value)}")
        return False

    def schema(self) -> Schema:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Enum(Node):
    values: tuple[str, ...]
    noun: str = ""  # "paper size": "'A5' is not a paper size"; without it "'A5' is not allowed"

    @property
    def what(self) -> str:
        return "one of: " + ", ".join(self.values)

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if isinstance(value, str) and value in self.values:
            return True
        c.err(
            path,
            f"{value!r} is not {'a ' + self.noun if self.noun else 'allowed'}; use {self.what}"
            f"{did_you_mean(value, self.values)}",
        )
        return False

    def schema(self) -> Schema:
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class Pattern(Node):
    """Text of a fixed shape (a colour): `advice` says what to write instead."""

    regex: str
    noun: str
    advice: str
    what: str = ""

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if isinstance(value, str) and re.match(self.regex, value):
            return True
        c.err(path, f"{value!r} is not {self.noun}; {self.advice}")
        return False

    def schema(self) -> Schema:
        return {"type": "string", "pattern": self.regex}


@dataclass(frozen=True)
class List(Node):
    item: Node
    min: int = 0
    noun: str = "items"

    @property
    def what(self) -> str:
        return f"a list of {self.noun}"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if not isinstance(value, list):
            c.err(path, f"expected {self.what}, got {kind(value)}")
            return False
        if len(value) < self.min:
            c.err(path, f"needs at least {self.min} {self.noun}, found {len(value)}")
        for i, item in enumerate(value):
            c.check(self.item, item, path + (i,))
        return True

    def schema(self) -> Schema:
        out: Schema = {"type": "array", "items": self.item.schema()}
        if self.min:
            out["minItems"] = self.min
        return out


@dataclass(frozen=True)
class MapOf(Node):
    """A mapping from names the coach chooses to values of one kind (scales)."""

    value: Node
    noun: str
    what: str = "a mapping of names"
    key: str = ""  # a pattern every name must match (as text), when names are ids or language tags
    key_what: str = ""  # such a name in a coach's words: "an id", "a language tag such as es"

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if not isinstance(value, dict):
            c.err(path, f"expected {self.what}, got {kind(value)}")
            return False
        for name, item in value.items():
            # A name is text in a path even when YAML read it as a number (a band's `70:`).
            at = path + (str(name),)
            if self.key and not re.match(self.key, str(name)):
                c.err(at, f"{str(name)!r} is not {self.key_what or 'an allowed name'}")
            else:
                c.check(self.value, item, at)
        return True

    def schema(self) -> Schema:
        out: Schema = {"type": "object", "additionalProperties": self.value.schema()}
        if self.key:
            out["propertyNames"] = {"pattern": self.key}
        return out


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its node, whether it must be given and what it is when not."""

    node: Node
    required: bool = False
    default: object = None
    blank: bool = False  # `key:` with nothing after it counts as not given (settings, not ladders)


def required(node: Node) -> Key:
    return Key(node, required=True)


def optional(node: Node, default: object = None, blank: bool = False) -> Key:
    return Key(node, default=default, blank=blank)


@dataclass(frozen=True)
class Obj(Node):
    """A mapping with known keys: {name: Key}."""

    keys: dict[str, Key]
    noun: str
    word: str = "key"  # "unknown key" in a ladder, "unknown setting" in mkdocs.yml and packs
    list_known: bool = False  # without a close match, list the known keys
    what: str = field(default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "what", f"a mapping ({self.noun})")

    @overload
    def default(self, key: str) -> object: ...
    @overload
    def default(self, key: str, of: type[T]) -> T: ...
    def default(self, key: str, of: type[object] = object) -> object:
        """What `key` is when it is not given; with `of`, checked to be that type, so a typed
        field that takes its default from the spec cannot disagree with it (at import)."""
        value = self.keys[key].default
        if not isinstance(value, of):
            raise TypeError(f"the default of {self.noun}.{key} is {value!r}, not {of.__name__}")
        return value

    def check(self, c: Checker, value: object, path: KeyPath, keys: Mapping[str, Key] | None = None) -> bool:
        if not isinstance(value, dict):
            c.err(path, f"expected {self.what}, got {kind(value)}")
            return False
        keys = keys if keys is not None else self.keys
        known = "; known " + self.word + "s: " + ", ".join(sorted(keys)) if self.list_known else ""
        misspelt: set[str | None] = set()
        for key in value:
            if key not in keys:
                close = closest(key, keys)
                hint = f"; did you mean '{close}'?" if close else known
                c.err(path + (key,), f"unknown {self.word}{hint}" if key else f"an empty key ('') is not allowed{hint}")
                misspelt.add(close)
        for key, spec in keys.items():
            given = value.get(key)
            if key in value and not (given is None and spec.blank):
                c.check(spec.node, given, path + (key,))
            elif spec.required and key not in misspelt:  # a typo of it was already reported
                c.err(path + (key,), f"is required but missing ({spec.node.what})")
        return True

    def schema(self) -> Schema:
        return {
            "type": "object",
            "properties": {k: spec.node.schema() for k, spec in self.keys.items()},
            "required": [k for k, spec in self.keys.items() if spec.required],
            "additionalProperties": False,
        }

    def get(self, data: Mapping[str, object], key: str) -> object:
        """The value given for `key`, or its default (a blank setting counts as not given)."""
        value = data.get(key)
        return self.keys[key].default if value is None else value


def all_keys(node: Node, prefix: str = "") -> set[str]:
    """Every key path a file may use, e.g. 'bridges[].questions[].thresholds[].at_least'."""
    out: set[str] = set()
    if isinstance(node, List):
        return all_keys(node.item, prefix + "[]")
    if isinstance(node, MapOf):
        return all_keys(node.value, prefix + ".<name>")
    if isinstance(node, Obj):
        for key, spec in node.keys.items():
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            out |= all_keys(spec.node, path)
    return out
