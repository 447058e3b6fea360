"""The audit page's "Download my report" and "Send to my coach" in a real browser: the report
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
from tests.helpers import REQUESTS, ROOT, answer, cli_score, fixture_answers, from_menu, goto, open_menu, violations

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
    from_menu(page, ".lk-report")
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
    # Only the report prints: everything else on the page is hidden for print.
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.lk-form')).visibility") == "hidden"
    assert page.evaluate("getComputedStyle(document.querySelector('.lk-report-view h2')).visibility") == "visible"


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
    from_menu(page, ".lk-report")
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
    from_menu(page, ".lk-report")
    sentences = [
        " ".join(t.split())
        for t in page.locator(
            ".lk-report-view :is(.lk-r-overall, .lk-r-position, .lk-r-source, .lk-r-focus, li, .lk-r-bars tbody tr th, .lk-r-score, .lk-r-cta p)"
        ).all_inner_texts()
    ]
    assert len(sentences) > 20
    missing = [s for s in sentences if s not in pdf_text]
    assert missing == []
