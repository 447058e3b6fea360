"""Lighthouse (mobile) as a second pair of eyes (issue 14, item 11): the home, overview, audit,
customers and group pages of the example site, served gzip-compressed as static hosts serve
them, audited in Debian's Chromium. Lighthouse is a bench-only npm package in
bench/lighthouse/ (`make bench` installs it); nothing is fetched from outside while it runs.
Targets: accessibility, best practices and SEO 100; performance ≥ 95."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from .served import example_site, serve

CHROMIUM = "/usr/bin/chromium"
CLI = Path(__file__).parent / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {
    "home": "/",
    "overview": "/ladders/customer-development/",
    "audit": "/ladders/customer-development/audit/",
    "customers": "/ladders/customer-development/customers/",
    "group": "/group/",
}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def _audit(url: str) -> dict:
    """Lighthouse's JSON report for one page, or raise with what it said."""
    done = subprocess.run(
        ["node", str(CLI), url, "--output=json", "--quiet", "--form-factor=mobile",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url}: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def _below(report: dict, category: str) -> str:
    """The failing audits of a category that is under its target, by id (what to look at)."""
    ids = [ref["id"] for ref in report["categories"][category]["auditRefs"] if ref.get("weight")]
    return ", ".join(i for i in ids if (report["audits"][i].get("score") or 1) < 1)


def run() -> list[tuple[str, str, str, str]]:
    if not CLI.exists():
        return [("Lighthouse", "skipped", "—", "not installed: run `make bench`, which installs it")]
    if not Path(CHROMIUM).exists():
        return [("Lighthouse", "skipped", "—", "Chromium missing: run `make test` first")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        server = serve(example_site(Path(tmp)))
        try:
            for name, path in PAGES.items():
                report = _audit(f"http://127.0.0.1:{server.server_port}{path}")
                for category, target in TARGETS.items():
                    score = round(report["categories"][category]["score"] * 100)
                    ratio = f"{score / target:.2f} × target"
                    if score < target:
                        ratio += f" (look at: {_below(report, category)})"
                    rows.append((f"Lighthouse mobile, {name}: {category}", str(score), f"≥ {target}", ratio))
        finally:
            server.shutdown()
    return rows
