"""The customer-placement page in a real browser: rungs equal `ladderkit classify`, the list
survives reload, imports are checked like the command line, exports are spreadsheet-safe,
and a hostile name is only ever text."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import REQUESTS, ROOT, cli, cli_json, goto, open_report, reload, saved, violations, wcag22_violations

FIXTURES = ROOT / "tests" / "fixtures" / "customers"
LADDERS = ["customer-development", "growing-loyalty"]


def url(base, lid):
    return f"{base}/ladders/{lid}/customers/"


def shown(page) -> dict:
    return page.evaluate("""() => ({
      customers: [...document.querySelectorAll('.lk-customer-table tbody tr')].map((tr) => ({
        name: tr.querySelector('[data-field="name"]').value, rung: tr.querySelector('.lk-rung').dataset.rung })),
      counts: Object.fromEntries([...document.querySelectorAll('.lk-count-table tbody tr')].map((tr) =>
        [tr.dataset.rung, Number(tr.querySelector('td').textContent)])),
      chart: Object.fromEntries([...document.querySelectorAll('.lk-bar-chart g')].map((g) =>
        [g.dataset.rung, Number(g.querySelector('.lk-n').textContent)])),
      largest: document.querySelector('.lk-largest')?.dataset.rung ?? null,
      workOn: document.querySelector('.lk-work-on')?.dataset.bridge ?? null,
    })""")


def import_file(page, path, expect):
    page.set_input_files(".lk-import", str(path))
    page.wait_for_function(f"() => document.querySelector('.lk-notices').textContent.includes({json.dumps(expect)})")


def export(page, button, tmp_path):
    with page.expect_download() as info:
        page.click(button)
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


@pytest.mark.parametrize("lid", LADDERS)
def test_imported_csv_rungs_equal_the_command_line(page, base, lid, tmp_path):
    goto(page, url(base, lid))
    fixture = FIXTURES / f"{lid}.csv"
    import_file(page, fixture, "imported")
    expected = cli_json("classify", lid, fixture, "--json")
    view = shown(page)
    assert view["customers"] == expected["customers"]
    assert view["counts"] == expected["counts"] == view["chart"]
    # The largest group (ties: the lower rung) and the upward bridge leaving it.
    ladder = cli_json("export", lid)
    largest = max(ladder["rungs"], key=lambda r: (expected["counts"][r["id"]], -ladder["rungs"].index(r)))
    assert view["largest"] == largest["id"]
    up = next((b for b in ladder["bridges"] if b["direction"] == "up" and b["from"] == largest["id"]), None)
    assert view["workOn"] == (up and up["id"])
    if up:
        assert page.locator(".lk-work-on a").first.get_attribute("href").endswith(f"bridges/{up['id']}/")
        assert page.locator(".lk-playbook").get_attribute("href").endswith(f"pdf/{lid}/playbook-{up['id']}.pdf")
    # The list is kept in this browser.
    reload(page)
    assert shown(page)["customers"] == expected["customers"]
    # Exported CSV and JSON are files `ladderkit classify` reads, with the same answers.
    assert (
        cli_json("classify", lid, export(page, ".lk-export-csv", tmp_path), "--json")["customers"]
        == expected["customers"]
    )
    assert (
        cli_json("classify", lid, export(page, ".lk-export-json", tmp_path), "--json")["customers"]
        == expected["customers"]
    )


def test_add_edit_delete_follow_the_classifier(page, base, tmp_path):
    lid = "customer-development"
    goto(page, url(base, lid))
    page.fill("#lk-new-name", "Quayside Books")
    page.check("#lk-new-has-need")
    page.check("#lk-new-has-budget")
    page.check("#lk-new-is-urgent")
    page.click(".lk-add button[type=submit]")
    page.fill("#lk-new-name", "Orchard Vets")
    page.fill("#lk-new-purchases", "2")
    page.press("#lk-new-name", "Enter")
    assert [c["rung"] for c in shown(page)["customers"]] == ["prospect", "customer"]
    # Edit in the table: three purchases and a regular rhythm make a loyal customer.
    row = page.locator(".lk-customer-table tbody tr").nth(1)
    row.locator('[data-field="purchases"]').fill("3")
    row.locator('[data-field="buys-regularly"]').check()
    row.locator('[data-field="name"]').fill("Orchard Vets Ltd")
    assert shown(page)["customers"][1] == {"name": "Orchard Vets Ltd", "rung": "loyal-customer"}
    # Untick a criterion of the first: fewer than three criteria is a suspect.
    page.locator(".lk-customer-table tbody tr").nth(0).locator('[data-field="is-urgent"]').uncheck()
    exported = export(page, ".lk-export-csv", tmp_path)
    assert (
        cli_json("classify", lid, exported, "--json")["customers"]
        == shown(page)["customers"]
        == [{"name": "Quayside Books", "rung": "suspect"}, {"name": "Orchard Vets Ltd", "rung": "loyal-customer"}]
    )
    page.click('.lk-delete[aria-label="Remove Quayside Books"]')
    assert shown(page)["customers"] == [{"name": "Orchard Vets Ltd", "rung": "loyal-customer"}]
    assert shown(page)["workOn"] is None  # the largest group is at the top: no bridge up from there
    reload(page)
    assert shown(page)["customers"] == [{"name": "Orchard Vets Ltd", "rung": "loyal-customer"}]


def test_import_json_into_a_fresh_browser(browser, page, base, tmp_path):
    lid = "growing-loyalty"
    goto(page, url(base, lid))
    import_file(page, FIXTURES / f"{lid}.csv", "imported")
    exported = export(page, ".lk-export-json", tmp_path)
    fresh = browser.new_context()
    other = fresh.new_page()
    goto(other, url(base, lid))
    import_file(other, exported, "imported")
    assert shown(other)["customers"] == cli_json("classify", lid, FIXTURES / f"{lid}.csv", "--json")["customers"]
    fresh.close()


BAD = [
    ("missing.csv", "name,has-need\nA,yes\n", "line 1: missing columns has-budget, is-urgent"),
    (
        "letters.csv",
        "name,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\nA,yes,no,no,no,lots,no\n",
        "line 2: column 'purchases': 'lots' is not a number; write it as 2 or 2.5",
    ),
    (
        "yesno.csv",
        "name,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\nA,maybe,no,no,no,1,no\n",
        "column 'has-need': expected yes or no",
    ),
    (
        "short.csv",
        "name,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\nA,yes\n",
        "line 2: expected 7 cells, found 2",
    ),
    (
        "other.json",
        json.dumps({"ladder": "growing-loyalty", "customers": []}),
        'these customers are for ladder "growing-loyalty"',
    ),
    ("types.json", json.dumps([{"name": "A", "purchases": "3"}]), "customers[0]: purchases: expected a number"),
    ("broken.json", "[{", "not valid JSON"),
    (
        "long-name.csv",
        "name,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\n"
        + "n" * 201
        + ",yes,no,no,no,1,no\n",
        "line 2: name: 201 characters is longer than the 200 a name may have",
    ),
    (
        "escape.csv",
        "name,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\n\x1b[31mRed,yes,no,no,no,1,no\n",
        "line 2: name: holds a control character (U+001B); remove it",
    ),
    # JSON.parse takes these; both sides refuse them (tests/vectors/client_files.json)
    (
        "twice.json",
        '[{"name": "A", "purchases": 1, "purchases": 2}]',
        'the key "purchases" is given twice in one object',
    ),
    ("huge.json", '[{"name": "A", "purchases": 1e999}]', "the number 1e999 is too large"),
    ("long-name.json", json.dumps([{"name": "n" * 201}]), "customers[0]: name: 201 characters is longer than the 200"),
    ("unknown.json", '[{"name": "A", "zz": 1, "5": 2}]', "customers[0]: '5' is not a field"),
]


@pytest.mark.parametrize("name,content,message", BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_refused_with_the_command_lines_reason(page, base, tmp_path, name, content, message):
    lid = "customer-development"
    goto(page, url(base, lid))
    import_file(page, FIXTURES / f"{lid}.csv", "imported")
    before = shown(page)["customers"]
    path = tmp_path / name
    path.write_text(content)
    import_file(page, path, "Nothing was imported")
    assert message in page.locator(".lk-notices").inner_text()
    assert shown(page)["customers"] == before
    run = cli("classify", lid, path)
    assert run.returncode == 1 and message in run.stderr


def test_ten_thousand_rows_are_capped_with_a_notice(page, base, tmp_path):
    lid = "growing-loyalty"
    rows = ["name,has-need,can-pay,purchases,purchases-last-year,buys-everything,recommends"]
    rows += [f"Customer {i},yes,yes,{i % 7},{i % 3},no,{'yes' if i % 5 == 0 else 'no'}" for i in range(10_000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n")
    goto(page, url(base, lid))
    import_file(page, path, "only 1000 of 10,000 customers were imported")  # numbers as the language writes them
    assert page.locator(".lk-customer-table tbody tr").count() == 1000
    first = tmp_path / "first.csv"
    first.write_text("\n".join(rows[:1001]) + "\n")
    assert shown(page)["counts"] == cli_json("classify", lid, first, "--json")["counts"]


def test_hostile_names_stay_text_and_formula_cells_are_neutralised(page, base, tmp_path):
    lid = "customer-development"
    names = [
        "<script>window.__pwned=1</script>",
        "<img src=x onerror=window.__pwned=2>",
        '=HYPERLINK("http://evil.example","x")',
        "+SUM(1)",
        "-2+3",
        "@cmd",
        "\tTabbed",
        "Plain, with comma",
        'Say "hi"',
        " =1+1",
        "\u00a0=1",
        "\u200b=1",
        "\ufeff=1",
        "\uff1d1+1",
        "'=1+1",
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([{"name": n, "purchases": 1} for n in names]))
    goto(page, url(base, lid))
    import_file(page, path, "imported")
    assert page.evaluate("window.__pwned") is None
    assert [c["name"] for c in shown(page)["customers"]] == names
    assert (
        page.locator(".lk-customer-table img").count() == 0 and page.locator(".lk-customer-table script").count() == 0
    )
    reload(page)
    assert page.evaluate("window.__pwned") is None
    exported = export(page, ".lk-export-csv", tmp_path).read_text()
    cells = [row[0] for row in csv.reader(io.StringIO(exported))][1:]
    assert cells == [
        "<script>window.__pwned=1</script>",
        "<img src=x onerror=window.__pwned=2>",
        "'" + names[2],
        "'+SUM(1)",
        "'-2+3",
        "'@cmd",
        "'\tTabbed",
        "Plain, with comma",
        'Say "hi"',
        "' =1+1",
        "'\u00a0=1",
        "'\u200b=1",
        "'\ufeff=1",
        "'\uff1d1+1",
        "''=1+1",
    ]
    from generator.inputs.csvsafe import neutralise

    assert cells == [neutralise(n) for n in names], "the browser and the command line neutralise alike"
    # An import takes off the guard the export put on: every name comes back as it was.
    page.click(".lk-clear")
    page.click(".lk-clear")
    import_file(page, tmp_path / "customer-development-customers.csv", "imported")
    assert [c["name"] for c in shown(page)["customers"]] == names


def test_corrupt_saved_list_is_set_aside_with_a_notice(page, base):
    lid = "customer-development"
    goto(page, url(base, lid))
    page.evaluate(f"localStorage.setItem('ladderkit:customers:{lid}', '{{broken')")
    reload(page)
    assert "set aside" in page.locator(".lk-notices").inner_text()
    assert any(k.startswith(f"ladderkit:customers:{lid}:corrupt:") for k in page.evaluate("Object.keys(localStorage)"))
    assert page.locator(".lk-add").is_visible()


def test_nothing_left_localhost():
    assert REQUESTS
    assert sorted({u for u in REQUESTS if not u.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))}) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_customers_page_has_no_axe_violations(browser, base, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    goto(page, url(base, "customer-development"))
    import_file(page, FIXTURES / "customer-development.csv", "imported")
    unnamed = page.evaluate("""() => [...document.querySelectorAll('.lk-customers input, .lk-customers button')]
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map((el) => el.outerHTML.slice(0, 80))""")
    assert unnamed == []
    found = violations(page)
    ctx.close()
    assert found == [], json.dumps(found, indent=1)


def test_arriving_by_instant_navigation_binds_once(page, base):
    goto(page, f"{base}/ladders/customer-development/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__sameDocument = true")
    # A link in the page, as a coach's own page would have: instant navigation takes it.
    page.evaluate("""() => { const a = document.createElement('a'); a.href = 'customers/'; a.id = 'lk-go';
                             a.textContent = 'Place your customers'; document.querySelector('.md-content').prepend(a); }""")
    page.click("#lk-go")
    page.wait_for_url("**/customers/")
    page.wait_for_selector(".lk-count-table")
    assert page.evaluate("window.__sameDocument === true")
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.go_forward()
    page.wait_for_selector(".lk-count-table")
    page.fill("#lk-new-name", "Once Only")
    page.click(".lk-add button[type=submit]")
    assert shown(page)["customers"] == [{"name": "Once Only", "rung": "suspect"}]


def test_print_view_shows_the_list_not_the_controls(page, base):
    goto(page, url(base, "growing-loyalty"))
    import_file(page, FIXTURES / "growing-loyalty.csv", "imported")
    page.emulate_media(media="print")
    display = page.evaluate("""() => ['.lk-add', '.lk-toolbar', '.lk-delete']
        .map((s) => getComputedStyle(document.querySelector(s)).display)""")
    assert display == ["none", "none", "none"]
    assert page.locator(".lk-customer-table").is_visible() and page.locator(".lk-bar-chart").is_visible()


def test_awkward_csv_reads_as_the_command_line_reads_it(page, base, tmp_path):
    lid = "customer-development"
    text = (
        "\ufeffname,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\r\n"
        '"Smith, Jones & Co",Yes,Y,TRUE,1,0,no\r\n'
        "\r\n"
        'Say "hi" Ltd,yes,yes,no,no, 2 ,no\r\n'
        '"Two\nLines",no,n,false,0,3.0,yes\r\n'
        "Blank cells,,,,,,\r\n"
        '"Quote ""inside""",yes,yes,yes,yes,"1,5",YES'
    )
    path = tmp_path / "awkward.csv"
    path.write_text(text, encoding="utf-8")
    goto(page, url(base, lid))
    import_file(page, path, "imported")
    expected = cli_json("classify", lid, path, "--json")
    assert len(expected["customers"]) == 5
    # Names are one line on both sides (the table's text box cannot hold a line break).
    assert shown(page)["customers"] == expected["customers"]
    assert expected["customers"][2]["name"] == "Two Lines"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "name,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\nCafé,yes,yes,yes,yes,1,no\n".encode(
            "latin-1"
        )
    )
    import_file(page, latin, "not UTF-8 text")
    assert len(shown(page)["customers"]) == 5


