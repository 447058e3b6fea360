"""The language every PDF is written in: the one place that decides it.

A PDF carries it as its /Lang (from the print HTML's `<html lang>`), so a screen reader reads
it with the right voice. Today it is mkdocs.yml's `theme.language` (Material's setting, which
also sets the site pages' `lang`) when set, else English; the interface-language setting of
issue 18 will change only this module.

`direction` says which way the language is written: the site (our CSS on top of Material's
`dir`), every print document's `<html dir>`, its page boxes and the ladder diagram follow it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from babel import Locale, UnknownLocaleError  # Material's dependency: CLDR knows each locale's direction

from generator.errors import UserError
from generator.vocab import LANGUAGE_TAG

DEFAULT = "en"


def site_language(theme: object) -> str:
    """The language of the PDFs from mkdocs.yml's `theme`: a mapping (as read from the file,
    or MkDocs' Theme), a theme name (no language set) or None."""
    value = theme.get("language") if isinstance(theme, Mapping) else None  # `theme: mkdocs` has none
    if value is None or value == "":
        return DEFAULT
    if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
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
    if not isinstance(option, str) or not LANGUAGE_TAG.match(option):
        raise UserError(
            f"mkdocs.yml: ladderkit: language: {str(option)[:40]!r} is not a language code; "
            "write one such as en, es or pt-BR, or remove the setting"
        )
    return option


# Written right to left when CLDR (Babel) does not know the tag: the languages, and the scripts
# a subtag can name (az-Arab, pa-Arab, ku-Arab…), that run right to left.
_RTL_LANGUAGES = frozenset(
    ["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "lrc", "mzn", "nqo", "ps", "sd", "syr", "ug", "ur", "yi"]
)
_RTL_SCRIPTS = frozenset(["adlm", "arab", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"])


def direction(language: str) -> str:
    """How `language` (a BCP 47 tag such as ar, he-IL, az-Arab) is written: "rtl" or "ltr"."""
    parts = language.replace("_", "-").lower().split("-")
    if any(len(part) == 4 and part in _RTL_SCRIPTS for part in parts[1:]):
        return "rtl"  # the script subtag decides: az-Arab is right to left, az is not
    try:
        return "rtl" if Locale.parse(language, sep="-").text_direction == "rtl" else "ltr"
    except (ValueError, UnknownLocaleError):
        pass  # not a locale CLDR knows: the table decides
    return "rtl" if parts[0] in _RTL_LANGUAGES else "ltr"


_PAGE_BOX = re.compile(r"@(top|bottom)-(left|right)\b")


def page_boxes(css: str, direction: str) -> str:
    """`css` with its page-margin boxes (@top-left, @bottom-right…) swapped left for right in
    a right-to-left document: the running header, the brand, the footer and the page number
    change sides, as a book in Arabic or Hebrew has them. Margin boxes are physical in CSS."""
    if direction != "rtl":
        return css
    return _PAGE_BOX.sub(lambda m: f"@{m[1]}-{'right' if m[2] == 'left' else 'left'}", css)


def arrows(direction: str) -> dict[str, str]:
    """The arrows running text puts between two rungs ("Customer → Client"), for an upward and
    a downward bridge: they point the way the line reads. Bidi mirroring leaves arrows alone."""
    return {"up": "←", "down": "↙"} if direction == "rtl" else {"up": "→", "down": "↘"}
