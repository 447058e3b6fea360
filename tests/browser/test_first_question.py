"""The audit's first question comes first (issue 14, item 9): a tool page loads no search index
or search worker until the client searches, and asks for its whole module graph at once.
Search still works from it, and on every page reached from it."""

from __future__ import annotations

from tests.helpers import STARTED, goto, violations

AUDIT = "/ladders/customer-development/audit/"
SEARCHING = "search_index"


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def test_the_audit_page_loads_no_search_index_and_preloads_its_modules(page, base):
    seen = _requests(page)
    goto(page, base + AUDIT)
    page.wait_for_load_state("networkidle")
    assert not [u for u in seen if SEARCHING in u or "/workers/" in u], seen
    preloaded = page.eval_on_selector_all('link[rel="modulepreload"]', "ls => ls.map((l) => l.href)")
    loaded = [u for u in seen if u.endswith((".js", ".mjs")) and "/assets/ladderkit/" in u]
    # Every module the page runs was named up front (no import discovered level by level).
    assert set(loaded) <= set(preloaded), set(loaded) - set(preloaded)
    assert any(u.endswith("/audit.js") for u in preloaded) and any(u.endswith("/scoring.mjs") for u in preloaded)


def test_an_ordinary_page_still_loads_the_search(page, base):
    seen = _requests(page)
    goto(page, base + "/ladders/customer-development/")
    page.wait_for_load_state("networkidle")
    assert [u for u in seen if SEARCHING in u]
    assert page.locator('link[rel="modulepreload"]').count() == 0


def test_searching_from_the_audit_opens_the_results_on_the_home_page(page, base):
    goto(page, base + AUDIT)
    page.keyboard.press("Tab")  # keyboard only: the search field is reachable and named
    field = page.get_by_role("searchbox", name="Search")
    field.fill("referral")
    field.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    assert page.locator(".md-search__input").input_value() == "referral"
    assert page.url.startswith(base + "/")


def test_after_a_tool_page_the_next_page_has_its_search(page, base):
    """Instant navigation would keep the first page's search set-up (none): links leave in full."""
    goto(page, base + AUDIT)
    # Keyboard only, as a client might: at 1200 px the navigation is a drawer, opened by its button.
    page.locator(".lk-drawer-button").focus()
    page.keyboard.press("Enter")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Overview").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/ladders/customer-development/")
    page.wait_for_function("() => document.forms.namedItem('search') !== null")
    # Material's search is ready (its index loaded) when it stops saying "Initializing search";
    # typing before its handlers are bound would be lost, in a test as for a person.
    page.wait_for_function(
        "() => !/Initializing/.test(document.querySelector('.md-search-result__meta')?.textContent || 'Initializing')"
    )
    page.locator(".md-search__input").press_sequentially("referral")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")


def test_the_deferred_search_has_no_axe_violations(page, base):
    goto(page, base + AUDIT)
    page.locator(".md-search__input").click()  # the dialog opens
    assert violations(page) == []


def test_searching_from_the_audit_on_a_phone(browser, base):
    ctx = browser.new_context(viewport={"width": 375, "height": 667}, has_touch=True)
    page = ctx.new_page()
    goto(page, base + AUDIT)
    page.locator("label.md-header__button[for='__search']").tap()
    page.get_by_role("searchbox", name="Search").fill("playbook")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    ctx.close()


def test_the_audit_starts_without_waiting_for_the_theme(page, base):
    """The audit's modules run from an async copy of ladderkit.js placed before Material's
    bundle: with the bundle held back, the first question can already be answered; once it
    arrives, Material takes over (its document$) without starting the audit a second time."""
    held = []
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: held.append(route))
    page.goto(base + AUDIT, wait_until="commit")
    page.wait_for_function(STARTED)
    assert page.evaluate("() => window.document$ === undefined"), "started before the theme's script ran"
    for _ in range(100):  # the route's callback reaches Python with the next events
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the theme's script was asked for and is held back"
    page.locator(".lk-begin").press("Enter")
    page.locator(".lk-bridge.lk-current .lk-question input").first.check()
    assert page.locator(".lk-progress-text").text_content().startswith("1 of ")
    held[0].continue_()
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.document$ !== undefined && document.body.dataset.mdColorScheme")
    assert page.locator(".lk-progress-text").text_content().startswith("1 of ")
    assert page.locator(".lk-menu-button").count() == 1 and page.locator(".lk-report").count() == 1, "started once"


def test_the_modules_are_asked_for_before_the_head_s_scripts(page, base):
    """An inline script after a stylesheet holds the parser until the stylesheet arrives: the
    modulepreload links come before the head's first script, so the modules load alongside."""
    goto(page, base + AUDIT)
    order = page.evaluate(
        "() => [...document.head.children].map((e) => e.tagName === 'SCRIPT' ? 'script' : e.rel || e.tagName)"
    )
    assert order.index("modulepreload") < order.index("script"), order


def test_the_report_script_loads_only_when_the_report_is_asked_for(page, base):
    page.add_init_script("window.print = () => { window.__printed = true; };")
    seen = _requests(page)
    goto(page, base + AUDIT)
    page.wait_for_load_state("networkidle")
    assert not [u for u in seen if u.endswith("/report-view.js")], "nothing of the report before it is asked for"
    preloaded = page.eval_on_selector_all('link[rel="modulepreload"]', "ls => ls.map((l) => l.href)")
    assert not [u for u in preloaded if u.endswith("/report-view.js")]
    # Keyboard only: open "Save or share", then "Print or save as PDF".
    page.locator(".lk-menu-button").focus()
    page.keyboard.press("Enter")
    page.locator(".lk-report").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.classList.contains('lk-r-title')")
    assert [u for u in seen if u.endswith("/report-view.js")]
    assert page.evaluate("() => window.__printed === true")
    assert "Bridge by bridge" in page.locator(".lk-report-view").inner_text()
