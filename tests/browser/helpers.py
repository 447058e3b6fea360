"""Answering an audit through its real controls, and reading the results it shows."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.scoring.reading import read_result

ROOT = Path(__file__).parent.parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def inject_axe(page) -> None:
    """Load axe-core into the page. The site's Content-Security-Policy forbids inline scripts,
    which is what a script tag added by the test would be; an evaluation sent over the
    DevTools protocol is the tester's own, not the page's."""
    import pytest

    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test`, which installs the test-only npm packages")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Runtime.evaluate", {"expression": AXE.read_text(encoding="utf-8")})
    finally:
        cdp.detach()


def cli_score(ladder_id: str, answers: dict) -> dict:
    doc = {"format": "ladder-answers/1", "ladder": ladder_id, "answers": answers}
    out = subprocess.run([sys.executable, "-m", "generator", "score", ladder_id, "/dev/stdin"], input=json.dumps(doc),
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def fixture_answers(ladder_id: str) -> dict:
    return json.loads((ROOT / "tests" / "fixtures" / "answers" / f"{ladder_id}.json").read_text())["answers"]


def answer(page, answers: dict) -> None:
    """Click, tick and type each answer as a person would, once the audit has started."""
    page.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
    for qid, value in answers.items():
        box = page.locator(f'.lk-question[data-question="{qid}"]')
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
    """The results as the page displays them, in the result's own shape where possible."""
    page.wait_for_selector("[data-lk-audit][data-lk-ready]", state="attached")
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


def expected_view(result: dict, ladder: dict) -> dict:
    """What the page must show for `result`, read out by the reference (generator/scoring/reading.py):
    a provisional score shows "provisional" where a band would be; before any answer, no position."""
    names = {b["id"]: b["name"] for b in ladder["bridges"]}
    read = read_result(ladder, result)
    return {
        "overall": result["overall"], "position": read["position"], "focus": read["focus"],
        "flags": read["flags"], "risks": [names[r] for r in read["risks"]],
        "progress": f"{result['answered']} of {result['questions']} answered",
        "bridges": {bid: {"score": b["score"], "band": "provisional" if read["bridges"][bid]["provisional"] else b["band"]}
                    for bid, b in result["bridges"].items() if any(x["id"] == bid and x["questions"] for x in ladder["bridges"])},
    }