def test_phone_width_has_no_sideways_scroll(browser, base):
    """The wide tables scroll inside their own box; the page itself never scrolls sideways."""
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    goto(page, url(base, "customer-development"))
    import_file(page, FIXTURES / "customer-development.csv", "imported")
    widths = [page.evaluate("document.documentElement.scrollWidth")]
    goto(page, f"{base}/group/")
    page.set_input_files(
        ".lk-import", [str(ROOT / "tests" / "fixtures" / "group" / n) for n in ("anna.json", "ben.json")]
    )
    page.wait_for_selector(".lk-group-table")
    widths.append(page.evaluate("document.documentElement.scrollWidth"))
    page.add_init_script("window.print = () => {};")
    goto(page, f"{base}/ladders/customer-development/audit/")
    open_report(page)
    widths.append(page.evaluate("document.documentElement.scrollWidth"))
    ctx.close()
    assert widths == [375, 375, 375]


@pytest.mark.parametrize("lid", LADDERS)
def test_generated_customers_equal_the_command_line(page, base, lid, tmp_path):
    import random

    ladder = cli_json("export", lid)
    rng = random.Random(lid)
    customers = []
    for i in range(200):
        rec = {"name": f"Customer {i}"}
        for f in ladder["classifier"]["fields"]:
            if rng.random() < 0.15:
                continue  # a blank cell: the field is missing
            rec[f["id"]] = rng.random() < 0.5 if f["type"] == "yesno" else rng.choice([0, 1, 2, 3, 4, 5, 12, 2.5])
        customers.append(rec)
    path = tmp_path / "generated.json"
    path.write_text(json.dumps({"customers": customers}))
    goto(page, url(base, lid))
    import_file(page, path, "200 customers imported")
    expected = cli_json("classify", lid, path, "--json")
    assert shown(page)["customers"] == expected["customers"]
    assert shown(page)["counts"] == expected["counts"]
    assert sum(1 for n in expected["counts"].values() if n) > 2, "the generated customers spread over several rungs"


