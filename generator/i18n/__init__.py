"""The interface language: every fixed string a client or participant reads, in one catalogue.

Source text is English and is its own message id (gettext's convention): Python calls
`messages(lang).gettext("…")`, print templates `{{ _("…") }}`, browser scripts `t("…")` from
assets/i18n.js. Translations live in gettext catalogues, `locale/<lang>/<area>.po`, one per
area so that the site's strings and the PDFs' strings are edited apart; `python -m
generator.i18n.extract` collects the ids from the sources (Babel's extractors) and updates
them. The browser gets, per build, only the entries its scripts use (`browser_module`).

Three rules exist twice, here (the reference) and in assets/i18n.js, with shared vectors in
tests/vectors/i18n.json: placeholders (`{name}` replaced, `{{` and `}}` literal), plural
forms chosen by CLDR category (Babel here, Intl.PluralRules there; a catalogue's msgstr[i] is
the language's i-th category in CLDR order), and number formatting (`number_style`: this
module decides the symbols, both sides apply the same small algorithm, because Babel and
Intl disagree on grouping, 1.234,5 against 1234,5 in Spanish).
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.pofile import read_po

DEFAULT = "en"
# CLDR's order of plural categories; a catalogue's msgstr[i] is the language's i-th of these.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def locale_dir() -> Path:
    return Path(str(resources.files("generator.i18n") / "locale"))


def shipped() -> tuple[str, ...]:
    """English (the source text) and every language with a catalogue folder."""
    return (DEFAULT, *sorted(p.name for p in locale_dir().iterdir() if p.is_dir()))


@functools.cache
def _locale(lang: str) -> Locale:
    """CLDR's data for the tag, else for its base language, else English's."""
    for tag in (lang.replace("-", "_"), lang.split("-")[0], DEFAULT):
        try:
            return Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("unreachable: Babel always knows English")


def categories(lang: str) -> tuple[str, ...]:
    """The language's plural categories in CLDR order ("other" always last)."""
    tags = _locale(lang).plural_form.tags
    return tuple(c for c in CATEGORIES if c in tags or c == "other")


