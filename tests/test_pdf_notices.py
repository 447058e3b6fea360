"""Strict means "the document would be wrong": WeasyPrint's environment notices (the one list
in render.ENVIRONMENT_NOTICES) are printed once and never fail a build; every other message
still does. Both sides are real renders through WeasyPrint's own logging."""

from __future__ import annotations

import io

import pytest
import weasyprint.pdf.fonts
from pypdf import PdfReader

from generator.print.cache import _render_into_cache, cache_key, render_all
from generator.print.documents import PrintJob
from generator.print.render import ENVIRONMENT_NOTICES, PdfError, is_notice, print_notices, render, write_pdf

pytestmark = pytest.mark.pdf  # WeasyPrint notices: real renders

FONTTOOLS = "Using fontTools instead of HarfBuzz-Subset for font"


def page(body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>T</title>{head}"
        f"<style>body {{ font-family: 'DejaVu Sans' }}</style></head><body>{body}</body></html>"
    )


@pytest.fixture
def no_harfbuzz_subset(monkeypatch):
    """WeasyPrint as on a machine without HarfBuzz-Subset: the library handle its font
    subsetter checks is None, as WeasyPrint leaves it when the library cannot be loaded."""
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)


def test_the_fonttools_fallback_is_a_notice_and_the_strict_document_is_written(no_harfbuzz_subset, capsys):
    rendered = render(page("<p>Loyalty ladder</p>"), strict=True, name="pdf/x.pdf")
    assert rendered.warnings == ()
    assert len(rendered.notices) == 1 and rendered.notices[0].startswith(FONTTOOLS)
    text = PdfReader(io.BytesIO(rendered.pdf)).pages[0].extract_text()
    assert "Loyalty ladder" in text  # the document is complete: the fonts are subset by fontTools
    # write_pdf (ladderkit report) prints it as a notice, once
    write_pdf(page("<p>one</p><p>two</p>"))
    err = capsys.readouterr().err
    assert err.count(FONTTOOLS) == 1 and err.startswith("notice: ") and "ladderkit doctor" in err


def test_with_harfbuzz_subset_there_is_no_notice():
    assert render(page("<p>x</p>"), strict=True).notices == ()


def test_a_missing_image_beside_the_notice_still_fails_a_strict_build(no_harfbuzz_subset):
    with pytest.raises(PdfError) as failed:
        render(page('<p>x</p><img src="file:///nope.png" alt="">'), strict=True, name="pdf/y.pdf")
    message = str(failed.value)
    assert "nope.png" in message and FONTTOOLS not in message  # the notice is not listed as a failure


def test_a_font_that_cannot_be_loaded_fails_and_points_to_doctor(tmp_path):
    broken = tmp_path / "Brand.woff2"
    broken.write_bytes(b"not a font")
    head = f"<style>@font-face {{ font-family: Brand; src: url({broken.as_uri()}) }} p {{ font-family: Brand }}</style>"
    with pytest.raises(PdfError, match=r"Font-face 'Brand' cannot be loaded") as failed:
        render(page("<p>x</p>", head), strict=True, name="pdf/z.pdf")
    assert "ladderkit doctor" in str(failed.value)


def test_a_refused_url_is_never_a_notice():
    with pytest.raises(PdfError, match=r"refused http://example\.com/logo\.png"):
        render(page('<img src="http://example.com/logo.png" alt="">'), strict=True)


def test_the_notice_list_matches_only_what_it_means_to():
    assert ENVIRONMENT_NOTICES  # one list, in render.py
    assert is_notice('Using fontTools instead of HarfBuzz-Subset for font "DejaVu Sans". This will be unsupported')
    for problem in (
        "Font-face 'Brand' cannot be loaded",
        "Failed to load image at 'file:///x.png'",
        "Ignored `color: nope` at 1:2, invalid value.",
        "Anchor defined twice: 'a'",
        'Unable to save emoji font "Noto"',
    ):
        assert not is_notice(problem)


def test_a_build_with_the_notice_in_every_pdf_passes_strict_and_prints_it_once(tmp_path, no_harfbuzz_subset, capsys):
    """Two PDFs rendered without HarfBuzz-Subset (in this process, through the cache's own
    worker function), then a strict build takes both from the cache: it succeeds and the
    notice is collected once."""
    jobs = [PrintJob(f"pdf/doc-{i}.pdf", "guide", f"Doc {i}", page(f"<p>Document {i}</p>")) for i in range(2)]
    cache = tmp_path / "cache"
    cache.mkdir()  # the build makes it; the worker function writes into it
    for job in jobs:
        info = _render_into_cache(job.html, job.forms, None, job.target, str(cache), cache_key(job))
        assert info["warnings"] == [] and info["notices"][0].startswith(FONTTOOLS) and "unstored" not in info
    stats = render_all(jobs, tmp_path / "site", cache, workers=1, strict=True, progress=None)
    assert stats.cached == 2 and stats.warnings == {}
    assert len(stats.environment) == 1 and stats.environment[0].startswith(FONTTOOLS)
    assert all((tmp_path / "site" / job.target).is_file() for job in jobs)
    print_notices(stats.environment)
    assert capsys.readouterr().err.count(FONTTOOLS) == 1
    # one notice per kind: the same fallback for another font family is counted, not repeated
    print_notices([*stats.environment, stats.environment[0].replace("DejaVu Sans", "DejaVu Sans Mono")])
    err = capsys.readouterr().err
    assert err.count(FONTTOOLS) == 1 and "1 more like it" in err
