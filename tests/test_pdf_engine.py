"""The PDF engine on small documents: local-only fetching, strict warnings, reproducible
bytes, the content-keyed cache and parallel rendering. Checked with real readers (pypdf,
qpdf, pdftoppm)."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from generator.errors import UserError
from generator.print.cache import _entry, cache_key, render_all
from generator.print.documents import PrintJob
from generator.print.render import DEFAULT_EPOCH, PdfError, _local_fetcher, render, write_pdf
from tests.helpers import ROOT, assert_qpdf_clean, ink_fraction

pytestmark = pytest.mark.pdf  # nearly every test here renders


def page(body: str, title: str = "Test document", extra_head: str = "") -> str:
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>{extra_head}"
        f"<style>@page {{ size: A4; margin: 2cm }} h1 {{ font-size: 40pt }}</style></head>"
        f"<body>{body}</body></html>"
    )


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to reach another host fails the test loudly."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


# --- write_pdf -------------------------------------------------------------------------


def test_write_pdf_makes_a_valid_pdf_with_text_and_ink(tmp_path):
    data = write_pdf(page("<h1>Bridge playbook</h1><p>Plan the first plank.</p>"))
    out = tmp_path / "doc.pdf"
    out.write_bytes(data)
    assert_qpdf_clean(out)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert "Bridge playbook" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Test document"
    assert ink_fraction(out) > 0.005


def test_blank_page_detector_sees_a_blank_page(tmp_path):
    out = tmp_path / "blank.pdf"
    out.write_bytes(write_pdf(page("")))
    assert ink_fraction(out) == 0


def test_two_renders_are_byte_identical_even_in_another_process():
    html = page("<h1>Same bytes</h1><form><input type=checkbox name=q1> <input type=text name=q2></form>")
    first = write_pdf(html, forms=True)
    assert write_pdf(html, forms=True) == first
    script = (
        "import sys; from generator.print.render import write_pdf; "
        "sys.stdout.buffer.write(write_pdf(sys.stdin.read(), forms=True))"
    )
    env = dict(os.environ, PYTHONHASHSEED="4242")
    env.pop("SOURCE_DATE_EPOCH", None)
    other = subprocess.run(
        [sys.executable, "-c", script], input=html.encode(), capture_output=True, env=env, cwd=ROOT, check=True
    ).stdout
    assert other == first


def test_dates_come_from_source_date_epoch_or_a_fixed_default(monkeypatch):
    html = page("<p>dated</p>")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert PdfReader(io.BytesIO(write_pdf(html))).metadata.creation_date.year == 2000  # DEFAULT_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    meta = PdfReader(io.BytesIO(write_pdf(html))).metadata
    assert (meta.creation_date.year, meta.creation_date.month, meta.creation_date.day) == (2023, 11, 14)
    assert meta.modification_date == meta.creation_date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UserError, match="SOURCE_DATE_EPOCH='yesterday' is not a whole number"):
        write_pdf(html)
    assert DEFAULT_EPOCH == 946684800


def test_dates_written_in_the_html_win():
    html = page("<p>x</p>", extra_head='<meta name="dcterms.created" content="2024-05-06T07:08:09Z">')
    assert PdfReader(io.BytesIO(write_pdf(html))).metadata.creation_date.year == 2024


def test_forms_become_pdf_fields_named_by_the_controls():
    html = page("<form><input type=checkbox name=q-visits> <input type=text name=q-count></form>")
    assert set(PdfReader(io.BytesIO(write_pdf(html, forms=True))).get_fields()) == {"q-visits", "q-count"}
    assert not PdfReader(io.BytesIO(write_pdf(html))).get_fields()


def test_strict_turns_a_missing_image_into_an_error_naming_the_pdf():
    html = page('<img src="file:///nope.png" alt="logo">')
    with pytest.raises(PdfError) as caught:
        write_pdf(html, name="pdf/demo/playbook-x.pdf")
    message = str(caught.value)
    assert message.startswith("pdf/demo/playbook-x.pdf: WeasyPrint warned while rendering it (strict build):")
    assert "Failed to load image at 'file:///nope.png'" in message


def test_lenient_render_keeps_the_warning():
    result = render(page('<img src="file:///nope.png" alt="logo"><p>still here</p>'), strict=False)
    assert result.pages == 1
    assert len(result.warnings) == 1 and "nope.png" in result.warnings[0]


def test_fetcher_refuses_other_schemes_without_touching_the_network(no_network):
    fetcher = _local_fetcher()
    for url in ("http://example.com", "https://example.com/logo.png", "ftp://example.com/x"):
        with pytest.raises(ValueError, match=f"ladderkit reads only local files .*; refused {url}"):
            fetcher(url)
    with pytest.raises(PdfError, match=r"refused http://example\.com/font\.woff2"):
        write_pdf(page("<p>x</p>", extra_head='<link rel=stylesheet href="http://example.com/font.woff2">'))
    assert no_network == []


def test_fetcher_reads_local_files_and_data_urls(tmp_path, no_network):
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200">'
        '<rect width="200" height="200" fill="#000"/></svg>'
    )
    dot = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'%3E%3C/svg%3E"
    out = tmp_path / "logo.pdf"
    out.write_bytes(write_pdf(page(f'<img src="{logo.as_uri()}" alt="logo"><img src="{dot}" alt="dot">')))
    assert ink_fraction(out) > 0.01


# --- render_all: parallel workers and the cache ---------------------------------------------


def jobs(n: int = 3, *, extra: str = "") -> list[PrintJob]:
    return [
        PrintJob(
            f"pdf/demo/doc-{i}.pdf",
            "playbook" if i else "worksheet",
            f"Doc {i}",
            page(f"<h1>Document {i}</h1>{extra}" + "<p>line</p>" * (40 * i)),
            forms=(i == 0),
        )
        for i in range(n)
    ]


def test_render_all_renders_in_parallel_then_takes_everything_from_the_cache(tmp_path):
    messages: list[str] = []
    first = render_all(jobs(), tmp_path / "site1", tmp_path / "cache", workers=2, strict=True, progress=messages.append)
    assert (first.rendered, first.cached) == (3, 0)
    assert messages[0] == "PDFs: 0/3 (0 rendered, 0 from cache)"
    assert "PDFs: 2/3 (2 rendered, 0 from cache)" in messages
    assert messages[-1].startswith("PDFs: 3 ready (3 rendered, 0 from cache) in ")
    for i in range(3):
        out = tmp_path / "site1" / f"pdf/demo/doc-{i}.pdf"
        assert_qpdf_clean(out)
        assert first.pages[f"pdf/demo/doc-{i}.pdf"] == len(PdfReader(out).pages)
        assert first.sizes[f"pdf/demo/doc-{i}.pdf"] == out.stat().st_size
    assert first.pages["pdf/demo/doc-2.pdf"] > 1
    assert first.kind_pages == {
        "worksheet": 1,
        "playbook": first.pages["pdf/demo/doc-1.pdf"] + first.pages["pdf/demo/doc-2.pdf"],
    }
    assert first.pages_per_second("playbook") > 0

    messages.clear()
    second = render_all(
        jobs(), tmp_path / "site2", tmp_path / "cache", workers=2, strict=True, progress=messages.append
    )
    assert (second.rendered, second.cached) == (0, 3)
    assert second.pages == first.pages and second.sizes == first.sizes
    assert messages[-1].startswith("PDFs: 3 ready (0 rendered, 3 from cache)")
    for i in range(3):
        name = f"pdf/demo/doc-{i}.pdf"
        assert (tmp_path / "site2" / name).read_bytes() == (tmp_path / "site1" / name).read_bytes()


def test_a_changed_input_is_rendered_again_and_only_that_one(tmp_path):
    render_all(jobs(), tmp_path / "site", tmp_path / "cache", workers=1, progress=None)
    changed = jobs()
    changed[1] = PrintJob(changed[1].target, "playbook", "Doc 1", changed[1].html.replace("Document 1", "Document one"))
    stats = render_all(changed, tmp_path / "site", tmp_path / "cache", workers=1, progress=None)
    assert (stats.rendered, stats.cached) == (1, 2)
    assert "Document one" in PdfReader(tmp_path / "site/pdf/demo/doc-1.pdf").pages[0].extract_text()


def test_local_files_a_job_loads_are_part_of_its_key(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    job = PrintJob("pdf/x.pdf", "guide", "X", page(f'<img src="{logo.as_uri()}" alt="">'), files=(logo.as_uri(),))
    before = cache_key(job)
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="10"/>')
    assert cache_key(job) != before
    assert cache_key(PrintJob("pdf/x.pdf", "guide", "X", job.html, forms=True, files=job.files)) != cache_key(job)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip-a-byte", "bad-json", "no-json"])
def test_a_damaged_cache_entry_is_detected_deleted_and_rendered_again(tmp_path, damage):
    one = jobs(1)
    good = render_all(one, tmp_path / "site", tmp_path / "cache", workers=1, progress=None)
    pdf, meta = _entry(tmp_path / "cache", cache_key(one[0]))
    data = pdf.read_bytes()
    if damage == "truncate":
        pdf.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        pdf.write_bytes(b"not a pdf at all")
    elif damage == "flip-a-byte":  # still starts with %PDF and ends with %%EOF: only the checksum sees it
        middle = len(data) // 2
        pdf.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif damage == "bad-json":
        meta.write_text("{")
    else:
        meta.unlink()
    again = render_all(one, tmp_path / "site2", tmp_path / "cache", workers=1, progress=None)
    assert (again.rendered, again.cached) == (1, 0)
    assert (tmp_path / "site2" / one[0].target).read_bytes() == data
    assert json.loads(meta.read_text())["sha256"]
    assert_qpdf_clean(tmp_path / "site2" / one[0].target)
    assert good.pages == again.pages


def test_strict_render_all_fails_naming_the_pdf_and_a_lenient_one_reports_it(tmp_path):
    bad = jobs(2)
    bad[1] = PrintJob("pdf/demo/broken.pdf", "playbook", "Broken", page('<img src="file:///nope.png" alt="">'))
    with pytest.raises(PdfError, match=r"^pdf/demo/broken\.pdf: WeasyPrint warned while rendering it"):
        render_all(bad, tmp_path / "site", tmp_path / "cache", workers=2, strict=True, progress=None)
    lenient = render_all(bad, tmp_path / "site", tmp_path / "cache", workers=2, strict=False, progress=None)
    assert list(lenient.warnings) == ["pdf/demo/broken.pdf"]
    assert lenient.cached == 2  # the failed strict run still cached both renders
    # a cached entry with warnings fails a strict build too
    with pytest.raises(PdfError, match=r"^pdf/demo/broken\.pdf: WeasyPrint warned"):
        render_all(bad, tmp_path / "site", tmp_path / "cache", workers=1, strict=True, progress=None)


def test_entries_unused_for_a_month_are_pruned_and_used_ones_kept(tmp_path):
    cache = tmp_path / "cache"
    old_job, kept_job = jobs(2)
    render_all([old_job, kept_job], tmp_path / "site", cache, workers=1, progress=None)
    month_ago = time.time() - 31 * 86400
    for job in (old_job, kept_job):
        for path in _entry(cache, cache_key(job)):
            os.utime(path, (month_ago, month_ago))
    stats = render_all([kept_job], tmp_path / "site2", cache, workers=1, progress=None)
    assert stats.cached == 1
    assert not any(p.exists() for p in _entry(cache, cache_key(old_job)))
    assert all(p.exists() for p in _entry(cache, cache_key(kept_job)))


def test_two_jobs_for_one_path_are_refused(tmp_path):
    twice = jobs(2)
    twice[1] = PrintJob(twice[0].target, "playbook", "Again", twice[1].html)
    with pytest.raises(PdfError, match=r"two PDFs would be written to the same path: pdf/demo/doc-0\.pdf"):
        render_all(twice, tmp_path / "site", tmp_path / "cache", progress=None)