# --- found by using the list as a coach does (decimal commas, tabs, confirmations, keyboard) ---

CUSTOMERS = "/ladders/growing-loyalty/customers/"


def test_a_customer_count_typed_with_a_decimal_comma_is_read_as_a_decimal(page, base):
    goto(page, base + CUSTOMERS)
    page.fill("#lk-new-name", "Ann")
    page.check("#lk-new-has-need")
    page.check("#lk-new-can-pay")
    page.fill("#lk-new-purchases", "1,0")  # one purchase; "1,0" used to be read as 10
    page.click(".lk-add button[type=submit]")
    assert page.locator(".lk-rung").text_content() == "First-time customers"
    page.locator('.lk-customer-table input[data-field="purchases"]').fill("3,0")
    assert page.locator(".lk-rung").get_attribute("data-rung") == "repeat-customers"
    assert saved(page, "ladderkit:customers:growing-loyalty")["customers"][0]["purchases"] == 3


def test_two_tabs_on_one_customer_list_keep_each_others_customers(context, base):
    first, second = context.new_page(), context.new_page()
    goto(first, base + CUSTOMERS)
    goto(second, base + CUSTOMERS)
    for page, name in [(first, "Ann"), (second, "Bob")]:
        page.fill("#lk-new-name", name)
        page.click(".lk-add button[type=submit]")
    first.wait_for_function("() => document.querySelectorAll('.lk-customer-table tbody tr').length === 2")
    assert [c["name"] for c in saved(first, "ladderkit:customers:growing-loyalty")["customers"]] == ["Ann", "Bob"]


