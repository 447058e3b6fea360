"""Saved answers are never destroyed from outside (issue 14 items 5, 6; issue 16 items 17, 19,
20), in a real browser: a share link or import that differs asks first and keeps the replaced
set under Saved attempts; a link, import or other tab bringing nothing usable changes nothing;
with storage full a set-aside keeps the original and says so; a saved list over the maximum is
kept whole; a save naming another ladder is refused. History: a finished audit is a dated
attempt, results show the change since an earlier one, and the export carries it."""

from __future__ import annotations

import base64
import datetime
import json

import pytest

from generator import i18n
from tests.helpers import (
    answer,
    cli_score,
    export_answers,
    fixture_answers,
    from_menu,
    goto,
    inject_axe,
    reload,
    shown,
    to_result,
)

LID = "customer-development"
KEY = f"ladderkit:{LID}"


def audit(base):
    return f"{base}/ladders/{LID}/audit/"


def link(base, doc) -> str:
    return audit(base) + "#answers=" + base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


def saved(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).answers")


def attempts(page) -> list:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}:attempts') || '[]')")


MINE = {"aw-referrals": True, "aw-marketing": 1}


@pytest.mark.parametrize("keyboard", [False, True], ids=["pointer", "keyboard"])
def test_a_differing_share_link_asks_first_and_keeps_the_replaced_answers(page, base, keyboard):
    goto(page, audit(base))
    answer(page, MINE)
    theirs = fixture_answers(LID)
    goto(page, "about:blank")
    goto(page, link(base, {"ladder": LID, "answers": theirs}))
    page.wait_for_selector(".lk-ask")
    # (read where it stands: going on to the results would take focus from the question)
    progress = page.locator(".lk-progress-text").text_content()
    assert saved(page) == MINE and progress == "2 of 16 answered", "nothing replaced before the answer"
    assert page.evaluate("document.activeElement.classList.contains('lk-ask-yes')"), "focus is on the question"
    if keyboard:
        page.keyboard.press("Tab")  # to "Keep my answers"
        page.keyboard.press("Enter")
    else:
        page.click(".lk-ask-no")
    assert saved(page) == MINE and "nothing was replaced" in page.locator(".lk-notices").inner_text()
    goto(page, "about:blank")
    goto(page, link(base, {"ladder": LID, "answers": theirs}))
    page.wait_for_selector(".lk-ask")
    if keyboard:
        page.keyboard.press("Enter")
    else:
        page.click(".lk-ask-yes")
    assert saved(page) == theirs
    assert shown(page)["overall"] == cli_score(LID, theirs)["overall"]
    assert [a["answers"] for a in attempts(page)] == [MINE]
    # The replaced answers come back from the list of saved attempts, and the link's are kept in turn.
    page.locator(".lk-attempts summary").click()
    page.locator(".lk-attempts .lk-restore").first.click()
    assert saved(page) == MINE and shown(page)["progress"] == "2 of 16 answered"
    assert [a["answers"] for a in attempts(page)] == [MINE, theirs]


@pytest.mark.parametrize(
    "payload",
    [{"answers": None}, {"answers": []}, {"answers": {"aw-marketing": "3", "nope": 1}}, {"answers": {}}],
    ids=["null", "list", "nothing fits", "empty"],
)
def test_a_link_bringing_nothing_usable_changes_nothing_even_from_another_site(browser, base, payload):
    """A cross-site page opening the audit with a crafted link (issue 16 item 17)."""
    ctx = browser.new_context()
    ctx.route(
        "http://elsewhere.test/**",
        lambda route: route.fulfill(
            content_type="text/html",
            body=(f'<a id="go" href="{link(base, {"ladder": LID, **payload})}" target="_blank">open</a>'),
        ),
    )
    page = ctx.new_page()
    goto(page, audit(base))
    answer(page, MINE)
    goto(page, "http://elsewhere.test/")
    with ctx.expect_page() as opened:
        page.click("#go")
    victim = opened.value
    victim.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
    assert "nothing was changed" in victim.locator(".lk-notices").inner_text()
    assert saved(victim) == MINE and shown(victim)["progress"] == "2 of 16 answered"
    ctx.close()


