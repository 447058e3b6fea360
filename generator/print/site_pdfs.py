"""The PDFs of a site build: gather the print jobs, start rendering them, report their page
counts and sizes, and link each workshop page to its pack.

No MkDocs and no site imports: the plugin registers the PDFs as site files and builds the
downloads page (site/downloads.py) from the jobs and counts it asks for here.

Dates: a PDF carries a date (cover, metadata). With SOURCE_DATE_EPOCH set every PDF carries
it; otherwise each carries the time of the last git commit that touched its inputs (a ladder
file, a pack page, the brand's logo and fonts), or, outside git, the latest modification
time of those files. Never the clock: two clean builds of the same sources must be
byte-identical.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path

from generator.brand import Brand, resolve_file
from generator.errors import UserError
from generator.markup import urls
from generator.print.cache import Rendering, RenderStats, start_render
from generator.print.language import DEFAULT as DEFAULT_LANGUAGE
from generator.print.render import DEFAULT_EPOCH, PdfError, print_notices, source_date_epoch

PACK_MARKER = "<!-- ladderkit: pack-pdf -->"


def print_assets(brand: Brand, root: Path, docs_dir: Path):
    """The brand's logo and fonts as file:// URLs for WeasyPrint (and as cache inputs)."""
    from generator.print.documents import Assets

    logo = resolve_file(root, brand.logo, docs_dir) if brand.logo else None
    fonts = tuple((family, resolve_file(root, path, docs_dir).resolve().as_uri()) for family, path in brand.fonts)
    logo_url = logo.resolve().as_uri() if logo else ""
    return Assets(logo_url=logo_url, fonts=fonts, files=tuple(u for u in (logo_url, *(u for _, u in fonts)) if u))


# `git log` answers, by the commit checked out: the preview asks the same on every rebuild, and
# the answer changes only with a new commit (uncommitted edits never change it).
_GIT_EPOCHS: dict[tuple[str, tuple[str, ...]], int | None] = {}


def git_epoch(paths: list[Path], cwd: Path, head: str | None = None) -> int | None:
    """Unix time of the last commit touching any of `paths`, or None (no git, untracked).
    `head`: the checked-out commit (git_head; None: no repository, so nothing to ask)."""
    if head is None:
        return None
    key = (head, tuple(map(str, paths)))
    if key not in _GIT_EPOCHS:
        _GIT_EPOCHS[key] = _git_log_epoch(paths, cwd)
    return _GIT_EPOCHS[key]


def git_head(cwd: Path) -> str | None:
    """The commit checked out in `cwd`'s repository, or None (no git, no commit)."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def _git_log_epoch(paths: list[Path], cwd: Path) -> int | None:
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *map(str, paths)],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


def modified_epoch(paths: list[Path]) -> int | None:
    """The latest modification time (whole seconds) of `paths` and the files below them."""
    times = []
    for path in paths:
        try:
            files = [path] if not path.is_dir() else [p for p in path.rglob("*") if p.is_file()]
            times += [int(p.stat().st_mtime) for p in files]
        except OSError:
            continue  # a file that vanished or cannot be read has no date to give
    return max(times, default=None)


def sources_epoch(paths: list[Path], root: Path, head: str | None = None) -> int:
    """The date of documents made from `paths`: their last commit, else their latest
    modification, else (no such files at all) the fixed DEFAULT_EPOCH."""
    return git_epoch(paths, root, head) or modified_epoch(paths) or DEFAULT_EPOCH


def epochs_for(
    ladders, packs, root: Path, docs_dir: Path, brand_files: Sequence[Path] = ()
) -> tuple[dict[str, int], int]:
    """The date of every PDF group (see `documents.jobs`) and the default."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return {}, source_date_epoch()
    brand_files = [Path(p).resolve() for p in brand_files]
    files = {ladder.id: Path(ladder.path).resolve() for ladder in ladders if ladder.path}
    sources = {ladder.id: [*([files[ladder.id]] if ladder.id in files else []), *brand_files] for ladder in ladders}
    sources["guide"] = [docs_dir.resolve(), *files.values(), *brand_files]
    pages = {pack.slug: _pack_page(pack, root, docs_dir) for pack in packs}
    sources |= {f"pack page:{slug}": [page, *brand_files] for slug, page in pages.items() if page}
    # One `git log` each, side by side, and none again for the same commit (a preview rebuild).
    head = git_head(root)
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = pool.map(lambda paths: sources_epoch(paths, root, head), sources.values())
        epochs = dict(zip(sources, found, strict=True))
    for slug in pages:
        own = epochs.pop(f"pack page:{slug}", DEFAULT_EPOCH)
        epochs[f"pack:{slug}"] = max([own, *(epochs[l.id] for l in ladders)])
    return epochs, epochs["guide"]


def site_date(ladders, root: Path, docs_dir: Path) -> str:
    """The date (YYYY-MM-DD) the site's pages carry in the sitemap: of its sources, not the clock."""
    from datetime import datetime

    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        epoch = source_date_epoch()
    else:
        paths = [docs_dir.resolve(), *(Path(l.path).resolve() for l in ladders if l.path)]
        epoch = sources_epoch(paths, root, git_head(root))
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")


def _pack_page(pack, root: Path, docs_dir: Path) -> Path | None:
    if not pack.source:
        return None
    for base in (docs_dir, docs_dir.parent, root):
        candidate = base / pack.source
        if candidate.is_file():
            return candidate
    return None


def markdown_link(from_src: str, target: str) -> str:
    """A Markdown link from a page's source path to a site file (MkDocs resolves it)."""
    return posixpath.relpath(target, posixpath.dirname(from_src) or ".")


