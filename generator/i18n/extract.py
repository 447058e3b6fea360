"""`python -m generator.i18n.extract`: collect every interface string from the sources into the
templates (locale/<area>.pot) and bring each language's catalogue (locale/<lang>/<area>.po) up
to date, new strings untranslated. `--check` changes nothing and fails when a template is out
of date (the test suite runs it), so a string added to the code cannot skip the catalogue.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.i18n import DEFAULT, browser_module, locale_dir

ROOT = Path(__file__).resolve().parents[2]
# Which sources feed which catalogue: the site's pages and scripts, and the PDFs' text.
AREAS = {
    "site": ["generator/site"],
    "print": ["generator/print", "generator/scoring", "generator/markup"],
}
# gettext/ngettext (and `_`) in Python and templates; t/tn in the browser's scripts. Two passes,
# so that a Python variable named `t` is never taken for a message.
PASSES = [
    (
        [("**/starter/**", "ignore"), ("**.py", "python"), ("**.html", "jinja2")],
        {"_": None, "gettext": None, "ngettext": (1, 2)},
    ),
    ([("**.js", "javascript"), ("**.mjs", "javascript")], {"t": None, "tn": (1, 2)}),
]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}


def template(area: str) -> Catalog:
    catalog = Catalog(project="ladderkit", fuzzy=False)
    for folder in AREAS[area]:
        for methods, keywords in PASSES:
            found = extract_from_dir(
                ROOT / folder, methods, OPTIONS, keywords, comment_tags=("Translators:",), strip_comment_tags=True
            )
            for filename, lineno, message, comments, context in found:
                where = [(f"{folder}/{filename}", lineno)]
                catalog.add(message, None, where, auto_comments=comments, context=context)
    return catalog


def _text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=True, sort_output=True)
    return out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for area in AREAS:
        fresh = template(area)
        pot = locale_dir() / f"{area}.pot"
        if not pot.exists() or pot.read_bytes() != _text(fresh):
            stale.append(pot.name)
            if not check:
                pot.write_bytes(_text(fresh))
        for folder in sorted(p for p in locale_dir().iterdir() if p.is_dir()):
            po = folder / f"{area}.po"
            with po.open("rb") if po.exists() else io.BytesIO(b"") as f:
                catalog = read_po(f, locale=folder.name)
            catalog.update(fresh, no_fuzzy_matching=True)
            catalog.obsolete.clear()  # a string gone from the code leaves the catalogue too
            if not po.exists() or po.read_bytes() != _text(catalog):
                stale.append(f"{folder.name}/{po.name}")
                if not check:
                    po.write_bytes(_text(catalog))
    # The browser's English table, which node's tests import (the build writes each site's own).
    english = ROOT / "generator/scoring/messages.mjs"
    if not english.exists() or english.read_text(encoding="utf-8") != browser_module(DEFAULT):
        stale.append(english.name)
        if not check:
            english.write_text(browser_module(DEFAULT), encoding="utf-8")
    if check and stale:
        print(
            "the message catalogues are out of date: " + ", ".join(stale) + "; run `python -m generator.i18n.extract`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
