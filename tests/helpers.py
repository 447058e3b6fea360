"""What the tests share: the checkout's paths, one command-line runner, the print helpers
(the example brand, rendering print HTML with WeasyPrint, real PDF readers), the browser
helpers (Chromium, navigation that waits for the page's widgets, answering an audit) and the
shared scoring vectors. Fixtures live in conftest.py files; test modules import only this."""

from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LADDERS = ROOT / "ladders"
FIXTURES = ROOT / "tests" / "fixtures"
VECTORS = ROOT / "tests" / "vectors"
LOGO = CONTENT / "assets" / "logo.svg"
# The shipped ladders, in the order the site lists them.
SHIPPED_IDS = [
    "customer-development",
    "loyalty-ladder-seven",
    "ladder-of-loyalty",
    "growing-loyalty",
    "internal-service",
]

# `make check`, the fast lane, sets LADDERKIT_FAST=1: tests that generate their cases run a
# tenth of them there; `make test` and CI run them all.
FAST = os.environ.get("LADDERKIT_FAST") == "1"


def cases(full: int) -> int:
    """How many generated cases a test runs: `full`, or a tenth of it in the fast lane."""
    return max(5, full // 10) if FAST else full


# --- the command line -------------------------------------------------------------------


def cli(*args: str, cwd: Path | str | None = ROOT, **options) -> subprocess.CompletedProcess:
    """`ladderkit ARGS…` as a coach runs it, in its own process (text in and out captured);
    `options` go to subprocess.run (input, env, timeout, check)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True, **options
    )


def cli_json(*args: str, **options) -> dict:
    """The JSON a successful command prints."""
    return json.loads(cli(*args, check=True, **options).stdout)


def cli_score(ladder_id: str, answers: dict) -> dict:
    doc = {"format": "ladder-answers/1", "ladder": ladder_id, "answers": answers}
    return cli_json("score", ladder_id, "/dev/stdin", input=json.dumps(doc))


def fixture_answers(ladder_id: str) -> dict:
    return json.loads((FIXTURES / "answers" / f"{ladder_id}.json").read_text())["answers"]


# --- print: the shipped ladders, the example brand, WeasyPrint and real PDF readers -----


@cache
def ladders() -> dict:
    from generator.ladder.loader import ladder_files, load_all

    return {l.id: l for l in load_all(ladder_files(LADDERS))}


def brand(paper: str = "A4"):
    from generator.brand import Brand, CallToAction, Contact

    return Brand(
        name="Brightpath Coaching",
        logo="assets/logo.svg",
        primary="#1f4e79",
        accent="#e07a1f",
        contact=Contact(email="hello@brightpath.example", phone="+44 20 7946 0000"),
        call_to_action=CallToAction("Book a consultation", "mailto:hello@brightpath.example"),
        footer="© 2026 Brightpath Coaching",
        paper=paper,
    )


@cache
def assets():
    """The example logo as print documents take it (also importable as ASSETS)."""
    from generator.print.documents import Assets

    return Assets(logo_url=LOGO.as_uri(), files=(str(LOGO),))


def __getattr__(name: str):
    # ASSETS is made on first use: it imports the print package, which most tests never need.
    if name == "ASSETS":
        return assets()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render(html: str, path: Path, *, forms: bool = False) -> dict:
    """Write the PDF with WeasyPrint directly, fetching local files only; return what a test
    needs to know about the rendering itself (warnings, URLs asked for, path)."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        """Fetch file:// URLs only, and remember every URL asked for."""

        def __init__(self):
            super().__init__(allowed_protocols=("file",), fail_on_errors=True)
            self.asked: list[str] = []

        def fetch(self, url, headers=None):
            self.asked.append(url)
            return super().fetch(url, headers)

    from generator.print.render import write_options

    fetcher = LocalOnly()
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        source = weasyprint.HTML(string=html, base_url=str(ROOT), url_fetcher=fetcher)
        # tagged and with forms as the build writes them
        source.write_pdf(path, uncompressed_pdf=False, **write_options(source, forms))
    finally:
        logger.removeHandler(handler)
    return {"warnings": handler.messages, "fetched": fetcher.asked, "path": path}


def qpdf_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


def assert_qpdf_clean(path: Path) -> None:
    done = qpdf_check(path)
    assert done.returncode == 0, done.stdout + done.stderr


def outline_titles(reader) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, depth-first."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, str(item.title)))

    walk(reader.outline, 1)
    return out


def page_ink(path: Path, page: int, tmp: Path) -> float:
    """Share of non-white pixels on one page, rendered by poppler's pdftoppm."""
    from PIL import Image

    prefix = tmp / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), "-singlefile", str(path), str(prefix)],
        check=True,
    )
    histogram = Image.open(f"{prefix}.png").convert("L").histogram()
    return sum(histogram[:240]) / sum(histogram)


