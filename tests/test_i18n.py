"""The interface language: the catalogue is complete and up to date, and the rules the browser
mirrors (tests/vectors/i18n.json, also read by tests/js/i18n.test.mjs) hold in the reference."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator import i18n
from generator.i18n import extract
from tests.helpers import ROOT

V = json.loads((ROOT / "tests/vectors/i18n.json").read_text(encoding="utf-8"))


def test_catalogues_are_up_to_date_with_the_sources(capsys):
    """A string added to the code (or removed) without `python -m generator.i18n.extract` fails here."""
    assert extract.main(["--check"]) == 0, capsys.readouterr().err


# A catalogue line as gettext writes it: a comment, a blank, a keyword and its quoted text, or
# the quoted text that continues it. Babel reads a line that is none of these without a word
# (msgstr Empezar gives "mpeza", a missing closing quote loses the last letter), so a
# translator's slip would reach every page as mangled text with the tests green.
_PO_LINE = re.compile(r'(#.*|\s*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"([^"\\]|\\.)*"|"([^"\\]|\\.)*")\s*')


def _malformed(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if not _PO_LINE.fullmatch(line)]


@pytest.mark.parametrize(
    "line", ["msgstr Empezar", 'msgstr "Exportar respuestas', '"se recarga sola', "this is garbage", 'msgstr "a" "b" x']
)
def test_a_malformed_catalogue_line_is_found(line):
    assert _malformed(f'msgid "Start"\n{line}\n') == [2]


@pytest.mark.parametrize("lang", [lang for lang in i18n.shipped() if lang != i18n.DEFAULT])
def test_every_catalogue_line_is_well_formed(lang):
    bad = [
        f"{po.name}:{n}"
        for po in sorted((i18n.locale_dir() / lang).glob("*.po"))
        for n in _malformed(po.read_text(encoding="utf-8"))
    ]
    assert not bad, f'lines Babel would read wrongly (each text in double quotes, \\" inside): {bad[:20]}'


@pytest.mark.parametrize("lang", [lang for lang in i18n.shipped() if lang != i18n.DEFAULT])
def test_every_shipped_language_translates_every_string(lang):
    missing = []
    for po, m in _messages(lang):
        forms = m.string if isinstance(m.string, tuple | list) else (m.string,)
        if m.fuzzy or not all(forms) or len(forms) < (len(i18n.categories(lang)) if m.pluralizable else 1):
            missing.append(f"{po.name}: {m.id!r}")
    assert not missing, f"{lang} lacks {len(missing)} translation(s):\n" + "\n".join(missing[:40])


def _messages(lang: str):
    """(catalogue file, message) for every message of a language's catalogues."""
    for po in sorted((i18n.locale_dir() / lang).glob("*.po")):
        with po.open("rb") as f:
            yield from ((po, m) for m in read_po(f, locale=lang) if m.id)


def _shape(text: str) -> tuple[list[str], list[str]]:
    return sorted(re.findall(r"\{[A-Za-z_][A-Za-z0-9_]*\}", text)), sorted(re.findall(r"<[^>]*>?", text))


def _foreign(sources: tuple[str, ...], text: str, plural: bool) -> bool:
    """Whether a translation's placeholders or markup differ from its source's. A plural form
    may leave out {n} ("una respuesta"), never add an unknown name; any other translation
    keeps every name (a lost one loses a number: "Paso 2 de"). Translations reach pages
    unescaped, so a tag is compared whole, attributes and case included."""
    names, tags = _shape(text)
    allowed = set().union(*(_shape(s)[0] for s in sources))
    kept = set(names) <= allowed if plural else set(names) == allowed
    return bool(text) and (not kept or tags != _shape(sources[0])[1])