def test_remove_all_stops_asking_when_nobody_confirms(page, base):
    page.clock.install()
    goto(page, base + CUSTOMERS)
    page.fill("#lk-new-name", "Ann")
    page.click(".lk-add button[type=submit]")
    clear = page.locator(".lk-clear")
    clear.click()
    page.clock.run_for(6000)
    assert clear.text_content() == "Remove all"
    clear.click()  # a fresh first click only asks
    assert page.locator(".lk-customer-table tbody tr").count() == 1
    clear.click()
    assert page.locator(".lk-customer-table tbody tr").count() == 0


def test_confirmations_replace_each_other_and_warnings_stay(page, base, tmp_path):
    # Each "added" line used to stay, pushing the form further down a phone screen every time.
    goto(page, base + CUSTOMERS)
    (tmp_path / "bad.csv").write_text("nobody,knows\n")
    page.set_input_files(".lk-import", str(tmp_path / "bad.csv"))
    page.locator(".lk-notices .lk-warning").wait_for()
    for name in ["Ann", "Bob", "Cy"]:
        page.fill("#lk-new-name", name)
        page.click(".lk-add button[type=submit]")
    assert page.locator(".lk-add-status .lk-info").all_text_contents() == ["Cy added: Disqualified prospects."]
    assert "missing column" in page.locator(".lk-notices .lk-warning").text_content()


