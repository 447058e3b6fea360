"""The group view in a real browser: the figures equal `ladderkit aggregate` on the same files,
with the same files skipped for the same reasons; names are only ever text."""

from __future__ import annotations

import json

from tests.helpers import REQUESTS, ROOT, cli_json, goto, violations, wcag22_violations

GROUP = ROOT / "tests" / "fixtures" / "group"
ORDER = [
    "anna.json",
    "other-ladder.json",
    "ben.json",
    "broken.json",
    "chloe.json",
    "anna-copy.json",
    "dev.json",
    "bad-answer.json",
    "eve.json",
]


def shown(page) -> dict:
    return page.evaluate("""() => {
      const num = (td) => (td.textContent === '—' ? null : Number(td.textContent));
      const stat = (tr) => ({mean: num(tr.querySelector('.lk-mean')), lowest: num(tr.querySelector('.lk-lowest')),
                             highest: num(tr.querySelector('.lk-highest')), scored: Number(tr.querySelector('.lk-scored').textContent)});
      const rows = [...document.querySelectorAll('.lk-group-table tbody tr')];
      return {
        ladder: document.querySelector('.lk-ladder').value,
        overall: stat(rows[0]),
        bridges: Object.fromEntries(rows.slice(1).map((tr) => [tr.dataset.bridge, stat(tr)])),
        rungs: Object.fromEntries([...document.querySelectorAll('.lk-rung-table tbody tr')].map((tr) => [tr.dataset.rung, Number(tr.querySelector('td').textContent)])),
        focus: [...document.querySelectorAll('.lk-group-focus li')].map((li) => ({id: li.dataset.bridge, count: Number(li.dataset.count)})),
        flags: [...document.querySelectorAll('.lk-group-flags li')].map((li) => ({id: li.dataset.flag, count: Number(li.dataset.count)})),
        included: [...document.querySelectorAll('.lk-file-ok')].map((li) => li.dataset.file),
        skipped: [...document.querySelectorAll('.lk-file-skipped')].map((li) => ({file: li.dataset.file, reason: li.querySelector('.lk-reason').textContent})),
      };
    }""")


def expected_view(fig: dict) -> dict:
    return {
        "ladder": fig["ladder"],
        "overall": fig["overall"],
        "bridges": fig["bridges"],
        "rungs": fig["rungs"],
        "focus": fig["focus"],
        "flags": fig["flags"],
        "included": [i["file"] for i in fig["included"]],
        "skipped": fig["skipped"],
    }


def test_group_figures_equal_the_command_line(page, base):
    goto(page, f"{base}/group/")
    # The ladder is picked from the files: most are for customer-development.
    page.select_option(".lk-ladder", "growing-loyalty")
    page.set_input_files(".lk-import", [str(GROUP / n) for n in ORDER])
    page.wait_for_selector(".lk-file-skipped")
    expected = cli_json("aggregate", "customer-development", "--json", *[GROUP / n for n in ORDER])
    assert expected["participants"] == 5 and len(expected["skipped"]) == 4
    assert shown(page) == expected_view(expected)
    assert "5 participants counted" in page.locator(".lk-participants").inner_text()
    # Names are text: Ben's name carries a script tag.
    assert "Ben <script>alert(1)</script> Builders" in page.locator(".lk-included").inner_text()
    assert page.locator(".lk-group script").count() == 0


def test_loading_more_files_adds_to_the_room_and_repeats_are_skipped(page, base):
    goto(page, f"{base}/group/")
    page.set_input_files(".lk-import", [str(GROUP / "anna.json"), str(GROUP / "ben.json")])
    page.wait_for_selector(".lk-file-ok")
    page.set_input_files(".lk-import", [str(GROUP / "ben.json"), str(GROUP / "chloe.json")])
    page.wait_for_function("() => document.querySelectorAll('.lk-file-ok').length === 3")
    given = [GROUP / n for n in ("anna.json", "ben.json", "ben.json", "chloe.json")]
    assert shown(page) == expected_view(cli_json("aggregate", "customer-development", "--json", *given))
    assert shown(page)["skipped"] == [{"file": "ben.json", "reason": "duplicate: same name and answers as ben.json"}]
    assert (
        "Counted once, not again: ben.json (same name and answers as ben.json)."
        in page.locator(".lk-notices").inner_text()
    )
    # Switching to the other ladder recounts: only its own file would count.
    page.select_option(".lk-ladder", "growing-loyalty")
    assert shown(page)["included"] == []
    page.click(".lk-clear")
    assert page.locator(".lk-group-results").is_hidden()