def test_another_tab_writing_nothing_usable_changes_nothing(page, base):
    goto(page, audit(base))
    answer(page, MINE)
    other = page.context.new_page()
    goto(other, "about:blank")
    goto(other, audit(base))
    other.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
    for bad in ['{"format":"ladder-answers/1","ladder":"customer-development","answers":null}', "[]", "{broken"]:
        other.evaluate(f"localStorage.setItem('{KEY}', {json.dumps(bad)})")
        page.wait_for_timeout(200)  # let the storage event arrive
        assert shown(page)["progress"] == "2 of 16 answered", bad
    other.evaluate(f"localStorage.removeItem('{KEY}')")
    page.wait_for_timeout(200)
    assert shown(page)["progress"] == "2 of 16 answered"
    answer(page, {"aw-networking": 2})  # this tab saves its own answers again
    assert saved(page) == {**MINE, "aw-networking": 2}


def test_a_differing_import_asks_first_and_an_empty_one_changes_nothing(page, base, tmp_path):
    goto(page, audit(base))
    answer(page, MINE)
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"format": "ladder-answers/1", "ladder": LID, "answers": {"nope": 1}}))
    page.set_input_files(".lk-import", str(empty))
    page.wait_for_function("() => document.querySelector('.lk-notices').textContent.includes('nothing was changed')")
    assert saved(page) == MINE
    theirs = fixture_answers(LID)
    full = tmp_path / "full.json"
    full.write_text(json.dumps({"format": "ladder-answers/1", "ladder": LID, "answers": theirs}))
    page.set_input_files(".lk-import", str(full))
    page.wait_for_selector(".lk-ask")
    assert saved(page) == MINE
    page.click(".lk-ask-yes")
    assert saved(page) == theirs and [a["answers"] for a in attempts(page)] == [MINE]


FULL_STORAGE = """(() => { const real = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) { if (k.includes(':corrupt:') || window.__full) throw new DOMException('full', 'QuotaExceededError'); return real.call(this, k, v); }; })();"""


def test_a_failed_set_aside_keeps_the_original_and_says_so(page, base):
    goto(page, audit(base))
    page.evaluate(f"localStorage.setItem('{KEY}', '{{unreadable')")
    page.add_init_script(FULL_STORAGE)
    reload(page)
    notices = page.locator(".lk-notices").inner_text()
    assert "no room to set them aside" in notices and "set aside (kept" not in notices
    answer(page, {"aw-referrals": True})
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == "{unreadable", "the original is never saved over"


def test_a_saved_entry_naming_another_ladder_is_refused(page, base):
    goto(page, audit(base))
    doc = {"format": "ladder-answers/1", "ladder": "growing-loyalty", "answers": {"aw-referrals": True}}
    page.evaluate(f"localStorage.setItem('{KEY}', {json.dumps(json.dumps(doc))})")
    reload(page)
    assert "another audit" in page.locator(".lk-notices").inner_text()
    assert shown(page)["progress"] == "0 of 16 answered"
    assert any(k.startswith(f"{KEY}:corrupt:") for k in page.evaluate("Object.keys(localStorage)"))


def test_start_over_keeps_the_answers_recoverable(page, base):
    goto(page, audit(base))
    answer(page, MINE)
    from_menu(page, ".lk-restart")
    page.wait_for_timeout(300)
    from_menu(page, ".lk-restart")
    assert shown(page)["progress"] == "0 of 16 answered"
    assert [a["answers"] for a in attempts(page)] == [MINE]


def test_customers_saved_over_the_maximum_are_kept_whole_and_another_ladder_refused(page, base):
    lid = "customer-development"
    key = f"ladderkit:customers:{lid}"
    goto(page, f"{base}/ladders/{lid}/customers/")
    limit = int(page.get_attribute("[data-lk-customers]", "data-max"))
    many = [{"name": f"c{i}", "purchases": i % 4} for i in range(limit + 3)]
    page.evaluate(
        f"localStorage.setItem('{key}', {json.dumps(json.dumps({'format': 'ladder-customers/1', 'ladder': lid, 'customers': many}))})"
    )
    reload(page)
    page.wait_for_selector("[data-lk-customers][data-lk-ready]", state="attached")
    assert f"holds {limit + 3} customers" in page.locator(".lk-notices").inner_text()
    page.locator(".lk-customer-table tbody tr").first.locator('[data-field="name"]').fill("renamed")
    page.locator(".lk-customer-table tbody tr").first.locator('[data-field="name"]').dispatch_event("change")
    assert len(page.evaluate(f"JSON.parse(localStorage.getItem('{key}')).customers")) == limit + 3, (
        "an edit does not cut the list"
    )
    other = {"format": "ladder-customers/1", "ladder": "growing-loyalty", "customers": [{"name": "x"}]}
    page.evaluate(f"localStorage.setItem('{key}', {json.dumps(json.dumps(other))})")
    reload(page)
    assert "growing-loyalty" in page.locator(".lk-notices").inner_text()
    assert page.locator(".lk-customer-table tbody tr").count() == 0


