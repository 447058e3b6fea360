"""The website in another language (issue 18 items 1-2): a site built with `language: es` and a
ladder written in Spanish shows no English of ours, and an English build no Spanish.

"Ours" is the site catalogue (locale/site.pot): every English message id, compared with the
visible text of the client pages (home, ladder overview, rungs, a bridge, audit, customers,
group view, downloads) and with the browser's table (messages.mjs). A message is found when
it is a whole text of the page, or when one of its runs of three words is; a run the Spanish
translation also has ("PDF", "CSV UTF-8") proves nothing and is left out. The text a script
writes into the page is checked on a phone by tests/browser/test_spanish_audit.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import i18n
from generator.brand import Brand
from generator.ladder.loader import load_ladder
from generator.print.documents import jobs
from generator.site.downloads import downloads_markdown
from tests.helpers import FIXTURES, ROOT, catalogue, leaks, small_site

SPANISH = FIXTURES / "spanish" / "panaderia.yml"
ENGLISH = ROOT / "ladders" / "customer-development.yml"  # a downward bridge and a classifier, as the Spanish one
PAGES = {
    "home": "index.html",
    "overview": "ladders/{id}/index.html",
    "rungs": "ladders/{id}/rungs/index.html",
    "bridge": "ladders/{id}/bridges/{bridge}/index.html",
    "audit": "ladders/{id}/audit/index.html",
    "customers": "ladders/{id}/customers/index.html",
    "group": "group/index.html",
}


class Visible(HTMLParser):
    """The texts a reader meets: text nodes outside scripts and styles, and the attributes read
    out or shown (aria-label, title, placeholder, alt)."""

    SKIP = frozenset({"script", "style", "template"})
    ATTRIBUTES = frozenset({"aria-label", "title", "placeholder", "alt"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        self.texts += [v for k, v in attrs if k in self.ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def visible(path: Path) -> list[str]:
    """The page's own content (Material's article), where everything ladderkit writes goes."""
    page = path.read_text(encoding="utf-8")
    article = re.search(r"<article\b.*</article>", page, re.S)
    assert article, f"{path}: no article"
    parser = Visible()
    parser.feed(article.group(0))
    return parser.texts


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Path:
    return small_site(tmp_path_factory.mktemp("es"), SPANISH, "es")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    return small_site(tmp_path_factory.mktemp("en"), ENGLISH, "en")


def page_texts(site: Path, ladder: Path) -> dict[str, list[str]]:
    lad = load_ladder(ladder)
    names = {"id": lad.id, "bridge": next(b.id for b in lad.bridges if not b.upward)}
    return {name: visible(site / path.format(**names)) for name, path in PAGES.items()}


def served_table(site: Path) -> dict:
    text = (site / "assets" / "ladderkit" / "messages.mjs").read_text(encoding="utf-8")
    return json.loads(text.split("export default ", 1)[1].rstrip(";\n"))


def test_a_spanish_site_shows_no_english_of_ours(spanish):
    pairs = catalogue()
    for name, texts in page_texts(spanish, SPANISH).items():
        assert texts, f"{name}: no text found"
        assert leaks(texts, pairs) == [], f"{name} shows English"


def test_the_spanish_pages_are_in_spanish(spanish):
    """The check above has something to find: the fixed words are there, in Spanish."""
    texts = page_texts(spanish, SPANISH)
    assert "Hacer la autoevaluación" in texts["home"]
    assert "Los peldaños" in texts["overview"] and "Señales" in texts["rungs"]
    assert "Puente de bajada: una vía por la que se pierden clientes:" in texts["bridge"]
    assert {"Antes de empezar", "Empezar", "Guardar o compartir", "Siguiente"} <= set(texts["audit"])
    assert "0 de 5 respondidas" in texts["audit"]
    assert {"Añadir un cliente", "Quitar todos"} <= set(texts["customers"])
    assert "Vista de grupo" in texts["group"]
    html = (spanish / PAGES["home"]).read_text(encoding="utf-8")
    assert '<html lang="es"' in html, "Material's theme.language follows the setting"


def test_the_browser_gets_every_message_of_its_scripts_in_spanish(spanish):
    table = served_table(spanish)
    assert table["lang"] == "es" and table["numbers"]["decimal"] == ","
    ids = i18n._browser_ids()
    assert ids and set(table["messages"]) == ids, "every string a script shows is in the served table"
    for msgid, text in table["messages"].items():
        forms = text if isinstance(text, list) else [text]
        assert all(forms), msgid
        assert leaks(forms, [(msgid, " ".join(forms))]) == [], f"{msgid!r} is served in English"
    assert table["messages"]["Step {n} of {total}"] == "Paso {n} de {total}"


def test_an_english_site_shows_no_spanish(english):
    pairs = [(spanish, source) for source, spanish in catalogue()]
    for name, texts in page_texts(english, ENGLISH).items():
        assert leaks(texts, pairs) == [], f"{name} shows Spanish"
    assert served_table(english)["messages"] == {}, "English is the source text: nothing to serve"
    assert "Take the self-audit" in page_texts(english, ENGLISH)["home"]


def test_the_downloads_page_is_in_the_language(tmp_path):
    """Listed from the print jobs (not rendered: the page's own words are the point here)."""
    ladder = load_ladder(SPANISH)
    listed = jobs([ladder], Brand(name="Miga"), language="es")
    sizes = {j.target: 3 * 1024 * 1024 + 300 * 1024 for j in listed}
    markdown = downloads_markdown(listed, {j.target: 4 for j in listed}, sizes, m=i18n.messages("es"))
    own = [line for line in markdown.splitlines() if line and not line.startswith("| [")]  # titles are print's
    assert leaks(own, catalogue()) == []
    assert "# Descargas" in own and "| Documento | Páginas | Tamaño |" in own
    assert "3,3 MB" in markdown, "sizes are written with the language's decimal comma"


def test_a_catalogue_is_read_with_its_language_plural_forms_and_without_a_word(capfd):
    """Babel read the catalogues as if every language had two plural forms: it kept two of
    Spanish's three and printed two lines per plural entry on every build."""
    entries = i18n._read("es")
    assert entries["{n} step"] == ("{n} paso", "{n} pasos", "{n} pasos")
    out, err = capfd.readouterr()
    assert "WARNING" not in out + err
