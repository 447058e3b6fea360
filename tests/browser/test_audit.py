"""The self-audit in a real browser: results and exports equal `ladderkit score`,
answers survive reload, share links, import and a corrupt save, on a phone and by keyboard."""

from __future__ import annotations

import base64
import json

import pytest

from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from tests.helpers import (
    REQUESTS,
    ROOT,
    SHIPPED_IDS,
    answer,
    cli_score,
    expected_view,
    export_answers,
    fixture_answers,
    from_menu,
    goto,
    open_menu,
    reload,
    reveal,
    saved,
    shown,
)


def ladder_dict(lid):
    return to_dict(load_ladder(ROOT / "ladders" / f"{lid}.yml"))


def audit_url(base, lid):
    return f"{base}/ladders/{lid}/audit/"


@pytest.mark.parametrize("lid", SHIPPED_IDS)
def test_results_and_export_equal_the_command_line(page, base, lid, tmp_path):
    answers = fixture_answers(lid)
    goto(page, audit_url(base, lid))
    answer(page, answers)
    expected = cli_score(lid, answers)
    assert shown(page) == expected_view(expected, ladder_dict(lid))
    download = export_answers(page)
    exported = json.loads(download.path().read_text())
    assert exported["format"] == "ladder-answers/1" and exported["ladder"] == lid
    assert "name" not in exported, "the name was left blank"
    assert exported["answers"] == answers
    assert exported["result"] == expected
    # The exported file is itself a valid answers file for the command line.
    path = tmp_path / "exported.json"
    path.write_text(json.dumps(exported))
    assert cli_score(lid, exported["answers"]) == expected


def test_reload_restores_answers(page, base):
    lid = "ladder-of-loyalty"
    answers = fixture_answers(lid)
    goto(page, audit_url(base, lid))
    answer(page, answers)
    before = shown(page)
    reload(page)
    assert shown(page) == before
    assert page.locator('.lk-question[data-question="fi-response-hours"] input').input_value() == "6"


def test_share_link_restores_answers_in_a_fresh_browser(browser, page, base):
    lid = "customer-development"
    goto(page, audit_url(base, lid))
    answer(page, fixture_answers(lid))
    from_menu(page, ".lk-share")
    link = page.locator(".lk-share-url").input_value()
    assert "#answers=" in link and "?" not in link.split("#")[0]
    fresh = browser.new_context()
    other = fresh.new_page()
    goto(other, link)
    assert shown(other) == expected_view(cli_score(lid, fixture_answers(lid)), ladder_dict(lid))
    assert "#answers=" not in other.url, "the answers are cleared from the address bar"
    assert "shared link" in other.locator(".lk-notices").inner_text()
    fresh.close()


def test_import_restores_answers(browser, page, base, tmp_path):
    lid = "growing-loyalty"
    goto(page, audit_url(base, lid))
    answer(page, fixture_answers(lid))
    download = export_answers(page)
    fresh = browser.new_context()
    other = fresh.new_page()
    goto(other, audit_url(base, lid))
    other.set_input_files(".lk-import", download.path())
    other.wait_for_function("() => document.querySelector('.lk-notices').textContent.includes('Imported')")
    assert shown(other) == expected_view(cli_score(lid, fixture_answers(lid)), ladder_dict(lid))
    fresh.close()


def test_corrupt_saved_answers_are_set_aside_with_a_notice(page, base):
    lid = "internal-service"
    goto(page, audit_url(base, lid))
    page.evaluate("localStorage.setItem('ladderkit:internal-service', '{not json')")
    reload(page)
    assert "set aside" in page.locator(".lk-notices").inner_text()
    keys = page.evaluate("Object.keys(localStorage)")
    assert any(k.startswith("ladderkit:internal-service:corrupt:") for k in keys)
    answer(page, {"ds-everyone": True})
    assert shown(page)["progress"].startswith("1 of ")


def test_saved_answers_for_an_older_ladder_keep_what_still_fits(page, base):
    lid = "internal-service"
    goto(page, audit_url(base, lid))
    saved = {
        "format": "ladder-answers/1",
        "ladder": lid,
        "ladder_hash": "0000",
        "answers": {"ds-everyone": True, "removed-question": 3},
    }
    page.evaluate(f"localStorage.setItem('ladderkit:{lid}', {json.dumps(json.dumps(saved))})")
    reload(page)
    notices = page.locator(".lk-notices").inner_text()
    assert "updated since you last saved" in notices and "removed-question" in notices
    assert shown(page)["progress"].startswith("1 of ")


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_arriving_by_navigation_initialises_the_audit(browser, sites, mode):
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    goto(page, sites[mode] + "/")
    page.wait_for_load_state("networkidle")  # instant navigation is ready once the sitemap is in
    page.evaluate("window.__sameDocument = true")
    page.click("text=Take the self-audit >> nth=0")
    page.wait_for_url("**/audit/")
    page.wait_for_selector(".lk-bars li", state="attached")  # the results wait behind the steps
    same_document = page.evaluate("window.__sameDocument === true")
    assert same_document is (mode == "instant"), "instant navigation swaps the page without a reload"
    answer(page, {"aw-referrals": True})
    assert shown(page)["progress"] == "1 of 16 answered"
    # Back and forth again: still exactly one set of listeners (one answer counts once).
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.go_forward()
    page.wait_for_selector(".lk-bars li", state="attached")
    answer(page, {"aw-marketing": 2})
    assert shown(page)["progress"] == "2 of 16 answered"
    assert errors == []
    ctx.close()


