"""The build with its PDFs: every PDF of the example site is valid (qpdf) and not blank
(pdftoppm), two clean builds are byte-identical, a rebuild takes everything from the cache,
the downloads page tells the truth, pages link their PDFs, and a PDF that fails to render
stops the build and leaves the previous site untouched.

The example site is built with every PDF twice in this module (two copies, two caches: the
full build renders ~45 PDFs), through `python -m generator build` as a coach would run it.
"""

from __future__ import annotations

import filecmp
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from generator.commands.build import build_site
from generator.errors import UserError
from generator.markup import urls
from generator.print import site_pdfs
from generator.print.documents import PrintJob
from generator.site.downloads import downloads_markdown, size_text
from tests.helpers import ROOT, assert_qpdf_clean, cli, ink_fraction

SITE_PARTS = ("mkdocs.yml", "content", "ladders", "overrides")


def copy_site(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy(src, dest / name)
    return dest


def ladderkit_build(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("SOURCE_DATE_EPOCH", None)
    return cli("build", *extra, cwd=folder, env=env, timeout=900)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Two clean builds (own copies, own caches), then a rebuild of the first with its cache."""
    first = copy_site(tmp_path_factory.mktemp("first"))
    second = copy_site(tmp_path_factory.mktemp("second"))
    runs = {}
    for name, folder in (("first", first), ("second", second)):
        runs[name] = ladderkit_build(folder)
        assert runs[name].returncode == 0, runs[name].stderr
    site_one = first / "site-once"
    shutil.copytree(first / "site", site_one)
    runs["again"] = ladderkit_build(first)
    assert runs["again"].returncode == 0, runs["again"].stderr
    return {"first": first, "second": second, "site_once": site_one, "runs": runs}


def pdfs_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.pdf"))


def language_of(site: Path, pdf: Path, main: str) -> str:
    """The language a PDF of the site is in: its alternate language's folder (es/…), else the main one."""
    top = pdf.relative_to(site).parts[0]
    return top if top != "pdf" else main


def expected_targets(folder: Path) -> list[str]:
    from generator.brand import load_brand
    from generator.ladder.loader import ladder_files, load_all

    options = next(
        p["ladderkit"]
        for p in yaml.safe_load((folder / "mkdocs.yml").read_text())["plugins"]
        if isinstance(p, dict) and "ladderkit" in p
    )
    brand = load_brand(options.get("brand", {}), folder, folder / "content")
    ladders = load_all(ladder_files(folder / "ladders"))
    jobs, _ = site_pdfs.gather(ladders, brand, folder, folder / "content")
    targets = [job.target for job in jobs]
    # Each further language is a site of its own in <lang>/, with the same PDFs in its language.
    return targets + [f"{lang}/{t}" for lang in options.get("alternate_languages", []) for t in targets]


def test_the_build_writes_every_pdf_and_prints_its_progress(builds):
    site = builds["first"] / "site"
    targets = expected_targets(builds["first"])
    assert len(targets) >= 40 and any(t.startswith("pdf/workshops/") for t in targets)
    assert sorted(p.relative_to(site).as_posix() for p in pdfs_of(site)) == sorted(targets)
    stderr = builds["runs"]["first"].stderr
    n = sum(t.startswith("pdf/") for t in targets)  # each language's build counts its own
    assert f"PDFs: 0/{n} (0 rendered, 0 from cache)" in stderr
    assert re.search(rf"PDFs: {n} ready \({n} rendered, 0 from cache\) in [\d.]+ s\.", stderr)


def test_every_pdf_passes_qpdf_check(builds):
    for pdf in pdfs_of(builds["first"] / "site"):
        assert_qpdf_clean(pdf)


def test_every_pdf_of_the_build_is_tagged_in_the_sites_language(builds):
    """mkdocs.yml's theme.language (en) reaches every PDF, and each alternate language its own
    (es/…); test_pdf_accessibility checks each kind in depth."""
    assert "  language: en\n" in (builds["first"] / "mkdocs.yml").read_text("utf-8")
    site = builds["first"] / "site"
    for pdf in pdfs_of(site):
        root = PdfReader(pdf).trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"].value is True, pdf
        assert root["/Lang"] == language_of(site, pdf, "en"), pdf
    assert {language_of(site, pdf, "en") for pdf in pdfs_of(site)} == {"en", "es"}


@pytest.mark.parametrize(
    "target",
    [
        urls.playbook_pdf("ladder-of-loyalty", "first-impression"),
        urls.worksheet_pdf("customer-development"),
        urls.worksheet_pdf("growing-loyalty", fillable=True),
        urls.internal_guide_pdf(),
    ],
)
def test_first_pages_are_not_blank(builds, target):
    pdf = builds["first"] / "site" / target
    assert ink_fraction(pdf, 1) > 0.01, f"{target}: page 1 looks blank"
    assert ink_fraction(pdf, 2) > 0.005, f"{target}: page 2 looks blank"


def test_the_workshop_pack_is_not_blank(builds):
    packs = sorted((builds["first"] / "site" / "pdf" / "workshops").glob("*.pdf"))
    assert packs
    for pack in packs:
        assert ink_fraction(pack, 1) > 0.01


def test_two_clean_builds_are_byte_identical(builds):
    one, two = builds["first"] / "site-once", builds["second"] / "site"
    files_one = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    assert files_one == files_two
    _, mismatch, errors = filecmp.cmpfiles(one, two, files_one, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert any(f.endswith(".pdf") for f in files_one)


def test_the_second_build_with_the_same_cache_renders_nothing(builds):
    site = builds["first"] / "site"
    total = len(pdfs_of(site / "pdf"))  # each language's build reports its own PDFs
    assert total and f"PDFs: {total} ready (0 rendered, {total} from cache)" in builds["runs"]["again"].stderr
    ready = re.findall(r"PDFs: \d+ ready \((\d+) rendered", builds["runs"]["again"].stderr)
    assert len(ready) >= 2 and set(ready) == {"0"}  # every language's build took them all from the cache
    one, again = builds["site_once"], builds["first"] / "site"
    for pdf in pdfs_of(one):
        assert (again / pdf.relative_to(one)).read_bytes() == pdf.read_bytes()


def test_pdf_dates_come_from_the_sources_not_the_clock(builds):
    # the copies are not git checkouts: a PDF carries the latest modification of its sources
    # (the ladder file and the brand's logo), never a fixed date or the clock
    first = builds["first"]
    meta = PdfReader(first / "site" / urls.worksheet_pdf("ladder-of-loyalty")).metadata
    sources = [first / "ladders" / "ladder-of-loyalty.yml", first / "content" / "assets" / "logo.svg"]
    assert int(meta.creation_date.timestamp()) == max(int(p.stat().st_mtime) for p in sources)
    assert meta.creation_date.year != 2000
    # in the repository, a ladder's PDFs carry the time of the last commit of its file
    from generator.ladder.loader import ladder_files, load_all

    ladders = load_all(ladder_files(ROOT / "ladders"))
    epochs, default = site_pdfs.epochs_for(ladders, [], ROOT, ROOT / "content")
    for ladder in ladders:
        expected = site_pdfs.git_epoch([Path(ladder.path).resolve()], ROOT, site_pdfs.git_head(ROOT))
        assert epochs[ladder.id] == (expected or site_pdfs.DEFAULT_EPOCH)
    assert default >= max(epochs.values())


def test_source_date_epoch_dates_every_pdf_and_page(monkeypatch):
    from generator.ladder.loader import ladder_files, load_all

    ladders = load_all(ladder_files(ROOT / "ladders"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert site_pdfs.epochs_for(ladders, [], ROOT, ROOT / "content") == ({}, 1700000000)
    assert site_pdfs.site_date(ladders, ROOT, ROOT / "content") == "2023-11-14"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert site_pdfs.site_date(ladders, ROOT / "nowhere", ROOT / "nowhere") != "2000-01-01"  # no git: file times


def test_outside_git_the_date_is_the_latest_change_of_the_sources(tmp_path):
    from datetime import datetime

    from generator.ladder.loader import ladder_files, load_all

    folder = copy_site(tmp_path / "site")
    ladders = load_all(ladder_files(folder / "ladders"))
    for i, path in enumerate(sorted((folder / "ladders").glob("*.yml"))):
        os.utime(path, (1_600_000_000 + i, 1_600_000_000 + i))
    logo = folder / "content" / "assets" / "logo.svg"
    os.utime(logo, (1_500_000_000, 1_500_000_000))
    epochs, _ = site_pdfs.epochs_for(ladders, [], folder, folder / "content", [logo])
    for ladder in ladders:
        assert epochs[ladder.id] == int(Path(ladder.path).stat().st_mtime)
    os.utime(logo, (1_700_000_000, 1_700_000_000))  # a new logo re-dates every document
    epochs, _ = site_pdfs.epochs_for(ladders, [], folder, folder / "content", [logo])
    assert {epochs[ladder.id] for ladder in ladders} == {1_700_000_000}
    assert datetime.fromtimestamp(1_700_000_000, UTC).year == 2023


def test_the_downloads_page_lists_every_pdf_with_its_page_count_and_size(builds):
    site = builds["first"] / "site"
    for root in (site, site / "es"):  # each language's site lists its own PDFs
        listing = (root / "downloads" / "index.html").read_text("utf-8")
        rows = re.findall(
            r'<tr>\s*<td><a href="([^"]+)">(.*?)</a></td>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>([^<]+)</td>',
            listing,
            flags=re.S,
        )
        listed = {href.removeprefix("../"): (int(count), size) for href, _, count, size in rows}
        pdfs = pdfs_of(root / "pdf")
        assert sorted(listed) == sorted(p.relative_to(root).as_posix() for p in pdfs)
        for pdf in pdfs:
            count, size = listed[pdf.relative_to(root).as_posix()]
            assert count == len(PdfReader(pdf).pages), pdf
            assert size == size_text(pdf.stat().st_size)
    page = (site / "downloads" / "index.html").read_text("utf-8")
    for heading in (
        "Bridge playbooks",
        "Audit worksheets",
        "Fillable audit worksheets",
        "The Internal Customer Guide",
        "Workshop packs",
    ):
        assert f">{heading}<" in page
    home = (site / "index.html").read_text("utf-8")
    assert 'href="downloads/"' in home  # in the navigation


def test_bridge_audit_and_workshop_pages_link_their_pdfs(builds):
    site = builds["first"] / "site"
    bridge = (site / "ladders/ladder-of-loyalty/bridges/first-impression/index.html").read_text("utf-8")
    assert 'href="../../../../pdf/ladder-of-loyalty/playbook-first-impression.pdf"' in bridge
    audit = (site / "ladders/customer-development/audit/index.html").read_text("utf-8")
    assert 'href="../../../pdf/customer-development/worksheet.pdf"' in audit
    assert 'href="../../../pdf/customer-development/worksheet-fillable.pdf"' in audit
    for pack in (site / "pdf" / "workshops").glob("*.pdf"):
        page = (site / "workshops" / pack.stem / "index.html").read_text("utf-8")
        assert f'href="../../pdf/workshops/{pack.name}"' in page


# --- small sites: no full PDF build needed --------------------------------------------------


def small_site(tmp_path: Path, **options) -> Path:
    """The example site with only its home page (its ladders and brand); `options` change
    the ladderkit plugin's options."""
    folder = copy_site(tmp_path / "src")
    for page in (folder / "content").rglob("*.md"):
        if page != folder / "content" / "index.md":
            page.unlink()
    config = yaml.safe_load((folder / "mkdocs.yml").read_text())
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "ladderkit" in plugin:
            plugin["ladderkit"].update(options)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return folder


def _tiny_jobs(ladders, brand, root, docs_dir, language: str = "en", broken: str = ""):
    """Stands in for site_pdfs.gather: a few small documents, tagged like the real ones (a language, a title)."""

    def page(body: str) -> str:
        return f'<!doctype html><html lang="{language}"><head><title>Tiny</title></head><body>{body}</body></html>'

    jobs = [
        PrintJob(urls.playbook_pdf(l.id, b.id), "playbook", b.name, page(f"<h1>{b.name}</h1>"))
        for l in ladders
        for b in l.bridges
    ]
    jobs += [
        PrintJob(
            urls.worksheet_pdf(l.id, f),
            "worksheet-fillable" if f else "worksheet",
            l.title,
            page("<h1>Worksheet</h1><input type=checkbox name=q1 title=Q1>"),
            forms=f,
        )
        for l in ladders
        for f in (False, True)
    ]
    if broken:
        jobs[0] = PrintJob(jobs[0].target, "playbook", "Broken", page(f'<img src="{broken}" alt="broken">'))
    return jobs, []


def test_pdfs_off_builds_no_pdfs_and_no_downloads_page(tmp_path):
    folder = small_site(tmp_path, pdfs=False)
    site = build_site(str(folder / "mkdocs.yml"), str(tmp_path / "site"))
    assert not pdfs_of(site)
    assert not (site / "downloads").exists()
    assert "worksheet.pdf" not in (site / "ladders/ladder-of-loyalty/audit/index.html").read_text("utf-8")
    bridge = next((site / "ladders").glob("*/bridges/*/index.html")).read_text("utf-8")
    assert ".pdf" not in bridge


@pytest.fixture
def mkdocs_log():
    """What MkDocs logs during the test (ladderkit build prints these lines on the terminal)."""
    lines: list[str] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = lambda record: lines.append(record.getMessage())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


@pytest.mark.pdf
def test_a_pdf_that_fails_stops_the_build_and_keeps_the_previous_site(tmp_path, monkeypatch, mkdocs_log):
    folder = small_site(tmp_path, cache_dir=str(tmp_path / "cache"))
    monkeypatch.setattr(site_pdfs, "gather", _tiny_jobs)
    site = build_site(str(folder / "mkdocs.yml"), str(tmp_path / "site"))
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert any(p.suffix == ".pdf" for p in before)

    monkeypatch.setattr(site_pdfs, "gather", lambda *a: _tiny_jobs(*a, broken="file:///nope.png"))
    with pytest.raises(UserError) as caught:
        build_site(str(folder / "mkdocs.yml"), str(tmp_path / "site"))
    assert "the previous site in" in str(caught.value) and "is unchanged" in str(caught.value)
    first_target = _tiny_jobs(*_ladders_and_brand(folder))[0][0].target
    logged = "\n".join(mkdocs_log)  # MkDocs logs the plugin's error, then aborts
    assert f"{first_target}: WeasyPrint warned while rendering it (strict build):" in logged
    assert "Failed to load image at 'file:///nope.png'" in logged
    assert "Error building page" not in logged
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".site.building-*"))  # the staging folder is gone


@pytest.mark.pdf
def test_the_sites_language_reaches_every_pdf(tmp_path, monkeypatch):
    """theme.language in mkdocs.yml is the language every PDF of the build is tagged with."""
    folder = small_site(tmp_path, cache_dir=str(tmp_path / "cache"))
    config = (folder / "mkdocs.yml").read_text("utf-8")
    assert "  language: en\n" in config
    (folder / "mkdocs.yml").write_text(config.replace("  language: en\n", "  language: de\n"), "utf-8")
    monkeypatch.setattr(site_pdfs, "gather", _tiny_jobs)  # makes each page in the language it is given
    site = build_site(str(folder / "mkdocs.yml"), str(tmp_path / "site"))
    assert pdfs_of(site)
    for pdf in pdfs_of(site):  # the alternate languages' PDFs (es/…) are in theirs
        assert PdfReader(pdf).trailer["/Root"]["/Lang"] == language_of(site, pdf, "de"), pdf


def test_gather_writes_every_document_in_the_language_it_is_given():
    from generator.brand import Brand

    jobs, _ = site_pdfs.gather(_ladders_and_brand(ROOT)[0], Brand(), ROOT, ROOT / "content", "de")
    assert {job.kind for job in jobs} == {"playbook", "worksheet", "worksheet-fillable", "guide", "workshop"}
    assert all('<html lang="de" dir="ltr">' in job.html for job in jobs)  # German reads left to right


@pytest.mark.pdf
def test_a_lenient_build_keeps_going_with_the_warning(tmp_path, monkeypatch):
    folder = small_site(tmp_path, cache_dir=str(tmp_path / "cache"))
    monkeypatch.setattr(site_pdfs, "gather", lambda *a: _tiny_jobs(*a, broken="file:///nope.png"))
    site = build_site(str(folder / "mkdocs.yml"), str(tmp_path / "site"), strict=False)
    assert len(pdfs_of(site / "pdf")) == len(_tiny_jobs(*_ladders_and_brand(folder))[0])


@pytest.mark.pdf
def test_a_remote_image_is_refused_in_the_build(tmp_path, monkeypatch, mkdocs_log):
    folder = small_site(tmp_path, cache_dir=str(tmp_path / "cache"))
    monkeypatch.setattr(site_pdfs, "gather", lambda *a: _tiny_jobs(*a, broken="http://example.com/logo.png"))
    with pytest.raises(UserError, match="the build stopped"):
        build_site(str(folder / "mkdocs.yml"), str(tmp_path / "site"))
    assert "refused http://example.com/logo.png" in "\n".join(mkdocs_log)


def _session_processes(sid: int) -> list[int]:
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(entry))
    return alive


@pytest.mark.pdf
def test_a_build_killed_while_rendering_leaves_the_previous_site_and_no_workers(tmp_path):
    folder = small_site(tmp_path, pdfs=False)
    site = build_site(str(folder / "mkdocs.yml"), str(folder / "site"))
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    config = (folder / "mkdocs.yml").read_text()
    (folder / "mkdocs.yml").write_text(config.replace("pdfs: false", "pdfs: true"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=folder,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    for line in build.stderr:  # wait until PDFs are being rendered
        if re.match(r"PDFs: [1-9]\d*/", line):
            break
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 30  # the workers notice their parent is gone and stop
    while _session_processes(build.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _session_processes(build.pid) == []
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    # the next build completes from whatever the killed one left in the cache
    done = ladderkit_build(folder)
    assert done.returncode == 0, done.stderr
    assert pdfs_of(folder / "site")
    for pdf in pdfs_of(folder / "site")[:3]:
        assert_qpdf_clean(pdf)


def _ladders_and_brand(folder: Path):
    from generator.brand import Brand
    from generator.ladder.loader import ladder_files, load_all

    return load_all(ladder_files(folder / "ladders")), Brand(), folder, folder / "content"


# --- the downloads page, pure ---------------------------------------------------------------


def test_downloads_markdown_groups_by_kind_and_escapes_titles():
    jobs = [
        PrintJob("pdf/a/playbook-x.pdf", "playbook", "A <script>alert(1)</script> | [x]", ""),
        PrintJob("pdf/a/worksheet.pdf", "worksheet", "A worksheet", ""),
        PrintJob("pdf/poster.pdf", "poster", "Poster", ""),
    ]
    before = downloads_markdown(jobs)
    assert "| [A worksheet](pdf/a/worksheet.pdf) | … | … |" in before
    after = downloads_markdown(jobs, {"pdf/a/worksheet.pdf": 3}, {"pdf/a/worksheet.pdf": 2048})
    assert "| [A worksheet](pdf/a/worksheet.pdf) | 3 | 2 KB |" in after
    # text.html(): no "<", "|" or "[" left for Markdown or HTML to read
    assert "<script>" not in after and "&lt;script&gt;" in after and "&#124;" in after and "&#91;x&#93;" in after
    assert after.index("## Bridge playbooks") < after.index("## Audit worksheets") < after.index("## Poster")
    assert downloads_markdown([]).endswith("There are no PDFs on this site.\n")
    # Written as the language writes numbers: no trailing zero, "3,3 MB" in Spanish (test_site_language.py).
    assert [size_text(n) for n in (10, 4096, 3 * 1024 * 1024)] == ["10 B", "4 KB", "3 MB"]
