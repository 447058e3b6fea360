"""The PDF cache under faults: it touches only its own files, a cache that cannot be written
turns into a build without it (one notice), a damaged entry or layout is rebuilt, a render
that warned is never replayed as a failure, and the key covers the rendering environment and
every local file a PDF embeds. Full disk and read-only cases run for real on a small tmpfs
in a user namespace (unshare), besides injected OSErrors."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.print import cache
from generator.print.cache import TAG_NAME, _entry, cache_key, environment, read_entry, render_all
from generator.print.documents import PrintJob
from tests.helpers import ROOT

pytestmark = pytest.mark.pdf  # the cache under faults: real renders, in worker processes

MONTH_AGO = time.time() - 31 * 86400


def job(i: int = 0, body: str = "", files: tuple = ()) -> PrintJob:
    return PrintJob(
        f"pdf/demo/doc-{i}.pdf",
        "playbook",
        f"Doc {i}",
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Doc {i}</title></head>"
        f"<body><h1>Document {i}</h1>{body}</body></html>",
        files=files,
    )


def run(jobs, tmp_path, cache_dir, site="site", strict=True):
    notices: list[str] = []
    stats = render_all(jobs, tmp_path / site, cache_dir, workers=1, strict=strict, progress=None, notify=notices.append)
    for j in jobs:
        assert PdfReader(tmp_path / site / j.target).pages, j.target
    return stats, notices


def age(path: Path) -> None:
    os.utime(path, (MONTH_AGO, MONTH_AGO))


# --- only its own files ------------------------------------------------------------------------


def test_the_cache_is_tagged_and_pruning_deletes_only_its_own_entries(tmp_path):
    store = tmp_path / "shared"
    others = {
        "hr/contract-2024.pdf": b"%PDF-1.7 the contract",
        "hr/contract-2024.json": b'{"signed": true}',
        "fr/brochure.pdf": b"%PDF-1.4 la brochure",
        "ab/notes.pdf": b"%PDF-1.4 notes",
        "ab/" + "c" * 64 + ".pdf": b"a key-shaped name in the wrong folder",
        "readme.pdf": b"%PDF",
    }
    for name, data in others.items():
        (store / name).parent.mkdir(parents=True, exist_ok=True)
        (store / name).write_bytes(data)
    old, kept = job(0), job(1)
    run([old], tmp_path, store)
    for path in _entry(store, cache_key(old)):
        age(path)
    for name in others:
        age(store / name)
    run([kept], tmp_path, store, site="site2")
    assert not any(p.exists() for p in _entry(store, cache_key(old)))  # its own old entry is pruned
    assert all(p.exists() for p in _entry(store, cache_key(kept)))
    assert {name: (store / name).read_bytes() for name in others} == others  # nothing else is touched
    assert (store / TAG_NAME).read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")


# --- a cache that cannot be written --------------------------------------------------------------


def test_a_file_where_the_cache_folder_belongs_gives_a_build_without_cache_and_one_notice(tmp_path):
    where = tmp_path / "pdf-cache"
    where.write_text("not a folder, and not ours to delete")
    stats, notices = run([job(0), job(1)], tmp_path, where)
    assert stats.rendered == 2 and len(notices) == 1
    assert notices[0].startswith("notice: the PDF cache cannot be written") and "is a file, not a folder" in notices[0]
    assert where.read_text() == "not a folder, and not ours to delete"


def test_a_full_disk_at_the_start_gives_a_build_without_cache_and_one_notice(tmp_path, monkeypatch):
    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(cache, "_write_atomic", full)
    stats, notices = run([job(0), job(1)], tmp_path, tmp_path / "cache")
    assert stats.rendered == 2 and len(notices) == 1 and "No space left on device" in notices[0]


def test_a_worker_that_cannot_store_returns_the_pdf_and_leaves_no_half_entry(tmp_path, monkeypatch):
    real = cache._write_atomic
    calls = []

    def full_after_the_pdf(path, data):  # the PDF goes in, then the disk is full for its metadata
        calls.append(path)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(cache, "_write_atomic", full_after_the_pdf)
    info = cache._render_into_cache(job(0).html, False, None, "x.pdf", str(tmp_path), "ab" + "0" * 62)
    assert info["pdf"].startswith(b"%PDF-") and "No space left on device" in info["unstored"]
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_file_where_an_entry_folder_belongs_gives_one_notice(tmp_path):
    one = job(0)
    folder = _entry(tmp_path / "cache", cache_key(one))[0].parent
    folder.parent.mkdir(parents=True)
    folder.write_text("someone's file")
    stats, notices = run([one], tmp_path, tmp_path / "cache")
    assert stats.rendered == 1 and len(notices) == 1 and folder.read_text() == "someone's file"


def in_namespace(tmp_path, python: str, size: str = "1m") -> subprocess.CompletedProcess:
    """Run `python` as root of a new user and mount namespace with a `size` tmpfs at $CACHE."""
    (tmp_path / "cache").mkdir()
    script = tmp_path / "script.py"  # a file: spawned workers import the main module
    script.write_text(
        PRELUDE + "\n\ndef main():\n" + textwrap.indent(python, "    ") + "\n\nif __name__ == '__main__':\n    main()\n"
    )
    env = dict(os.environ, CACHE=str(tmp_path / "cache"), TMP=str(tmp_path), PYTHONPATH=str(ROOT))
    shell = f'set -e; mount -t tmpfs -o size={size} tmpfs "$CACHE"; "{sys.executable}" "{script}"'
    done = subprocess.run(
        ["unshare", "-r", "-m", "sh", "-c", shell], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    return done


PRELUDE = """
import os, errno
from pathlib import Path
from tests.test_cache_faults import job
from generator.print.cache import render_all, prepare
cache, tmp = Path(os.environ["CACHE"]), Path(os.environ["TMP"])
notices = []


