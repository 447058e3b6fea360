"""Accessibility in the real browser: axe-core (from the npm registry, injected into the page)
finds no violations on the home, overview, bridge and audit pages, in the light and the dark
palette, before and after the audit shows results; the printed audit keeps answers and results."""

from __future__ import annotations

import json

import pytest

from tests.helpers import answer, fixture_answers, from_menu, goto, inject_axe, reveal, violations

AUDIT_PAGE = "/ladders/customer-development/audit/"
PAGES = [
    "/",
    "/ladders/customer-development/",
    "/ladders/customer-development/rungs/",
    "/ladders/customer-development/bridges/awareness/",
    "/ladders/customer-development/audit/",
    "/ladders/internal-service/audit/",
]


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(browser, base, path, scheme):
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1200, "height": 900})
    page = ctx.new_page()
    goto(page, base + path)
    page.wait_for_load_state("networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    if path.endswith("/audit/"):
        lid = path.split("/")[2]
        answer(page, fixture_answers(lid))
        page.click(".lk-show-all")  # questions, results, bars, flags and the focus panel on one page
        page.click(".lk-why summary")
    found = violations(page)
    ctx.close()
    assert found == [], json.dumps(found, indent=1)


def test_results_are_announced_politely(page, base):
    goto(page, base + "/ladders/customer-development/audit/")
    live = page.locator(".lk-live")
    assert live.get_attribute("aria-live") == "polite"
    answer(page, {"aw-referrals": True})
    page.wait_for_function("() => document.querySelector('.lk-live').textContent.length > 0")
    assert live.inner_text().startswith("Overall ")


def test_every_audit_control_has_a_name(page, base):
    goto(page, base + "/ladders/growing-loyalty/audit/")
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.lk-audit input, .lk-audit button, .lk-audit select')]
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map((el) => el.outerHTML.slice(0, 80))""")
    assert unnamed == []


def test_print_keeps_answers_and_results(page, base):
    lid = "ladder-of-loyalty"
    goto(page, base + f"/ladders/{lid}/audit/")
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
    goto(page, f"{base}/ladders/{lid}/audit/")
    answer(page, fixture_answers(lid))
    page.click(".lk-show-all")  # every question and the results at once (the guided views: test_guided.py)
    sizes = page.evaluate(
        "[...document.querySelectorAll('.lk-choice input')].map((i) => [i.getBoundingClientRect().width, i.getBoundingClientRect().height])"
    )
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


@pytest.mark.parametrize(
    "path",
    ["/", "/ladders/customer-development/", AUDIT_PAGE, "/ladders/customer-development/customers/", "/group/"],
)
def test_every_target_on_a_phone_meets_wcag_2_2(browser, base, path):
    """The target-size rule over the whole page, header, navigation and footer included (the
    footer's contact links were too close once: Lighthouse found them)."""
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    goto(page, base + path)
    inject_axe(page)
    found = page.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}});
      return [r.violations.map((v) => v.nodes.slice(0, 5).map((n) => n.target.join(' '))), r.passes.length];
    }""")
    ctx.close()
    violations, passes = found
    assert passes, "the rule ran and found targets"
    assert violations == [], violations


def _focus_ring(page):
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")


def test_a_keyboard_user_sees_which_field_has_focus(page, base):
    # Material resets the outline of form fields: tabbing into a number or name field showed nothing.
    goto(page, base + "/ladders/internal-service/audit/")
    reveal(page, page.locator(".lk-number input"))
    page.focus(".lk-bridge.lk-current .lk-bridge-title")  # where the step starts
    page.keyboard.press("Tab")
    while page.evaluate("!document.activeElement.closest('.lk-number')"):
        page.keyboard.press("Tab")
    assert _focus_ring(page)
    goto(page, base + "/ladders/growing-loyalty/customers/")
    page.fill("#lk-new-name", "Ann")
    page.click(".lk-add button[type=submit]")
    page.focus(".lk-export-csv")
    seen = set()
    while "lk-delete" not in page.evaluate("document.activeElement.className"):
        page.keyboard.press("Tab")
        kind = page.evaluate("document.activeElement.type")
        if kind in ("text", "checkbox"):
            assert _focus_ring(page), page.evaluate("document.activeElement.outerHTML")
            seen.add(kind)
    assert seen == {"text", "checkbox"}
    goto(page, base + "/group/")
    page.focus(".lk-print")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lk-group-ladder"
    assert _focus_ring(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_errors_and_focused_buttons_stay_readable_in_both_palettes(browser, base, tmp_path, scheme):
    # Dark palette: a focused or hovered toolbar button showed light-blue text on the orange
    # accent (1.6:1) and error text was #c62828 on slate (2.9:1); the number field's
    # aria-errormessage pointed at a message nothing announced.
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1200, "height": 900})
    page = ctx.new_page()
    goto(page, base + "/ladders/internal-service/audit/")
    reveal(page, page.locator(".lk-number input"))
    page.fill(".lk-number input", "abc")
    from_menu(page, ".lk-restart")  # focused, hovered and asking to confirm
    assert page.locator(".lk-question .lk-error").first.is_visible()  # the number field's
    assert violations(page) == []
    (tmp_path / "broken.json").write_text("{nope")
    goto(page, base + "/group/")
    page.set_input_files(".lk-import", str(tmp_path / "broken.json"))
    page.wait_for_selector(".lk-file-skipped")
    page.focus(".lk-clear")
    # Material fades a button's colours in (a CSS transition): judge the colours it settles on
    assert violations(page) == []
    ctx.close()
