"""Script payloads in a ladder, in answers files and in share links, tried in the real browser:
nothing runs, nothing pollutes a prototype, and every payload shows as the text it is.

The site is built from the shipped pages and ladders plus tests/fixtures/injection/hostile.yml,
whose every text field carries a payload that sets window.__pwned to its own number.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re

import pytest
import yaml

from generator.commands.build import build_site
from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from tests.helpers import ROOT, answer, cli, goto, reload, serve, site_with

HOSTILE = ROOT / "tests" / "fixtures" / "injection" / "hostile.yml"
LADDER = to_dict(load_ladder(HOSTILE))
BRIDGES = [b["id"] for b in LADDER["bridges"]]

# What a page must never contain once scripts have run: an element a payload would create,
# an inline event handler, or a link that runs script when followed.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    if (!/^(https?|mailto|tel|blob):$/.test(new URL(a.href, location.href).protocol)) found.push(`link ${a.getAttribute('href')}`);
  }
  for (const a of document.querySelectorAll('a')) {
    const x = a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (x && /^\\s*(javascript|vbscript)/i.test(x)) found.push(`svg link ${x}`);
  }
  for (const s of document.querySelectorAll('script')) if (s.textContent.includes('__pwned')) found.push('script');
  for (const sel of ['img[src="x"]', 'iframe', '.md-content svg[onload]', 'b[onmouseover]']) {
    for (const el of document.querySelectorAll(sel)) found.push(sel);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The example site with the hostile ladder added, served on 127.0.0.1 (no PDFs)."""
    with site_with([*(ROOT / "ladders").glob("*.yml"), HOSTILE], tmp_path_factory.mktemp("hostile")) as url:
        yield url


def _clean(page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", page.evaluate("window.__pwned")
    assert page.evaluate(INJECTED) == []


def _text(page) -> str:
    return page.evaluate("document.body.innerText")


PAGES = [
    (
        "overview",
        "/ladders/hostile/",
        [
            "<script>window.__pwned=1</script>",
            "<img src=x onerror=window.__pwned=2>",
            '{: onclick="window.__pwned=5" }',
            "</script><script>window.__pwned=6</script>",
        ],
    ),
    (
        "rungs",
        "/ladders/hostile/rungs/",
        [
            "Low <b onmouseover=window.__pwned=11>rung</b>",
            "<script>window.__pwned=12</script>",
            "Sign <img src=x onerror=window.__pwned=13>",
            "Mid x](javascript:window.__pwned=15) [y",
            "{: onmouseover=window.__pwned=16 }",
            "High {: onclick=window.__pwned=17 }",
        ],
    ),
    (
        "bridge climb",
        "/ladders/hostile/bridges/climb/",
        [
            "Climb <svg onload=window.__pwned=18>",
            "<iframe src=javascript:window.__pwned=19></iframe>",
            "Plank <script>window.__pwned=21</script>",
            "Scale question </script><script>window.__pwned=24</script>",
        ],
    ),
    (
        "bridge summit",
        "/ladders/hostile/bridges/summit/",
        ["Summit ${window.__pwned=31}", "<script>window.__pwned=33</script>"],
    ),
    (
        "bridge fall",
        "/ladders/hostile/bridges/fall/",
        [
            "Fall </title><script>window.__pwned=34</script>",
            "{{ config.site_name }} <img src=x onerror=window.__pwned=35>",
        ],
    ),
    ("customers", "/ladders/hostile/customers/", ["Spend <img src=x onerror=window.__pwned=42>"]),
    ("home", "/", ["Hostile <script>window.__pwned=1</script> ladder"]),
    ("group", "/group/", []),
]


@pytest.mark.parametrize("name,path,shown", PAGES, ids=[p[0] for p in PAGES])
def test_ladder_pages_show_payloads_as_text(page, hostile_site, name, path, shown):
    goto(page, hostile_site + path)
    page.wait_for_load_state("networkidle")
    _clean(page)
    text = _text(page)
    for payload in shown:
        assert payload in text, payload
    assert "Fall </title><script>window.__pwned=34</script>" in page.title() or name != "bridge fall"


def test_script_links_in_ladder_markdown_lead_nowhere(page, hostile_site):
    """A [link](javascript:…) in a ladder keeps its text and loses its target (text.py's allow-list)."""
    goto(page, hostile_site + "/ladders/hostile/")
    page.wait_for_load_state("networkidle")
    assert "with a javascript link and a spaced one" in _text(page)
    assert page.get_by_role("link", name="javascript link").count() == 0
    _clean(page)


def test_navigation_and_instant_loading_keep_payloads_as_text(page, hostile_site):
    """The navigation lists ladder and bridge names; Material's instant loading swaps pages in."""
    goto(page, hostile_site + "/ladders/hostile/")
    page.wait_for_load_state("networkidle")
    nav = page.locator(".md-nav").first.text_content()
    assert "Hostile <script>window.__pwned=1</script> ladder" in nav
    assert "Fall </title><script>window.__pwned=34</script>" in nav
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-content").get_by_role(
        "link", name="Fall </title><script>window.__pwned=34</script>"
    ).first.click()
    page.wait_for_url("**/bridges/fall/")
    assert page.evaluate("window.__sameDocument") is True, "instant loading swapped the page in"
    _clean(page)
    # instant navigation changes the address before the title: wait for the new page's title
    page.wait_for_function("(prefix) => document.title.startsWith(prefix)", arg="Fall </title>")
    assert page.title().startswith("Fall </title><script>window.__pwned=34</script>")