@pytest.mark.parametrize(
    ("source", "text", "plural"),
    [
        ("Step {n} of {total}", "Paso {n} de", False),
        ("Step {n} of {total}", "Paso {m} de {total}", False),
        ("Export answers", "<img src=x onerror=alert(1)>Exportar", False),
        ("Export answers", "<IMG src=x onerror=alert(1)>Exportar", False),
        ("<strong>Private:</strong> yes", "<strong onclick=alert(1)>Privado:</strong> sí", False),
        ("{n} answer", "{n} respuesta {x}", True),
    ],
)
def test_a_translation_that_loses_a_placeholder_or_brings_markup_is_caught(source, text, plural):
    assert _foreign((source,), text, plural)


@pytest.mark.parametrize(
    ("source", "text", "plural"),
    [
        ("Step {n} of {total}", "{total}: paso {n}", False),
        ("<strong>Private:</strong> yes", "<strong>Privado:</strong> sí", False),
        ("{n} answer", "una respuesta", True),
    ],
)
def test_a_faithful_translation_passes(source, text, plural):
    assert not _foreign((source,), text, plural)


@pytest.mark.parametrize("lang", [lang for lang in i18n.shipped() if lang != i18n.DEFAULT])
def test_translations_keep_the_placeholders_and_markup_of_their_source(lang):
    """A misspelt `{name}` would show its braces to a client; a tag added or lost would break a page."""
    wrong = []
    for po, m in _messages(lang):
        if not m.string:
            continue
        sources = tuple(m.id) if isinstance(m.id, tuple | list) else (m.id,)
        plural = isinstance(m.string, tuple | list)
        wrong += [
            f"{po.name}: {sources[0]!r} -> {text!r}"
            for text in (m.string if plural else (m.string,))
            if _foreign(sources, text, plural)
        ]
    assert not wrong, "\n".join(wrong[:40])


@pytest.mark.parametrize("case", V["numbers"], ids=lambda c: f"{c[0]}-{c[2]}-{c[3]}")
def test_numbers(case):
    lang, style, value, digits, want = case
    assert i18n.number_style(lang) == style
    assert i18n.format_number(value, style, digits) == want


def test_plural_categories_are_cldr_as_the_browser_has_them():
    for lang, n, want in V["categories"]:
        assert i18n.messages(lang).category(n) == want, (lang, n)
    for lang, cats in V["cats"].items():
        assert list(i18n.categories(lang)) == cats


def test_placeholders_and_plural_choice():
    for text, values, want in V["fill"]:
        assert i18n.fill(text, values) == want
    for forms, cats, category, one, other, want in V["pick"]:
        assert i18n.pick(tuple(forms), tuple(cats), category, one, other) == want


def test_english_is_the_source_text_and_an_unknown_language_falls_back_to_it():
    en, xx = i18n.messages("en"), i18n.messages("xx-Unknown")
    assert en.gettext("Score {n}", n=3) == xx.gettext("Score {n}", n=3) == "Score 3"
    assert en.ngettext("{n} answer", "{n} answers", 1) == "1 answer"
    assert en.ngettext("{n} answer", "{n} answers", 2.5) == "2.5 answers"


def test_dates_are_written_in_the_language():
    assert i18n.messages("es").date(datetime.date(2026, 11, 29)) == "29 de noviembre de 2026"
    assert i18n.messages("en").date(datetime.date(2026, 11, 29)) == "November 29, 2026"


def test_the_browser_table_holds_only_what_its_scripts_use():
    text = i18n.browser_module("es")
    data = json.loads(text.split("export default ", 1)[1].rstrip(";\n"))
    assert data["lang"] == "es" and data["numbers"]["decimal"] == ","
    assert set(data["messages"]) <= i18n._browser_ids()


def test_the_one_language_setting_wins_over_the_themes_and_is_checked():
    from generator.errors import UserError
    from generator.print.language import interface_language

    assert interface_language("es", {"language": "en"}) == "es"
    assert interface_language("", {"language": "de"}) == "de"
    assert interface_language(None, "mkdocs") == "en"
    with pytest.raises(UserError, match=r"ladderkit: language: 'Spanish please' is not a language code"):
        interface_language("Spanish please", {})