def ink_fraction(pdf: Path, page_no: int = 1) -> float:
    """Share of non-white pixels on a page, rendered by poppler's pdftoppm as 8-bit greyscale."""
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", "40", "-f", str(page_no), "-l", str(page_no), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    assert pgm[:2] == b"P5"
    fields = pgm.split(maxsplit=4)  # P5, width, height, maxval, pixels
    width, height = int(fields[1]), int(fields[2])
    pixels = fields[4][-width * height :]
    return sum(1 for p in pixels if p < 200) / len(pixels)


def field_values(ladder, answers: dict, customers=()) -> dict[str, str]:
    """What a person clicking and typing in a PDF reader sets, by field name (pypdf's form)."""
    from generator.markup import fields

    values = {}
    for q in (q for b in ladder["bridges"] for q in b["questions"]):
        answer = answers.get(q["id"])
        if answer is None:
            continue
        if q["type"] == "scale":
            values[q["id"]] = f"/{answer}"  # the n-th button of the group
        elif q["type"] == "yesno":
            values[q["id"]] = "/yes" if answer else "/no"  # the states are named by export value
        elif q["type"] == "number":
            values[q["id"]] = str(answer)
        else:
            for i in answer:
                values[fields.checkbox_name(q["id"], i)] = "/on"
            if not answer:
                values[fields.none_name(q["id"])] = "/on"
    for row, customer in enumerate(customers, start=1):
        for key, value in customer.items():
            values[fields.customer_name(row, key)] = (
                ("yes" if value else "no") if isinstance(value, bool) else str(value)
            )
    return values


def fill(blank, target, values: dict[str, str], on_group: bool = False):
    """Fill with pypdf's form API; `on_group` stores radio choices on the group's /V instead,
    as a reader following the PDF specification to the letter does."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=str(blank))
    radios = {k: v for k, v in values.items() if on_group and v.startswith("/") and ":" not in k}
    plain = {k: v for k, v in values.items() if k not in radios}
    for page in writer.pages:
        writer.update_page_form_field_values(page, plain, auto_regenerate=False)
    for ref in writer._root_object["/AcroForm"]["/Fields"]:
        group = ref.get_object()
        name = str(group.get("/T"))
        if name in radios and "/Parent" not in group:
            group[NameObject("/V")] = NameObject(radios[name])
            for kid in group["/Kids"]:
                kid = kid.get_object()
                states = [str(s) for s in kid["/AP"]["/N"]]
                kid[NameObject("/AS")] = NameObject(radios[name] if radios[name] in states else "/Off")
    writer.write(str(target))
    return target


# --- the browser: Debian's Chromium driven by Playwright ---------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
]
REQUESTS: list[str] = []  # every URL any page asked for (the `context` fixture records them)

# Page scripts are imported on demand (generator/site/assets/ladderkit.js), so they may start just
# after the load event. For the tests a page has loaded once each widget on it has started.
STARTED = """() => [...document.querySelectorAll('[data-lk-audit], [data-lk-customers], [data-lk-group]')]
  .every((el) => el.dataset.lkReady)"""


def launch():
    """(playwright, browser); the caller stops both. Playwright's sync API allows one running
    instance per thread, so tests take the session fixture `browser` instead of calling this."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it with apt-get")
    p = sync_playwright().start()
    return p, p.chromium.launch(executable_path=CHROMIUM, args=ARGS)


# A 375 px touch phone, as browser.new_context takes it (the `phone` fixture: tests/browser/conftest.py).
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def goto(page, url: str, **options):
    """page.goto that returns once every widget on the page has started."""
    response = page.goto(url, **options)
    page.wait_for_function(STARTED)
    return response


