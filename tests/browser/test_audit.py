"""The self-audit in a real browser: results and exports equal `ladderkit score`,
answers survive reload, share links, import and a corrupt save, on a phone and by keyboard."""
from __future__ import annotations

import base64
import json

import pytest

from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict

from .conftest import REQUESTS, ROOT
from .helpers import answer, cli_score, expected_view, fixture_answers, shown

IDS = ["customer-development", "loyalty-ladder-seven", "ladder-of-loyalty", "growing-loyalty", "internal-service"]


def ladder_dict(lid):
    return to_dict(load_ladder(ROOT / "ladders" / f"{lid}.yml"))


def audit_url(base, lid):
    return f"{base}/ladders/{lid}/audit/"


@pytest.mark.parametrize("lid", IDS)
def test_results_and_export_equal_the_command_line(page, base, lid, tmp_path):
    answers = fixture_answers(lid)
    page.goto(audit_url(base, lid))
    answer(page, answers)
    expected = cli_score(lid, answers)
    assert shown(page) == expected_view(expected, ladder_dict(lid))
    with page.expect_download() as info:
        page.click(".lk-export")
    exported = json.loads(open(info.value.path()).read())
    assert exported["format"] == "ladder-answers/1" and exported["ladder"] == lid
    assert exported["answers"] == answers
    assert exported["result"] == expected
    # The exported file is itself a valid answers file for the command line.
    path = tmp_path / "exported.json"
    path.write_text(json.dumps(exported))
    assert cli_score(lid, exported["answers"]) == expected


def test_reload_restores_answers(page, base):
    lid = "ladder-of-loyalty"
    answers = fixture_answers(lid)
    page.goto(audit_url(base, lid))
    answer(page, answers)
    before = shown(page)
    page.reload()
    assert shown(page) == before
    assert page.locator('.lk-question[data-question="fi-response-hours"] input').input_value() == "6"


def test_share_link_restores_answers_in_a_fresh_browser(browser, page, base):
    lid = "customer-development"
    page.goto(audit_url(base, lid))
    answer(page, fixture_answers(lid))
    page.click(".lk-share")
    link = page.locator(".lk-share-url").input_value()
    assert "#answers=" in link and "?" not in link.split("#")[0]
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(link)
    assert shown(other) == expected_view(cli_score(lid, fixture_answers(lid)), ladder_dict(lid))
    assert "#answers=" not in other.url, "the answers are cleared from the address bar"
    assert "shared link" in other.locator(".lk-notices").inner_text()
    fresh.close()


def test_import_restores_answers(browser, page, base, tmp_path):
    lid = "growing-loyalty"
    page.goto(audit_url(base, lid))
    answer(page, fixture_answers(lid))
    with page.expect_download() as info:
        page.click(".lk-export")
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(audit_url(base, lid))
    other.set_input_files(".lk-import", info.value.path())
    other.wait_for_function("() => document.querySelector('.lk-notices').textContent.includes('Imported')")
    assert shown(other) == expected_view(cli_score(lid, fixture_answers(lid)), ladder_dict(lid))
    fresh.close()


def test_corrupt_saved_answers_are_set_aside_with_a_notice(page, base):
    lid = "internal-service"
    page.goto(audit_url(base, lid))
    page.evaluate("localStorage.setItem('ladderkit:internal-service', '{not json')")
    page.reload()
    assert "set aside" in page.locator(".lk-notices").inner_text()
    keys = page.evaluate("Object.keys(localStorage)")
    assert any(k.startswith("ladderkit:internal-service:corrupt:") for k in keys)
    answer(page, {"ds-everyone": True})
    assert shown(page)["progress"].startswith("1 of ")


def test_saved_answers_for_an_older_ladder_keep_what_still_fits(page, base):
    lid = "internal-service"
    page.goto(audit_url(base, lid))
    saved = {"format": "ladder-answers/1", "ladder": lid, "ladder_hash": "0000", "answers": {"ds-everyone": True, "removed-question": 3}}
    page.evaluate(f"localStorage.setItem('ladderkit:{lid}', {json.dumps(json.dumps(saved))})")
    page.reload()
    notices = page.locator(".lk-notices").inner_text()
    assert "updated since you last saved" in notices and "removed-question" in notices
    assert shown(page)["progress"].startswith("1 of ")


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_arriving_by_navigation_initialises_the_audit(browser, sites, mode):
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(sites[mode] + "/")
    page.wait_for_load_state("networkidle")  # instant navigation is ready once the sitemap is in
    page.evaluate("window.__sameDocument = true")
    page.click("text=Take the self-audit >> nth=0")
    page.wait_for_url("**/audit/")
    page.wait_for_selector(".lk-bars li")
    same_document = page.evaluate("window.__sameDocument === true")
    assert same_document is (mode == "instant"), "instant navigation swaps the page without a reload"
    answer(page, {"aw-referrals": True})
    assert shown(page)["progress"] == "1 of 16 answered"
    # Back and forth again: still exactly one set of listeners (one answer counts once).
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.go_forward()
    page.wait_for_selector(".lk-bars li")
    answer(page, {"aw-marketing": 2})
    assert shown(page)["progress"] == "2 of 16 answered"
    assert errors == []
    ctx.close()


