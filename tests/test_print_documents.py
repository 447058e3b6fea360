"""Print documents: HTML from generator.print.documents rendered by WeasyPrint here, checked with real readers
(pypdf for text, outline, metadata and form fields; qpdf --check; pdftoppm for ink)."""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from generator.ladder.model import to_dict
from generator.markup import urls
from generator.print import documents as pd
from generator.print.packs import load_guide_pages, load_packs
from generator.scoring import key
from generator.scoring.scoring import points, round_half_up
from tests.helpers import ASSETS, CONTENT, brand, ladders, outline_titles, page_ink, qpdf_check, render

A4 = (595, 842)
LETTER = (612, 792)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """A few representative documents, rendered once for the module."""
    tmp = tmp_path_factory.mktemp("print")
    cd = ladders()["customer-development"]
    docs = {
        "playbook": (pd.playbook_html(cd, cd.bridge("buying"), brand(), ASSETS, epoch=1_767_225_600), False),
        "worksheet": (pd.worksheet_html(cd, brand(), ASSETS), False),
        "fillable": (pd.worksheet_html(ladders()["growing-loyalty"], brand(), ASSETS, fillable=True), True),
        "guide": (pd.guide_html(list(ladders().values()), load_guide_pages(CONTENT), brand("Letter"), ASSETS), False),
    }
    out = {}
    for name, (html, forms) in docs.items():
        info = render(html, tmp / f"{name}.pdf", forms=forms)
        info["reader"] = PdfReader(info["path"])
        info["html"] = html
        out[name] = info
    out["tmp"] = tmp
    return out


def text_of(reader, pages=None) -> str:
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return "\n".join(p.extract_text() for p in chosen)


def size(reader, i=0) -> tuple[int, int]:
    box = reader.pages[i].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.mark.parametrize("name", ["playbook", "worksheet", "fillable", "guide"])
def test_renders_cleanly_from_local_files_only(rendered, name):
    info = rendered[name]
    assert info["warnings"] == []
    assert all(u.startswith("file://") for u in info["fetched"])
    assert any(u.endswith("logo.svg") for u in info["fetched"]), "the brand logo is drawn on the cover"
    check = qpdf_check(info["path"])
    assert check.returncode == 0, check.stdout + check.stderr


def test_playbook_content_outline_and_metadata(rendered):
    reader = rendered["playbook"]["reader"]
    cd = ladders()["customer-development"]
    bridge = cd.bridge("buying")
    text = " ".join(text_of(reader).split())
    for expected in [
        "Buying bridge — playbook",
        "Where this bridge leads",
        "Prospect",
        "Customer",
        "Has asked for information, a quote or a meeting",
        "Why it matters",
        "The planks",
        *[p.title for p in bridge.planks],
        "Checklist: the audit questions",
        *[q.text for q in bridge.questions],
        "Moments of truth at Customer",
        *cd.rung("customer").moments_of_truth,
        "Internal customers",
        "Action plan: 30, 60 and 90 days",
        "30 days",
        "60 days",
        "90 days",
        "Notes",
        "hello@brightpath.example",
        "January 1, 2026",  # the cover date in the language (CLDR long form)
    ]:
        assert " ".join(expected.split()) in text, expected
    assert reader.metadata.title == f"{cd.title} · Buying bridge — playbook"
    assert reader.metadata.author == "Brightpath Coaching"
    assert size(reader) == A4
    titles = outline_titles(reader)
    assert titles[0] == (1, "Buying bridge — playbook")
    assert [t for d, t in titles if d == 2] == [
        "Where this bridge leads",
        "Why it matters",
        "The planks",
        "A worked example",
        "A script you can adapt",
        f"Template: {bridge.template.title}",
        "Measures and targets",
        "Checklist: the audit questions",
        "Moments of truth at Customer",
        "Internal customers",
        "Action plan: 30, 60 and 90 days",
        "Notes",
    ]
    # Running header and "page X of Y" on every page after the cover.
    total = len(reader.pages)
    for i in range(1, total):
        page = reader.pages[i].extract_text()
        assert f"{cd.title} · Buying bridge" in page
        assert "Brightpath Coaching" in page and "© 2026 Brightpath Coaching" in page
        assert f"page {i + 1} of {total}" in page
    assert "page 1 of" not in reader.pages[0].extract_text(), "the cover carries no footer"


