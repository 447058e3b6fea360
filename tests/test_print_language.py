"""The PDFs in the site's language: a playbook, a fillable worksheet, the internal guide and a
report of a ladder written in Spanish, made with language es, hold no English from the
catalogue (print.pot), and the same documents in English hold none of its Spanish; /Lang,
the cover's date, numbers and "page X of Y" are the language's; a Spanish worksheet filled
with a decimal comma imports exactly as the English one does."""

from __future__ import annotations

import json
import os
import re

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from generator import i18n
from generator.cli import main
from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.print import documents as pd
from generator.print.report import write_report
from tests.helpers import ASSETS, FIXTURES, ROOT, brand, field_values, fill, ladders, render

pytestmark = pytest.mark.pdf

SPANISH = FIXTURES / "i18n" / "escalera-es.yml"
JANUARY_2026 = 1_767_225_600  # 1 January 2026, 00:00 UTC
ANSWERS = {"c-responde": 1, "c-oferta": True, "c-dias": 2.5, "r-canales": [], "o-contacto": False}
CUSTOMERS = [{"name": "Talleres Ruiz", "compras": 3, "recomienda": True}]


def _entries() -> list[tuple[str, str]]:
    """(English source text, Spanish text) of every message of the PDFs, plural forms included."""
    with (i18n.locale_dir() / "es" / "print.po").open("rb") as f:
        catalog = read_po(f, locale="es")
    pairs = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple | list) else (m.id,)
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        pairs += [(str(source), " ".join(str(s) for s in strings)) for source in ids]
    return pairs


def words(text: str) -> list[str]:
    # Zero-width spaces break long words for WeasyPrint (text.breakable); eyebrows are upper case.
    return re.findall(r"\w+", text.replace("\u200b", "").lower())


def leaks(text: str, source: str, translation: str) -> list[str]:
    """What of `source` (a catalogue message) is in `text` and is not also in `translation`:
    the whole message when it has no placeholder, and every run of three words of its text."""
    found = []
    flat = f" {' '.join(words(text))} "
    other = f" {' '.join(words(translation))} "
    pieces = [p for p in re.split(r"\{\w+\}", source) if words(p)]
    whole = " ".join(words(source))
    plain = "{" not in source and len(whole) > 2 and f" {whole} " not in other
    if plain and f" {whole} " in flat:
        found.append(source)
    for piece in pieces:
        w = words(piece)
        for i in range(len(w) - 2):
            run = " ".join(w[i : i + 3])
            if sum(word.isalpha() for word in w[i : i + 3]) < 2:
                continue  # "a 30 60" says nothing about the language
            if f" {run} " in flat and f" {run} " not in other:
                found.append(f"{run!r} (from {source!r})")
    return found


def pdf_text(path) -> str:
    """Everything a reader gets from the PDF: its pages' text, its title and subject, and the
    tooltips of its form fields."""
    reader = PdfReader(path)
    # Commands are typed as they are, in every language: the worksheet names two.
    commands = re.compile(r"ladderkit (import-pdf \S+ worksheet\.pdf|score)")
    parts = [commands.sub("", page.extract_text()) for page in reader.pages]
    parts += [str(reader.metadata.get(k, "")) for k in ("/Title", "/Subject")]
    parts += [str(f.get("/TU", "")) for f in (reader.get_fields() or {}).values()]
    return "\n".join(parts)


def documents(tmp, ladder, language: str) -> dict:
    """A playbook, the fillable worksheet, the internal guide and a report, written in `language`."""
    bridge = next(b for b in ladder.bridges if b.questions and b.template)
    paths = {}
    for name, html, forms in [
        ("playbook", pd.playbook_html(ladder, bridge, brand(), ASSETS, epoch=JANUARY_2026, language=language), False),
        ("fillable", pd.worksheet_html(ladder, brand(), ASSETS, fillable=True, language=language), True),
        ("guide", pd.guide_html([ladder], [], brand(), ASSETS, epoch=JANUARY_2026, language=language), False),
    ]:
        info = render(html, tmp / f"{name}.pdf", forms=forms)
        assert info["warnings"] == [], (name, info["warnings"])
        paths[name] = info["path"]
    paths["report"] = report(tmp, ladder, language)
    paths["pack"] = render(
        pd.pack_html(pack(ladder, language), {ladder.id: ladder}, [], brand(), ASSETS, language=language),
        tmp / "pack.pdf",
    )["path"]
    return paths


