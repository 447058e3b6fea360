"""ladderkit: customer-loyalty ladders in YAML -> a self-audit site and print-ready PDFs."""

from generator.errors import LadderError, LadderErrors, UserError
from generator.ladder.loader import load_all, load_ladder, resolve
from generator.ladder.model import Ladder, build, to_dict

__all__ = [
    "Ladder",
    "LadderError",
    "LadderErrors",
    "UserError",
    "build",
    "load_all",
    "load_ladder",
    "resolve",
    "to_dict",
]
__version__ = "0.2.0"  # the one place for the version: pyproject.toml reads it
