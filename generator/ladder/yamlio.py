"""Safe YAML loading that keeps a line number for every key and rejects duplicate keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import LadderError, LadderErrors
from generator.vocab import KeyPath, dotted

Path_ = KeyPath  # a key path such as ("bridges", 0, "questions", 2, "id")


@dataclass
class Loaded:
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    file: str = ""

    def line(self, path: Path_) -> int:
        """Line of the nearest node on `path` that has one (1-based)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


MAX_BYTES = 1024 * 1024  # a ladder of 200 questions is about 50 KB
MAX_DEPTH = 64  # a ladder nests about 10 levels; conditions a few more
MAX_VALUES = 200_000  # counting what aliases (*name) repeat: a "billion laughs" stops here


# Parser contexts whose mistake lies where they started, and what to say about it.
_STARTED = {
    "while parsing a flow sequence": "this '[' is never closed with ']'",
    "while parsing a flow mapping": "this '{' is never closed with '}'",
    "while scanning a quoted scalar": "this quoted text is never closed; add the closing quote",
    "while scanning a simple key": "this line has no ':' after its key",
}


class _Refused(Exception):
    """The file is too deep, too big once aliases are expanded, or refers to itself."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _construct(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    file: str,
    errors: list[LadderError],
    budget: list[int] | None = None,
    active: tuple[yaml.Node, ...] = (),
) -> object:
    """Turn a composed node into plain data, recording each node's line.

    Aliases share nodes, so a small file can expand without bound (or loop): the walk
    counts every value it builds and refuses a node that contains itself."""
    budget = budget if budget is not None else [MAX_VALUES]
    budget[0] -= 1
    line = node.start_mark.line + 1
    if budget[0] < 0:
        raise _Refused(
            line,
            f"the file holds more than {MAX_VALUES} values once its aliases (*name) are "
            "repeated; a ladder never needs that many",
        )
    if isinstance(node, yaml.CollectionNode):
        if len(active) >= MAX_DEPTH:
            raise _Refused(
                line,
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; a ladder never needs that many",
            )
        if any(node is a for a in active):
            raise _Refused(
                line, "an alias (*name) refers to the list or mapping that contains it, which would repeat forever"
            )
        active = active + (node,)
    lines[path] = line
    if isinstance(node, yaml.MappingNode):
        out: dict[str, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                errors.append(
                    LadderError(
                        file,
                        key_node.start_mark.line + 1,
                        _dotted(path),
                        "merge keys ('<<') are not supported; write the keys out in full",
                    )
                )
                continue
            key = _construct(key_node, path + ("<key>",), {}, file, errors, budget, active)
            if isinstance(key, (list, dict)) or key is None:
                errors.append(
                    LadderError(file, key_node.start_mark.line + 1, _dotted(path), "a key must be a plain word")
                )
                continue
            key = str(key) if not isinstance(key, bool) else str(key).lower()
            if key in out:
                errors.append(
                    LadderError(
                        file,
                        key_node.start_mark.line + 1,
                        _dotted(path + (key,)),
                        f"duplicate key '{key}' (first given on line {lines[path + (key,)]}); keep only one",
                    )
                )
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, path + (key,), lines, file, errors, budget, active)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, file, errors, budget, active) for i, item in enumerate(node.value)]
    try:
        value = yaml.SafeLoader.construct_object(_SCALAR_LOADER, node, deep=True)
    except yaml.constructor.ConstructorError:  # an unknown tag such as !!python/name:…
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(
            line, f"the tag '{tag[:60]}' is not allowed; ladder files hold plain text, numbers, lists and mappings"
        ) from None
    except ValueError:  # looks like a date or an explicit !!int but is not one, e.g. 2026-13-45
        raise _Refused(
            line, f"'{node.value[:40]}' cannot be read as {node.tag.rsplit(':', 1)[-1]}; put it in quotes if it is text"
        ) from None
    if isinstance(value, str) and _SURROGATE.search(value):
        # "\ud83d\ude00" escapes an emoji as a UTF-16 pair: joined, it is the character.
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    lone = _SURROGATE.search(value) if isinstance(value, str) else None
    if lone:
        # A lone "\ud800" escape is half of a pair: no character, and no page or PDF can be
        # written with it (the build would stop with UnicodeEncodeError).
        where = path[:-1] if path and path[-1] == "<key>" else path
        errors.append(
            LadderError(
                file,
                line,
                _dotted(where),
                f"the text holds \\u{ord(lone[0]):04x}, half of a character pair, which is not "
                "a character; remove it (write an emoji itself, or as one \\U0001F600 escape)",
            )
        )
        return _SURROGATE.sub("\ufffd", value)
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


_SCALAR_LOADER = yaml.SafeLoader("")


_dotted = dotted


def load_text(text: str, file: str) -> Loaded:
    """Parse YAML text; raise LadderErrors with line and column on any problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise LadderErrors(
            [
                LadderError(
                    file,
                    1,
                    "",
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep; a ladder never needs that many",
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character, such as NUL, in the text
        line = text.count("\n", 0, exc.position) + 1
        raise LadderErrors(
            [
                LadderError(
                    file,
                    line,
                    "",
                    f"the file holds a control character (#x{exc.character:04x}) that YAML does not allow; remove it",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        opened = _STARTED.get(exc.context or "")
        if opened and exc.context_mark and exc.problem_mark and exc.context_mark.line < exc.problem_mark.line:
            # The parser notices an unclosed bracket or quote, or a key without its colon, only
            # on a later line; the mistake is where that thing started.
            start = exc.context_mark
            raise LadderErrors(
                [
                    LadderError(
                        file,
                        start.line + 1,
                        "",
                        f"YAML syntax error at column {start.column + 1}: {opened} (noticed at line {line}: {problem})",
                    )
                ]
            ) from None
        if "'\\t'" in problem or "\t" in problem:
            problem += "; indent with spaces, not tabs"
        elif "<block end>" in problem or "mapping values are not allowed" in problem:
            problem += "; check the indentation of this line and the lines above it"
        elif "another document" in problem:
            problem = "a ladder file holds one YAML document; remove the second '---' and what follows or move it to its own file"
        raise LadderErrors([LadderError(file, line, "", f"YAML syntax error at column {col}: {problem}")]) from None
    except yaml.YAMLError as exc:  # e.g. a second document in the file
        raise LadderErrors([LadderError(file, 1, "", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise LadderErrors(
            [
                LadderError(
                    file, 1, "", "the file is empty; a ladder needs at least id, title, summary, rungs and bridges"
                )
            ]
        )
    errors: list[LadderError] = []
    lines: dict[Path_, int] = {}
    try:
        data = _construct(node, (), lines, file, errors)
    except _Refused as exc:
        raise LadderErrors([LadderError(file, exc.line, "", exc.message)]) from None
    if errors:
        raise LadderErrors(errors)
    return Loaded(data, lines, file)


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Read a ladder file as UTF-8 YAML."""
    file = display or str(path)
    return load_bytes(read_bytes(path, file), file)


def read_bytes(path: Path, file: str) -> bytes:
    """A ladder file's bytes; one message if it is too big or cannot be read."""
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            size = Path(path).stat().st_size / 1024 / 1024
            raise LadderErrors(
                [
                    LadderError(
                        file,
                        0,
                        "",
                        f"the file is {size:.1f} MB; a ladder file may be at most "
                        f"{MAX_BYTES // 1024 // 1024} MB (is this the right file?)",
                    )
                ]
            )
        return Path(path).read_bytes()
    except OSError as exc:
        raise LadderErrors([LadderError(file, 0, "", f"cannot read the file: {exc.strerror}")]) from None


def load_bytes(raw: bytes, file: str) -> Loaded:
    """A ladder file's bytes as UTF-8 YAML (a byte-order mark is allowed)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LadderErrors(
            [LadderError(file, line, "", "the file is not UTF-8 text; save it as UTF-8 in your editor")]
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return load_text(text, file)


def strings(node: object) -> Iterator[str]:
    """Every piece of text in loaded YAML (or JSON) data, each one separately."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
