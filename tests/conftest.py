"""The session's browser, and the two markers that split the suite (registered in pyproject.toml):

- `browser`: every test under tests/browser/ and every test that uses the `browser` fixture,
  directly or through another fixture (`page`, `context`);
- `pdf`: every test that renders PDFs with WeasyPrint: marked by hand (`@pytest.mark.pdf`, or
  `pytestmark` for a whole module), or automatically when it uses a fixture in PDF_FIXTURES.

A third marker, `slow`, is set by hand on whole files (packaging, the live preview, LibreOffice).
`make check` runs the rest (`-m "not browser and not pdf and not slow"`). So that a new test cannot slip a
PDF into it unnoticed, a test that renders one in this process without the marker fails, and a
run without pdf tests fails when WeasyPrint wrote a PDF anywhere under its temporary folders
(builds render in worker processes and commands in their own)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.helpers import launch

BROWSER_TESTS = Path(__file__).parent / "browser"
# Fixtures that render PDFs; a test using one of them, even through another fixture, is a pdf test.
PDF_FIXTURES = {"rendered", "pack_pdf", "blanks", "builds", "sites", "filled"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS) or "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if PDF_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.pdf)


class _Renders(logging.Handler):
    """Counts WeasyPrint's layouts in this process (it logs each step at INFO). Only the layout
    step: importing WeasyPrint logs step 2 for its own stylesheets, which renders nothing."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record):
        if record.getMessage().startswith("Step 5 "):
            self.count += 1


RENDERS = _Renders()


def pytest_configure(config):
    progress = logging.getLogger("weasyprint.progress")
    progress.setLevel(logging.INFO)
    progress.propagate = False  # counted here, not shown in every failure report
    progress.addHandler(RENDERS)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    RENDERS.count = 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    yield
    if RENDERS.count and not item.get_closest_marker("pdf"):
        pytest.fail(
            "this test renders PDFs with WeasyPrint: mark it `@pytest.mark.pdf` (or add the fixture "
            "that renders them to PDF_FIXTURES in tests/conftest.py), so `make check` stays fast"
        )


def _producer(path) -> str:
    """The PDF's Producer, or "" for a file that is not a readable PDF (tests write broken ones)."""
    from pypdf import PdfReader

    try:
        metadata = PdfReader(path).metadata
        return str(metadata.get("/Producer", "")) if metadata else ""
    except Exception:  # any damage: not one of WeasyPrint's
        return ""


@pytest.fixture(scope="session", autouse=True)
def _no_pdfs_outside_the_pdf_tests(request, tmp_path_factory):
    yield
    if "not pdf" not in (request.config.option.markexpr or ""):
        return
    base = tmp_path_factory.getbasetemp()
    made = sorted({p.relative_to(base).parts[0] for p in base.rglob("*.pdf") if "WeasyPrint" in _producer(p)})
    if made:
        pytest.fail(
            f"WeasyPrint wrote PDFs in a run without pdf tests, under {base}: in {', '.join(made)} "
            "(each folder is named after the test or fixture that made it): mark those pdf"
        )


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, shared by every test that needs a real browser."""
    p, b = launch()
    yield b
    b.close()
    p.stop()