def gather(ladders, brand: Brand, root: Path, docs_dir: Path, language: str = DEFAULT_LANGUAGE) -> tuple[list, list]:
    """Every print job of the site and the workshop packs, written in `language`."""
    from generator.print import documents
    from generator.print.packs import load_guide_pages, load_packs

    guide_pages = load_guide_pages(docs_dir)
    packs = load_packs(docs_dir, ladders)
    assets = print_assets(brand, root, docs_dir)
    brand_files = [
        resolve_file(root, path, docs_dir)
        for path in [*([brand.logo] if brand.logo else []), *(path for _, path in brand.fonts)]
    ]
    epochs, default = epochs_for(ladders, packs, root, docs_dir, brand_files)
    jobs = documents.jobs(
        ladders,
        brand,
        assets,
        guide_pages=guide_pages,
        packs=packs,
        epochs=epochs,
        default_epoch=default,
        language=language,
    )
    return jobs, packs


class SitePdfs:
    """The PDFs of one build, rendering in worker processes from `start` until `finish`."""

    def __init__(self, jobs: list, packs: list, rendering: Rendering, pack_pages: dict[str, str]):
        self.jobs, self.packs, self.rendering = jobs, packs, rendering
        self.pack_pages = pack_pages  # page source path -> pack PDF target
        self.stats: RenderStats | None = None
        self.error: PdfError | None = None

    def counts(self) -> tuple[dict[str, int], dict[str, int], set[str]]:
        """(page count, size) of each PDF placed so far, by target, and the targets still
        rendering: what the site's downloads page shows."""
        stats = self.stats or self.rendering.stats  # the latter: only what is placed so far
        return stats.pages, stats.sizes, self.pending()

    def pending(self) -> set[str]:
        """Targets still rendering (only a preview ever looks before `finish`)."""
        return set() if self.stats is not None else self.rendering.pending()

    def place_ready(self) -> None:
        """Put the PDFs the cache already has into the site, without waiting for the rest."""
        self.rendering.place_ready()

    def publish_pages_first(self) -> None:
        """The preview's way: every PDF the cache has goes into the site now, and each one
        still rendering is stood in for by a PDF saying it is being updated (a link never
        breaks and never serves the old version unannounced). A later build brings them."""
        from generator.print.pending import pending_pdf

        self.place_ready()
        titles = {job.target: job.title for job in self.jobs}
        for target in sorted(self.pending()):
            dest = self.rendering.site_dir / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            partial = dest.with_name(dest.name + ".part")
            partial.write_bytes(pending_pdf(titles[target]))
            partial.replace(dest)  # never a half-written file

    def link_pack(self, markdown: str, src_uri: str) -> str:
        """A workshop's page links its pack PDF: at the marker if the page has one, else at the end."""
        target = self.pack_pages.get(src_uri)
        if not target:
            return markdown
        link = f"[Download the workshop pack (PDF)]({markdown_link(src_uri, target)}){{ .md-button }}"
        if PACK_MARKER in markdown:
            return markdown.replace(PACK_MARKER, link)
        return markdown.rstrip() + "\n\n" + link + "\n"

    def finish(self, report: bool = True) -> RenderStats | None:
        """Wait for every PDF and put it in the site. A PDF that failed raises PdfError naming
        it (or, with report=False, gives None; the error is raised by the next finish())."""
        if self.stats is None and self.error is None:
            try:
                self.stats = self.rendering.wait()
            except PdfError as exc:
                self.error = exc
            else:
                print_notices(self.stats.environment)  # once per build: finish() is called twice
        if self.error is not None and report:
            raise self.error
        return self.stats

    def close(self, wait: bool = True) -> None:
        self.rendering.close(wait=wait)


def _check_glyphs(ladders, brand: Brand, root: Path, docs_dir: Path, strict: bool) -> None:
    """Characters no font can draw: one message per ladder before any PDF is made."""
    import logging
    import os

    from generator.print import glyphs

    fonts = [resolve_file(root, path, docs_dir) for _, path in brand.fonts]
    problems = [
        glyphs.message(lad, chars, os.path.relpath(lad.path) if lad.path else lad.id)
        for lad in ladders
        if (chars := glyphs.missing(lad, [f for f in fonts if f]))
    ]
    if problems and strict:
        raise UserError("\n".join(problems))
    for problem in problems:  # --no-strict: the PDFs are made, with empty boxes for these
        logging.getLogger("mkdocs.plugins.ladderkit").warning(problem)


def start(
    ladders,
    brand: Brand,
    *,
    root: Path,
    docs_dir: Path,
    site_dir: Path,
    cache_dir: Path,
    workers: int | None = None,
    strict: bool = True,
    language: str = DEFAULT_LANGUAGE,
    background: bool = False,
) -> SitePdfs:
    """Gather the jobs and start rendering them; returns at once. `background`: the preview's
    renders, at a lower priority than the pages."""
    _check_glyphs(ladders, brand, root, docs_dir, strict)
    jobs, packs = gather(ladders, brand, root, docs_dir, language)
    pack_pages = {}
    for pack in packs:
        page = _pack_page(pack, root, docs_dir)
        if page and page.resolve().is_relative_to(docs_dir.resolve()):
            pack_pages[page.resolve().relative_to(docs_dir.resolve()).as_posix()] = urls.workshop_pdf(pack.slug)
    rendering = start_render(jobs, site_dir, cache_dir, workers=workers, strict=strict, background=background)
    return SitePdfs(jobs, packs, rendering, pack_pages)