def test_search_results_show_payloads_as_text(page, hostile_site):
    goto(page, hostile_site + "/")
    page.wait_for_load_state("networkidle")
    page.click(".md-search__input")
    page.keyboard.type("Fall summary")  # the hostile bridge's page, whose title is a payload
    page.wait_for_selector(".md-search-result__item")
    _clean(page)
    assert "Fall </title><script>window.__pwned=34</script>" in page.locator(".md-search-result").inner_text()


def test_audit_results_flags_bands_and_working_stay_text(page, hostile_site):
    goto(page, hostile_site + "/ladders/hostile/audit/")
    page.click(".lk-begin")
    page.click(".lk-show-all")  # every question and the results on one page, as read below
    _clean(page)
    text = _text(page)
    for payload in [
        "Scale question </script><script>window.__pwned=24</script>",
        "Help <img src=x onerror=window.__pwned=25>",
        "Option ' onfocus=window.__pwned=30 autofocus x='",
        '"><svg onload=window.__pwned=29>',
        "</label><script>window.__pwned=37</script>",
        "Always `<script>window.__pwned=38</script>`",
        "<script>window.__pwned=33</script>",
    ]:
        assert payload in text, payload
    # Climb fails (position low, focus climb with its plank), summit scores 100 (the top band),
    # fall scores 0 (a risk and the bottom band), and the flag fires.
    answer(page, {"q-scale": 0, "q-check": [], "q-number": 7, "q-yes": False})
    page.click(".lk-why summary")
    _clean(page)
    results = page.locator(".lk-results").inner_text()
    for payload in [
        "Flag <img src=x onerror=window.__pwned=39> </script><script>window.__pwned=40</script>",
        "Plank <script>window.__pwned=21</script>",
        "Plank detail <img src=x onerror=window.__pwned=22>",
        "Climb <svg onload=window.__pwned=18>",  # (the low rung is named on the pages above)
        "Fall </title><script>window.__pwned=34</script>",
        '100 — "><svg onload=window.__pwned=8>Strong',
        "0 — Weak <img src=x onerror=window.__pwned=10>",
    ]:
        assert payload in results, payload
    assert page.locator(".lk-why-body").is_visible()
    assert page.locator(".lk-flag").count() == 1 and page.locator(".lk-risk").count() == 1
    reload(page)  # saved answers come back through the same rendering
    _clean(page)
    assert page.locator(".lk-flag").count() == 1


def _fragment(doc) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


POLLUTERS = {
    "__proto__": {"polluted": "yes"},
    "constructor": {"prototype": {"polluted": "yes"}},
    "toString": "<img src=x onerror=window.__pwned=60>",
    "q-yes": True,
}
PROTOTYPES_CLEAN = """() => [({}).polluted, Object.prototype.polluted, [].polluted, ({}).toString === Object.prototype.toString,
                             typeof Object.prototype.toString]"""


