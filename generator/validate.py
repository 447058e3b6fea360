"""Validation of a loaded ladder file (placeholder: the full rules land with issue 2)."""
from __future__ import annotations

from .errors import LadderError
from .yamlio import Loaded


def validate(loaded: Loaded, expected_id: str | None = None) -> list[LadderError]:
    data = loaded.data
    if not isinstance(data, dict):
        return [LadderError(loaded.file, 1, "", "a ladder file must be a mapping of keys")]
    return []


def validate_set(ladders) -> list[LadderError]:
    return []