def test_phone_width_has_no_sideways_scroll(browser, base):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    for path in [
        "/",
        "/ladders/growing-loyalty/",
        "/ladders/growing-loyalty/audit/",
        "/ladders/growing-loyalty/bridges/qualify/",
    ]:
        goto(page, base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    ctx.close()


def test_keyboard_only(page, base):
    goto(page, audit_url(base, "customer-development"))
    reveal(page, "aw-marketing")
    page.focus('.lk-question[data-question="aw-marketing"] input[value="0"]')
    page.keyboard.press("ArrowRight")  # radio groups move with arrow keys
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")  # to the next group
    page.keyboard.press("Space")
    assert shown(page)["progress"] == "2 of 16 answered"
    assert page.evaluate("document.querySelector('[name=\"aw-marketing\"]:checked').value") == "2"


def _fragment(doc) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


CRAFTED = [
    (
        "script in values",
        {"ladder": "customer-development", "answers": {"aw-referrals": "<img src=x onerror=window.__pwned=1>"}},
        "did not fit",
    ),
    (
        "script in ids",
        {"ladder": "customer-development", "answers": {"<script>window.__pwned=1</script>": 1, "aw-referrals": True}},
        "did not fit",
    ),
    (
        "wrong types",
        {"ladder": "customer-development", "answers": {"aw-marketing": "3", "criteria": {"a": 1}}},
        "did not fit",
    ),
    ("huge array", {"ladder": "customer-development", "answers": {"criteria": list(range(5000))}}, "did not fit"),
    ("another ladder", {"ladder": "growing-loyalty", "answers": {}}, "different audit"),
]


@pytest.mark.parametrize("name,doc,notice", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_share_links_are_refused_or_trimmed(page, base, name, doc, notice):
    goto(page, audit_url(base, "customer-development") + "#answers=" + _fragment(doc))
    assert notice in page.locator(".lk-notices").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert "<img" not in page.locator(".lk-notices").inner_html()
    answer(page, {"aw-networking": 2})
    assert shown(page)["progress"] == ("2 of 16 answered" if name == "script in ids" else "1 of 16 answered")


@pytest.mark.parametrize(
    "fragment,notice",
    [("%%%not-base64", "damaged"), (_fragment("[1,2")[:-2], "damaged"), ("A" * 1_000_000, "too long")],
    ids=["garbage", "invalid json", "one megabyte"],
)
def test_broken_share_links_keep_saved_answers(page, base, fragment, notice):
    url = audit_url(base, "customer-development")
    goto(page, url)
    answer(page, {"aw-referrals": True})
    goto(page, "about:blank")
    goto(page, url + "#answers=" + fragment)
    assert notice in page.locator(".lk-notices").inner_text()
    assert shown(page)["progress"] == "1 of 16 answered"


@pytest.mark.parametrize(
    "content,notice",
    [
        ("{not json", "bad.json: not valid JSON. Nothing was changed."),
        (
            json.dumps({"format": "ladder-answers/1", "ladder": "growing-loyalty", "answers": {}}),
            "bad.json: ladder: these answers are for ladder \"growing-loyalty\", not 'customer-development'.",
        ),
        (json.dumps({"format": "something-else"}), 'format: expected "ladder-answers/1", got "something-else"'),
        ('{"format": "ladder-answers/1", "format": "x"}', 'the key "format" is given twice in one object'),
        (
            json.dumps({"format": "ladder-answers/1", "ladder": "customer-development", "name": "n" * 201}),
            "201 characters",
        ),
        (" " * (20 * 1024 * 1024 + 10), "the file is 20.1 MB; an answers file is at most 20 MB"),
    ],
    ids=["invalid json", "another ladder", "wrong format", "key twice", "long name", "too big"],
)
def test_rejected_imports_leave_saved_answers_alone(page, base, tmp_path, content, notice):
    goto(page, audit_url(base, "customer-development"))
    answer(page, {"aw-referrals": True, "aw-marketing": 1})
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    page.set_input_files(".lk-import", str(bad))
    page.wait_for_function(f"() => document.querySelector('.lk-notices').textContent.includes({json.dumps(notice)})")
    reload(page)
    assert shown(page)["progress"] == "2 of 16 answered"


def test_nothing_left_localhost():
    """Runs last in this module: every request of every test above went to 127.0.0.1."""
    assert REQUESTS, "the browser tests recorded no requests"
    outside = sorted({u for u in REQUESTS if not u.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))})
    assert outside == []