def test_cover_and_a_content_page_are_not_blank(rendered):
    path = rendered["playbook"]["path"]
    assert page_ink(path, 1, rendered["tmp"]) > 0.2  # the brand band
    assert page_ink(path, 3, rendered["tmp"]) > 0.02


def test_paper_size_follows_the_brand(rendered):
    reader = rendered["guide"]["reader"]
    assert {size(reader, i) for i in range(len(reader.pages))} == {LETTER}
    assert size(rendered["worksheet"]["reader"]) == A4


def test_guide_gathers_pages_and_every_bridges_internal_guidance(rendered):
    reader = rendered["guide"]["reader"]
    text = " ".join(text_of(reader).split())
    assert reader.metadata.title == "The Internal Customer Guide"
    for page in load_guide_pages(CONTENT):
        assert page.title in text
    for ladder in ladders().values():
        assert ladder.title in text
        for bridge in ladder.bridges:
            if bridge.internal:
                assert " ".join(bridge.internal.split())[:60] in text, (ladder.id, bridge.id)
    depth1 = [t for d, t in outline_titles(reader) if d == 1]
    assert depth1 == ["The Internal Customer Guide"]
    assert {t for d, t in outline_titles(reader) if d == 2} >= {p.title for p in load_guide_pages(CONTENT)}


# --- the worksheet and its hand-scoring key -------------------------------------------------


def test_worksheet_text_key_and_ranking_grid(rendered):
    reader = rendered["worksheet"]["reader"]
    cd = ladders()["customer-development"]
    text = " ".join(text_of(reader).split())
    for q in cd.questions:
        assert " ".join(q.text.split()) in text
    assert "round_half_up" not in text and "⌊" not in text  # no formulas on a participant's page
    for expected in [
        "Hand-scoring key",
        "a remainder of exactly one half rounds up",
        "Bands",
        "70–100 Strong",
        "40–69 Building",
        "0–39 Weak",
        "The pass mark is 70",
        "Start on the lowest rung, Suspect",
        "Where does this customer stand?",
        "Loyal customer — when Purchases so far ≥ 3 and Buys on a regular rhythm: yes",
        "Prospect — when at least 3 of: Has a real need for what you offer, Has the budget",
    ]:
        assert expected in text, expected
    worked = key.worked_example(cd)
    assert f"earned {worked['earned']} of {worked['possible']}" in text
    assert worked["score"] == round_half_up(100 * worked["earned"], worked["possible"])
    assert reader.get_fields() in (None, {}), "the print version has no form fields"
    assert reader.metadata.author == "Brightpath Coaching"
    assert {t for d, t in outline_titles(reader) if d == 2} >= {b.name for b in cd.bridges} | {"Hand-scoring key"}


def test_fillable_field_names_follow_the_scheme(rendered):
    reader = rendered["fillable"]["reader"]
    ladder = ladders()["growing-loyalty"]
    form = reader.trailer["/Root"]["/AcroForm"]
    fields = [f.get_object() for f in form["/Fields"] if "/Parent" not in f.get_object()]
    names = [str(f["/T"]) for f in fields]
    expected = []
    for q in ladder.questions:
        if q.type == "checklist":
            expected += [pd.checkbox_name(q.id, i) for i in range(len(q.options))] + [pd.none_name(q.id)]
        else:
            expected.append(q.id)
    grid = [
        pd.customer_name(r, c)
        for r in range(1, pd.CUSTOMER_ROWS + 1)
        for c in ["name", *(f.id for f in ladder.classifier.fields), "rung"]
    ]
    assert sorted(names) == sorted(expected + grid + [pd.NAME_FIELD, pd.worksheet_field("growing-loyalty")])
    assert len(names) == len(set(names))
    by_name = {str(f["/T"]): f for f in fields}
    for q in ladder.questions:
        if q.type in ("scale", "yesno"):
            group = by_name[q.id]
            assert group["/FT"] == "/Btn" and int(group["/Ff"]) & (1 << 15), "a radio group"
            # each button's "on" state is named by the value it exports (no /Opt needed)
            states = [str(s) for kid in group["/Kids"] for s in kid.get_object()["/AP"]["/N"] if str(s) != "/Off"]
            assert states == ([f"/{i}" for i in range(len(q.choices))] if q.type == "scale" else ["/yes", "/no"])
        elif q.type == "number":
            assert by_name[q.id]["/FT"] == "/Tx"
    keywords = reader.metadata["/Keywords"]
    assert f"{pd.LADDER_KEYWORD}growing-loyalty" in keywords


