"""Debian's Chromium, driven by Playwright: one browser for the whole test session.

Playwright's sync API allows one running instance per thread, so every test that needs a
browser takes the session fixture `browser` from tests/conftest.py instead of starting its own."""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps"]


# Page scripts are imported on demand (generator/site/assets/ladderkit.js), so they may start just
# after the load event. For the tests a page has loaded once each widget on it has started.
STARTED = """() => [...document.querySelectorAll('[data-lk-audit], [data-lk-customers], [data-lk-group]')]
  .every((el) => el.dataset.lkReady)"""


def _wait_for_widgets():
    from playwright.sync_api import Page

    if getattr(Page, "_ladderkit_waits", False):
        return
    goto, reload = Page.goto, Page.reload

    def goto_started(self, *args, **kwargs):
        response = goto(self, *args, **kwargs)
        self.wait_for_function(STARTED)
        return response

    def reload_started(self, *args, **kwargs):
        response = reload(self, *args, **kwargs)
        self.wait_for_function(STARTED)
        return response

    Page.goto, Page.reload, Page._ladderkit_waits = goto_started, reload_started, True


def launch():
    """(playwright, browser); the caller stops both."""
    from playwright.sync_api import sync_playwright

    _wait_for_widgets()

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it with apt-get")
    p = sync_playwright().start()
    return p, p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