def fill(text: str, values: Mapping[str, object]) -> str:
    """`{name}` replaced by its value; `{{` and `}}` are literal braces; an unknown name stays."""

    def one(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group(0)[0]
        return str(values[m.group(1)]) if m.group(1) in values else m.group(0)

    return _PLACEHOLDER.sub(one, text)


def number_style(lang: str) -> dict[str, str]:
    """The symbols a language writes numbers with (CLDR's, through Babel)."""
    symbols = _locale(lang).number_symbols["latn"]
    return {"decimal": symbols["decimal"], "group": symbols["group"], "minus": symbols["minusSign"]}


def format_number(value: float | int, style: Mapping[str, str], digits: int = 1) -> str:
    """At most `digits` decimals, trailing zeros dropped, grouped by thousands (mirrored in i18n.js)."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    rounded = _round_half_up(abs(value), digits)
    whole, frac = divmod(rounded, 10**digits)
    frac_text = f"{frac:0{digits}d}".rstrip("0") if digits else ""
    whole_text = str(whole)
    if len(whole_text) >= 5:  # grouped from 10 000 in every language (CLDR's minimum grouping of 2)
        groups: list[str] = []
        while len(whole_text) > 3:
            groups.insert(0, whole_text[-3:])
            whole_text = whole_text[:-3]
        whole_text = str(style["group"]).join([whole_text, *groups])
    text = whole_text + (f"{style['decimal']}{frac_text}" if frac_text else "")
    return f"{style['minus']}{text}" if value < 0 and rounded else text


def _round_half_up(value: float, digits: int) -> int:
    """Half away from zero, decided on the shortest decimal text of the number (repr here,
    String() in JavaScript: both are the shortest round-trip form), so 2.25 rounds to 2.3."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = f"{value:.20f}"
    whole, _, frac = text.partition(".")
    frac = frac.ljust(digits + 1, "0")
    kept = int(whole + frac[:digits])
    return kept + (1 if frac[digits] >= "5" else 0)


def pick(forms: tuple[str, ...], cats: tuple[str, ...], category: str, singular: str, plural: str) -> str:
    """A plural message's text for `category`: the translation's form in that category's place,
    else its last ("other"); untranslated, English's two forms."""
    if not any(forms):
        return singular if category == "one" else plural
    index = cats.index(category) if category in cats else len(forms) - 1
    return forms[index] if index < len(forms) and forms[index] else forms[-1]


class Messages:
    """One language's strings, plural forms, numbers and dates."""

    def __init__(self, lang: str, entries: Mapping[str, str | tuple[str, ...]]):
        self.lang = lang
        self._entries = dict(entries)
        self._plural = _locale(lang).plural_form
        self._categories = categories(lang)
        self.numbers = number_style(lang)

    def gettext(self, msgid: str, **values: object) -> str:
        found = self._entries.get(msgid)
        text = found if isinstance(found, str) and found else msgid
        return fill(text, values) if values else text

    def ngettext(self, singular: str, plural: str, n: float | int, **values: object) -> str:
        values = {"n": self.number(n), **values}
        found = self._entries.get(singular)
        forms = found if isinstance(found, tuple) else ()
        return fill(pick(forms, self._categories, self.category(n), singular, plural), values)

    def category(self, n: float | int) -> str:
        # 1.0 is the integer 1 in JavaScript; Babel would read the float's ".0" as a visible digit.
        n = abs(n)
        return str(self._plural(int(n) if float(n).is_integer() else n))

    def number(self, value: float | int, digits: int = 1) -> str:
        return format_number(value, self.numbers, digits)

    def date(self, value: _dt.date) -> str:
        return format_date(value, format="long", locale=_locale(self.lang))


def _read(lang: str) -> dict[str, str | tuple[str, ...]]:
    entries: dict[str, str | tuple[str, ...]] = {}
    folder = locale_dir() / lang
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        with path.open("rb") as f:
            # The language's own plural count: with none, Babel keeps two forms and prints a
            # warning for each entry with more (Spanish has three), on every build.
            catalog = read_po(f, locale=_locale(lang))
        for m in catalog:
            if not m.id or m.fuzzy:
                continue
            key = str(m.id[0] if isinstance(m.id, tuple | list) else m.id)
            text = tuple(m.string) if isinstance(m.string, tuple | list) else str(m.string or "")
            if any(text) or key not in entries:  # a string in both catalogues: the one translated
                entries[key] = text
    return entries


@functools.cache
def messages(lang: str = DEFAULT) -> Messages:
    """The strings of `lang` (its own catalogue, else its base language's, else English)."""
    base = lang.split("-")[0]
    entries = _read(base) if base != lang else {}
    entries.update(_read(lang))
    return Messages(lang, entries)


def browser_module(lang: str) -> str:
    """assets/ladderkit/messages.js for one build: the language, its number symbols, its plural
    categories and the translations of the strings the browser's scripts use (none for English)."""
    own = messages(lang)
    used = _browser_ids()
    table = {k: v for k, v in own._entries.items() if k in used}
    data = {"lang": lang, "numbers": own.numbers, "categories": list(own._categories), "messages": table}
    return (
        "// Generated at build by generator/i18n (browser_module).\nexport default "
        + json.dumps(data, ensure_ascii=False, sort_keys=True)
        + ";\n"
    )


@functools.cache
def _browser_ids() -> frozenset[str]:
    """Message ids that occur in a browser script (the template's locations say where)."""
    ids: set[str] = set()
    for pot in locale_dir().glob("*.pot"):
        with pot.open("rb") as f:
            for m in read_po(f):
                if m.id and any(loc.endswith((".js", ".mjs")) for loc, _ in m.locations):
                    ids.add(str(m.id[0] if isinstance(m.id, tuple | list) else m.id))
    return frozenset(ids)
