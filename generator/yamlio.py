"""Safe YAML loading that keeps a line number for every key and rejects duplicate keys."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import LadderError, LadderErrors

Path_ = tuple  # a key path such as ("bridges", 0, "questions", 2, "id")


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


def _construct(node, path, lines, file, errors):
    """Turn a composed node into plain data, recording each node's line."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path + ("<key>",), {}, file, errors)
            if isinstance(key, (list, dict)) or key is None:
                errors.append(LadderError(file, key_node.start_mark.line + 1, _dotted(path), "a key must be a plain word"))
                continue
            key = str(key) if not isinstance(key, bool) else str(key).lower()
            if key in out:
                errors.append(LadderError(
                    file, key_node.start_mark.line + 1, _dotted(path + (key,)),
                    f"duplicate key '{key}' (first given on line {lines[path + (key,)]}); keep only one"))
                continue
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, path + (key,), lines, file, errors)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, file, errors) for i, item in enumerate(node.value)]
    return yaml.SafeLoader.construct_object(_SCALAR_LOADER, node, deep=True)


_SCALAR_LOADER = yaml.SafeLoader("")


def _dotted(path) -> str:
    """("bridges", 0, "id") -> "bridges[0].id"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted


def load_text(text: str, file: str) -> Loaded:
    """Parse YAML text; raise LadderErrors with line and column on any problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        if "'\\t'" in problem or "\t" in problem:
            problem += "; indent with spaces, not tabs"
        elif "another document" in problem:
            problem = "a ladder file holds one YAML document; remove the second '---' and what follows or move it to its own file"
        raise LadderErrors([LadderError(file, line, "", f"YAML syntax error at column {col}: {problem}")]) from None
    except yaml.YAMLError as exc:  # e.g. a second document in the file
        raise LadderErrors([LadderError(file, 1, "", f"not valid YAML: {exc}")]) from None
    if node is None:
        raise LadderErrors([LadderError(file, 1, "", "the file is empty; a ladder needs at least id, title, summary, rungs and bridges")])
    errors: list[LadderError] = []
    lines: dict = {}
    try:
        data = _construct(node, (), lines, file, errors)
    except yaml.YAMLError as exc:
        raise LadderErrors([LadderError(file, 1, "", f"not valid YAML: {exc}")]) from None
    if errors:
        raise LadderErrors(errors)
    return Loaded(data, lines, file)


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Read a ladder file as UTF-8 YAML."""
    file = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise LadderErrors([LadderError(file, 0, "", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LadderErrors([LadderError(file, line, "", "the file is not UTF-8 text; save it as UTF-8 in your editor")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return load_text(text, file)
