"""Right-to-left languages (issue 18 item 4): one place decides the direction (print/language.py),
the print documents and the site's pages carry it, the ladder diagram is mirrored, and the
PDFs of a ladder written in Arabic read right to left (tests/fixtures/rtl/cafe-ar.yml).
The site in a real browser is in tests/browser/test_rtl.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pdfplumber
import pytest
from pypdf import PdfReader

from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.markup.diagram import WIDTH, ladder_figure, ladder_svg
from generator.print.documents import playbook_html, worksheet_html
from generator.print.language import arrows, direction, page_boxes
from generator.print.report import report_html
from generator.scoring.scoring import score
from tests.helpers import FIXTURES, assets, brand, render

SVG = "{http://www.w3.org/2000/svg}"
CAFE = load_ladder(FIXTURES / "rtl" / "cafe-ar.yml")
ANSWERS = {"w-greet": "yes", "w-return": 5, "h-offer": 3, "h-perks": ["0", "1"], "d-notice": "no"}


@pytest.mark.parametrize(
    "tag", ["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "he-IL", "ar_EG", "az-Arab", "pa-Arab", "iw"]
)
def test_right_to_left_languages_and_scripts(tag):
    assert direction(tag) == "rtl"


@pytest.mark.parametrize("tag", ["en", "de", "pt-BR", "zh-Hant", "sr-Latn", "az", "az-Latn", "tr", "ja", "ku"])
def test_left_to_right_languages(tag):
    assert direction(tag) == "ltr"


def test_a_tag_cldr_does_not_know_is_decided_by_its_script_or_language():
    assert direction("xx-Hebr") == "rtl" and direction("xx-Arab") == "rtl"
    assert direction("xx") == "ltr" and direction("qaa-Latn") == "ltr"


def test_page_boxes_change_sides_only_right_to_left():
    css = "@page { @top-left { content: a } @top-right { content: b } @bottom-left {} @bottom-right {} }"
    assert page_boxes(css, "ltr") == css
    swapped = page_boxes(css, "rtl")
    assert "@top-right { content: a }" in swapped and "@top-left { content: b }" in swapped
    assert page_boxes(swapped, "rtl") == css  # the same swap undone: nothing else changed
    assert arrows("rtl") == {"up": "←", "down": "↙"} and arrows("ltr") == {"up": "→", "down": "↘"}


def _texts(root) -> dict[str, tuple[float, str]]:
    """{a bridge's or rung's label: (its x, its anchor)} from an SVG."""
    out = {}
    for text in root.iter(f"{SVG}text"):
        words = " ".join(t.text or "" for t in text.iter(f"{SVG}tspan")) or text.text or ""
        out[words] = (float(text.get("x")), text.get("text-anchor") or "start")
    return out


def _lanes(root) -> dict[str, float]:
    """{bridge id: the x of its vertical lane}, from each arrow's path M e,y L x,y L x,y2 L e,y2."""
    lanes = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("data-bridge"):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", g.find(f"{SVG}path").get("d"))]
            lanes[g.get("data-bridge")] = numbers[2]
    return lanes


def test_the_diagram_is_mirrored_right_to_left_with_the_same_anchors():
    ltr, rtl = ET.fromstring(ladder_svg(CAFE)), ET.fromstring(ladder_svg(CAFE, direction="rtl"))
    assert rtl.get("direction") == "rtl" and ltr.get("direction") is None
    # the ladder climbs from the right: upward lanes right of the rungs, downward ones left
    lanes = _lanes(rtl)
    assert lanes["welcome"] > WIDTH / 2 and lanes["habit"] > WIDTH / 2 and lanes["drift"] < WIDTH / 2
    assert {k: WIDTH - v for k, v in _lanes(ltr).items()} == lanes
    # every label mirrored, its anchor logical (start/end of the reading direction) and so unchanged
    left, right = _texts(ltr), _texts(rtl)
    assert left.keys() == right.keys() and {"جسر الترحيب", "زبون دائم", "upward bridge"} <= left.keys()
    for words, (x, anchor) in left.items():
        assert right[words] == (WIDTH - x, anchor), words
    # rungs still ascend: the lowest at the bottom
    ys = {g.get("data-rung"): float(g.find(f"{SVG}rect").get("y")) for g in rtl.iter(f"{SVG}g") if g.get("data-rung")}
    assert ys["visitor"] > ys["customer"] > ys["regular"]


def test_the_diagram_for_weasyprint_puts_its_words_in_html_over_the_drawing():
    """WeasyPrint's SVG text lays out letter by letter, left to right: Arabic would print unjoined."""
    figure = ladder_figure(CAFE, width_mm=178, max_height_mm=110, direction="rtl", position="visitor")
    root = ET.fromstring(figure)
    svg = root.find(f"{SVG}svg")
    assert svg is not None and not list(svg.iter(f"{SVG}text"))  # no SVG text left to garble
    labels = {span.text: span.get("style") for span in root.iter("span")}
    assert root.find("div").get("aria-hidden") == "true"  # the SVG's title and description say it all
    assert {"زائر", "زبون", "زبون دائم", "جسر الترحيب", "جسر العادة", "جسر الابتعاد"} <= labels.keys()
    # an upward bridge's label is right of the rungs, ending (reading right to left) at its lane
    assert labels["جسر العادة"].startswith("left:") and labels["جسر الابتعاد"].startswith("right:")
    width = float(re.search(r"width:([\d.]+)mm", root.get("style"))[1])
    assert float(re.match(r"left:([\d.]+)mm", labels["جسر العادة"])[1]) > width / 2
    assert float(re.match(r"right:([\d.]+)mm", labels["جسر الابتعاد"])[1]) > width / 2


