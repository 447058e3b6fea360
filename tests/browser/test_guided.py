"""The guided audit (issue 14, items 1 and 2), as a client on a 375 px phone takes it by keyboard
only: the start screen, one bridge per step, "Check your answers" with its Change links, then
the result, which still equals `ladderkit score`. Also: the "Save or share" menu, the browser's
Back button and reload, the page without JavaScript, and answers saved before the steps existed."""

from __future__ import annotations

import json

import pytest

from tests.helpers import (
    FIXTURES,
    PHONE,
    answer,
    cli_json,
    cli_score,
    expected_view,
    fixture_answers,
    from_menu,
    goto,
    inject_axe,
    reload,
    settle,
    shown,
    site_with,
    view,
    violations,
)

SWIM = FIXTURES / "guided" / "swim-club.yml"  # a ladder the project never shipped: 1 question, then 12
WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def swim_site(tmp_path_factory):
    """A site with only the fresh ladder (no PDFs), served on 127.0.0.1."""
    with site_with([SWIM], tmp_path_factory.mktemp("swim")) as url:
        yield url + "/ladders/swim-club/audit/"


def focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
      return {cls: el.className || '', text: el.textContent.trim().replace(/\\s+/g, ' '), id: el.id,
              question: el.closest('.lk-question')?.dataset.question ?? null, change: el.dataset.change ?? null}; }""")


def tab_to(page, selector: str, limit: int = 60) -> int:
    """Press Tab until `selector` has focus; how many presses it took."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return n
    raise AssertionError(f"{selector} never took focus; focus is on {focused(page)}")


def wcag22(page, include: list[str]) -> list:
    """axe-core with the WCAG 2.2 AA rules, target size included (its default run leaves it out),
    once Material's colour transitions on the focused button have settled."""
    settle(page)
    inject_axe(page)
    return page.evaluate(
        """async ([include, tags]) => {
      const r = await axe.run({include: include.map((s) => [s])}, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
      return r.violations.map((v) => ({id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
    }""",
        [include, WCAG22],
    )


def clean(page) -> bool:
    """No axe-core violation on the page (its default rules) nor in the audit (WCAG 2.2 AA),
    judged on the colours Material's transitions settle on (its back-to-top button fades in)."""
    settle(page)
    found = violations(page) + wcag22(page, [".lk-audit"])
    assert found == [], found
    return True


def stored(page, lid: str) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('ladderkit:{lid}')).answers")


