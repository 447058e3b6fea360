"""Errors a coach can act on: each names the file, the line and the key path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class LadderError:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return ": ".join(part for part in (where, self.path, self.message) if part)


class LadderErrors(Exception):
    """Every error found in one run, raised together so a coach fixes them in one go."""

    def __init__(self, errors: list[LadderError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


class UserError(Exception):
    """A bad input from the command line (answers file, CSV, PDF): one clear message."""


class UserErrors(UserError):
    """Every mistake in settings or a page (brand, plugin options, workshop packs), one per
    line, raised together like LadderErrors so a coach fixes them in one go."""

    def __init__(self, errors: list[LadderError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def in_file(file: str, errors) -> str:
    """Errors found without knowing their file (plugin options), each line naming it."""
    return "\n".join(f"{file}: {line}" for line in str(errors).splitlines())