def reload(page, **options):
    """page.reload that returns once every widget on the page has started."""
    response = page.reload(**options)
    page.wait_for_function(STARTED)
    return response


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    """A quiet HTTP server for a built site on 127.0.0.1 (a free port), until shutdown()."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def site_with(ladder_files, tmp: Path, language: str | None = None, **options):
    """The example site's pages with these ladders (no PDFs), built into `tmp` and served on
    127.0.0.1 for the block; yields its base URL. `language` sets theme.language, `options`
    plugin options (alternate_languages)."""
    import shutil

    import yaml

    from generator.commands.build import build_site

    src = tmp / "src"
    for folder in ("content", "overrides"):
        shutil.copytree(ROOT / folder, src / folder)
    (src / "ladders").mkdir()
    for path in ladder_files:
        shutil.copy(path, src / "ladders" / Path(path).name)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "ladderkit" in plugin:
            plugin["ladderkit"].update({"pdfs": False, **options})
    if language:
        config["theme"]["language"] = language
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp / "site"
    server = serve(site)
    try:
        # Not strict: the shipped pages may link to PDFs or ladders this build leaves out.
        build_site(str(src / "mkdocs.yml"), str(site), strict=False, site_url=f"http://127.0.0.1:{server.server_port}/")
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def saved(page, key: str):
    """What the page keeps in localStorage under `key`, parsed."""
    return json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))


def view(page) -> str | None:
    """Which part of the guided audit shows (assets/guide.js): start, step, check, result or all."""
    page.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
    return page.get_attribute("[data-lk-audit]", "data-view")


_STEPS = """(qid) => {
  const steps = [...document.querySelectorAll('.lk-form > .lk-bridge')];
  return [steps.findIndex((f) => f.querySelector(`[data-question="${CSS.escape(qid)}"]`)),
          steps.findIndex((f) => f.classList.contains('lk-current'))];
}"""


def reveal(page, target) -> None:
    """Bring a question into view as a client does: Start or Continue, then Next or Back
    to its step; from the result, "Check your answers" and the question's Change link.
    `target` is the question's id or a locator inside the question (one of its inputs)."""
    if not isinstance(target, str):
        target = target.evaluate("(el) => el.closest('.lk-question').dataset.question")
    qid = target
    box = page.locator(f'.lk-question[data-question="{qid}"]')
    for _ in range(60):
        shows = view(page)
        if box.is_visible():
            return
        if shows == "start":
            page.click(".lk-begin")
        elif shows == "result":
            page.click(".lk-to-check")
        elif shows == "check":
            page.click(f'.lk-summary-row[data-question="{qid}"] [data-change]')
        elif shows == "step":
            target, current = page.evaluate(_STEPS, qid)
            page.click(".lk-next" if target > current else ".lk-back")
        else:
            break
    raise AssertionError(f"question {qid} could not be brought into view (view: {view(page)})")


def to_result(page) -> None:
    """Go on to the result as a client does: Start or Continue, Next to the last step,
    "Check your answers", then "See my result". The full form ("Show all questions") shows it already."""
    for _ in range(60):
        shows = view(page)
        if shows in ("result", "all", None):
            return
        page.click({"start": ".lk-begin", "step": ".lk-next", "check": ".lk-see-result"}[shows])
    raise AssertionError("the result could not be reached")


def open_menu(page) -> None:
    """Open the audit's "Save or share" menu (export, import, share link, print, start over)."""
    button = page.locator(".lk-menu-button")
    if button.get_attribute("aria-expanded") != "true":
        button.click()


def from_menu(page, selector: str) -> None:
    """Click an item of the "Save or share" menu, opening the menu first."""
    open_menu(page)
    page.click(selector)


def export_answers(page, name: str | None = None):
    """Export the answers as a client does: "Save or share", "Export answers", the optional name
    (typed when given, else left as the field shows it), "Download answers file"; the Download."""
    from_menu(page, ".lk-export")
    if name is not None:
        page.fill(".lk-export-name", name)
    with page.expect_download() as info:
        page.click(".lk-export-save")
    return info.value


def open_report(page) -> None:
    """Press "Print or save as PDF" in the "Save or share" menu and wait for the report view
    (report-view.js is imported when asked for, so it is laid out a moment after the press)."""
    from_menu(page, ".lk-report")
    page.wait_for_function("() => document.activeElement?.classList.contains('lk-r-title')")


