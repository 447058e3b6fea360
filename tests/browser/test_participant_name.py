"""The participant's name on an exported answers file (issue 14, item 8), by keyboard only on a
375 px phone and on a desktop: "Export answers" asks for an optional name, the file carries it
as `name`, `ladderkit aggregate` counts two files with the same answers and different names as
two participants, a blank name writes no `name`, and the name is checked as the readers check it."""

from __future__ import annotations

import json

import pytest

from tests.helpers import answer, cli, cli_json, fixture_answers, goto, reload, wcag22_violations

LID = "customer-development"
SIZES = {
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


@pytest.fixture(params=list(SIZES))
def client(request, browser, base):
    ctx = browser.new_context(accept_downloads=True, **SIZES[request.param])
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    goto(page, f"{base}/ladders/{LID}/audit/")
    yield page
    ctx.close()
    assert errors == []


def export_by_keyboard(page, name: str | None, tmp_path, file: str, expect: bool = True) -> dict | None:
    """Open "Save or share", Tab to "Export answers", Enter; type the name (when given) over what
    the field remembers; Enter sends the form. The file written (`expect`), or None once the
    form says why it wrote none."""
    page.locator(".lk-menu-button").focus()
    if page.get_attribute(".lk-menu-button", "aria-expanded") != "true":
        page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('lk-export')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "lk-export-name", "focus goes to the name"
    if name is not None:
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.insert_text(name)
    if not expect:
        page.keyboard.press("Enter")
        page.wait_for_function("() => !document.querySelector('#lk-export-name-error').hidden")
        return None
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    path = tmp_path / file
    info.value.save_as(path)
    return json.loads(path.read_text())


def test_two_named_exports_of_the_same_answers_are_two_participants(client, tmp_path):
    page = client
    answer(page, fixture_answers(LID))
    anna = export_by_keyboard(page, "Anna Berg", tmp_path, "a.json")
    ben = export_by_keyboard(page, "Ben Osei", tmp_path, "b.json")
    assert anna["name"] == "Anna Berg" and ben["name"] == "Ben Osei"
    assert anna["answers"] == ben["answers"] == fixture_answers(LID)
    assert "lk-export" in page.evaluate("() => document.activeElement.className"), "focus back on Export"
    figures = cli_json("aggregate", LID, str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--json")
    assert figures["participants"] == 2
    # The same name twice is one participant handing in the same file twice: the name is what tells them apart.
    again = export_by_keyboard(page, "Anna Berg", tmp_path, "c.json")
    assert again["name"] == "Anna Berg"
    figures = cli_json("aggregate", LID, str(tmp_path / "a.json"), str(tmp_path / "c.json"), "--json")
    assert figures["participants"] == 1


def test_a_blank_name_writes_no_name_and_the_name_is_remembered(client, tmp_path):
    page = client
    answer(page, {"aw-marketing": 3})
    blank = export_by_keyboard(page, "   ", tmp_path, "blank.json")
    assert "name" not in blank and blank["answers"] == {"aw-marketing": 3}
    export_by_keyboard(page, "Harbour Bakery", tmp_path, "named.json")
    reload(page)
    kept = export_by_keyboard(page, None, tmp_path, "kept.json")  # the field offers the last name
    assert kept["name"] == "Harbour Bakery"
    # The remembered name can be cleared again: the next file has none.
    assert "name" not in export_by_keyboard(page, "", tmp_path, "cleared.json")


def test_a_name_the_readers_refuse_is_refused_with_their_words(client, tmp_path):
    page = client
    long_name = "x" * 201
    assert export_by_keyboard(page, long_name, tmp_path, "long.json", expect=False) is None
    field = page.locator("#lk-export-name")
    assert (
        field.get_attribute("aria-invalid") == "true"
        and page.evaluate("() => document.activeElement.id") == "lk-export-name"
    )
    shown = page.locator("#lk-export-name-error").inner_text()
    assert "lk-export-name-error" in field.get_attribute("aria-describedby")
    # The command line's words for the same file.
    path = tmp_path / "refused.json"
    path.write_text(json.dumps({"format": "ladder-answers/1", "ladder": LID, "name": long_name, "answers": {}}))
    said = cli("score", LID, str(path))
    assert said.returncode == 1
    words = shown.removeprefix("Error:").strip()
    assert words == "201 characters is longer than the 200 a name may have; shorten it" and words in said.stderr
    assert wcag22_violations(page) == []
    # Corrected where it stands (the form stays open, focus on the field), it goes through.
    page.keyboard.press("Backspace")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    info.value.save_as(tmp_path / "ok.json")
    assert json.loads((tmp_path / "ok.json").read_text())["name"] == "x" * 200
    assert not page.locator("#lk-export-name-error").is_visible()


def test_the_name_field_has_no_axe_violations(client):
    page = client
    page.locator(".lk-menu-button").click()
    page.locator(".lk-export").click()
    assert page.locator("#lk-export-name").is_visible()
    assert page.get_by_label("Your name on the file").count() == 1
    assert wcag22_violations(page) == []
