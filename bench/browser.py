"""In the browser (Debian's Chromium): scoring a 200-question audit, click to updated results,
and the gzip size of the JavaScript the audit page loads.

A site with the shipped ladders plus a generated 200-question ladder is built (no PDFs) into a
temporary folder and served on 127.0.0.1; nothing else is contacted.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from .scoring import big_source
from .served import example_site, serve

CHROMIUM = "/usr/bin/chromium"
THEME_JS = "/assets/javascripts/"  # Material's own bundle, reported separately

# performance.now() is coarsened in browsers (0.1 ms), so time batches and divide.
SCORE_TIMER = """async ([ladder, answers]) => {
  const { score } = await import('/assets/ladderkit/scoring.mjs');
  for (let i = 0; i < 200; i++) score(ladder, answers);
  const samples = [];
  for (let b = 0; b < 50; b++) {
    const t = performance.now();
    for (let i = 0; i < 100; i++) score(ladder, answers);
    samples.push((performance.now() - t) / 100);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}"""

# One click on a real control that changes an answer, timed until the results are rendered
# and laid out (the change handler is synchronous, so this is the whole work of the click).
CLICK_TIMER = """(rounds) => {
  const groups = [...document.querySelectorAll('.lk-question[data-type="scale"]')];
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const radios = [...groups[i % groups.length].querySelectorAll('input[type=radio]')];
    const input = radios.find((r) => !r.checked);
    const t = performance.now();
    input.click();
    document.body.offsetHeight;  // force style and layout of the updated results
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}"""


def run() -> list[tuple[str, str, str, str]]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return [("browser benchmarks", "skipped", "—", "Chromium missing: run `make test` first")]
    with tempfile.TemporaryDirectory() as tmp:
        site = example_site(Path(tmp), {"bench.yml": big_source()[0]})
        server = serve(site, compress=False)
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                scripts: dict[str, bytes] = {}
                page.on("response", lambda r: _keep_script(r, scripts))
                page.goto(f"{base}/ladders/bench/audit/")
                page.wait_for_selector(".lk-bars li")
                ladder, answers = _exported(), big_source()[1]
                score_ms = page.evaluate(SCORE_TIMER, [ladder, answers])
                click_big = page.evaluate(CLICK_TIMER, 200)
                page.goto(f"{base}/ladders/customer-development/audit/")
                page.wait_for_selector(".lk-bars li")
                click_small = page.evaluate(CLICK_TIMER, 200)
                browser.close()
        finally:
            server.shutdown()
    ours = {u: b for u, b in scripts.items() if THEME_JS not in u}
    ours_gz = sum(len(gzip.compress(b, 9)) for b in ours.values()) / 1024
    theme_gz = sum(len(gzip.compress(b, 9)) for u, b in scripts.items() if THEME_JS in u) / 1024
    names = ", ".join(sorted(Path(u).name for u in ours))
    return [
        ("score 200 questions in Chromium (median)", f"{score_ms:.3f} ms", "< 1 ms", f"{score_ms:.2f} × target"),
        (
            "click → results, 200-question audit (median)",
            f"{click_big:.2f} ms",
            "< 16 ms",
            f"{click_big / 16:.2f} × target",
        ),
        (
            "click → results, customer-development (median)",
            f"{click_small:.2f} ms",
            "< 16 ms",
            f"{click_small / 16:.2f} × target",
        ),
        (f"audit JavaScript, gzip ({names})", f"{ours_gz:.1f} KB", "≤ 15 KB", f"{ours_gz / 15:.2f} × target"),
        (
            "theme JavaScript, gzip (Material's bundle + search worker)",
            f"{theme_gz:.1f} KB",
            "(reported)",
            "not ours to trim",
        ),
    ]


def _keep_script(response, scripts: dict) -> None:
    if response.status == 200 and response.url.endswith((".js", ".mjs")):
        scripts[response.url] = response.body()


def _exported():
    from generator.ladder.model import build, to_dict

    return to_dict(build(big_source()[0]))
