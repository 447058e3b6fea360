"""A client opening the self-audit cold on a mid-range phone (issue 14, item 9): the shipped
site served as static hosts serve it (gzip), in Debian's Chromium with a phone's viewport,
150 ms latency, 1.6 Mbit/s down, 750 kbit/s up and the CPU slowed four times.

Measured per page: time from navigation to the first question being answerable (the audit's
script has started: common.js marks `ladderkit:ready`), and the bytes transferred (as sent,
compressed) until then. Targets: ≤ 1.5 s and ≤ 100 KB."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .served import example_site, serve

CHROMIUM = "/usr/bin/chromium"
PAGES = ("/ladders/customer-development/audit/", "/ladders/ladder-of-loyalty/audit/")
TARGET_S, TARGET_KB = 1.5, 100
PROFILE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


def _cold_load(browser, url: str) -> tuple[float, float]:
    """Seconds to the audit's ready mark and KB transferred before it, in a fresh context."""
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", PROFILE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    started: dict[str, float] = {}
    finished: list[tuple[float, int]] = []
    cdp.on("Network.requestWillBeSent", lambda e: started.setdefault("t", e["timestamp"]))
    cdp.on("Network.loadingFinished", lambda e: finished.append((e["timestamp"], e["encodedDataLength"])))
    page.goto(url)
    page.wait_for_function("() => performance.getEntriesByName('ladderkit:ready').length > 0", timeout=60_000)
    ready_ms = page.evaluate("() => performance.getEntriesByName('ladderkit:ready')[0].startTime")
    page.wait_for_timeout(200)  # let the CDP events of requests finished before the mark arrive
    cutoff = started["t"] + ready_ms / 1000
    sent = sum(size for t, size in finished if t <= cutoff)
    context.close()
    return ready_ms / 1000, sent / 1024


def run() -> list[tuple[str, str, str, str]]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return [("phone benchmarks", "skipped", "—", "Chromium missing: run `make test` first")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        site = example_site(Path(tmp))
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for path in PAGES:
                    seconds, kb = _cold_load(browser, base + path)
                    rows += [
                        (
                            f"phone, cold: {path} ready",
                            f"{seconds:.2f} s",
                            f"≤ {TARGET_S} s",
                            f"{seconds / TARGET_S:.2f} × target",
                        ),
                        (
                            f"phone, cold: {path} bytes before ready",
                            f"{kb:.0f} KB",
                            f"≤ {TARGET_KB} KB",
                            f"{kb / TARGET_KB:.2f} × target",
                        ),
                    ]
                browser.close()
        finally:
            server.shutdown()
    return rows