def pack(ladder, language: str) -> pd.Pack:
    """A workshop pack with one handout of each kind; its own text (the coach's) in `language`."""
    bridge = next(b for b in ladder.bridges if b.questions)
    said = {
        "es": ("Taller de fidelidad", "Equipo comercial", "Traigan sus datos."),
        "en": ("Loyalty workshop", "Sales team", "Bring your figures."),
    }
    title, audience, notes = said[language]
    return pd.Pack(
        slug="taller",
        title=title,
        audience=audience,
        paper="A4",
        agenda=(pd.AgendaItem("09:30", 45, title), pd.AgendaItem("10:15", 30, audience)),
        notes=notes,
        handouts=(
            pd.Handout("worksheet", ladder.id),
            pd.Handout("playbook", ladder.id, bridge.id),
            pd.Handout("guide"),
        ),
    )


def report(tmp, ladder, language: str):
    """`ladderkit report --compare` of the site whose mkdocs.yml sets `language`."""
    (tmp / "mkdocs.yml").write_text(f"site_name: x\ntheme:\n  name: material\n  language: {language}\n", "utf-8")
    first, second = tmp / "antes.json", tmp / "ahora.json"
    answers = {q.id: None for b in ladder.bridges for q in b.questions}
    given = {k: v for k, v in ANSWERS.items() if k in answers} or dict(
        list(json.loads((FIXTURES / "answers" / f"{ladder.id}.json").read_text())["answers"].items())[:4]
    )
    doc = {"format": "ladder-answers/1", "ladder": ladder.id, "answers": given}
    if ladder.classifier and ladder.id == "escalera-es":
        doc["customers"] = CUSTOMERS
    second.write_text(json.dumps(doc), "utf-8")
    first.write_text(json.dumps({**doc, "answers": dict(list(given.items())[:2])}), "utf-8")
    os.utime(second, (JANUARY_2026, JANUARY_2026))
    os.utime(first, (JANUARY_2026 - 30 * 86400, JANUARY_2026 - 30 * 86400))
    path = SPANISH if ladder.id == "escalera-es" else ROOT / "ladders" / f"{ladder.id}.yml"
    return write_report(str(path), second, tmp / "report.pdf", tmp / "mkdocs.yml", compare=first)


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    return documents(tmp_path_factory.mktemp("es"), load_ladder(SPANISH), "es")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return documents(tmp_path_factory.mktemp("en"), ladders()["internal-service"], "en")


KINDS = ["playbook", "fillable", "guide", "report", "pack"]


@pytest.mark.parametrize("kind", KINDS)
def test_no_english_from_the_catalogue_in_a_spanish_pdf(spanish, kind):
    text = pdf_text(spanish[kind])
    found = [leak for source, translation in _entries() for leak in leaks(text, source, translation)]
    assert not found, f"English in the Spanish {kind}:\n" + "\n".join(found)


@pytest.mark.parametrize("kind", KINDS)
def test_no_spanish_from_the_catalogue_in_an_english_pdf(english, kind):
    text = pdf_text(english[kind])
    found = [leak for source, translation in _entries() for leak in leaks(text, translation, source)]
    assert not found, f"Spanish in the English {kind}:\n" + "\n".join(found)