def _example_site(tmp_path, plugin_language: str | None, theme_language: str | None):
    """The example site's mkdocs.yml (one ladder, no PDFs) with these language settings."""
    import shutil

    import yaml

    for folder in ("content", "overrides"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "ladders").mkdir()
    shutil.copy(ROOT / "ladders/growing-loyalty.yml", tmp_path / "ladders")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "ladderkit" in plugin:
            plugin["ladderkit"]["pdfs"] = False
            if plugin_language is not None:
                plugin["ladderkit"]["language"] = plugin_language
    config["theme"].pop("language", None)
    if theme_language is not None:
        config["theme"]["language"] = theme_language
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return tmp_path / "mkdocs.yml"


def test_the_plugins_language_reaches_materials_search_as_the_themes_would(tmp_path):
    """Material's search reads theme.language for its stemmer in its own on_config: the plugin's
    `language` has to be in place before, or a German site gets an English search index."""
    from generator.commands.build import build_site

    site = build_site(str(_example_site(tmp_path, "de", "en")), str(tmp_path / "site"), strict=False)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["de"]


@pytest.mark.parametrize(
    ("plugin", "theme", "expected"),
    [
        ("fa-IR", None, "ladderkit: language: 'fa-IR': the Material theme has no words in this language; write fa,"),
        (None, "EN", "theme.language: 'EN': the Material theme has no words in this language; write en,"),
        (
            "klingon",
            "en",
            "ladderkit: language: 'klingon': the Material theme has no words in this language; write one",
        ),
        (
            "zh-Hant-TW",
            None,
            "write zh or zh-Hant or zh-TW, or give it some in overrides/partials/languages/zh-Hant-TW.html",
        ),
    ],
)
def test_a_language_material_has_no_words_for_is_named_with_the_tags_that_would_work(tmp_path, plugin, theme, expected):
    """Before: "cannot write the site ('partials/languages/fa-IR.html' not found in search paths: …)"."""
    from generator.commands.build import build_site
    from generator.commands.doctor import site_items
    from generator.errors import UserError

    config = _example_site(tmp_path, plugin, theme)
    with pytest.raises(UserError) as stopped:
        build_site(str(config), str(tmp_path / "site"), strict=False)
    assert expected in str(stopped.value)
    assert "search paths" not in str(stopped.value)
    # doctor says the same, PDFs or not (this site has none)
    assert any(not item.ok and expected in item.fix for item in site_items(str(config)))


def test_a_language_the_sites_overrides_give_words_for_builds(tmp_path):
    from generator.commands.build import build_site
    from generator.commands.doctor import site_items

    config = _example_site(tmp_path, "fa-IR", None)
    languages = tmp_path / "overrides/partials/languages"
    languages.mkdir(parents=True)
    material = Path(__import__("material").__file__).parent / "templates/partials/languages/fa.html"
    (languages / "fa-IR.html").write_text(material.read_text("utf-8"), "utf-8")
    assert all(item.ok for item in site_items(str(config)))
    site = build_site(str(config), str(tmp_path / "site"), strict=False)
    assert '<html dir="rtl" lang="fa"' in (site / "index.html").read_text("utf-8")


def test_a_string_in_both_catalogues_is_taken_where_it_is_translated(tmp_path, monkeypatch):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "a.po").write_text('msgid "Hello"\nmsgstr "Hola"\n', encoding="utf-8")
    (tmp_path / "xx" / "b.po").write_text('msgid "Hello"\nmsgstr ""\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    assert i18n._read("xx")["Hello"] == "Hola"


def test_the_browser_gets_the_words_its_bridge_sentences_use():
    """wording.mjs translates through a function handed in; N_ marks its ids for messages.mjs."""
    data = json.loads(i18n.browser_module("es").split("export default ", 1)[1].rstrip(";\n"))
    assert data["messages"]["bridge"] == "puente"
    assert data["messages"]["the “{name}” bridge"] == "el puente «{name}»"
