"""The Content-Security-Policy the build writes into every page (generator/site/csp.py), in Chromium:
every page works under it with no violation, the audit scores, search finds, and an inline
event handler that got into a page is blocked."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.helpers import answer, cli_score, expected_view, fixture_answers, goto, shown

# Chromium reports each blocked script, style, image or handler as a securitypolicyviolation
# event and a console message "Refused to …"; both are collected.
WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));"""


@pytest.fixture
def watched(context):
    context.add_init_script(WATCH)
    refused: list[str] = []
    context.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None,
    )
    return refused


def _violations(page, refused) -> list[str]:
    return page.evaluate("window.__csp") + refused


def _pages(base: str) -> list[str]:
    sitemap = urllib.request.urlopen(base + "/sitemap.xml").read().decode()
    return [base + "/" + loc.split("/", 3)[3] for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def test_every_page_has_the_policy_and_loads_without_a_violation(page, base, watched):
    pages = _pages(base) + [base + "/404.html"]
    assert len(pages) > 20
    for url in pages:
        goto(page, url)
        page.wait_for_load_state("networkidle")
        meta = page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert meta.count() == 1, url
        policy = meta.get_attribute("content")
        assert "script-src 'self' 'sha256-" in policy and "object-src 'none'" in policy and "unsafe-eval" not in policy
        assert _violations(page, watched) == [], url


def test_the_audit_scores_under_the_policy(page, base, watched):
    ladder_id = "customer-development"
    answers = fixture_answers(ladder_id)
    goto(page, f"{base}/ladders/{ladder_id}/audit/")
    answer(page, answers)
    import json

    from generator.ladder.loader import load_ladder
    from generator.ladder.model import to_dict
    from tests.helpers import ROOT

    ladder = to_dict(load_ladder(ROOT / "ladders" / f"{ladder_id}.yml"))
    assert shown(page) == expected_view(cli_score(ladder_id, answers), json.loads(json.dumps(ladder)))
    assert _violations(page, watched) == []


def test_search_and_instant_navigation_work_under_the_policy(page, base, watched):
    goto(page, base + "/")
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.keyboard.type("moments of truth")
    page.wait_for_selector(".md-search-result__item")
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__sameDocument") is True, "instant navigation swapped the page in"
    assert _violations(page, watched) == []


def test_an_inline_handler_that_got_into_a_page_is_blocked(page, base, watched):
    goto(page, base + "/ladders/customer-development/")
    page.evaluate("""() => {
      document.body.insertAdjacentHTML('beforeend', '<img id="evil" src="data:," onerror="window.__pwned=1">');
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 2';
      document.body.append(s);
    }""")
    page.wait_for_function("() => window.__csp.length >= 2")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))


def test_the_plain_site_has_the_policy_too(page, sites, watched):
    goto(page, sites["plain"] + "/ladders/customer-development/audit/")
    page.wait_for_load_state("networkidle")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert _violations(page, watched) == []
