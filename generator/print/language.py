"""The language every PDF is written in: the one place that decides it.

A PDF carries it as its /Lang (from the print HTML's `<html lang>`), so a screen reader reads
it with the right voice. Today it is mkdocs.yml's `theme.language` (Material's setting, which
also sets the site pages' `lang`) when set, else English; the interface-language setting of
issue 18 will change only this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.errors import UserError

DEFAULT = "en"
# A BCP 47 language tag in the shape Material's languages use: en, de, pt-BR, zh-Hant.
_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def site_language(theme: object) -> str:
    """The language of the PDFs from mkdocs.yml's `theme`: a mapping (as read from the file,
    or MkDocs' Theme), a theme name (no language set) or None."""
    value = theme.get("language") if isinstance(theme, Mapping) else None  # `theme: mkdocs` has none
    if value is None or value == "":
        return DEFAULT
    if not isinstance(value, str) or not _TAG.fullmatch(value):
        raise UserError(
            f"mkdocs.yml: theme.language: {str(value)[:40]!r} is not a language code; "
            "write one such as en, de or pt-BR (the PDFs are tagged with it), or remove the setting"
        )
    return value


def interface_language(option: object, theme: object) -> str:
    """The site's one language setting: the ladderkit plugin's `language` when given, else
    mkdocs.yml's `theme.language` (Material's), else English. Read here by the build and by
    `ladderkit doctor`, so both name the same language."""
    if option in (None, ""):
        return site_language(theme)
    if not isinstance(option, str) or not _TAG.fullmatch(option):
        raise UserError(
            f"mkdocs.yml: ladderkit: language: {str(option)[:40]!r} is not a language code; "
            "write one such as en, es or pt-BR, or remove the setting"
        )
    return option
