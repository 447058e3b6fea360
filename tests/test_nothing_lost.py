"""Nothing lost: a build that fails half way leaves the previous site complete and untouched.

A small site (the shipped ladders, a home page, the example brand; no PDFs) is built once;
then builds fail in the ways a coach meets — a bad ladder, a broken link found at the end
of a strict build, an exception in a plugin event, the process killed — and every file of
the previous site must keep its bytes and its modification time. A hooks file (MkDocs'
`hooks:`) raises or holds the build at a chosen event, steered by environment variables.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.commands.build import _remove_leftovers, build_site
from tests.helpers import ROOT, cli

HOOKS = '''\
"""Test hooks: LK_FAIL=event:kind raises in that event; LK_HOLD=FILE marks the end of the
page writing and then waits to be killed."""
import os
import time

from mkdocs.exceptions import PluginError


def _maybe_fail(event):
    wanted, _, kind = os.environ.get("LK_FAIL", "").partition(":")
    if wanted == event:
        raise PluginError(f"hook failed in {event}") if kind == "plugin" else RuntimeError(f"hook crashed in {event}")


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith("audit.md"):
        _maybe_fail("on_page_content")
    return html


def on_post_build(config):
    _maybe_fail("on_post_build")
    if os.environ.get("LK_HOLD"):
        open(os.environ["LK_HOLD"], "w").close()
        time.sleep(600)
'''


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A site folder of its own: the shipped ladders, one home page, the example brand."""
    src = tmp_path_factory.mktemp("source")
    (src / "content" / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "assets" / "logo.svg", src / "content" / "assets" / "logo.svg")
    (src / "content" / "index.md").write_text("# Home\n\n<!-- ladderkit: ladders -->\n")
    shutil.copytree(ROOT / "overrides", src / "overrides")
    shutil.copytree(ROOT / "ladders", src / "ladders")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "ladderkit" in plugin:
            plugin["ladderkit"]["pdfs"] = False
    config["hooks"] = ["hooks.py"]
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (src / "hooks.py").write_text(HOOKS)
    return src


@pytest.fixture(scope="module")
def built(source, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("built") / "site"
    build_site(str(source / "mkdocs.yml"), str(site))
    return site


@pytest.fixture
def site(built, tmp_path) -> Path:
    """A fresh copy of the built site, with its modification times, for one test to guard."""
    copy = tmp_path / "out" / "site"
    shutil.copytree(built, copy)
    return copy


@pytest.fixture
def work(source, tmp_path) -> Path:
    """A copy of the source folder a test may break."""
    copy = tmp_path / "src"
    shutil.copytree(source, copy)
    return copy


def snapshot(site: Path) -> dict:
    """Every file and folder of the site: its bytes' hash and its modification time."""
    out = {}
    for p in sorted(site.rglob("*")):
        st = p.stat()
        out[str(p.relative_to(site))] = (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir",
            st.st_mtime_ns,
        )
    return out


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name != site.name)


def test_the_site_is_complete(built):
    pages = {str(p.relative_to(built)) for p in built.rglob("index.html")}
    assert {
        "index.html",
        "ladders/customer-development/audit/index.html",
        "ladders/growing-loyalty/bridges/qualify/index.html",
    } <= pages
    assert len(pages) > 40


def cli_build(work: Path, site: Path, **env):
    return cli("build", "-f", str(work / "mkdocs.yml"), "--site-dir", str(site), cwd=work, env=dict(os.environ, **env))


def test_a_bad_ladder_leaves_the_previous_site_untouched(work, site):
    before = snapshot(site)
    text = (work / "ladders" / "growing-loyalty.yml").read_text(encoding="utf-8")
    (work / "ladders" / "growing-loyalty.yml").write_text(
        text.replace("to: advocates", "to: champions", 1), encoding="utf-8"
    )
    out = cli_build(work, site)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert re.search(r"ladders/growing-loyalty.yml:\d+: bridges\[\d+\]\.to: no rung with id 'champions'", out.stderr), (
        out.stderr
    )
    assert f"error: the build stopped; the previous site in {site} is unchanged." in out.stderr
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_a_broken_link_found_at_the_end_of_a_strict_build(work, site):
    """Strict mode aborts after every page is written: the staging folder is full, the site is not touched."""
    before = snapshot(site)
    (work / "content" / "extra.md").write_text("# Extra\n\nSee [the missing page](nowhere.md).\n")
    out = cli_build(work, site)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "Doc file 'extra.md' contains a link 'nowhere.md', but the target is not found" in out.stderr
    assert f"error: the build stopped; the previous site in {site} is unchanged." in out.stderr
    assert snapshot(site) == before
    assert leftovers(site) == []