def answer(page, answers: dict) -> None:
    """Click, tick and type each answer as a person would, once the audit has started,
    going to each question's step first."""
    page.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
    for qid, value in answers.items():
        box = page.locator(f'.lk-question[data-question="{qid}"]')
        reveal(page, qid)
        kind = box.get_attribute("data-type")
        if kind == "number":
            box.locator("input").fill(str(value))
        elif kind == "checklist":
            for i in value or ["none"]:
                box.locator(f'input[value="{i}"]').check()
        elif kind == "yesno":
            box.locator(f'input[value="{"true" if value else "false"}"]').check()
        else:
            box.locator(f'input[value="{value}"]').check()


def shown(page) -> dict:
    """The results as the page displays them, in the result's own shape where possible,
    once the client has gone on to them (to_result)."""
    page.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
    to_result(page)
    return page.evaluate("""() => {
      const q = (s) => document.querySelector(s);
      const overall = q('.lk-overall-value').textContent;
      const bridges = {};
      for (const li of document.querySelectorAll('.lk-bars li')) {
        const m = li.querySelector('.lk-score').textContent.match(/^(\\d+) — (.+)$/);
        bridges[li.dataset.bridge] = m ? {score: Number(m[1]), band: m[2]} : {score: null, band: null};
      }
      return {
        overall: /^\\d+/.test(overall) ? Number(overall.match(/^\\d+/)[0]) : null,
        position: q('.lk-position [data-rung].lk-here')?.dataset.rung ?? null,
        focus: q('.lk-position [data-bridge].lk-focus')?.dataset.bridge ?? null,
        flags: [...document.querySelectorAll('.lk-flag')].map((li) => li.dataset.flag),
        risks: [...document.querySelectorAll('.lk-risk a')].map((a) => a.textContent),
        progress: q('.lk-progress-text').textContent,
        bridges,
      };
    }""")


def expected_view(result, ladder) -> dict:
    """What the page must show for `result`, read out by the reference (generator/scoring/reading.py):
    a provisional score shows "provisional" where a band would be; before any answer, no position."""
    from generator.scoring.reading import read_result

    names = {b["id"]: b["name"] for b in ladder["bridges"]}
    read = read_result(ladder, result)
    return {
        "overall": result["overall"],
        "position": read["position"],
        "focus": read["focus"],
        "flags": read["flags"],
        "risks": [names[r] for r in read["risks"]],
        "progress": f"{result['answered']} of {result['questions']} answered",
        "bridges": {
            bid: {"score": b["score"], "band": "provisional" if read["bridges"][bid]["provisional"] else b["band"]}
            for bid, b in result["bridges"].items()
            if any(x["id"] == bid and x["questions"] for x in ladder["bridges"])
        },
    }


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def inject_axe(page) -> None:
    """Load axe-core into the page. The site's Content-Security-Policy forbids inline scripts,
    which is what a script tag added by the test would be; an evaluation sent over the
    DevTools protocol is the tester's own, not the page's."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test`, which installs the test-only npm packages")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Runtime.evaluate", {"expression": AXE.read_text(encoding="utf-8")})
    finally:
        cdp.detach()


def settle(page) -> None:
    """Wait until no CSS transition or animation runs: Material fades colours in (a hovered or
    focused button), and a contrast judged half-way through one is neither state's."""
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