def test_answers_given_before_the_script_arrives_are_kept(page, base):
    """On a slow phone the form is usable before audit.js loads; those answers must survive it."""
    lid = "customer-development"
    goto(page, audit_url(base, lid))
    answer(page, {"aw-networking": 1})  # saved: one answer from an earlier visit
    held = []
    page.route("**/assets/ladderkit/audit.js", lambda route: held.append(route))
    goto(page, "about:blank")
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
    reload(page)
    assert shown(page)["progress"] == "2 of 16 answered", "and they are saved"


# --- found by using the audit as a client does (decimal commas, storage, tabs, confirmations) ---

GROWING = "/ladders/growing-loyalty/audit/"
CUSTOMERS = "/ladders/growing-loyalty/customers/"
FULL_STORAGE = "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
NO_STORAGE = (
    "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });"
)


def number(page, qid):
    reveal(page, qid)
    return page.locator(f'.lk-question[data-question="{qid}"] input')


def radio(page, n):
    """The n-th radio button of the audit, on its step."""
    button = page.locator(".lk-question input[type=radio]").nth(n)
    reveal(page, button)
    return button


def warnings(page):
    return page.locator(".lk-notices .lk-warning")


def test_a_decimal_comma_is_a_decimal_point_not_a_thousands_separator(page, base):
    # type="number" in an English Chromium read "2,5" as 25: a share of 2.5 % scored as 25 %.
    goto(page, base + "/ladders/customer-development/audit/")
    number(page, "dn-new-effort").press_sequentially("2,")  # halfway through typing: no error yet
    assert page.locator("#lk-q-dn-new-effort-error").is_hidden()
    number(page, "dn-new-effort").press_sequentially("5")
    assert saved(page, "ladderkit:customer-development")["answers"] == {"dn-new-effort": 2.5}
    assert page.locator("#lk-q-dn-new-effort-error").is_hidden()
    number(page, "dn-new-effort").fill("2,500")  # 2.5 or 2500? Asked, never guessed.
    assert (
        page.locator("#lk-q-dn-new-effort-error").text_content()
        == "'2,500' could be read two ways; write it without the separator (2500) or as 2.5."
    )  # as in tests/vectors/numbers.json
    assert number(page, "dn-new-effort").get_attribute("aria-invalid") == "true"
    assert saved(page, "ladderkit:customer-development")["answers"] == {}
    for text, error in [
        ("-3", "from 0 up to 100"),
        ("101", "from 0 up to 100"),
        ("abc", "'abc' is not a number; write it as 2 or 2.5."),
        ("2 500", "'2 500' has separators between its digits"),
    ]:
        number(page, "dn-new-effort").fill(text)
        assert error in page.locator("#lk-q-dn-new-effort-error").text_content()
    number(page, "dn-new-effort").fill("")
    assert page.locator("#lk-q-dn-new-effort-error").is_hidden()
    assert page.locator(".lk-progress-text").text_content().startswith("0 of ")


def test_full_storage_still_shows_the_saved_answers_and_warns_once(context, base):
    page = context.new_page()
    goto(page, base + GROWING)
    radio(page, 0).check()
    assert page.locator(".lk-progress-text").text_content().startswith("1 of ")
    page.add_init_script(FULL_STORAGE)
    reload(page)
    # The answer saved before the storage filled up is still there to see.
    assert page.locator(".lk-progress-text").text_content().startswith("1 of ")
    assert warnings(page).count() == 0
    radio(page, 5).check()
    radio(page, 9).check()
    assert warnings(page).count() == 1
    assert "not saving your answers" in warnings(page).text_content()


def test_storage_turned_off_is_said_before_anything_is_lost(context, base):
    page = context.new_page()
    page.add_init_script(NO_STORAGE)  # Material's own scripts throw here too; the audit must not
    goto(page, base + GROWING)
    assert "not saving your answers" in warnings(page).text_content()
    radio(page, 0).check()
    assert page.locator(".lk-progress-text").text_content().startswith("1 of ")
    goto(page, base + CUSTOMERS)
    assert "not saving your customers" in warnings(page).text_content()


