"""Keyboard order on a phone (issue 14, items 1 and 9): at 375 px Material's navigation is an
off-screen drawer. Its links are out of the Tab order while it is closed, so Tab from the top
reaches the audit's Start after the skip link, the header's few controls and the page's title;
"Skip to content" goes straight to the content; the drawer opens and closes by keyboard."""

from __future__ import annotations

import pytest

from tests.helpers import goto, violations, wcag22_violations

AUDIT = "/ladders/customer-development/audit/"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
WHERE = """() => { const el = document.activeElement;
  return el.closest('.md-sidebar--primary') ? 'drawer' : el.closest('.md-header') ? 'header'
    : el.closest('.md-content') ? 'content' : el.closest('[data-md-component=skip]') ? 'skip' : el.tagName; }"""
BUTTON = ".lk-drawer-button"


@pytest.fixture
def phone(browser, base):
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    goto(page, base + AUDIT)
    yield page
    ctx.close()


def test_tab_from_the_top_reaches_start_past_the_header_only(phone):
    page = phone
    # The bound, from the page: the skip link, one stop per header control a keyboard reaches
    # (the palette's radio group is one stop), and the content's stops before Start.
    header = page.evaluate("""() => new Set([...document.querySelectorAll('.md-header :is(a, input, button)')]
      .filter((e) => e.checkVisibility({visibilityProperty: true}) || e.matches('.md-search__input'))
      .map((e) => e.type === 'radio' ? e.name : e)).size""")
    before = page.evaluate("""() => { const start = document.querySelector('.lk-begin');
      return [...document.querySelectorAll('.md-content :is(a[href], button, input, select, textarea)')]
        .filter((e) => e.checkVisibility({visibilityProperty: true}) && (e.compareDocumentPosition(start) & Node.DOCUMENT_POSITION_FOLLOWING)).length; }""")
    stops = []
    for _ in range(1 + header + before + 1):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(WHERE))
        if page.evaluate("() => document.activeElement.classList.contains('lk-begin')"):
            break
    assert stops[-1] == "content" and page.evaluate("() => document.activeElement.classList.contains('lk-begin')"), (
        stops
    )
    assert "drawer" not in stops, stops
    assert len(stops) <= 1 + header + before + 1 <= 10, stops


def test_skip_to_content_goes_to_the_content(phone):
    page = phone
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "H1" and page.evaluate(WHERE) == "content"
    page.keyboard.press("Tab")
    assert page.evaluate(WHERE) == "content"
    assert page.evaluate("() => document.activeElement.closest('h1') !== null"), "the title's permalink, next"


def test_the_drawer_opens_and_closes_by_keyboard(phone):
    page = phone
    links = page.locator(".md-sidebar--primary a.md-nav__link")
    links.first.focus()
    assert page.evaluate(WHERE) != "drawer", "a closed drawer's links take no focus"
    button = page.locator(BUTTON)
    assert button.get_attribute("aria-label") == "Navigation" and button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate(WHERE) == "drawer"
    page.wait_for_function("() => document.activeElement.getBoundingClientRect().left >= 0")  # slid in
    page.keyboard.press("Tab")
    assert page.evaluate(WHERE) == "drawer"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.classList.contains('lk-drawer-button')"), (
        "focus back on the button"
    )
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'"
    )
    assert wcag22_violations(page) == [] and violations(page) == [], "the button, focused, is named and large enough"
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true"
    for _ in range(5):  # back out of the drawer (its logo link first): it closes as focus leaves it
        page.keyboard.press("Shift+Tab")
        if page.evaluate(WHERE) != "drawer":
            break
    assert button.get_attribute("aria-expanded") == "false"


def test_on_a_wide_screen_the_navigation_stays_in_the_tab_order(browser, base):
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    page = ctx.new_page()
    goto(page, base + AUDIT)
    link = page.locator(".md-sidebar--primary a.md-nav__link--active").first  # Self-audit, in view
    link.focus()
    assert page.evaluate(WHERE) == "drawer" and link.is_visible()
    ctx.close()