def test_the_leak_check_finds_english_left_in():
    """The check above is not blind: a sentence, a heading or three words of one are found."""
    entries = dict(_entries())
    text = "La escalera · Hand-scoring key · página 2 de 5 · how to use this"
    assert "Hand-scoring key" in leaks(text, "Hand-scoring key", entries["Hand-scoring key"])
    assert leaks(text, "How to use this worksheet", entries["How to use this worksheet"])
    assert not leaks("Clave para puntuar a mano", "Hand-scoring key", entries["Hand-scoring key"])


@pytest.mark.parametrize("kind", KINDS)
def test_a_spanish_pdf_is_tagged_spanish(spanish, kind):
    assert str(PdfReader(spanish[kind]).trailer["/Root"]["/Lang"]) == "es"


def test_spanish_dates_numbers_and_page_numbers(spanish):
    playbook = " ".join(pdf_text(spanish["playbook"]).split())
    assert "1 de enero de 2026" in playbook  # the cover's date
    assert "January" not in playbook
    pages = len(PdfReader(spanish["playbook"]).pages)
    assert f"página 2 de {pages}" in playbook
    assert "Un documento de trabajo para el puente «Compra», de la escalera" in playbook  # wording.bridge_ref
    worksheet = " ".join(pdf_text(spanish["fillable"]).split())
    assert "como máximo 2,5 días" in worksheet  # a threshold in the scoring key, decimal comma
    assert "Peso" in worksheet and "Clave para puntuar a mano" in worksheet
    report_text = " ".join(pdf_text(spanish["report"]).split())
    assert "1 de enero de 2026" in report_text and "2 de diciembre de 2025" in report_text  # --compare
    assert "Puntuación global" in report_text and "1 cliente clasificado con «Clasifique a cada cliente»" in report_text


def test_the_diagram_and_tooltips_are_spanish(spanish):
    reader = PdfReader(spanish["fillable"])
    tips = {name: str(f.get("/TU", "")) for name, f in reader.get_fields().items()}
    assert tips["about:name"] == "Empresa o equipo"
    assert tips["ladderkit-worksheet:escalera-es"] == "Identidad de la hoja (no la modifique)"
    assert tips["customers:1:rung"] == "Cliente 1: Peldaño"
    assert tips["r-canales:none"] == "¿Qué hacen para que les recomienden? — Ninguna de estas"
    assert tips["c-oferta"] == "¿Tienen una oferta de prueba para la primera compra?"
    alt = _alt_texts(spanish["report"])
    assert "La escalera de la fidelidad: diagrama de la escalera. 3 peldaños, de Interesado" in alt
    assert "Puentes de bajada: El olvido." in alt


def _alt_texts(path) -> str:
    """The /Alt of every structure element (the diagram's text alternative is one)."""
    reader = PdfReader(path)
    out, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            todo += node
        elif hasattr(node, "get"):
            if "/Alt" in node:
                out.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                todo.append(kids)
    return "\n".join(out)


def test_a_spanish_worksheet_with_a_decimal_comma_imports_as_the_english_one(tmp_path, capsys):
    """Field names do not depend on the language, so import-pdf reads a Spanish worksheet; a
    number typed as "2,5" reads as 2.5, exactly as "2.5" in the English worksheet."""
    ladder = load_ladder(SPANISH)
    values = field_values(to_dict(ladder), ANSWERS, CUSTOMERS)
    read = {}
    for lang, typed in (("es", "2,5"), ("en", "2.5")):
        blank = render(
            pd.worksheet_html(ladder, brand(), ASSETS, fillable=True, language=lang),
            tmp_path / f"{lang}.pdf",
            forms=True,
        )
        filled = fill(blank["path"], tmp_path / f"{lang}-filled.pdf", {**values, "c-dias": typed})
        out = tmp_path / f"{lang}.json"
        assert main(["import-pdf", str(SPANISH), str(filled), "-o", str(out)]) == 0, capsys.readouterr().err
        read[lang] = json.loads(out.read_text("utf-8"))
    assert read["es"] == read["en"]
    assert read["es"]["answers"] == ANSWERS
    assert read["es"]["customers"] == [{"name": "Talleres Ruiz", "compras": 3, "recomienda": True}]