def test_phone_width_has_no_sideways_scroll(browser, base):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    for path in ["/", "/ladders/growing-loyalty/", "/ladders/growing-loyalty/audit/", "/ladders/growing-loyalty/bridges/qualify/"]:
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    ctx.close()


def test_keyboard_only(page, base):
    page.goto(audit_url(base, "customer-development"))
    page.focus('.lk-question[data-question="aw-marketing"] input[value="0"]')
    page.keyboard.press("ArrowRight")   # radio groups move with arrow keys
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")          # to the next group
    page.keyboard.press("Space")
    assert shown(page)["progress"] == "2 of 16 answered"
    assert page.evaluate("document.querySelector('[name=\"aw-marketing\"]:checked').value") == "2"


def _fragment(doc) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


CRAFTED = [
    ("script in values", {"ladder": "customer-development", "answers": {"aw-referrals": "<img src=x onerror=window.__pwned=1>"}}, "did not fit"),
    ("script in ids", {"ladder": "customer-development", "answers": {"<script>window.__pwned=1</script>": 1, "aw-referrals": True}}, "did not fit"),
    ("wrong types", {"ladder": "customer-development", "answers": {"aw-marketing": "3", "criteria": {"a": 1}}}, "did not fit"),
    ("huge array", {"ladder": "customer-development", "answers": {"criteria": list(range(5000))}}, "did not fit"),
    ("another ladder", {"ladder": "growing-loyalty", "answers": {}}, "different audit"),
]


@pytest.mark.parametrize("name,doc,notice", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_share_links_are_refused_or_trimmed(page, base, name, doc, notice):
    page.goto(audit_url(base, "customer-development") + "#answers=" + _fragment(doc))
    assert notice in page.locator(".lk-notices").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert "<img" not in page.locator(".lk-notices").inner_html()
    answer(page, {"aw-networking": 2})
    assert shown(page)["progress"] == ("2 of 16 answered" if name == "script in ids" else "1 of 16 answered")


@pytest.mark.parametrize("fragment,notice", [("%%%not-base64", "damaged"), (_fragment("[1,2")[:-2], "damaged"),
                                             ("A" * 1_000_000, "too long")], ids=["garbage", "invalid json", "one megabyte"])
def test_broken_share_links_keep_saved_answers(page, base, fragment, notice):
    url = audit_url(base, "customer-development")
    page.goto(url)
    answer(page, {"aw-referrals": True})
    page.goto("about:blank")
    page.goto(url + "#answers=" + fragment)
    assert notice in page.locator(".lk-notices").inner_text()
    assert shown(page)["progress"] == "1 of 16 answered"


@pytest.mark.parametrize("content,notice", [
    ("{not json", "not valid JSON"),
    (json.dumps({"format": "ladder-answers/1", "ladder": "growing-loyalty", "answers": {}}), "different audit"),
    (json.dumps({"format": "something-else"}), "not an answers file"),
    ("x" * (1024 * 1024 + 10), "larger than 1 MB"),
], ids=["invalid json", "another ladder", "wrong format", "too big"])
def test_rejected_imports_leave_saved_answers_alone(page, base, tmp_path, content, notice):
    page.goto(audit_url(base, "customer-development"))
    answer(page, {"aw-referrals": True, "aw-marketing": 1})
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    page.set_input_files(".lk-import", str(bad))
    page.wait_for_function(f"() => document.querySelector('.lk-notices').textContent.includes({json.dumps(notice)})")
    page.reload()
    assert shown(page)["progress"] == "2 of 16 answered"


def test_nothing_left_localhost():
    """Runs last in this module: every request of every test above went to 127.0.0.1."""
    assert REQUESTS, "the browser tests recorded no requests"
    outside = sorted({u for u in REQUESTS if not u.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))})
    assert outside == []


def test_answers_given_before_the_script_arrives_are_kept(page, base):
    """On a slow phone the form is usable before audit.js loads; those answers must survive it."""
    lid = "customer-development"
    page.goto(audit_url(base, lid))
    answer(page, {"aw-networking": 1})  # saved: one answer from an earlier visit
    held = []
    page.route("**/assets/ladderkit/audit.js", lambda route: held.append(route))
    page.goto("about:blank")
    # Not page.goto, which waits for the audit to start: here it cannot until we let it.
    page.evaluate("(url) => { location.href = url; }", audit_url(base, lid))
    page.wait_for_load_state("domcontentloaded")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the audit script was requested"
    assert page.get_attribute("[data-lk-audit]", "data-lk-ready") is None
    page.check('.lk-question[data-question="aw-referrals"] input[value="true"]')
    held[0].continue_()
    page.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
    page.wait_for_selector(".lk-bars li")
    assert page.is_checked('.lk-question[data-question="aw-referrals"] input[value="true"]')
    assert shown(page)["progress"] == "2 of 16 answered"
    page.unroute("**/assets/ladderkit/audit.js")
    page.reload()
    assert shown(page)["progress"] == "2 of 16 answered", "and they are saved"