def build(jobs, site):
    stats = render_all(jobs, tmp / site, cache, workers=1, progress=None, notify=notices.append)
    assert all((tmp / site / j.target).read_bytes().startswith(b"%PDF-") for j in jobs)
    return stats
"""


def test_a_really_full_disk_gives_a_build_without_cache_and_one_notice(tmp_path):
    done = in_namespace(
        tmp_path,
        """
assert prepare(cache) is None
fd = os.open(cache / "filler", os.O_WRONLY | os.O_CREAT)  # fill the disk: not an entry, never deleted
try:
    while True:
        os.write(fd, b"x" * 4096)
except OSError as exc:
    assert exc.errno == errno.ENOSPC
os.close(fd)
stats = build([job(0), job(1)], "site")
assert stats.rendered == 2, stats
print(notices)
assert len(notices) == 1 and "No space left on device" in notices[0], notices
assert not [p for p in cache.rglob("*.pdf")]
""",
        size="256k",
    )
    assert "notice: the PDF cache cannot be written" in done.stdout


def test_a_read_only_warm_cache_still_serves_and_new_pdfs_are_rendered_with_one_notice(tmp_path):
    in_namespace(
        tmp_path,
        """
import subprocess
build([job(0)], "warm")
subprocess.run(["mount", "-o", "remount,ro", str(cache)], check=True)
stats = build([job(0), job(1)], "site")
assert (stats.cached, stats.rendered) == (1, 1), stats
assert len(notices) == 1 and "Read-only file system" in notices[0], notices
""",
    )


# --- a damaged entry or layout -----------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        "pdf-is-a-folder",
        "json-is-a-folder",
        "json-without-pages",
        "json-is-a-list",
        "pages-not-a-number",
        "warnings-not-a-list",
    ],
)
def test_a_damaged_entry_is_rendered_again_without_a_traceback(tmp_path, damage):
    one = job(0)
    run([one], tmp_path, tmp_path / "cache")
    pdf, meta = _entry(tmp_path / "cache", cache_key(one))
    info = json.loads(meta.read_text())
    if damage.endswith("is-a-folder"):
        path = pdf if damage.startswith("pdf") else meta
        path.unlink()
        (path / "inside").mkdir(parents=True)
    elif damage == "json-is-a-list":
        meta.write_text("[]")
    else:
        info.pop("pages") if damage == "json-without-pages" else None
        info.update({"pages-not-a-number": {"pages": "1"}, "warnings-not-a-list": {"warnings": "none"}}.get(damage, {}))
        meta.write_text(json.dumps(info))
    stats, notices = run([one], tmp_path, tmp_path / "cache", site="site2")
    assert (stats.rendered, stats.cached, notices) == (1, 0, [])
    assert read_entry(tmp_path / "cache", cache_key(one))["pages"] == 1  # the entry is whole again


# --- no failure is made to last ----------------------------------------------------------------

FALLBACK = (
    'Using fontTools instead of HarfBuzz-Subset for font "DejaVu Sans". Please install HarfBuzz-Subset '
    ">= 4.1.0 to get better subsetting performance."
)


def test_a_render_that_warned_is_rendered_again_by_a_strict_build(tmp_path, monkeypatch):
    """The poisoned cache of issue 12: an entry written while HarfBuzz-Subset was missing
    carries its warning; once the library is installed (the environment changes), the next
    strict build renders again and succeeds, with no `make clean`."""
    one = job(0)
    run([one], tmp_path, tmp_path / "cache")
    _, meta = _entry(tmp_path / "cache", cache_key(one))
    info = json.loads(meta.read_text())
    meta.write_text(json.dumps(dict(info, warnings=[FALLBACK])))
    # Same environment: the warned render is not replayed as a failure, it is rendered again.
    stats, _ = run([one], tmp_path, tmp_path / "cache", site="again")
    assert (stats.rendered, stats.cached, stats.warnings) == (1, 0, {})
    # Written in another environment (the library missing), then the library is installed.
    monkeypatch.setattr(cache, "environment", lambda: "harfbuzz-subset no")
    run([one], tmp_path, tmp_path / "cache", site="before", strict=False)
    _, old_meta = _entry(tmp_path / "cache", cache_key(one))
    old_meta.write_text(json.dumps(dict(json.loads(old_meta.read_text()), warnings=[FALLBACK])))
    monkeypatch.undo()
    stats, _ = run([one], tmp_path, tmp_path / "cache", site="after")
    assert (stats.rendered, stats.cached, stats.warnings) == (0, 1, {})  # its own entry, not the poisoned one
    # A lenient build may reuse a render that warned, and says so.
    monkeypatch.setattr(cache, "environment", lambda: "harfbuzz-subset no")
    stats, _ = run([one], tmp_path, tmp_path / "cache", site="lenient", strict=False)
    assert stats.cached == 1 and stats.warnings == {one.target: (FALLBACK,)}


def test_the_key_covers_the_rendering_environment(tmp_path, monkeypatch):
    from importlib.metadata import version

    env = environment()
    lines = env.splitlines()
    assert f"weasyprint {version('weasyprint')}" in lines and f"pydyf {version('pydyf')}" in lines
    assert any(line.startswith("pango 1.") for line in lines)
    assert any(line.startswith("harfbuzz ") and line[9:10].isdigit() for line in lines)
    assert "harfbuzz-subset yes" in lines  # this machine has it; without it the key differs
    assert any(line.startswith("font DejaVu Sans: /") and line.endswith(tuple("0123456789")) for line in lines)
    one = job(0)
    assert cache_key(one, env) != cache_key(one, env.replace("harfbuzz-subset yes", "harfbuzz-subset no"))
    # fontconfig resolving the print fonts to other files changes the environment
    fake = tmp_path / "bin"
    fake.mkdir()
    other_font = tmp_path / "other.ttf"
    other_font.write_bytes(b"\0\1\0\0")
    (fake / "fc-match").write_text(f"#!/bin/sh\nprintf {other_font}\n")
    (fake / "fc-match").chmod(stat.S_IRWXU)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    assert environment() != env and f"font DejaVu Sans: {other_font} 4 " in environment()


def test_the_key_covers_the_pdf_variant(monkeypatch):
    """A PDF rendered untagged (before every PDF was PDF/UA-1) is never served for a tagged one."""
    from generator.print import cache

    one = job(0)
    tagged = cache_key(one, "env")
    monkeypatch.setattr(cache, "PDF_VARIANT", None)
    assert cache_key(one, "env") != tagged


def test_an_image_the_html_embeds_by_file_url_is_part_of_the_key(tmp_path):
    """An image in ladder text (`![](file:///…)`) reaches the HTML, not job.files: changing
    it must render the PDF again."""
    image = tmp_path / "picture.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    one = job(0, body=f'<p><img src="{image.as_uri()}" alt="picture"></p>')
    run([one], tmp_path, tmp_path / "cache")
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"/>')
    stats, _ = run([one], tmp_path, tmp_path / "cache", site="site2")
    assert (stats.rendered, stats.cached) == (1, 0)