def test_removing_a_customer_by_keyboard_keeps_focus_in_the_list(page, base):
    # The row re-render dropped focus to the top of the document after each Remove.
    goto(page, base + CUSTOMERS)
    for name in ["Ann", "Bob", "Cy"]:
        page.fill("#lk-new-name", name)
        page.press("#lk-new-name", "Enter")
    page.focus('.lk-delete[aria-label="Remove Bob"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove Cy"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove Ann"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "lk-new-name"
    assert page.locator(".lk-customer-table tbody tr").count() == 0


def test_a_customer_with_a_number_that_is_not_one_is_not_added_silently(page, base):
    # "two" purchases used to be dropped without a word, placing the customer as a non-buyer.
    goto(page, base + CUSTOMERS)
    page.fill("#lk-new-name", "Ann")
    page.fill("#lk-new-purchases", "two")
    page.press("#lk-new-name", "Enter")
    assert page.locator(".lk-customer-table tbody tr").count() == 0
    # Said under the Add button and under the field itself, which is marked.
    assert page.locator(".lk-add-status .lk-warning").text_content().startswith("Purchases ever: 'two' is not a number")
    assert page.evaluate("document.activeElement.id") == "lk-new-purchases"
    field = page.locator("#lk-new-purchases")
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + field.get_attribute("aria-describedby"))
    assert error.text_content().startswith("'two' is not a number") and error.is_visible()
    page.fill("#lk-new-purchases", "2")
    assert field.get_attribute("aria-invalid") == "false" and error.text_content() == ""
    page.press("#lk-new-purchases", "Enter")
    assert page.locator(".lk-rung").get_attribute("data-rung") == "repeat-customers"
    assert page.locator(".lk-add-status .lk-warning").count() == 0


