"""`python -m generator.i18n.extract`: collect every interface string from the sources into the
templates (locale/<area>.pot) and bring each language's catalogue (locale/<lang>/<area>.po) up
to date, new strings untranslated. `--check` changes nothing and fails when a template is out
of date (the test suite runs it), so a string added to the code cannot skip the catalogue.
"""

from __future__ import annotations

import ast
import io
import sys
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.pofile import read_po, write_po

from generator.i18n import DEFAULT, browser_module, locale_dir

ROOT = Path(__file__).resolve().parents[2]
# gettext/ngettext (and `_`) in Python and templates; t/tn in the browser's scripts. Two passes,
# so that a Python variable named `t` is never taken for a message.
PYTHON = (
    [("**/starter/**", "ignore"), ("**.py", "generator.i18n.extract:python"), ("**.html", "jinja2")],
    {"_": None, "gettext": None, "ngettext": (1, 2)},
)
BROWSER = ([("**.js", "javascript"), ("**.mjs", "javascript")], {"t": None, "tn": (1, 2), "N_": None})
# Which sources feed which catalogue: the site's pages and scripts (the engine's .mjs modules
# run only in the browser, so their messages are the site's), and the PDFs' text (the engine's
# Python, which the PDFs print, and the shared markup).
AREAS = {
    "site": [("generator/site", (PYTHON, BROWSER)), ("generator/scoring", (BROWSER,))],
    "print": [
        ("generator/print", (PYTHON, BROWSER)),
        ("generator/scoring", (PYTHON,)),
        ("generator/markup", (PYTHON, BROWSER)),
    ],
}
# parse_template_string: the t() calls inside a `…${t("…")}…` template literal count too.
OPTIONS = {
    "**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"},
    "**.js": {"parse_template_string": "true"},
    "**.mjs": {"parse_template_string": "true"},
}


def python(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[Any, ...]]:  # Babel's extraction results: line, keyword, message(s), comments
    """Babel's Python extractor, plus the calls inside f-strings (`f"<h2>{m.gettext('Back')}</h2>"`),
    which it cannot see before Python 3.12, where an f-string is one token."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    if sys.version_info >= (3, 12):
        return
    seen: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if not isinstance(call, ast.Call) or id(call) in seen:
                continue
            seen.add(id(call))
            name = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
            if name in keywords and call.args:
                texts = tuple(
                    a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in call.args
                )
                yield call.lineno, name, texts if len(texts) > 1 else texts[0], []


def template(area: str) -> Catalog:
    catalog = Catalog(project="ladderkit", fuzzy=False)
    for folder, passes in AREAS[area]:
        for methods, keywords in passes:
            found = extract_from_dir(
                ROOT / folder, methods, OPTIONS, keywords, comment_tags=("Translators:",), strip_comment_tags=True
            )
            for filename, lineno, message, comments, context in found:
                where = [(f"{folder}/{filename}", lineno)]
                catalog.add(message, None, where, auto_comments=comments, context=context)
    return catalog


def _text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=True, sort_output=True, include_lineno=False)
    # Files without line numbers: an edit elsewhere in a source file leaves the catalogues alone.
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