@pytest.mark.parametrize("event", ["on_page_content", "on_post_build"])
def test_a_crash_in_a_plugin_event(work, site, monkeypatch, event):
    """A bug (any exception) in an event, half way through the pages or after all of them."""
    before = snapshot(site)
    monkeypatch.setenv("LK_FAIL", f"{event}:runtime")
    with pytest.raises(RuntimeError, match=f"hook crashed in {event}"):
        build_site(str(work / "mkdocs.yml"), str(site))
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_a_plugin_error_after_every_page_is_written(work, site):
    before = snapshot(site)
    out = cli_build(work, site, LK_FAIL="on_post_build:plugin")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "ERROR: hook failed in on_post_build" in out.stderr
    assert f"error: the build stopped; the previous site in {site} is unchanged." in out.stderr
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(work, site, tmp_path):
    before = snapshot(site)
    marker = tmp_path / "pages-written"
    env = dict(os.environ, LK_HOLD=str(marker))
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "-f", str(work / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while not marker.exists():  # every page is in the staging folder; the swap has not happened
            if proc.poll() is not None:
                pytest.fail(f"the build ended before it could be killed: {proc.stderr.read().decode()}")
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    staging = [p for p in site.parent.iterdir() if p.name.startswith(".site.building-")]
    assert len(staging) == 1 and (staging[0] / "ladders" / "customer-development" / "audit" / "index.html").is_file()
    assert snapshot(site) == before, "the killed build did not touch the site"
    # The next build removes what the killed one left and puts a complete new site in place.
    build_site(str(work / "mkdocs.yml"), str(site))
    assert leftovers(site) == []
    assert set(snapshot(site)) == set(before)


def test_a_running_builds_staging_folder_is_kept(site):
    """Only a dead builder's folder is removed: another build into the same site may be running."""
    mine = site.parent / f".site.building-{os.getpid()}-abc"
    dead = site.parent / ".site.building-999999999-abc"
    for folder in (mine, dead):
        folder.mkdir()
    _remove_leftovers(site)
    assert leftovers(site) == [mine.name]


def test_killed_between_the_two_renames_the_previous_site_comes_back(site):
    """The swap renames the site aside, then the new one in: killed in between, the next build
    finds no site and the previous one beside it, and puts it back before anything else."""
    before = snapshot(site)
    aside = site.with_name(".site.old-1700000000000")
    site.rename(aside)
    (site.parent / ".site.building-999999999-xyz").mkdir()
    _remove_leftovers(site)
    assert snapshot(site) == before
    assert leftovers(site) == []


# --- the swap: site/ exists at every instant ------------------------------------------------------


class Killed(BaseException):
    """The process dying at a chosen step (nothing after it runs, no cleanup of ours)."""


def _two_sites(folder: Path) -> tuple[Path, Path]:
    site, staging = folder / "site", folder / ".site.building-999999999-swap"  # a dead builder's folder
    for path, text in ((site, "old"), (staging, "new")):
        (path / "deep").mkdir(parents=True)
        (path / "index.html").write_text(text)
        (path / "deep" / "page.html").write_text(text)
    return site, staging


def _whole(site: Path) -> str:
    texts = {(site / "index.html").read_text(), (site / "deep" / "page.html").read_text()}
    assert len(texts) == 1, "a mixture of two sites"
    return texts.pop()


def test_the_site_exists_at_every_step_of_the_swap_and_the_next_build_tidies_up(tmp_path, monkeypatch):
    """Kill the swap before each of its file-system steps in turn (renames, the exchange, the
    removal of the old site): site/ is there every time, whole, and old or new."""
    from generator.commands import build

    steps = [
        (os, "rename"),
        (os, "replace"),
        (Path, "rename"),
        (Path, "replace"),
        (shutil, "rmtree"),
        (build, "exchange"),
    ]
    kill_at, seen = 1, []
    while True:
        site, staging = _two_sites(tmp_path / str(kill_at))
        calls = []

        def step(original, name, calls=calls, kill_at=kill_at):  # this round's, not the last round's
            def counted(*args, **kwargs):
                calls.append(name)
                if len(calls) == kill_at:
                    raise Killed(name)
                return original(*args, **kwargs)

            return counted

        with monkeypatch.context() as patch:
            for owner, name in steps:
                patch.setattr(owner, name, step(getattr(owner, name), name))
            try:
                build._swap(staging, site)
                finished = True
            except Killed:
                finished = False
        assert site.is_dir(), f"no site after a kill at step {kill_at} ({calls[-1]})"
        seen.append((calls[-1], _whole(site)))
        _remove_leftovers(site)  # what the next build does first
        assert _whole(site) in ("old", "new") and leftovers(site) == []
        if finished:
            break
        kill_at += 1
    assert seen[-1][1] == "new" and len(seen) >= 2


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    from generator.commands.build import exchange

    site, staging = _two_sites(tmp_path)
    assert exchange(staging, site) is True  # this machine's /tmp file system supports it
    assert _whole(site) == "new" and _whole(staging) == "old"


def test_without_an_atomic_exchange_the_swap_falls_back_to_renames(tmp_path, monkeypatch):
    from generator.commands import build

    monkeypatch.setattr(build, "exchange", lambda a, b: False)
    site, staging = _two_sites(tmp_path)
    build._swap(staging, site)
    assert _whole(site) == "new" and leftovers(site) == [] and not staging.exists()