def test_group_view_is_in_the_navigation(page, base):
    goto(page, f"{base}/")
    assert page.locator('nav a[href$="group/"]').count() >= 1


def test_nothing_left_localhost():
    assert REQUESTS
    assert sorted({u for u in REQUESTS if not u.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))}) == []


def test_group_page_has_no_axe_violations(page, base):
    goto(page, f"{base}/group/")
    page.set_input_files(".lk-import", [str(GROUP / n) for n in ORDER])
    page.wait_for_selector(".lk-file-skipped")
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def _random_answers(ladder: dict, rng) -> dict:
    answers = {}
    for b in ladder["bridges"]:
        for q in b["questions"]:
            if rng.random() < 0.2:
                continue  # unanswered: some bridges stay unscored for some participants
            if q["type"] == "yesno":
                answers[q["id"]] = rng.random() < 0.5
            elif q["type"] == "number":
                lo, hi = q["min"] if q["min"] is not None else 0, q["max"] if q["max"] is not None else 100
                answers[q["id"]] = rng.choice([lo, hi, round(rng.uniform(lo, hi), 1), rng.randint(int(lo), int(hi))])
            elif q["type"] == "checklist":
                answers[q["id"]] = rng.sample(range(len(q["options"])), rng.randint(0, len(q["options"])))
            else:
                answers[q["id"]] = rng.randrange(len(q["choices"]))
    return answers


def test_a_generated_room_gives_the_command_lines_figures(page, base, tmp_path):
    import random

    from generator.ladder.loader import load_ladder
    from generator.ladder.model import to_dict

    rng = random.Random(7)
    for lid in ("ladder-of-loyalty", "loyalty-ladder-seven"):
        ladder = to_dict(load_ladder(ROOT / "ladders" / f"{lid}.yml"))
        paths = []
        for i in range(30):
            path = tmp_path / f"{lid}-{i:02}.json"
            path.write_text(
                json.dumps({"format": "ladder-answers/1", "ladder": lid, "answers": _random_answers(ladder, rng)})
            )
            paths.append(path)
        paths.append(paths[3])  # the same file twice
        goto(page, f"{base}/group/")
        page.set_input_files(".lk-import", [str(p) for p in paths])
        page.wait_for_selector(".lk-file-skipped")
        expected = cli_json("aggregate", lid, "--json", *paths)
        assert expected["participants"] >= 29
        assert shown(page) == expected_view(expected)


