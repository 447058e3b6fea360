"""Debian's Chromium, driven by Playwright: one browser for the whole test session.

Playwright's sync API allows one running instance per thread, so every test that needs a
browser takes the session fixture `browser` from tests/conftest.py instead of starting its own."""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps"]


def launch():
    """(playwright, browser); the caller stops both."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it with apt-get")
    p = sync_playwright().start()
    return p, p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