def test_a_table_number_that_is_not_one_is_marked_invalid(page, base):
    goto(page, base + CUSTOMERS)
    page.fill("#lk-new-name", "Ann")
    page.fill("#lk-new-purchases", "2")
    page.press("#lk-new-name", "Enter")
    cell = page.locator('.lk-customer-table input[data-field="purchases"]')
    cell.fill("two")
    assert cell.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + cell.get_attribute("aria-describedby"))
    assert message.text_content().startswith("'two' is not a number") and message.is_visible()
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.lk-customer-table input[aria-invalid=true]')).borderTopWidth"
        )
        == "2px"
    )
    cell.fill("3")
    assert cell.get_attribute("aria-invalid") == "false" and message.text_content() == ""
    assert saved(page, "ladderkit:customers:growing-loyalty")["customers"][0]["purchases"] == 3


def test_remove_and_remove_all_can_be_undone(page, base):
    goto(page, base + CUSTOMERS)
    for name in ["Ann", "Bob", "Cy"]:
        page.fill("#lk-new-name", name)
        page.press("#lk-new-name", "Enter")
    names = lambda: [c["name"] for c in shown(page)["customers"]]  # noqa: E731
    page.click('.lk-delete[aria-label="Remove Bob"]')
    assert names() == ["Ann", "Cy"]
    assert page.locator(".lk-list-status").inner_text().startswith("Bob removed.")
    page.click(".lk-list-status .lk-undo")
    assert names() == ["Ann", "Bob", "Cy"]
    assert [c["name"] for c in saved(page, "ladderkit:customers:growing-loyalty")["customers"]] == ["Ann", "Bob", "Cy"]
    assert page.locator(".lk-list-status").inner_text() == "Bob is back."
    assert page.evaluate("document.activeElement.value") == "Bob"
    page.click(".lk-clear")
    page.click(".lk-clear")
    assert names() == []
    # By keyboard: the Undo button is reached with Tab and pressed with Enter.
    page.locator(".lk-list-status .lk-undo").focus()
    page.keyboard.press("Enter")
    assert names() == ["Ann", "Bob", "Cy"]
    reload(page)
    assert names() == ["Ann", "Bob", "Cy"]


PHONE_CSV = "\ufeffname;has-need;has-budget;is-urgent;is-decision-maker;purchases;buys-regularly\r\n" + "".join(
    f"{n};yes;yes;no;yes;{p};no\r\n"
    for n, p in [("Acme Ltd", "0"), ("Bright Dental", "1"), ("Corner Café <b>bold</b>", "2,0"), ("Zed", "12")]
)


