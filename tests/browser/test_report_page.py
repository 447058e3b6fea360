"""The audit page's "Print or save as PDF" and "Send to my coach" in a real browser: the report
view's numbers equal `ladderkit score`, it prints alone, and the e-mail carries a summary
and a share link that restores the answers."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.scoring.reading import read_result
from generator.scoring.wording import standing
from tests.helpers import (
    REQUESTS,
    ROOT,
    answer,
    cli_score,
    fixture_answers,
    goto,
    open_menu,
    open_report,
    violations,
    wcag22_violations,
)

IDS = ["customer-development", "growing-loyalty", "loyalty-ladder-seven"]
COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


def text(page, selector) -> str:
    return " ".join(page.locator(selector).inner_text().split())


@pytest.mark.parametrize("lid", IDS)
def test_report_view_numbers_equal_the_command_line(page, base, lid):
    page.add_init_script(COUNT_PRINTS)
    goto(page, f"{base}/ladders/{lid}/audit/")
    answers = fixture_answers(lid)
    answer(page, answers)
    open_report(page)
    assert page.evaluate("window.__prints") == 1
    assert page.evaluate("document.documentElement.classList.contains('lk-printing-report')")
    result = cli_score(lid, answers)
    model = load_ladder(ROOT / "ladders" / f"{lid}.yml")
    view = text(page, ".lk-report-view")
    read = read_result(to_dict(model), result)
    assert f"Overall score: {read['overall']['shown']} ({read['overall']['basis']})" in view
    assert standing(to_dict(model), result) in view and read["reason"] in view and "Your position" not in view
    shown = {
        tr.get_attribute("data-bridge"): tr.locator(".lk-r-score").inner_text()
        for tr in page.locator(".lk-report-view .lk-r-bars tbody tr").all()
    }
    assert shown == {b.id: read["bridges"][b.id]["shown"] for b in model.bridges if b.questions}
    if result["focus"]:
        focus = model.bridge(result["focus"])
        assert f"Your focus: {focus.name}" in view
        assert all(" ".join(p.title.split()) in view for p in focus.planks)
    flags = [li.get_attribute("data-flag") for li in page.locator(".lk-report-view .lk-r-flag").all()]
    assert flags == result["flags"]
    assert all(" ".join(f.message.split()) in view for f in model.flags if f.id in result["flags"])
    assert page.locator(".lk-report-view .lk-rung.lk-here").get_attribute("data-rung") == result["position"]
    # Only the report prints: everything else on the page is not laid out at all.
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.lk-form')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.lk-report-view h2')).display") == "block"


# A print rule of the kind the audit's own stylesheet has (it shows every step on paper):
# the report's print must outweigh it, or the questions come back as blank pages.
SHOW_THE_FORM = (
    "@media print { .lk-audit[data-lk-audit] :is(.lk-form, .lk-results, .lk-bridge) { display: block !important; } }"
)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("lid", ["customer-development", "loyalty-ladder-seven"])
def test_printed_report_is_the_report_alone_with_no_blank_page(page, base, lid, paper):
    """What the print dialog saves as PDF: the report from its first line on page 1, no page
    without text (hidden content used to print as three blank pages), nothing past the paper's
    edge, and none of the site around it (navigation, questions, buttons)."""
    import io

    import pdfplumber

    page.add_init_script(COUNT_PRINTS)
    goto(page, f"{base}/ladders/{lid}/audit/")
    answer(page, fixture_answers(lid))
    page.add_style_tag(content=SHOW_THE_FORM)
    open_report(page)
    pdf = page.pdf(format=paper, print_background=True)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        texts = [" ".join((p.extract_text() or "").split()) for p in doc.pages]
        outside = [
            (i, c["text"])
            for i, p in enumerate(doc.pages)
            for c in p.chars
            if c["x0"] < 0 or c["x1"] > p.width + 0.5 or c["bottom"] > p.height + 0.5
        ]
    assert len(texts) <= 4, texts
    assert all(texts), f"blank page(s): {[i + 1 for i, t in enumerate(texts) if not t]} of {len(texts)}"
    assert outside == []
    model = load_ladder(ROOT / "ladders" / f"{lid}.yml")
    whole = " ".join(texts)
    assert texts[0].startswith("Brightpath") and model.title in texts[0]
    assert all(b.name in whole for b in model.bridges if b.questions)
    assert "Next steps" in whole
    # Nothing of the page around the report: the site's navigation, the questions, the buttons.
    question = " ".join(model.bridges[0].questions[0].text.split())
    assert question not in whole and "Print or save as PDF" not in whole and "Send to my coach" not in whole
    assert "Privacy" not in whole and "The command line" not in whole


def test_report_button_brings_the_report_into_view(page, base):
    page.add_init_script(COUNT_PRINTS)
    goto(page, f"{base}/ladders/growing-loyalty/audit/")
    answer(page, fixture_answers("growing-loyalty"))
    open_menu(page)
    assert page.locator(".lk-report").inner_text() == "Print or save as PDF"
    page.locator(".lk-report").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.classList.contains('lk-r-title')")
    assert page.locator(".lk-report-view .lk-r-title").is_visible()
    top = page.evaluate("document.querySelector('.lk-report-view .lk-r-title').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]


def test_send_to_my_coach_mails_a_summary_and_a_working_share_link(browser, page, base):
    lid = "customer-development"
    goto(page, f"{base}/ladders/{lid}/audit/")
    answers = fixture_answers(lid)
    answer(page, answers)
    open_menu(page)
    page.focus(".lk-send")
    href = page.locator(".lk-send").get_attribute("href")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "hello@brightpath.example"
    body = parse_qs(parts.query)["body"][0]
    result = cli_score(lid, answers)
    assert f"Overall score: {result['overall']} out of 100" in body
    model = load_ladder(ROOT / "ladders" / f"{lid}.yml")
    assert standing(to_dict(model), result) in body and "Focus: Buying bridge" in body
    assert parse_qs(parts.query)["subject"][0] == f"Self-audit results: {model.title}"
    link = re.search(r"http://127\.0\.0\.1:\d+/\S+#answers=\S+", unquote(body)).group(0)
    fresh = browser.new_context()
    other = fresh.new_page()
    goto(other, link)
    assert other.locator(".lk-overall-value").inner_text().startswith(f"{result['overall']} out of 100 — ")
    fresh.close()


def test_no_send_button_without_a_coach_email(page, base):
    # The same page with the brand's e-mail removed from its data attribute.
    def strip_email(route):
        response = route.fetch()
        html = response.text().replace("hello@brightpath.example", "")
        route.fulfill(response=response, body=html)

    page.route("**/ladders/internal-service/audit/", strip_email)
    goto(page, f"{base}/ladders/internal-service/audit/")
    assert page.locator(".lk-report").count() == 1
    assert page.locator(".lk-send").count() == 0


def test_nothing_left_localhost():
    assert REQUESTS
    assert sorted({u for u in REQUESTS if not u.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))}) == []


def test_report_view_has_no_axe_violations(page, base):

    page.add_init_script(COUNT_PRINTS)
    goto(page, f"{base}/ladders/customer-development/audit/")
    answer(page, fixture_answers("customer-development"))
    open_report(page)
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def test_report_view_says_what_the_pdf_report_says(page, base, tmp_path):
    import json

    from pypdf import PdfReader

    from generator.print.report import write_report

    lid = "customer-development"
    answers = fixture_answers(lid)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"format": "ladder-answers/1", "ladder": lid, "answers": answers}))
    pdf = write_report(lid, path, tmp_path / "report.pdf", str(ROOT / "mkdocs.yml"))
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    page.add_init_script(COUNT_PRINTS)
    goto(page, f"{base}/ladders/{lid}/audit/")
    answer(page, answers)
    open_report(page)
    sentences = [
        " ".join(t.split())
        for t in page.locator(
            ".lk-report-view :is(.lk-r-overall, .lk-r-position, .lk-r-source, .lk-r-focus, li, .lk-r-bars tbody tr th, .lk-r-score, .lk-r-cta p)"
        ).all_inner_texts()
    ]
    assert len(sentences) > 20
    missing = [s for s in sentences if s not in pdf_text]
    assert missing == []


def test_report_on_a_phone_is_not_cut_off(browser, base):
    """At 375 px the report's bridge table is one block per bridge: every score and what it
    rests on is on screen, with no sideways scroll in the report or the page."""
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.add_init_script(COUNT_PRINTS)
    lid = "loyalty-ladder-seven"
    goto(page, f"{base}/ladders/{lid}/audit/")
    answer(page, fixture_answers(lid))
    open_report(page)
    fits = page.evaluate(r"""() => {
      const view = document.querySelector('.lk-report-view');
      const right = view.getBoundingClientRect().right;
      const cells = [...view.querySelectorAll('.lk-r-bars tbody :is(th, td)')].filter((c) => c.offsetParent);
      return { page: document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth,
               wraps: [...view.querySelectorAll('.lk-table-wrap')].every((w) => w.scrollWidth <= w.clientWidth),
               cells: cells.length, outside: cells.filter((c) => c.getBoundingClientRect().right > right + 0.5).length,
               // a word broken across lines ("Qua|lify") is a table squeezed into too little room
               split: cells.flatMap((c) => [...c.textContent.matchAll(/\S+/g)].filter((m) => {
                 const node = [...c.querySelectorAll('*'), c].flatMap((e) => [...e.childNodes]).find((n) => n.nodeType === 3 && n.textContent.includes(m[0]));
                 if (!node) return false;
                 const r = document.createRange(), at = node.textContent.indexOf(m[0]);
                 r.setStart(node, at); r.setEnd(node, at + m[0].length);
                 return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
               }).map((m) => m[0])) };
    }""")
    found = wcag22_violations(page)
    ctx.close()
    assert found == [], json.dumps(found, indent=1)
    assert fits["page"] and fits["wraps"] and fits["cells"] > 0 and fits["outside"] == 0, fits
    assert fits["split"] == [], fits