def test_loading_files_in_the_group_view_is_announced(page, base, tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "answers" / "growing-loyalty.json"
    (tmp_path / "ann.json").write_text(fixture.read_text())
    (tmp_path / "broken.json").write_text("{nope")
    goto(page, base + "/group/")
    page.set_input_files(".lk-import", [str(tmp_path / "ann.json"), str(tmp_path / "broken.json")])
    notices = page.locator(".lk-notices[aria-live=polite] .lk-notice")
    notices.first.wait_for()
    assert notices.text_content().startswith("2 files loaded. 1 participant counted on ")
    assert "1 file skipped" in notices.text_content()
    page.click(".lk-clear")
    assert "cleared" in notices.last.text_content()


def _batch(tmp_path, lid: str, docs: list[tuple[str, dict]]) -> list:
    """Files as a facilitator gets them: each in its own download folder, most with the same name."""
    paths = []
    for i, (name, doc) in enumerate(docs):
        folder = tmp_path / f"mail-{i}"
        folder.mkdir()
        paths.append(folder / name)
        paths[-1].write_text(json.dumps({"format": "ladder-answers/1", "ladder": lid, **doc}, indent=1))
    return paths


def test_duplicates_are_found_by_content_not_by_file_name(page, base, tmp_path):
    """Every export is called <ladder>-answers.json: a room's second batch used to be skipped as
    "duplicate" although each file held another participant's answers. Now only the same
    participant with the same answers counts once, and the notice names the file it skipped."""
    lid = "customer-development"
    same = "customer-development-answers.json"
    first = json.loads((GROUP / "anna.json").read_text())["answers"]
    second = json.loads((GROUP / "ben.json").read_text())["answers"]
    paths = _batch(
        tmp_path,
        lid,
        [
            (same, {"name": "Ann", "answers": first}),
            (same, {"name": "Bo", "answers": second}),
            (same, {"name": "Cy", "answers": first}),  # the same answers as Ann's: another person
            ("customer-development-answers (1).json", {"name": "Ann", "answers": first}),  # Ann's, saved twice
        ],
    )
    goto(page, f"{base}/group/")
    page.set_input_files(".lk-import", [str(p) for p in paths[:2]])
    page.wait_for_function("() => document.querySelectorAll('.lk-file-ok').length === 2")
    page.set_input_files(".lk-import", [str(p) for p in paths[2:]])
    page.wait_for_function("() => document.querySelectorAll('.lk-file-ok').length === 3")
    expected = cli_json("aggregate", lid, "--json", *paths)
    assert expected["participants"] == 3
    assert shown(page) == expected_view(expected)
    # each name isolated, so a right-to-left override in one cannot reorder the others
    assert page.locator(".lk-names").inner_text() == "Participants: \u2068Ann\u2069, \u2068Bo\u2069, \u2068Cy\u2069."
    assert (
        page.locator(".lk-notices")
        .inner_text()
        .endswith(
            "Counted once, not again: customer-development-answers (1).json "
            "(same name and answers as customer-development-answers.json)."
        )
    )


def present_figures(page) -> dict:
    return page.evaluate("""() => ({
      rungs: Object.fromEntries([...document.querySelectorAll('.lk-present-rungs li')].map((li) => [li.dataset.rung, Number(li.querySelector('.lk-n').textContent)])),
      means: Object.fromEntries([...document.querySelectorAll('.lk-present-bridges li')].map((li) => [li.dataset.bridge, li.querySelector('.lk-n') ? Number(li.querySelector('.lk-n').textContent) : null])),
      ranges: Object.fromEntries([...document.querySelectorAll('.lk-present-bridges li')].map((li) => [li.dataset.bridge, li.querySelector('.lk-sr')?.textContent ?? null])),
      focus: [...document.querySelectorAll('.lk-present-focus li')].map((li) => [li.dataset.bridge ?? null, Number(li.dataset.count)]),
    })""")


def test_present_view_shows_the_rooms_figures_large_without_names(page, base):
    paths = [GROUP / n for n in ORDER]
    expected = cli_json("aggregate", "customer-development", "--json", *paths)
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector
    goto(page, f"{base}/group/")
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    page.set_input_files(".lk-import", [str(p) for p in paths])
    page.wait_for_selector(".lk-file-skipped")
    # By keyboard: the button, Enter, and focus is on the headline.
    page.locator(".lk-present-open").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "lk-present-headline"
    headline = page.locator(".lk-present-headline").inner_text()
    assert headline == "5 participants · most on Prospect (2) · focus: the Buying bridge (2 of 5)"
    assert expected["rungs"]["prospect"] == 2 and expected["focus"][0] == {"id": "buying", "count": 2}
    got = present_figures(page)
    assert got["rungs"] == expected["rungs"]
    assert got["means"] == {k: v["mean"] for k, v in expected["bridges"].items()}
    assert got["ranges"] == {
        k: None if v["mean"] is None else f", lowest {v['lowest']}, highest {v['highest']}"
        for k, v in expected["bridges"].items()
    }
    # "No focus" is counted: one participant stands on the top rung.
    top = expected["participants"] - sum(f["count"] for f in expected["focus"])
    assert top == 1
    assert got["focus"] == [[f["id"], f["count"]] for f in expected["focus"]] + [[None, top]]
    assert "pass mark of 70" in page.locator(".lk-present-bridges figcaption").inner_text()
    # The figures only: no participant name, no file name, none of the site around it; all in one screen.
    text = page.evaluate("document.body.innerText")
    for name in ["Anna's Florist", "Chloe Consulting", "anna.json", "Skipped", "Load answers files"]:
        assert name not in text
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.lk-group-results']
      .map((s) => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none"] * 4
    big = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.lk-present-headline')).fontSize)")
    label = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.lk-present .lk-pl')).fontSize)")
    assert big >= 2 * body and label >= 1.5 * body, (big, label, body)
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 720
    found = wcag22_violations(page)
    assert found == [], json.dumps(found, indent=1)
    page.keyboard.press("Escape")
    assert page.locator(".lk-present").is_hidden() and page.locator(".md-header").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('lk-present-open')")


def test_present_view_on_a_phone_does_not_scroll_sideways(browser, base):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    goto(page, f"{base}/group/")
    page.set_input_files(".lk-import", [str(GROUP / n) for n in ORDER])
    page.wait_for_selector(".lk-file-skipped")
    page.click(".lk-present-open")
    width = page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    found = wcag22_violations(page)
    page.click(".lk-present-close")
    assert page.locator(".lk-present").is_hidden()
    ctx.close()
    assert width[0] <= width[1]
    assert found == [], json.dumps(found, indent=1)


def test_going_back_while_presenting_leaves_the_present_view(page, base):
    """Instant navigation keeps the document's root: the next page must get its menus back."""
    goto(page, f"{base}/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'group/'; a.id = 'lk-go';
                             a.textContent = 'Group view'; document.querySelector('.md-content').prepend(a); }""")
    page.click("#lk-go")
    page.wait_for_selector("[data-lk-group][data-lk-ready]", state="attached")
    page.set_input_files(".lk-import", [str(GROUP / "anna.json")])
    page.wait_for_selector(".lk-file-ok")
    page.click(".lk-present-open")
    assert page.locator(".md-header").is_hidden()
    page.go_back()
    page.wait_for_function("() => !document.querySelector('[data-lk-group]')")
    assert page.evaluate("window.__sameDocument === true")
    assert page.locator(".md-header").is_visible()


def test_files_json_parse_would_take_are_skipped_as_the_command_line_skips_them(page, base, tmp_path):
    """A key given twice, 1e999, a 400-digit number, a 201-character name or one with a control
    character, deep nesting, an empty or too large file: JSON.parse takes most of these,
    ladderkit's reader does not. Right-to-left marks in a name are kept."""
    lid = "growing-loyalty"
    fixture = json.loads((ROOT / "tests" / "fixtures" / "answers" / f"{lid}.json").read_text("utf-8"))
    good = json.dumps({"format": "ladder-answers/1", "ladder": lid, "answers": fixture["answers"]})
    files = {
        "good.json": good,
        "bom.json": "\ufeff"
        + json.dumps(
            {
                "format": "ladder-answers/1",
                "ladder": lid,
                "name": "\u202eevil\u200f \u05e9\u05dc\u05d5\u05dd",
                "answers": {},
            }
        ),
        "bell.json": good.replace("{", '{"name": "ding\\u0007",', 1),
        "twice.json": good.replace("{", '{"ladder": "other",', 1),
        "huge.json": good.replace("{", '{"x": 1e999,', 1),
        "digits.json": good.replace("{", f'{{"x": {"9" * 400},', 1),
        "long-name.json": good.replace("{", f'{{"name": "{"n" * 201}",', 1),
        "deep.json": good.replace("{", f'{{"x": {"[" * 40}{"]" * 40},', 1),
        "nan.json": good.replace("{", '{"x": NaN,', 1),
        "empty.json": "",
    }
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.write(good.encode())
        f.truncate(21 * 1024 * 1024)  # sparse
    paths.append(big)
    goto(page, f"{base}/group/")
    page.set_input_files(".lk-import", [str(p) for p in paths])
    page.wait_for_selector(".lk-file-skipped")
    expected = cli_json("aggregate", lid, "--json", *paths)
    assert [i["file"] for i in expected["included"]] == ["good.json", "bom.json"]
    assert [s["file"] for s in expected["skipped"]] == [p.name for p in paths[2:]]
    assert shown(page) == expected_view(expected)