@pytest.mark.parametrize(("language", "way", "arrow"), [("ar", "rtl", "←"), ("he", "rtl", "←"), ("en", "ltr", "→")])
def test_every_print_document_carries_the_direction(language, way, arrow):
    for html in (
        worksheet_html(CAFE, brand(), assets(), language=language),
        playbook_html(CAFE, CAFE.bridges[0], brand(), assets(), language=language),
        report_html(CAFE, score(to_dict(CAFE), ANSWERS), brand(), language=language),
    ):
        assert f'<html lang="{language}" dir="{way}">' in html
    sheet = worksheet_html(CAFE, brand(), assets(), language=language)
    assert f"زائر {arrow} زبون" in sheet  # the route reads in the language's direction
    boxes = re.search(r"@top-(left|right) \{ content: \"Brightpath", sheet)
    assert boxes and boxes[1] == ("left" if way == "rtl" else "right")  # the brand changes sides


# --- the PDFs, read back ------------------------------------------------------------------


@pytest.fixture(scope="module")
def rtl_pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("rendered-rtl")
    paths = {"worksheet": out / "worksheet.pdf", "report": out / "report.pdf"}
    render(worksheet_html(CAFE, brand(), assets(), fillable=True, language="ar"), paths["worksheet"], forms=True)
    result = score(to_dict(CAFE), ANSWERS)
    render(report_html(CAFE, result, brand(), client="ليلى", language="ar"), paths["report"])
    return paths


def _words(page) -> list[dict]:
    """pdfplumber's words, each with its logical text: it orders a line's characters by x,
    which for right-to-left text is the reverse of the reading order."""
    return [{**w, "logical": w["text"][::-1]} for w in page.extract_words()]


@pytest.mark.pdf
def test_pdfs_are_tagged_arabic_and_read_in_logical_order(rtl_pdfs):
    for path in rtl_pdfs.values():
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == "ar"
    # Text extraction follows the content stream: each right-to-left run comes out in reading
    # order (WeasyPrint writes its glyphs logically), so a heading can be searched and copied.
    sheet = PdfReader(rtl_pdfs["worksheet"]).pages[1].extract_text()
    assert "جسر الترحيب" in sheet and "هل يرحّب الفريق بكل زائر جديد" in sheet
    report = PdfReader(rtl_pdfs["report"]).pages[0].extract_text()
    assert "سلّم ولاء زبائن المقهى في" in report


@pytest.mark.pdf
def test_headings_and_diagram_labels_sit_right_to_left(rtl_pdfs):
    with pdfplumber.open(rtl_pdfs["worksheet"]) as pdf:
        page = pdf.pages[1]
        words = _words(page)
        second = next(w for w in words if w["logical"] == "الترحيب")  # "جسر الترحيب", the bridge's heading
        line = [w for w in words if abs(w["top"] - second["top"]) < 2]
        assert [w["logical"] for w in sorted(line, key=lambda w: -w["x0"])] == ["جسر", "الترحيب"]  # read from the right
        # right-aligned: the heading ends at the right margin (18 mm) and starts far from the left one
        assert page.width - max(w["x1"] for w in line) < 18 * 72 / 25.4 + 4
        assert min(w["x0"] for w in line) > page.width / 2
    with pdfplumber.open(rtl_pdfs["report"]) as pdf:
        page = pdf.pages[0]
        words = _words(page)
        title = next(w for w in words if w["logical"] == "درجات")
        assert title["x0"] > 16 * 72 / 25.4 + 20  # "… في 3 درجات": the title's last word is at its left end
        three = [w for w in words if w["text"] == "3" and abs(w["top"] - title["top"]) < 3]
        assert three and title["x1"] < three[0]["x0"]  # the number reads in place, left of what follows it

        def first(word: str) -> dict:  # the diagram comes before the table, which repeats the names
            return min((w for w in words if w["logical"] == word), key=lambda w: w["top"])

        habit, regular = first("العادة"), first("دائم")
        # "جسر الابتعاد" is drawn level with "جسر العادة" (both join the top two rungs); its lam-alef
        # ligature keeps its two letters in reading order, so its own word is not reversed whole
        drift = min(
            (w for w in words if w["logical"] == "جسر" and abs(w["top"] - habit["top"]) < 2), key=lambda w: w["x0"]
        )
        middle = page.width / 2
        assert habit["x0"] > middle + 40  # upward bridge: on the right, where the ladder climbs
        assert drift["x1"] < middle - 40  # downward bridge: on the left
        assert abs((regular["x0"] + regular["x1"]) / 2 - middle) < 60  # a rung's name: centred


@pytest.mark.pdf
def test_worksheet_fields_run_right_to_left(rtl_pdfs):
    rects = {}
    for annot in PdfReader(rtl_pdfs["worksheet"]).pages[1]["/Annots"]:
        annot = annot.get_object()
        parent = annot.get("/Parent")
        name = annot.get("/T") or (parent.get_object().get("/T") if parent else None)
        states = [s for s in annot.get("/AP", {}).get("/N", {}) if s != "/Off"]
        rects[(name, states[0] if states else None)] = [float(v) for v in annot["/Rect"]]
    # the first choice (Yes) is the rightmost, the scale runs from the right
    assert rects[("w-greet", "/yes")][0] > rects[("w-greet", "/no")][0]
    xs = [rects[("h-offer", f"/{i}")][0] for i in range(5)]
    assert xs == sorted(xs, reverse=True)
