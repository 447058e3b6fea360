"""Real-browser fixtures: the shipped site built once (with its PDFs), served on 127.0.0.1, and
pages of Debian's Chromium (the session's `browser` fixture is in tests/conftest.py). Every
request any page makes is recorded in helpers.REQUESTS so a test can prove nothing left localhost."""

from __future__ import annotations

import pytest
import yaml

from generator.commands.build import build_site
from tests.helpers import PHONE, REQUESTS, ROOT, serve


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    """The example site with instant navigation on, and the same site with it off."""
    out = tmp_path_factory.mktemp("sites")
    # Servers first: Material's instant navigation matches links against sitemap.xml by
    # protocol, host and port, so the site is built for the address it is served at.
    servers = {"instant": serve(out / "instant"), "plain": serve(out / "plain")}
    build_site(
        str(ROOT / "mkdocs.yml"), str(out / "instant"), site_url=f"http://127.0.0.1:{servers['instant'].server_port}/"
    )
    theme = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["theme"]
    theme["features"] = [f for f in theme["features"] if f != "navigation.instant"]
    build_site(str(ROOT / "mkdocs.yml"), str(out / "plain"), theme=theme)
    yield {name: f"http://127.0.0.1:{s.server_port}" for name, s in servers.items()}
    for s in servers.values():
        s.shutdown()


@pytest.fixture(scope="session")
def base(sites):
    return sites["instant"]


@pytest.fixture
def context(browser):
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    ctx.on("request", lambda r: REQUESTS.append(r.url))
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: errors.append(f"dialog: {d.message}") or d.dismiss())
    pg.js_errors = errors
    yield pg
    assert errors == [], errors


@pytest.fixture
def phone(browser):
    """A page on a 375 px touch phone; a script error on it fails the test."""
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    ctx.close()
    assert errors == []