class _KeyRows(HTMLParser):
    """The hand-scoring key as printed: per question, its (answer, points) cells, weight and most."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, dict] = {}
        self._row = None
        self._cls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        cls = attrs.get("class", "")
        if tag == "tr" and "lk-key-row" in cls:
            self._row = self.rows.setdefault(attrs["data-question"], {"cells": [], "weight": "", "most": ""})
        self._cls.append(cls)
        if self._row is not None and "lk-key-answer" in cls:
            self._row["cells"].append(["", ""])

    def handle_endtag(self, tag):
        self._cls.pop()
        if tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._row is None or not self._cls:
            return
        cls = self._cls[-1]
        if "lk-key-answer" in cls:
            self._row["cells"][-1][0] += data
        elif "lk-pts" in cls:
            self._row["cells"][-1][1] += data
        elif "lk-weight" in cls:
            self._row["weight"] += data
        elif "lk-most" in cls:
            self._row["most"] += data


def _number_key(cells):
    """The printed rule for a number question, as a function of the answer."""
    rules = []
    for answer, pts in cells:
        m = re.match(r"(at least|at most) (-?[\d.]+)", answer)
        rules.append((m.group(1), float(m.group(2)), int(pts)) if m else ("else", None, int(pts)))

    def key(x):
        for kind, bound, pts in rules:
            if kind == "else" or (kind == "at least" and x >= bound) or (kind == "at most" and x <= bound):
                return pts
        raise AssertionError("the key has no line for anything else")

    return key


def _samples(q: dict) -> list[float]:
    bounds = [t.get("at_least", t.get("at_most")) for t in q["thresholds"]]
    values = {b + d for b in bounds for d in (-1, -0.5, 0, 0.5, 1)}
    if q["min"] is not None and q["max"] is not None and q["max"] - q["min"] <= 1000:
        values |= set(range(int(q["min"]), int(q["max"]) + 1))
    return sorted(values)


@pytest.mark.parametrize("ladder_id", sorted(ladders()))
def test_hand_scoring_key_gives_exactly_the_rules_points(ladder_id):
    ladder = ladders()[ladder_id]
    parser = _KeyRows()
    parser.feed(pd.worksheet_html(ladder, brand(), ASSETS))
    normalised = {q["id"]: q for b in to_dict(ladder)["bridges"] for q in b["questions"]}
    assert set(parser.rows) == set(normalised)
    for qid, q in normalised.items():
        row = parser.rows[qid]
        cells = [(a.strip(), p.strip()) for a, p in row["cells"]]
        assert row["weight"].strip() == f"×{q['weight']}"
        assert int(row["most"]) == q["weight"] * q["max_points"]
        if q["type"] == "scale":
            assert [a for a, _ in cells] == [c["label"] for c in q["choices"]]
            assert [int(p) for _, p in cells] == [points(q, i) for i in range(len(q["choices"]))]
        elif q["type"] == "yesno":
            assert dict(cells) == {"Yes": str(points(q, True)), "No": str(points(q, False))}
        elif q["type"] == "number":
            key = _number_key(cells)
            for x in _samples(q):
                assert key(x) == points(q, x), (qid, x)
        else:
            ((rule, pts),) = cells
            n = len(q["options"])
            for k in range(n + 1):
                for ticked in itertools.combinations(range(n), k):
                    counted = len(ticked) if rule == "each box ticked" else n - len(ticked)
                    assert int(pts) * counted == points(q, list(ticked)), (qid, ticked)


@pytest.mark.parametrize("ladder_id", sorted(ladders()))
def test_key_states_each_bridges_possible_and_band_ranges(ladder_id):
    ladder = ladders()[ladder_id]
    html = pd.worksheet_html(ladder, brand(), ASSETS)
    for bridge in ladder.bridges:
        if bridge.questions:
            total = sum(q.weight * q.max_points for q in bridge.questions)
            assert f"possible with every question answered: {total}" in html
    rows = pd.band_rows(ladder)
    covered = sorted(s for r in rows for s in range(r["min"], r["max"] + 1))
    assert covered == list(range(101)), "every score from 0 to 100 falls in exactly one band"


def test_worked_example_prefers_an_exact_half():
    ladder = ladders()["customer-development"]
    bridge = ladder.bridges[0]
    # Give the first bridge a possible total of 8: 5 of 8 is 62.5, which rounds up to 63.
    q = dataclasses.replace(bridge.questions[1], weight=8)  # a yes/no question: most = 8
    small = dataclasses.replace(ladder, bridges=(dataclasses.replace(bridge, questions=(q,)),))
    worked = key.worked_example(small)
    assert (worked["earned"], worked["possible"], worked["exact"], worked["score"]) == (5, 8, "62.5", 63)


def test_ladder_text_is_escaped_never_run():
    ladder = ladders()["customer-development"]
    bridge = ladder.bridges[0]
    evil = dataclasses.replace(
        bridge,
        name="<script>alert(1)</script>",
        summary="<img src=x onerror=alert(1)> *fine*",
        planks=(dataclasses.replace(bridge.planks[0], title="<b>bold</b>"),),
    )
    sly = dataclasses.replace(brand(), name='Sly "Co" <b>', footer='\\"; } </style><script>alert(1)</script>')
    html = pd.playbook_html(dataclasses.replace(ladder, bridges=(evil, *ladder.bridges[1:])), evil, sly)
    assert "<script>" not in html and "<img src=x" not in html and "<b>bold</b>" not in html and "<b>" not in html
    assert html.count("</style>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        "&lt;img src&#61;x onerror&#61;alert&#40;1&#41;&gt; <em>fine</em>" in html
    )  # text.block(): text, then Markdown


@pytest.mark.pdf
def test_script_links_in_ladder_markdown_never_become_pdf_links(tmp_path):
    ladder = ladders()["customer-development"]
    bridge = dataclasses.replace(
        ladder.bridges[0],
        summary="See [our notes](javascript:alert(1)), [more](JaVaScript:alert(2)) and [the site](https://example.com).",
    )
    html = pd.playbook_html(dataclasses.replace(ladder, bridges=(bridge, *ladder.bridges[1:])), bridge, brand(), ASSETS)
    render(html, tmp_path / "p.pdf")
    links = [
        a["/A"].get("/URI", "")
        for page in PdfReader(tmp_path / "p.pdf").pages
        for a in (o.get_object() for o in page.get("/Annots", []))
        if "/A" in a
    ]
    assert "https://example.com" in links
    # The allow-list keeps an https: link and drops script ones, keeping their text.
    assert not any("alert" in str(uri) for uri in links), links
    assert "See our notes, more and the site." in PdfReader(tmp_path / "p.pdf").pages[0].extract_text().replace(
        "\n", " "
    )


@pytest.mark.pdf
def test_brand_text_in_the_running_footer_is_shown_as_written(tmp_path):
    sly = dataclasses.replace(brand(), name='Sly "Co" <b>', footer='\\"; } </style><script>x</script> — ©')
    cd = ladders()["customer-development"]
    info = render(pd.playbook_html(cd, cd.bridge("denial"), sly, ASSETS), tmp_path / "p.pdf")
    assert info["warnings"] == []
    page = PdfReader(info["path"]).pages[1].extract_text()
    assert 'Sly "Co" <b>' in page and '\\"; } </style><script>x</script> — ©' in page


def test_jobs_cover_every_document_once():
    all_ladders = list(ladders().values())
    packs = load_packs(CONTENT, all_ladders)
    jobs = pd.jobs(
        all_ladders,
        brand(),
        ASSETS,
        guide_pages=load_guide_pages(CONTENT),
        packs=packs,
        epochs={"customer-development": 1_767_225_600},
        default_epoch=0,
    )
    targets = [j.target for j in jobs]
    assert len(targets) == len(set(targets))
    expected = {urls.playbook_pdf(l.id, b.id) for l in all_ladders for b in l.bridges}
    expected |= {urls.worksheet_pdf(l.id, f) for l in all_ladders for f in (False, True)}
    expected |= {urls.internal_guide_pdf()} | {urls.workshop_pdf(p.slug) for p in packs}
    assert set(targets) == expected
    assert {j.target for j in jobs if j.forms} == {urls.worksheet_pdf(l.id, True) for l in all_ladders}
    assert all(j.files == ASSETS.files for j in jobs)
    dated = next(j for j in jobs if j.target == urls.worksheet_pdf("customer-development"))
    assert 'content="2026-01-01T00:00:00Z"' in dated.html
    assert {j.kind for j in jobs} == {"playbook", "worksheet", "worksheet-fillable", "guide", "workshop"}


MINIMAL = """\
id: tiny
title: A tiny ladder
summary: Two rungs, one bridge with nothing optional.
rungs:
  - {id: low, name: Low, description: The start.}
  - {id: high, name: High, description: The top.}
