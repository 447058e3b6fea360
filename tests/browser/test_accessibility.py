"""Accessibility in the real browser: axe-core (from the npm registry, injected into the page)
finds no violations on the home, overview, bridge and audit pages, in the light and the dark
palette, before and after the audit shows results; the printed audit keeps answers and results."""
from __future__ import annotations

import json

import pytest

from .conftest import ROOT
from .helpers import answer, fixture_answers, inject_axe

PAGES = ["/", "/ladders/customer-development/", "/ladders/customer-development/rungs/",
         "/ladders/customer-development/bridges/awareness/", "/ladders/customer-development/audit/",
         "/ladders/internal-service/audit/"]


def violations(page) -> list[dict]:
    inject_axe(page)
    found = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
    }""")
    return found


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(browser, base, path, scheme):
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1200, "height": 900})
    page = ctx.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    if path.endswith("/audit/"):
        lid = path.split("/")[2]
        answer(page, fixture_answers(lid))  # results, bars, flags and the focus panel are showing
        page.click(".lk-why summary")
    found = violations(page)
    ctx.close()
    assert found == [], json.dumps(found, indent=1)


def test_results_are_announced_politely(page, base):
    page.goto(base + "/ladders/customer-development/audit/")
    live = page.locator(".lk-live")
    assert live.get_attribute("aria-live") == "polite"
    answer(page, {"aw-referrals": True})
    page.wait_for_function("() => document.querySelector('.lk-live').textContent.length > 0")
    assert live.inner_text().startswith("Overall ")


def test_every_audit_control_has_a_name(page, base):
    page.goto(base + "/ladders/growing-loyalty/audit/")
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.lk-audit input, .lk-audit button, .lk-audit select')]
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map((el) => el.outerHTML.slice(0, 80))""")
    assert unnamed == []


def test_print_keeps_answers_and_results(page, base):
    lid = "ladder-of-loyalty"
    page.goto(base + f"/ladders/{lid}/audit/")
    answer(page, fixture_answers(lid))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.lk-toolbar', '.md-sidebar--primary']
        .map((s) => document.querySelector(s)).filter(Boolean)
        .map((el) => getComputedStyle(el).display)""")
    assert set(hidden) == {"none"}
    assert page.locator(".lk-results").is_visible() and page.locator(".lk-form").is_visible()
    pdf = page.pdf()  # Chromium's own print path: fires beforeprint, which opens the working
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    import io

    from pypdf import PdfReader
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Points earned" in text, "the working ('Why these numbers?') is printed too"
    assert page.evaluate("document.querySelector('.lk-why').open") is False, "closed again after printing"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lid", ["customer-development", "internal-service"])
def test_audit_touch_targets_meet_wcag_2_2(browser, base, lid, width):
    """axe-core's target-size rule (WCAG 2.2, 2.5.8: at least 24 × 24 px), which its default run
    leaves out, on the audit's questions and results, on a phone and a desktop."""
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    page.goto(f"{base}/ladders/{lid}/audit/")
    answer(page, fixture_answers(lid))
    sizes = page.evaluate("[...document.querySelectorAll('.lk-choice input')].map((i) => [i.getBoundingClientRect().width, i.getBoundingClientRect().height])")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes)
    inject_axe(page)
    found = page.evaluate("""async () => {
      const r = await axe.run({include: [['.lk-form'], ['.lk-results']]}, {runOnly: {type: 'rule', values: ['target-size']}});
      return [r.violations.map((v) => ({id: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))})), r.passes.length];
    }""")
    ctx.close()
    violations, passes = found
    assert passes, "the rule ran and found targets"
    assert violations == [], json.dumps(violations, indent=1)