def test_on_a_phone_each_customer_is_a_card_with_its_rung_in_view(browser, base, tmp_path):
    """At 375 px: no sideways scroll, each customer a card whose name and rung are on screen
    together (the rung used to be 500 px to the right), every control at least 24 px, and the
    numbers a spreadsheet exported (BOM, semicolons, a decimal comma) read as the command line reads them."""
    path = tmp_path / "from-a-spreadsheet.csv"
    path.write_bytes(PHONE_CSV.encode("utf-8"))
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    lid = "customer-development"
    goto(page, url(base, lid))
    import_file(page, path, "4 customers imported")
    expected = [(c["name"], c["rung"]) for c in cli_json("classify", lid, str(path), "--json")["customers"]]
    assert [(c["name"], c["rung"]) for c in shown(page)["customers"]] == expected
    layout = page.evaluate("""() => {
      const se = document.scrollingElement;
      const rows = [...document.querySelectorAll('.lk-customer-table tbody tr')];
      const controls = [...document.querySelectorAll('.lk-customers input, .lk-customers button, .lk-customers .lk-import-label')]
        .filter((c) => c.type !== 'file' && c.getClientRects().length);
      return {
        sideways: se.scrollWidth - se.clientWidth,
        cards: rows.map((tr) => {
          const card = tr.getBoundingClientRect(), rung = tr.querySelector('.lk-rung').getBoundingClientRect();
          const name = tr.querySelector('[data-field=name]').getBoundingClientRect();
          return { inside: rung.left >= card.left && rung.right <= card.right + 0.5,
                   below: Math.round(rung.top - name.bottom), width: Math.round(card.width) };
        }),
        small: controls.filter((c) => { const r = c.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
          .map((c) => c.outerHTML.slice(0, 80)),
      };
    }""")
    assert layout["sideways"] == 0
    assert all(c["inside"] and 0 <= c["below"] < 40 and c["width"] <= 375 for c in layout["cards"]), layout
    assert layout["small"] == []
    assert page.locator(".lk-customer-table b").count() == 0
    # Messages beside their control: the import's right under the toolbar, on screen.
    box = page.locator(".lk-notices").bounding_box()
    bar = page.locator(".lk-toolbar").bounding_box()
    assert 0 <= box["y"] - (bar["y"] + bar["height"]) < 40
    found = wcag22_violations(page)
    ctx.close()
    assert found == [], json.dumps(found, indent=1)


def test_a_phone_user_adds_edits_and_removes_by_keyboard_alone(browser, base):
    ctx = browser.new_context(viewport={"width": 375, "height": 740})
    page = ctx.new_page()
    goto(page, url(base, "growing-loyalty"))
    page.focus("#lk-new-name")
    page.keyboard.type("Quayside Books")
    page.keyboard.press("Tab")  # the first field: a yes/no box
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    assert [c["name"] for c in shown(page)["customers"]] == ["Quayside Books"]
    added = page.locator(".lk-add-status").inner_text()
    assert added.startswith("Quayside Books added: ")
    rung = page.locator(".lk-rung").inner_text()
    assert added == f"Quayside Books added: {rung}."
    status = page.locator(".lk-add-status").bounding_box()
    button = page.locator(".lk-add button[type=submit]").bounding_box()
    assert 0 <= status["y"] - (button["y"] + button["height"]) < 40, "the message sits under the Add button"
    page.locator('.lk-delete[aria-label="Remove Quayside Books"]').focus()
    page.keyboard.press("Enter")
    assert shown(page)["customers"] == []
    # Focus went back to the name box; Tab reaches Undo, under the (now empty) list.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('lk-undo')"):
            break
    assert page.evaluate("document.activeElement.textContent") == "Undo"
    page.keyboard.press("Enter")
    assert [c["name"] for c in shown(page)["customers"]] == ["Quayside Books"]
    ctx.close()