bridges:
  - {id: up, name: Up, from: low, to: high, summary: The only way up.}
  - id: checked
    name: Checked
    from: high
    to: low
    summary: A way down with one question.
    questions:
      - {id: q-count, text: "How many?", type: number, thresholds: [{at_least: 0.5, points: 2}]}
"""


@pytest.mark.pdf
def test_optional_parts_left_out_and_brand_fonts_embedded(tmp_path):
    from generator.ladder.loader import load_ladder

    (tmp_path / "tiny.yml").write_text(MINIMAL)
    tiny = load_ladder(tmp_path / "tiny.yml")
    serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
    assets = dataclasses.replace(ASSETS, fonts=(("Brand Serif", "file://" + serif),))  # a family name with a space
    playbook = pd.playbook_html(tiny, tiny.bridge("up"), brand("Letter"), assets)
    for absent in ("The planks", "Checklist: the audit questions", "Moments of truth", "Internal customers", "Signs"):
        assert absent not in playbook
    worksheet = pd.worksheet_html(tiny, brand(), assets, fillable=True)
    assert "Where does this customer stand?" not in worksheet and "at least 0.5" in worksheet
    for name, html in (("playbook", playbook), ("worksheet", worksheet)):
        info = render(html, tmp_path / f"{name}.pdf", forms=name == "worksheet")
        assert info["warnings"] == []
        assert "file://" + serif in info["fetched"]
        fonts = subprocess.run(["pdffonts", str(info["path"])], capture_output=True, text=True, check=True).stdout
        assert "+Brand-Serif " in fonts, fonts  # the @font-face family, embedded from the local file
    reader = PdfReader(tmp_path / "worksheet.pdf")
    assert [str(f.get_object()["/T"]) for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]] == [
        pd.worksheet_field(tiny.id),
        pd.NAME_FIELD,
        "q-count",
    ]  # the identity field comes first


@pytest.mark.pdf
def test_two_thousand_character_names_stay_on_the_page_and_headers_do_not_overlap(tmp_path):
    """Issue 16 item 14: unbroken names ran off the page, the "To" rung card was pushed off it
    and the running header overlapped the brand. pdfplumber reads where every character landed."""
    import pdfplumber

    long = "Supercalifragilistic" * 100  # 2,000 characters, no space
    ladder = ladders()["customer-development"]
    bridge = dataclasses.replace(ladder.bridges[0], name=long, summary=long)
    ladder = dataclasses.replace(
        ladder,
        title=long,
        bridges=(bridge, *ladder.bridges[1:]),
        rungs=(dataclasses.replace(ladder.rungs[0], name=long), *ladder.rungs[1:]),
    )
    sly = dataclasses.replace(brand(), name=long, footer=long)
    for kind, html in [
        ("playbook", pd.playbook_html(ladder, bridge, sly, ASSETS)),
        ("worksheet", pd.worksheet_html(ladder, sly, ASSETS)),
    ]:
        render(html, tmp_path / f"{kind}.pdf")
        with pdfplumber.open(tmp_path / f"{kind}.pdf") as pdf:
            for number, page in enumerate(pdf.pages):
                outside = [
                    c["text"]
                    for c in page.chars
                    if c["x0"] < -0.5
                    or c["x1"] > page.width + 0.5
                    or c["top"] < -0.5
                    or c["bottom"] > page.height + 0.5
                ]
                assert outside == [], (kind, number, "".join(outside)[:80])
                head = [c for c in page.chars if c["bottom"] < 22 * 72 / 25.4]  # inside the 22 mm top margin
                for i, a in enumerate(head):
                    for b in head[i + 1 :]:
                        overlap = (
                            min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.5
                            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
                        )
                        assert not overlap, (kind, number, a["text"], b["text"])