def test_two_tabs_on_one_audit_keep_each_others_answers(context, base):
    first, second = context.new_page(), context.new_page()
    goto(first, base + GROWING)
    goto(second, base + GROWING)
    radio(first, 0).check()
    radio(second, 10).check()
    # The second tab picked up the first tab's answer before saving its own.
    first.wait_for_function("() => document.querySelector('.lk-progress-text').textContent.startsWith('2 of ')")
    assert len(saved(first, "ladderkit:growing-loyalty")["answers"]) == 2
    reload(first)
    assert first.locator(".lk-progress-text").text_content().startswith("2 of ")
    assert first.locator(".lk-question input[type=radio]").nth(10).is_checked()


def test_start_over_keeps_asking_for_five_seconds_after_each_first_click(page, base):
    page.clock.install()
    goto(page, base + GROWING)
    open_menu(page)
    restart = page.locator(".lk-restart")
    radio(page, 0).check()
    restart.click()
    assert restart.text_content() == "Click again to erase all answers"
    restart.click()
    assert page.locator(".lk-progress-text").text_content().startswith("0 of ")
    assert restart.text_content() == "Start over"
    radio(page, 0).check()
    page.clock.run_for(2000)
    restart.click()  # asks again; the first click's timer must not cut this question short
    page.clock.run_for(3500)
    assert restart.text_content() == "Click again to erase all answers"
    page.clock.run_for(2000)
    assert restart.text_content() == "Start over"  # nobody confirmed: the question lapses
    assert page.locator(".lk-progress-text").text_content().startswith("1 of ")


def test_enter_in_a_lone_number_field_never_sends_the_answers_anywhere(page, base):
    # internal-service has one number question: Enter there submitted the form as a GET,
    # reloading the page with every answer in the address, in the server's log.
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "?" in r.url else None)
    goto(page, base + "/ladders/internal-service/audit/")
    field = page.locator(".lk-number input")
    assert field.count() == 1
    radio(page, 0).check()
    reveal(page, field)
    field.fill("3")
    field.press("Enter")
    page.evaluate("() => new Promise((done) => setTimeout(done, 300))")  # time for a navigation to start
    assert page.url.split("#")[0] == base + "/ladders/internal-service/audit/"  # the fragment names the step
    assert sent == []
    assert page.locator(".lk-progress-text").text_content().startswith("2 of ")


def test_forms_submitted_before_their_script_starts_send_nothing(context, base):
    sent = []
    page = context.new_page()
    page.on("request", lambda r: sent.append(r.url) if "?" in r.url else None)
    page.route("**/assets/ladderkit/ladderkit.js", lambda route: route.abort())
    for path, field in [("/ladders/internal-service/audit/", ".lk-number input"), (CUSTOMERS, "#lk-new-name")]:
        page.evaluate("(url) => { location.href = url; }", base + path)
        page.wait_for_load_state("load")
        page.fill(field, "3")
        page.press(field, "Enter")
        page.evaluate("() => new Promise((done) => setTimeout(done, 300))")
        assert page.url == base + path
    assert sent == []


def test_start_over_and_import_clear_a_stale_number_error(page, base, tmp_path):
    # The field was emptied or filled from the file, but "'abc' is not a number" stayed under it.
    goto(page, base + "/ladders/internal-service/audit/")
    field, error = page.locator(".lk-number input"), page.locator(".lk-number + .lk-error")
    reveal(page, field)
    field.fill("abc")
    assert error.is_visible()
    from_menu(page, ".lk-restart")
    page.click(".lk-restart")
    assert field.input_value() == "" and error.is_hidden()
    assert field.get_attribute("aria-invalid") == "false"
    qid = field.get_attribute("name")
    (tmp_path / "mine.json").write_text(
        json.dumps({"format": "ladder-answers/1", "ladder": "internal-service", "answers": {qid: 3}})
    )
    field.fill("abc")
    page.set_input_files(".lk-import", str(tmp_path / "mine.json"))
    page.wait_for_function("() => document.querySelector('.lk-notices').textContent.includes('Imported')")
    assert field.input_value() == "3" and error.is_hidden()


def test_a_double_click_on_start_over_only_asks(page, base):
    # The second click of a double-click confirmed at once: every answer gone by accident.
    goto(page, base + GROWING)
    radio(page, 0).check()
    open_menu(page)
    page.dblclick(".lk-restart")
    assert page.locator(".lk-restart").text_content() == "Click again to erase all answers"
    assert page.locator(".lk-progress-text").text_content().startswith("1 of ")
    page.click(".lk-restart")
    assert page.locator(".lk-progress-text").text_content().startswith("0 of ")
    radio(page, 0).check()
    page.focus(".lk-restart")  # by keyboard: Enter asks, Enter again erases
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.locator(".lk-progress-text").text_content().startswith("0 of ")