def test_a_fresh_ladder_by_keyboard_on_a_phone(phone, swim_site):
    page = phone
    ladder = cli_json("export", str(SWIM))
    goto(page, swim_site)
    assert view(page) == "start"
    start = " ".join(page.locator(".lk-start").inner_text().split())
    assert "It asks 13 questions in 2 steps" in start and "about 5 minutes" in start
    assert "saved only in this browser on this device" in start
    assert not page.locator(".lk-form").is_visible() and not page.locator(".lk-results").is_visible()
    assert clean(page)

    # From the title's permalink (where Material's "Skip to content" leads; pressed here, that
    # link's own hash handling moves focus back to it at a moment of its choosing):
    page.locator("h1 .headerlink").focus()
    assert tab_to(page, ".lk-begin") == 2, "the menu, then Start: no row of buttons before it"
    assert page.locator(".lk-begin").text_content() == "Start"
    page.keyboard.press("Enter")
    assert view(page) == "step" and page.url.endswith("#step-1")
    assert focused(page)["text"].startswith("Step 1 of 2: The sign-up desk"), "focus is on the step's heading"
    page.keyboard.press("Tab")
    assert focused(page)["question"] == "s-ask"
    page.keyboard.press("Space")
    assert page.locator(".lk-progress-text").text_content() == "1 of 13 answered"
    assert page.locator(".lk-progress").is_visible()
    assert page.locator(".lk-next").text_content() == "Next"
    tab_to(page, ".lk-next")
    page.keyboard.press("Enter")
    assert focused(page)["text"].startswith("Step 2 of 2: The first month")
    assert page.locator(".lk-form .lk-question:visible").count() == 12

    # Every question of the long step by keyboard, but the fifth.
    done: list[str] = []
    while True:
        page.keyboard.press("Tab")
        at = focused(page)
        if "lk-next" in at["cls"]:
            break
        qid = at["question"]
        if qid is None or qid in done:
            continue
        done.append(qid)
        if qid == "w5":
            continue
        kind = page.get_attribute(f'.lk-question[data-question="{qid}"]', "data-type")
        if kind == "number":
            page.keyboard.type("2")
        elif kind == "checklist":
            page.keyboard.press("Space")
        else:
            page.keyboard.press("ArrowRight")  # the second choice
    assert done == [f"w{i}" for i in range(1, 13)]
    assert page.locator(".lk-next").text_content() == "Check your answers"
    assert page.locator(".lk-progress").is_visible(), "progress stays in view at the end of a long step"
    assert wcag22(page, [".lk-audit"]) == []
    page.keyboard.press("Enter")

    assert view(page) == "check" and focused(page)["id"] == "lk-check-title"
    rows = page.locator(".lk-summary-row")
    assert rows.count() == 13
    value = lambda qid: " ".join(page.locator(f'.lk-summary-row[data-question="{qid}"] dd').first.inner_text().split())  # noqa: E731
    assert value("s-ask") == "Yes" and value("w2") == "No" and value("w3") == "2 days" and value("w4") == "A locker"
    assert value("w1") == ladder["bridges"][1]["questions"][0]["choices"][1]["label"]
    assert value("w5") == "Not answered"
    assert "12 of 13" in page.locator(".lk-check-intro").inner_text()
    assert page.locator('[data-change="w5"]').inner_text().startswith("Answer")
    assert page.locator('[data-change="w3"]').inner_text().startswith("Change")
    assert clean(page)

    tab_to(page, '[data-change="w5"]')
    page.keyboard.press("Enter")
    assert view(page) == "step" and focused(page)["question"] == "w5", focused(page)
    page.keyboard.press("ArrowRight")
    assert page.locator(".lk-next").text_content() == "Back to your answers"
    tab_to(page, ".lk-next")
    page.keyboard.press("Enter")
    assert view(page) == "check" and page.locator(".lk-missing").count() == 0
    assert "all 13 questions" in page.locator(".lk-check-intro").inner_text()

    tab_to(page, ".lk-see-result")
    page.keyboard.press("Enter")
    assert view(page) == "result" and focused(page)["id"] == "lk-results-title"
    answers = stored(page, "swim-club")
    assert len(answers) == 13
    result = cli_json(
        "score",
        str(SWIM),
        "/dev/stdin",
        input=json.dumps({"format": "ladder-answers/1", "ladder": "swim-club", "answers": answers}),
    )
    assert shown(page) == expected_view(result, ladder)
    assert clean(page)

    page.go_back()  # the browser's Back button: a step back, not away from the audit
    page.wait_for_function("() => document.querySelector('[data-lk-audit]').dataset.view === 'check'")
    reload(page)
    assert view(page) == "check", "a reload stays on the same step"


def test_save_or_share_is_one_menu_that_escape_closes(phone, base):
    page = phone
    goto(page, base + "/ladders/customer-development/audit/")
    items = [".lk-export", ".lk-import-label", ".lk-share", ".lk-print", ".lk-restart", ".lk-report"]
    assert not any(page.locator(s).is_visible() for s in items), "no row of buttons above the questions"
    button = page.locator(".lk-menu-button")
    assert button.text_content() == "Save or share" and button.get_attribute("aria-expanded") == "false"
    page.locator("h1 .headerlink").focus()
    tab_to(page, ".lk-menu-button")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert all(page.locator(s).is_visible() for s in items)
    # (the page-wide run is left out here: the permalink's tooltip, Material's, sits outside any landmark)
    assert wcag22(page, [".lk-audit"]) == []
    page.keyboard.press("Tab")
    assert "lk-export" in focused(page)["cls"]
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not page.locator(".lk-export").is_visible()
    assert "lk-menu-button" in focused(page)["cls"], "focus goes back to the menu's button"
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false"


