"""Find, read, validate and build ladders: the one way from a file to a `Ladder`."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from generator.errors import LadderError, LadderErrors
from generator.ladder.model import Ladder, Validated, build
from generator.ladder.validate import validate, validate_set
from generator.ladder.yamlio import load_bytes, read_bytes
from generator.vocab import did_you_mean

LADDERS_DIR = Path("ladders")


# The last good Ladder of each file, with the bytes it was built from. The preview rebuilds on
# every save, and parsing YAML with line marks is the slow part of loading: an unchanged file
# gives back the very Ladder it gave before (frozen, so sharing it is safe).
_LOADED: dict[tuple[str, str], tuple[bytes, Ladder]] = {}


def load_ladder(path: Path | str, display: str | None = None) -> Ladder:
    """Load one ladder file; raise LadderErrors with every problem found."""
    path = Path(path)
    display = display or _display(path)
    key = (str(path.resolve()), display)
    raw = read_bytes(path, display)
    remembered = _LOADED.get(key)
    if remembered is not None and remembered[0] == raw:
        return remembered[1]
    loaded = load_bytes(raw, display)
    errors = validate(loaded, expected_id=path.stem)
    if errors:
        raise LadderErrors(errors)
    ladder = build(cast(Validated, loaded.data), path=str(path))  # validated: a mapping
    _LOADED[key] = (raw, ladder)
    return ladder


def ladder_files(directory: Path = LADDERS_DIR) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.yml") if p.is_file())


def load_all(paths: list[Path]) -> list[Ladder]:
    """Load several ladders, collecting the errors of all of them before failing."""
    ladders, errors = [], []
    for path in paths:
        try:
            ladders.append(load_ladder(path))
        except LadderErrors as exc:
            errors.extend(exc.errors)
    errors.extend(validate_set(ladders))
    if errors:
        raise LadderErrors(errors)
    return ladders


def resolve(arg: str, directory: Path = LADDERS_DIR) -> Path:
    """A LADDER argument is an id from `ladders/` or a path to a .yml file."""
    candidate = Path(arg)
    if candidate.suffix in (".yml", ".yaml") or "/" in arg:
        if not candidate.is_file():
            raise LadderErrors([LadderError(arg, 0, "", "no such ladder file")])
        return candidate
    path = Path(directory) / f"{arg}.yml"
    if path.is_file():
        return path
    known = [p.stem for p in ladder_files(directory)]
    hint = did_you_mean(arg, known, f"; known ladders: {', '.join(known)}" if known else "")
    raise LadderErrors([LadderError(str(path), 0, "", f"no ladder with id '{arg}' in {directory}/{hint}")])


def _display(path: Path) -> str:
    """Show paths relative to the working directory when possible, as editors expect."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
