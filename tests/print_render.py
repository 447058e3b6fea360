"""Shared by the print tests: the shipped ladders, the example brand, and rendering print HTML
with WeasyPrint directly (local files only, warnings captured), plus real-reader helpers."""
from __future__ import annotations

import logging
import subprocess
from functools import cache
from pathlib import Path

import weasyprint
from weasyprint.urls import URLFetcher

from generator.brand import Brand, CallToAction, Contact
from generator.ladder.loader import ladder_files, load_all
from generator.print.documents import Assets
from generator.print.render import name_radio_states_by_value

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = ROOT / "tests" / "fixtures"
LOGO = CONTENT / "assets" / "logo.svg"


@cache
def ladders() -> dict:
    return {l.id: l for l in load_all(ladder_files(ROOT / "ladders"))}


def brand(paper: str = "A4") -> Brand:
    return Brand(name="Brightpath Coaching", logo="assets/logo.svg", primary="#1f4e79", accent="#e07a1f",
                 contact=Contact(email="hello@brightpath.example", phone="+44 20 7946 0000"),
                 call_to_action=CallToAction("Book a consultation", "mailto:hello@brightpath.example"),
                 footer="© 2026 Brightpath Coaching", paper=paper)


ASSETS = Assets(logo_url=LOGO.as_uri(), files=(str(LOGO),))


class LocalOnly(URLFetcher):
    """Fetch file:// URLs only, and remember every URL asked for."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), fail_on_errors=True)
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render(html: str, path: Path, *, forms: bool = False) -> dict:
    """Write the PDF; return what a test needs to know about the rendering itself."""
    fetcher = LocalOnly()
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        weasyprint.HTML(string=html, base_url=str(ROOT), url_fetcher=fetcher).write_pdf(
            path, pdf_forms=forms, uncompressed_pdf=False,
            finisher=name_radio_states_by_value if forms else None)  # as the build renders forms
    finally:
        logger.removeHandler(handler)
    return {"warnings": handler.messages, "fetched": fetcher.asked, "path": path}


def qpdf_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


def outline_titles(reader) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, depth-first."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, str(item.title)))
    walk(reader.outline, 1)
    return out


def page_ink(path: Path, page: int, tmp: Path) -> float:
    """Share of non-white pixels on one page, rendered by poppler's pdftoppm."""
    from PIL import Image

    prefix = tmp / f"page{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(prefix)], check=True)
    histogram = Image.open(f"{prefix}.png").convert("L").histogram()
    return sum(histogram[:240]) / sum(histogram)
