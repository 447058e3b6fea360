"""The example site shows clients what a coach's site would (issue 14, item 10): the coaches'
guide is a tab of its own, last, out of the way of the ladders, and on a phone the home page
shows the ladders on its first screen."""

from __future__ import annotations

from tests.helpers import goto

COACH_ONLY = ("/coaches/", "/reference/")


def test_a_ladder_page_shows_no_coach_pages_in_its_sidebar(page, base):
    page.set_viewport_size({"width": 1280, "height": 900})  # tabs show from 76.25em
    for path in ("/ladders/customer-development/", "/ladders/customer-development/audit/"):
        goto(page, base + path)
        sidebar = page.eval_on_selector_all(
            ".md-sidebar--primary a.md-nav__link", "ls => ls.filter((l) => l.offsetParent).map((l) => l.href)"
        )
        assert sidebar, path
        assert not [href for href in sidebar if any(part in href for part in COACH_ONLY)], path


def test_the_coaches_guide_is_the_last_tabs(page, base):
    page.set_viewport_size({"width": 1280, "height": 900})
    goto(page, base + "/ladders/customer-development/")
    tabs = [t.strip() for t in page.locator(".md-tabs__link").all_inner_texts()]
    assert tabs[:2] == ["Home", "Ladders"], tabs
    assert tabs[-2:] == ["For coaches", "Reference"], tabs


def test_the_ladders_come_first_on_a_phone(browser, base):
    ctx = browser.new_context(viewport={"width": 375, "height": 667})
    page = ctx.new_page()
    goto(page, base + "/")
    first = page.locator(".md-content a[href*='/ladders/']").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 667, box
    ctx.close()