def test_without_javascript_the_whole_form_shows(browser, base):
    ctx = browser.new_context(java_script_enabled=False, **PHONE)
    page = ctx.new_page()
    page.goto(base + "/ladders/growing-loyalty/audit/")
    total = page.locator(".lk-question").count()
    assert total > 20 and page.locator(".lk-question:visible").count() == total
    for part in [".lk-start", ".lk-menu", ".lk-step-nav", ".lk-check", ".lk-result-nav", ".lk-all-nav"]:
        assert not page.locator(part).is_visible(), part
    assert page.locator(".lk-privacy").is_visible() and page.locator(".lk-results").is_visible()
    # A weight reads "×2" on screen; "(counts 2 times)" is for screen readers only.
    weight = page.locator(".lk-weight .lk-sr").first
    assert weight.bounding_box()["width"] <= 1
    ctx.close()


def test_show_all_questions_and_back_to_one_step(phone, base):
    page = phone
    goto(page, base + "/ladders/internal-service/audit/")
    page.click(".lk-begin")
    page.click(".lk-show-all")
    total = page.locator(".lk-question").count()
    assert view(page) == "all" and page.locator(".lk-question:visible").count() == total
    assert page.locator(".lk-results").is_visible()
    assert violations(page) == []
    page.click(".lk-one-by-one")
    assert view(page) == "step" and page.locator(".lk-bridge.lk-current").count() == 1


def test_printing_a_step_prints_every_question_and_the_results(phone, base):
    page = phone
    goto(page, base + "/ladders/ladder-of-loyalty/audit/")
    page.click(".lk-begin")
    page.emulate_media(media="print")
    total = page.locator(".lk-question").count()
    assert page.locator(".lk-question:visible").count() == total and page.locator(".lk-results").is_visible()
    assert not page.locator(".lk-step-nav").is_visible() and not page.locator(".lk-menu").is_visible()


def test_answers_saved_before_the_steps_existed_still_load(phone, base):
    """A client who answered before this change comes back: the save (as audit.js wrote it then,
    under the same key, with no step in it) loads, and Continue goes to the first open step."""
    page = phone
    lid = "customer-development"
    goto(page, base + f"/ladders/{lid}/audit/")
    ladder = cli_json("export", lid)
    first = {q["id"] for q in ladder["bridges"][0]["questions"]}
    mine = {k: v for k, v in fixture_answers(lid).items() if k in first}  # the first bridge answered
    total = sum(len(b["questions"]) for b in ladder["bridges"])
    doc = {
        "format": "ladder-answers/1",
        "ladder": lid,
        "ladder_hash": page.get_attribute("[data-lk-audit]", "data-ladder-hash"),
        "answers": mine,
    }
    earlier = [{"date": "2026-08-01T09:00:00.000Z", "kind": "finished", "answers": mine}]
    page.evaluate(
        "([k, d, a]) => { localStorage.setItem(k, d); localStorage.setItem(k + ':attempts', a); }",
        [f"ladderkit:{lid}", json.dumps(doc), json.dumps(earlier)],
    )
    reload(page)
    assert view(page) == "start"
    assert page.locator(".lk-begin").text_content() == f"Continue ({len(mine)} of {total} answered)"
    assert page.locator(".lk-attempts summary").inner_text() == "Saved attempts (1)"
    assert page.locator(".lk-notices .lk-warning").count() == 0
    page.click(".lk-begin")
    assert page.url.endswith("#step-2"), "Continue goes on where the client stopped"
    assert shown(page) == expected_view(cli_score(lid, mine), ladder)


def test_answers_from_a_share_link_open_on_their_result(phone, base):
    """A coach opening a client's link (or a client opening the coach's) comes to read a result."""
    page = phone
    lid = "customer-development"
    theirs = fixture_answers(lid)
    goto(page, base + f"/ladders/{lid}/audit/")
    answer(page, theirs)
    from_menu(page, ".lk-share")
    link = page.locator(".lk-share-url").input_value()
    page.evaluate("() => localStorage.clear()")
    goto(page, "about:blank")
    goto(page, link)  # nothing saved here: taken at once
    assert view(page) == "result"
    assert shown(page) == expected_view(cli_score(lid, theirs), cli_json("export", lid))
    answer(page, {"aw-referrals": not theirs["aw-referrals"]})  # now this browser's own answers differ
    goto(page, "about:blank")
    goto(page, link)
    page.click(".lk-ask-yes")  # asked first, then on to the result with focus on its heading
    assert view(page) == "result" and focused(page)["id"] == "lk-results-title"
    assert shown(page) == expected_view(cli_score(lid, theirs), cli_json("export", lid))