# --- history ---------------------------------------------------------------------------


def test_finished_audit_is_kept_dated_and_results_show_the_change_since_an_earlier_one(page, base, tmp_path):
    then = dict(fixture_answers(LID), **{"aw-referrals": False, "aw-marketing": 0})
    earlier = [{"date": "2026-08-01T09:00:00.000Z", "kind": "finished", "answers": then}]
    goto(page, audit(base))
    page.evaluate(f"localStorage.setItem('{KEY}:attempts', {json.dumps(json.dumps(earlier))})")
    reload(page)
    now = fixture_answers(LID)
    answer(page, now)
    kept = attempts(page)
    assert [a["kind"] for a in kept] == ["finished", "finished"] and kept[-1]["answers"] == now
    new, old = cli_score(LID, now), cli_score(LID, then)
    changes = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.lk-bars li')].map((li) =>
        [li.dataset.bridge, li.querySelector('.lk-change')?.textContent ?? null]))""")
    since = i18n.messages("en").date(datetime.date(2026, 8, 1))  # the site's language writes the date
    for bid, text in changes.items():
        a, b = new["bridges"][bid]["score"], old["bridges"][bid]["score"]
        want = (
            None if a is None or b is None else f"{'+' if a > b else '−' if a < b else '±'}{abs(a - b)} since {since}"
        )
        assert text == want, bid
    assert any(t and not t.startswith("±") for t in changes.values()), "the change shows"
    download = export_answers(page)
    exported = json.loads(download.path().read_text())
    assert exported["history"] == [{"date": "2026-08-01", "answers": then}]
    # The exported file is still an answers file for the command line, which ignores history.
    path = tmp_path / "new.json"
    path.write_text(json.dumps(exported))
    assert cli_score(LID, exported["answers"]) == new
    # A fresh browser importing the file gets its history back as saved attempts.
    fresh = page.context.browser.new_context()
    other = fresh.new_page()
    goto(other, audit(base))
    other.set_input_files(".lk-import", str(path))
    other.wait_for_function("() => document.querySelector('.lk-notices').textContent.includes('Imported')")
    assert [a["answers"] for a in attempts(other) if a["date"].startswith("2026-08-01")] == [then]
    assert other.locator(".lk-bars .lk-change").count() > 0
    fresh.close()


WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_new_views_have_no_axe_violations_with_wcag_2_2_rules(browser, base, width):
    """The question before replacing, Saved attempts, the change lines and provisional scores,
    with axe-core's WCAG 2.2 AA rules included (target-size among them)."""

    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    earlier = [{"date": "2026-08-01T09:00:00.000Z", "kind": "finished", "answers": {"aw-referrals": False}}]
    goto(page, audit(base))
    page.evaluate(f"localStorage.setItem('{KEY}:attempts', {json.dumps(json.dumps(earlier))})")
    reload(page)
    answer(page, {"aw-referrals": True})  # 1 of the bridge's 4: provisional
    goto(page, "about:blank")
    goto(page, link(base, {"ladder": LID, "answers": {"aw-referrals": False}}))
    page.wait_for_selector(".lk-ask")
    to_result(page)
    page.locator(".lk-attempts summary").click()
    assert page.locator(".lk-bars .lk-change").count() > 0 and page.locator(".lk-bars li.lk-provisional").count() > 0
    inject_axe(page)
    found = page.evaluate(
        """async (tags) => {
      const r = await axe.run({include: [['.lk-notices'], ['.lk-attempts'], ['.lk-overall'], ['.lk-bars'], ['.lk-focus-panel']]},
                              {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
      return [r.violations.map((v) => ({id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))})),
              r.passes.concat(r.incomplete, r.inapplicable).some((x) => x.id === 'target-size') || r.violations.some((v) => v.id === 'target-size')];
    }""",
        WCAG22,
    )
    ctx.close()
    violations, ran_target_size = found
    assert ran_target_size, "the WCAG 2.2 target-size rule ran"
    assert violations == [], json.dumps(violations, indent=1)
