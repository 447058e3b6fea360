"""The coach's loop: `ladderkit serve` on a copy of the example site, from saving a file to
the new text being served, against MkDocs alone building the same pages (the floor).

Measured, in one running preview with a cold PDF cache:
- start: launching the preview → its first page answers;
- edits: a question's text, a ladder's title, a brand colour, a new ladder file → the
  changed page served;
- PDFs: after the title edit, → the ladder's playbook served re-rendered, against the time a
  `ladderkit build` of the same edit spends on its PDFs.
The floor is `mkdocs build` of the same site with PDFs off, in a fresh process. Figures only.
"""

from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .scale import make_site

TARGETS = {"start": 1.5, "edit": 1.2, "pdfs": 1.2}
POLL = 0.02


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def _until(check, limit: float = 300) -> float:
    """Seconds until `check()` holds (polling), or raise."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if check():
            return time.perf_counter() - started
        time.sleep(POLL)
    raise RuntimeError("the preview did not show the change in time")


def _pdf_text(data: bytes | None) -> str:
    if not data:
        return ""
    from pypdf import PdfReader

    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())  # a title may wrap


def _renamed_pdf(text: str, title: str) -> bool:
    """The re-rendered playbook, not the preview's stand-in (which names the new title too)."""
    return f"{title} renamed" in text and "being updated" not in text


def _floor(folder: Path) -> float:
    """`mkdocs build` of the same pages without PDFs, fresh process, best of two."""
    config = folder / "mkdocs.yml"
    original = config.read_text("utf-8")
    config.write_text(re.sub(r"pdfs: true\b", "pdfs: false", original), "utf-8")
    times = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "floor-site")],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    config.write_text(original, "utf-8")
    return min(times)


def _build_pdf_seconds(folder: Path) -> float:
    """What `ladderkit build` spends on PDFs for the edit already made in `folder`."""
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True, text=True)
    found = re.findall(r"PDFs: \d+ ready \(\d+ rendered, \d+ from cache\) in ([\d.]+) s", done.stderr)
    if done.returncode or not found:
        raise RuntimeError(f"the reference build failed:\n{done.stderr[-2000:]}")
    return float(found[-1])


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    if old not in text:
        raise RuntimeError(f"{path.name}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), "utf-8")


def run() -> list[tuple[str, str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="lk-bench-preview-") as tmp:
        (Path(tmp) / "site").mkdir()
        folder = make_site(Path(tmp) / "site", 1)
        floor = _floor(folder)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            start = _until(lambda: _get(base + "/") is not None)
            ladder = folder / "ladders" / "customer-development.yml"
            playbook = f"{base}/pdf/customer-development/playbook-awareness.pdf"
            _until(lambda: "being updated" not in _pdf_text(_get(playbook)) and _get(playbook) is not None)
            time.sleep(1)  # let the follow-up rebuild settle
            edits: dict[str, tuple[Callable[[], object], str, str]] = {}
            text = ladder.read_text("utf-8")
            question = re.search(r"\n\s+text: (.+)\n", text)[1]
            edits["a question's text"] = (
                lambda: _replace(ladder, f"text: {question}", f"text: {question} Edited."),
                base + "/ladders/customer-development/audit/",
                "Edited.",
            )
            title = re.search(r"^title: (.+)$", text, re.M)[1]
            edits["a ladder's title"] = (
                lambda: _replace(ladder, f"title: {title}", f"title: {title} renamed"),
                base + "/ladders/customer-development/",
                f"{title} renamed",
            )
            edits["a brand colour"] = (
                lambda: _replace(folder / "mkdocs.yml", 'primary: "#1f4e79"', 'primary: "#2e7d32"'),
                base + "/assets/ladderkit/brand.css",
                "#2e7d32",
            )
            new_ladder = folder / "ladders" / "first-copy.yml"
            starter = (
                Path(__file__).parent.parent / "generator" / "commands" / "starter" / "ladders" / "first-ladder.yml"
            ).read_text("utf-8")
            edits["a new ladder file"] = (
                lambda: new_ladder.write_text(starter.replace("id: first-ladder", "id: first-copy"), "utf-8"),
                base + "/ladders/first-copy/",
                "From first visit to regular",
            )
            seconds = {}
            for name, (change, url, expect) in edits.items():
                time.sleep(1.5)  # past the previous rebuild and its PDF follow-up
                saved = time.perf_counter()
                change()
                seconds[name] = _until(lambda url=url, expect=expect: expect.encode() in (_get(url) or b""))
                if name == "a ladder's title":
                    _until(lambda: _renamed_pdf(_pdf_text(_get(playbook)), title))
                    pdfs = time.perf_counter() - saved
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a loaded machine: do not leave it running
                proc.kill()
                proc.wait()
        reference = Path(tmp) / "reference"
        shutil.copytree(folder, reference, ignore=shutil.ignore_patterns("site", "floor-site"))
        _replace(reference / "ladders" / "customer-development.yml", f"title: {title} renamed", f"title: {title} again")
        render = _build_pdf_seconds(reference)
    rows = [
        ("preview: mkdocs alone, same pages (floor)", f"{floor:.2f} s", "", ""),
        (
            "preview: start → first page (cold PDF cache)",
            f"{start:.2f} s",
            f"≤ {TARGETS['start']} × floor",
            f"{start / floor:.2f}",
        ),
    ]
    for name, value in seconds.items():
        rows.append(
            (
                f"preview: edit {name} → page served",
                f"{value:.2f} s",
                f"≤ {TARGETS['edit']} × floor",
                f"{value / floor:.2f}",
            )
        )
    rows.append(
        (
            "preview: title edit → its PDFs served",
            f"{pdfs:.2f} s",
            f"≤ {TARGETS['pdfs']} × build's PDF time ({render:.2f} s)",
            f"{pdfs / render:.2f}",
        )
    )
    return rows