def _answers_file(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return str(path)


def test_imported_answers_with_prototype_keys_pollute_nothing(page, hostile_site, tmp_path):
    goto(page, hostile_site + "/ladders/hostile/audit/")
    # JSON.parse makes "__proto__" an own key; a naive copy into {} would set the prototype.
    raw = '{"format": "ladder-answers/1", "ladder": "hostile", "answers": ' + json.dumps(POLLUTERS) + "}"
    page.set_input_files(".lk-import", _answers_file(tmp_path, "proto.json", raw))
    page.wait_for_function("() => document.querySelector('.lk-notices').textContent.includes('Imported')")
    assert page.evaluate(PROTOTYPES_CLEAN) == [None, None, None, True, "function"]
    notices = page.locator(".lk-notices").inner_text()
    assert "Imported 1 answer; 3 that did not fit were dropped" in notices and "__proto__" in notices
    _clean(page)
    assert page.locator(".lk-progress-text").inner_text() == "1 of 4 answered"
    saved = json.loads(page.evaluate("localStorage.getItem('ladderkit:hostile')"))
    assert list(saved["answers"]) == ["q-yes"]


def test_share_link_with_prototype_keys_pollutes_nothing(page, hostile_site):
    raw = '{"ladder": "hostile", "answers": ' + json.dumps(POLLUTERS) + "}"
    fragment = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    goto(page, hostile_site + "/ladders/hostile/audit/#answers=" + fragment)
    assert "3 that did not fit were dropped" in page.locator(".lk-notices").inner_text()
    assert page.evaluate(PROTOTYPES_CLEAN) == [None, None, None, True, "function"]
    _clean(page)


def test_saved_answers_with_prototype_keys_pollute_nothing(page, hostile_site):
    goto(page, hostile_site + "/ladders/hostile/audit/")
    saved = '{"format": "ladder-answers/1", "ladder": "hostile", "answers": ' + json.dumps(POLLUTERS) + "}"
    page.evaluate("(s) => localStorage.setItem('ladderkit:hostile', s)", saved)
    reload(page)
    assert "no longer fit" in page.locator(".lk-notices").inner_text()
    assert page.evaluate(PROTOTYPES_CLEAN) == [None, None, None, True, "function"]
    _clean(page)
    assert page.locator(".lk-progress-text").inner_text() == "1 of 4 answered"


@pytest.mark.parametrize(
    "field,value,notice",
    [
        ("ladder", "<img src=x onerror=window.__pwned=61>", "these answers are for ladder"),
        ("format", "<script>window.__pwned=62</script>", 'format: expected "ladder-answers/1"'),
    ],
    ids=["ladder field", "format field"],
)
def test_payload_in_an_imported_files_fields(page, hostile_site, tmp_path, field, value, notice):
    goto(page, hostile_site + "/ladders/hostile/audit/")
    doc = {"format": "ladder-answers/1", "ladder": "hostile", "answers": {"q-yes": True}}
    doc[field] = value
    page.set_input_files(".lk-import", _answers_file(tmp_path, "bad.json", doc))
    page.wait_for_function(f"() => document.querySelector('.lk-notices').textContent.includes({json.dumps(notice)})")
    _clean(page)
    assert page.locator(".lk-progress-text").inner_text() == "0 of 4 answered"


def test_payload_in_a_share_links_ladder_field(page, hostile_site):
    doc = {"ladder": '"><img src=x onerror=window.__pwned=63>', "answers": {"q-yes": True}}
    goto(page, hostile_site + "/ladders/hostile/audit/#answers=" + _fragment(doc))
    assert "different audit" in page.locator(".lk-notices").inner_text()
    _clean(page)


def test_group_view_with_hostile_files_and_names(page, hostile_site, tmp_path):
    """Participants' files for the hostile ladder, with payloads in the names and file names."""
    files = []
    for i, (name, answers) in enumerate(
        [
            ("<img src=x onerror=window.__pwned=70>", {"q-yes": False, "q-number": 7}),
            ("</script><script>window.__pwned=71</script>", {"q-scale": 2, "q-check": [0]}),
        ]
    ):
        files.append(
            _answers_file(
                tmp_path,
                f"<b onmouseover=x>{i}.json",
                {"format": "ladder-answers/1", "ladder": "hostile", "name": name, "answers": answers},
            )
        )
    files.append(_answers_file(tmp_path, "<svg onload=x>.json", "{broken"))
    goto(page, hostile_site + "/group/")
    page.set_input_files(".lk-import", files)
    page.wait_for_selector(".lk-file-ok")
    _clean(page)
    text = _text(page)
    for payload in [
        "<img src=x onerror=window.__pwned=70>",
        "</script><script>window.__pwned=71</script>",
        "<b onmouseover=x>0.json",
        "<svg onload=x>.json",
        "Flag <img src=x onerror=window.__pwned=39> </script><script>window.__pwned=40</script>",
    ]:
        assert payload in text, payload
    assert (
        "Participants: \u2068<img src=x onerror=window.__pwned=70>\u2069, "
        "\u2068</script><script>window.__pwned=71</script>\u2069." in text
    )
    # The present view: rung and bridge names (and the headline made of them) are text; the
    # participants' names and file names are not shown there at all.
    page.click(".lk-present-open")
    _clean(page)
    shown = _text(page)
    for payload in [
        "Low <b onmouseover=window.__pwned=11>rung</b>",
        "High {: onclick=window.__pwned=17 }",
        "Climb <svg onload=window.__pwned=18>",
        "Fall </title><script>window.__pwned=34</script>",
    ]:
        assert payload in shown, payload
    assert "the “Climb <svg onload=window.__pwned=18>” bridge" in page.locator(".lk-present-headline").inner_text()
    for hidden in ["window.__pwned=70", "window.__pwned=71", "<b onmouseover=x>0.json", "<svg onload=x>.json"]:
        assert hidden not in shown, hidden
    page.keyboard.press("Escape")
    _clean(page)


def test_customers_with_hostile_names_on_the_hostile_ladder(page, hostile_site, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(
        'name,spend\n"<img src=x onerror=window.__pwned=80>",150\n"=HYPERLINK(""http://evil.example"")",5\n'
    )
    goto(page, hostile_site + "/ladders/hostile/customers/")
    page.set_input_files(".lk-import", str(path))
    page.wait_for_function("() => document.querySelector('.lk-notices').textContent.includes('imported')")
    _clean(page)
    text = _text(page)
    assert "High {: onclick=window.__pwned=17 }" in text and "Low <b onmouseover=window.__pwned=11>rung</b>" in text
    # The phone's cards (column names in each cell), the removal message and its Undo.
    page.set_viewport_size({"width": 375, "height": 740})
    _clean(page)
    page.click(".lk-delete >> nth=0")
    assert page.locator(".lk-list-status").inner_text().startswith("<img src=x onerror=window.__pwned=80> removed.")
    _clean(page)
    page.click(".lk-undo")
    assert page.locator(".lk-list-status").inner_text() == "<img src=x onerror=window.__pwned=80> is back."
    _clean(page)
    page.fill("#lk-new-name", "<script>window.__pwned=81</script>")
    page.press("#lk-new-name", "Enter")
    assert page.locator(".lk-add-status").inner_text().startswith("<script>window.__pwned=81</script> added: ")
    _clean(page)


def test_command_line_csv_neutralises_formula_cells(tmp_path):
    """`ladderkit aggregate --csv` writes ladder text (names, flag messages) into cells: a name
    a spreadsheet would run as a formula gets a leading quote; numbers stay numbers."""
    text = HOSTILE.read_text(encoding="utf-8")
    text = text.replace('name: "Climb <svg onload=window.__pwned=18>"', 'name: "=HYPERLINK(\\"http://evil.example\\")"')
    text = text.replace('name: "Low <b onmouseover=window.__pwned=11>rung</b>"', 'name: "+1+1"')
    text = text.replace('message: "Flag <img', 'message: "@SUM(A1) <img')
    text = text.replace('name: "Summit ${window.__pwned=31}"', 'name: "-2+3"')
    ladder = tmp_path / "hostile.yml"
    ladder.write_text(text, encoding="utf-8")
    answers = _answers_file(
        tmp_path,
        "a.json",
        {"format": "ladder-answers/1", "ladder": "hostile", "answers": {"q-yes": False, "q-number": 7, "q-scale": 0}},
    )
    out = cli("aggregate", ladder, answers, "--csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    names = {row[1]: row[2] for row in rows[1:]}
    assert names["climb"] == '\'=HYPERLINK("http://evil.example")'
    assert names["low"] == "'+1+1" and names["summit"] == "'-2+3"
    assert names["flag-low"].startswith("'@SUM(A1)")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row), rows
    assert next(row for row in rows if row[1] == "summit")[3] == "100", "numbers are written as numbers"


# --- the payload property: every text field, every brand setting, every pack field ---------------
#
# One site, built once: a generated payload in each text field of a ladder (the hostile ladder's
# shape), in each brand setting and in each field of a workshop pack, PDFs included. Every built
# page is then scanned in Chromium for what a payload would leave behind, whatever it is: an event
# handler attribute, a javascript:/data:/vbscript: URL, a request to another host, a <script> that
# carries a payload, or a policy violation (an inline script the page's policy blocked).

PIECES = [
    "[a](javascript:window.__pwned=1)",
    "[b]( JaVa\tScRiPt:window.__pwned=2 )",
    "[c][r1]\n\n[r1]: javascript:window.__pwned=3",
    "[d](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD00PC9zY3JpcHQ+)",
    "<javascript:window.__pwned=5>",
    "<http://evil.example/autolink>",
    "![e](http://evil.example/img.png)",
    "![f](//evil.example/img.png)",
    "![g](data:image/svg+xml,<svg onload=window.__pwned=6>)",
    '{: onmouseover="window.__pwned=7" }',
    "x\n{: onclick=window.__pwned=8 }",
    "<img src=x onerror=window.__pwned=9>",
    "<script>window.__pwned=10</script>",
    "</script><script>window.__pwned=11</script>",
    "&lt;script&gt;window.__pwned=12&lt;/script&gt;",
    "&#x3C;img src=x onerror=window.__pwned=13&#x3E;",
    '"><svg onload=window.__pwned=14>',
    "' onfocus=window.__pwned=15 autofocus '",
    "`<b onclick=window.__pwned=16>`",
    "    <iframe src=javascript:window.__pwned=17>",
    '"; } body{background:url(http://evil.example/css.png)} x{',
    "</style><style>@import url(http://evil.example/x.css)</style>",
    "<!-- x --><object data=http://evil.example/x></object>",
    "[h](vbscript:msgbox) [i](file:///etc/passwd)",
    "{{ config.site_name }} ${window.__pwned=18}",
    '<a href="javascript:window.__pwned=19">j</a>',
    "**bold** _em_ [ok](https://ok.example)",
]
# Values that are not free text (ids, references, types, numbers, conditions) keep the ladder valid.
TEXT_KEYS = {
    "title",
    "summary",
    "source",
    "label",
    "advice",
    "name",
    "description",
    "signs",
    "moments_of_truth",
    "internal",
    "detail",
    "text",
    "help",
    "options",
    "unit",
    "message",
}


def _payload(i: int) -> str:
    return f"{PIECES[i % len(PIECES)]} {PIECES[(i * 7 + 3) % len(PIECES)]}"


def _fill(node, key="", counter=None):
    """The same structure with a payload in every free-text value."""
    counter = counter if counter is not None else [0]
    if isinstance(node, dict):
        return {k: _fill(v, k, counter) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, key, counter) for v in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        counter[0] += 1
        return _payload(counter[0])
    return node


SCAN = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
      if (/^(href|src|xlink:href|action|formaction|srcset|poster|data)$/i.test(a.name)
          && /^\\s*(javascript|data|vbscript)\\s*:/i.test(a.value)) found.push(`${el.tagName} ${a.name}=${a.value.slice(0, 40)}`);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('__pwned')) found.push('script with a payload');
    if (s.src && new URL(s.src).origin !== location.origin) found.push(`script from ${s.src}`);
  }
  for (const sel of ['iframe', 'object', 'embed', 'base']) for (const el of document.querySelectorAll(sel)) found.push(sel);
  if (window.__pwned !== undefined) found.push(`ran ${window.__pwned}`);
  return found.concat(window.__csp || []);
}"""


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    src = tmp_path_factory.mktemp("payload-src")
    ladder = _fill(yaml.safe_load(HOSTILE.read_text(encoding="utf-8")))
    ladder["id"] = "payloads"
    (src / "ladders").mkdir()
    (src / "ladders" / "payloads.yml").write_text(yaml.safe_dump(ladder, allow_unicode=True), encoding="utf-8")
    (src / "content" / "workshops").mkdir(parents=True)
    (src / "content" / "index.md").write_text(
        "# Home\n\n<!-- ladderkit: ladders -->\n\n<!-- ladderkit: call-to-action -->\n"
    )
    pack = _fill(
        {
            "title": "",
            "summary": "",
            "audience": "",
            "notes": "",
            "agenda": [{"start": "09:00", "minutes": 20, "activity": "", "detail": ""}],
        },
        counter=[100],
    )
    pack["agenda"][0] = {"start": "09:00", "minutes": 20, "activity": _payload(201), "detail": _payload(202)}
    pack.update(
        title=_payload(203),
        summary=_payload(204),
        audience=_payload(205),
        notes=_payload(206),
        handouts=[{"worksheet": "payloads"}, {"playbook": "payloads/climb"}],
    )
    (src / "content" / "workshops" / "payloads.md").write_text(
        "---\n" + yaml.safe_dump({"pack": pack}, allow_unicode=True) + "---\n\n# The workshop\n", encoding="utf-8"
    )
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config["theme"].pop("custom_dir", None)
    brand = {
        "name": _payload(301),
        "footer": _payload(302),
        "paper": "A4",
        "contact": {
            "email": _payload(303),
            "phone": _payload(304),
            "website": 'https://ok.example/"><script>window.__pwned=20</script>',
        },
        "call_to_action": {
            "text": _payload(305),
            "link": "https://ok.example/?a=\"'><img src=x onerror=window.__pwned=21>",
        },
    }
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "ladderkit" in plugin:
            plugin["ladderkit"] = {"pdfs": True, "brand": brand, "cache_dir": str(src / "cache")}
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path_factory.mktemp("payload-site") / "site"
    server = serve(site)
    build_site(str(src / "mkdocs.yml"), str(site), strict=False, site_url=f"http://127.0.0.1:{server.server_port}/")
    yield f"http://127.0.0.1:{server.server_port}", site
    server.shutdown()


def test_no_payload_in_any_field_leaves_anything_live_on_any_page(browser, payload_site):
    base, site = payload_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) >= 8, pages
    context = browser.new_context()
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "(e) => window.__csp.push(`policy: ${e.violatedDirective} ${e.blockedURI}`));"
    )
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("dialog", lambda d: errors.append(d.message) or d.dismiss())
    found = {}
    for path in pages:
        goto(page, f"{base}/{path}")
        page.wait_for_load_state("networkidle")
        page.mouse.move(200, 200)
        leftovers = page.evaluate(SCAN)
        if leftovers:
            found[path] = leftovers
    context.close()
    assert found == {}
    assert [u for u in requests if not u.startswith(base)] == []
    assert errors == []


def test_no_payload_becomes_a_link_or_script_in_the_pdfs(payload_site):
    from pypdf import PdfReader

    _, site = payload_site
    pdfs = sorted(site.rglob("*.pdf"))
    assert len(pdfs) >= 5, pdfs
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert (
            "/OpenAction" not in reader.trailer["/Root"] and "/Names" not in reader.trailer["/Root"]
        ) or "/JavaScript" not in reader.trailer["/Root"].get("/Names", {}), pdf
        for number, page in enumerate(reader.pages):
            for annot in (a.get_object() for a in page.get("/Annots", [])):
                action = annot.get("/A", {})
                assert "/JS" not in action, (pdf, number)
                uri = str(action.get("/URI", ""))
                assert not uri or re.match(r"(https?|mailto|tel):", uri), (
                    pdf,
                    number,
                    uri,
                )  # links may lead anywhere allowed