def violations(page) -> list[dict]:
    """axe-core's accessibility violations on the page as it is now (once colours settle)."""
    settle(page)
    inject_axe(page)
    return page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
    }""")


WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def wcag22_violations(page) -> list[dict]:
    """axe-core's violations with its WCAG 2.2 AA rules, which its default run leaves out
    (target-size among them: every control at least 24 × 24 px, 2.5.8)."""
    settle(page)
    inject_axe(page)
    return page.evaluate(
        """async (tags) => {
      const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
      return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
    }""",
        WCAG22,
    )


# --- the interface language (issue 18): finding the English of ours in a Spanish page -----

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")


def catalogue() -> list[tuple[str, str]]:
    """(English, Spanish) for every form of every message of both catalogues (site and print:
    the site's pages also show the diagram's and the PDFs' words)."""
    from babel.messages.pofile import read_po

    from generator import i18n

    out: list[tuple[str, str]] = []
    for po in sorted((i18n.locale_dir() / "es").glob("*.po")):
        with po.open("rb") as f:
            for m in read_po(f, locale="es"):
                if not m.id:
                    continue
                ids = m.id if isinstance(m.id, tuple) else (m.id,)
                strs = m.string if isinstance(m.string, tuple) else (m.string,)
                out += [(str(english), str(spanish)) for english in ids for spanish in strs]
    return out


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def runs(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """Runs of n words within the text, never across a placeholder (its value is not ours)."""
    out: set[tuple[str, ...]] = set()
    for piece in PLACEHOLDER.split(text):
        w = words(piece)
        out |= {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}
    return out


def leaks(texts: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """Each source message (the first of a pair) found in `texts`, whole or by a run of three
    words that its translation (the second) does not share."""
    whole = {" ".join(t.split()) for t in texts}
    seen = set().union(*(runs(t) for t in texts)) if texts else set()
    found = []
    for source, target in pairs:
        if source == target:
            continue
        if not PLACEHOLDER.search(source) and " ".join(source.split()) in whole:
            found.append(f"{source!r} (whole)")
            continue
        shared = runs(source) & seen - runs(target)
        if shared:
            found.append(f"{source!r} ({' '.join(sorted(shared)[0])})")
    return found


def small_site(tmp: Path, ladder: Path, language: str) -> Path:
    """A small site (the ladder, a home page with the ladder list, no PDFs) in `language`, built
    into tmp/site; the home page's heading is the coach's own words, in Spanish or English."""
    import yaml

    from generator.commands.build import build_site

    src = tmp / "src"
    (src / "content").mkdir(parents=True)
    (src / "ladders").mkdir()
    (src / "ladders" / ladder.name).write_bytes(ladder.read_bytes())
    heading = {"es": "Escaleras de fidelidad", "en": "Loyalty ladders"}[language]  # the coach's own words
    (src / "content" / "index.md").write_text(f"# {heading}\n\n<!-- ladderkit: ladders -->\n", encoding="utf-8")
    config = {
        "site_name": "Panadería",
        "docs_dir": "content",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"ladderkit": {"ladders_dir": "ladders", "language": language, "pdfs": False}}],
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
    }
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return build_site(str(src / "mkdocs.yml"), str(tmp / "site"))


# --- the long-lived Node engine (tests/js/engine_server.mjs) the differential tests talk to ---


@contextmanager
def engine():
    """One Node process for a whole test module: a JSON line in, a JSON line out (ask)."""
    proc = subprocess.Popen(
        ["node", str(ROOT / "tests" / "js" / "engine_server.mjs")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    try:
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def ask(proc, request: dict):
    proc.stdin.write(json.dumps(request, allow_nan=False) + "\n")
    return json.loads(proc.stdout.readline())


# --- the shared scoring vectors (tests/vectors/*.json, also read by tests/js/) -----------


def vector_files() -> list[Path]:
    """The scoring vectors; a file with a "rule" key holds another mirrored rule (test_rule_vectors.py),
    and the files in OWN_RUNNERS have their own tests."""
    return sorted(
        p
        for p in VECTORS.glob("*.json")
        if p.name not in OWN_RUNNERS and "rule" not in json.loads(p.read_text(encoding="utf-8"))
    )


# Vector files with a runner of their own on both sides (Python, then tests/js/).
OWN_RUNNERS = {"wording.json": "test_wording.py", "i18n.json": "test_i18n.py"}


def vector_cases() -> list[tuple[str, dict, dict]]:
    """(id, normalised ladder, case) for every case of every file."""
    out = []
    for path in vector_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append((f"{path.stem}: {case['name']}", data["ladder"], case))
    return out


def check_case(ladder: dict, case: dict, score, classify, validate_answers) -> None:
    """Assert one case against the given engine functions (shared by both test suites' logic)."""
    if "record" in case:
        assert classify(ladder, case["record"]) == case["rung"]
        return
    if "problems" in case:
        assert validate_answers(ladder, case["answers"]) == case["problems"]
        return
    result = score(ladder, case["answers"])
    for key, want in case.get("expect", {}).items():
        assert result[key] == want, f"{key}: got {result[key]!r}, want {want!r}"
    for bridge, want in case.get("scores", {}).items():
        assert result["bridges"][bridge]["score"] == want, (
            f"bridges.{bridge}.score: got {result['bridges'][bridge]['score']!r}, want {want!r}"
        )
    for bridge, want in case.get("bands", {}).items():
        assert result["bridges"][bridge]["band"] == want, f"bridges.{bridge}.band"
