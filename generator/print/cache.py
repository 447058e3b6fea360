"""Render many PDFs in parallel worker processes, skipping those whose inputs did not change.

A job's cache key is the SHA-256 of everything that can change its bytes: the HTML, whether
it has form fields, the bytes of the local files it loads, the WeasyPrint version, the date
used where the HTML gives none, and CACHE_FORMAT. An entry is `<key>.pdf` plus `<key>.json`
(its checksum, page count and warnings); an entry that is truncated, garbage or does not match
its checksum is deleted and rendered again, so a damaged cache can never reach the site.

`start_render` returns at once, so the build can go on rendering its HTML pages while the
workers render PDFs; `Rendering.wait()` collects them. `render_all` does both.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlparse

from generator.print.render import PdfError, render, source_date_epoch

CACHE_FORMAT = "ladderkit-pdf-cache/2"  # 2: fillable radio states named by export value
KEEP_DAYS = 30  # a cache entry unused this long is deleted


@dataclass
class RenderStats:
    rendered: int = 0
    cached: int = 0
    pages: dict[str, int] = field(default_factory=dict)  # target -> page count
    sizes: dict[str, int] = field(default_factory=dict)  # target -> bytes
    kind_pages: dict[str, int] = field(default_factory=dict)  # kind -> pages rendered (not cached)
    kind_seconds: dict[str, float] = field(default_factory=dict)  # kind -> worker seconds rendering
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # target -> WeasyPrint warnings

    def pages_per_second(self, kind: str) -> float | None:
        seconds = self.kind_seconds.get(kind, 0.0)
        return self.kind_pages.get(kind, 0) / seconds if seconds else None


def _file_bytes(ref: str) -> bytes:
    path = Path(unquote(urlparse(ref).path)) if ref.startswith("file:") else Path(ref)
    try:
        return path.read_bytes()
    except OSError:
        return b"\0missing\0"  # the render itself reports the missing file


def cache_key(job) -> str:
    h = hashlib.sha256()
    for part in (CACHE_FORMAT, _weasyprint_version(), str(source_date_epoch()), "forms" if job.forms else "print",
                 job.html, *job.files):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    for ref in job.files:
        h.update(hashlib.sha256(_file_bytes(ref)).digest())
    return h.hexdigest()


def _weasyprint_version() -> str:
    # From the package metadata: importing WeasyPrint costs half a second that a build
    # whose PDFs all come from the cache need not pay.
    from importlib.metadata import version

    return version("weasyprint")


def _entry(cache_dir: Path, key: str) -> tuple[Path, Path]:
    folder = cache_dir / key[:2]
    return folder / f"{key}.pdf", folder / f"{key}.json"


def read_entry(cache_dir: Path, key: str) -> dict | None:
    """The entry's metadata if the cached PDF is whole and matches its checksum; else None
    (and a damaged entry is deleted)."""
    pdf, meta = _entry(cache_dir, key)
    if not (pdf.exists() and meta.exists()):
        # A miss; half an entry may be another build writing it right now (the PDF goes in
        # first), so it is left alone: rendering it again replaces both files atomically.
        return None
    try:
        info = json.loads(meta.read_text("utf-8"))
        data = pdf.read_bytes()
        if (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
                and hashlib.sha256(data).hexdigest() == info["sha256"] and len(data) == info["size"]):
            return info
    except (OSError, ValueError, KeyError, TypeError):
        pass
    pdf.unlink(missing_ok=True)
    meta.unlink(missing_ok=True)
    return None


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def prune(cache_dir: Path, max_age_days: float = KEEP_DAYS) -> int:
    """Delete entries no build has used for `max_age_days` (every edit leaves an old entry
    behind; several sites may share one cache, so age decides, not the last build).
    Returns how many files were deleted."""
    limit = time.time() - max_age_days * 86400
    gone = 0
    for pdf in Path(cache_dir).glob("??/*.pdf"):
        try:
            if pdf.stat().st_mtime < limit:
                pdf.unlink()
                pdf.with_suffix(".json").unlink(missing_ok=True)
                gone += 1
        except OSError:
            continue  # another build got there first
    return gone


def _render_into_cache(html: str, forms: bool, base_url: str | None, target: str, cache_dir: str,
                       key: str) -> dict:
    """Worker process: render one job and store it in the cache (never strict here: the
    warnings are kept in the entry, and the caller decides)."""
    started = time.perf_counter()
    result = render(html, forms=forms, base_url=base_url, strict=False, name=target)
    pdf, meta = _entry(Path(cache_dir), key)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    info = {"sha256": hashlib.sha256(result.pdf).hexdigest(), "size": len(result.pdf), "pages": result.pages,
            "warnings": list(result.warnings), "seconds": time.perf_counter() - started}
    _write_atomic(pdf, result.pdf)
    _write_atomic(meta, json.dumps(info).encode("utf-8"))
    return info


_last_line = [0.0]


def _stop_with_parent(parent: int) -> None:
    """Worker start-up: exit when the build process is gone (killed, say). Idle workers
    would otherwise wait for work forever: they hold both ends of their own task pipe."""
    import threading

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="ladderkit-parent-watch", daemon=True).start()


def stderr_progress(message: str) -> None:
    """Progress on one terminal line that rewrites itself; when not a terminal (a CI log), a
    plain line at most every 2 seconds. The last message of a run ends with a full stop."""
    final = message.endswith(".")
    if sys.stderr.isatty():
        print(message, end="\n" if final else "\r", file=sys.stderr, flush=True)
        return
    now = time.monotonic()
    if final or now - _last_line[0] >= 2:
        _last_line[0] = 0.0 if final else now
        print(message, file=sys.stderr, flush=True)


class Rendering:
    """PDFs being rendered; `wait()` puts them in the site and returns the statistics."""

    def __init__(self, jobs: list, site_dir: Path, cache_dir: Path, *, workers: int, strict: bool,
                 progress: Callable[[str], None] | None):
        self.jobs, self.site_dir, self.cache_dir = jobs, Path(site_dir), Path(cache_dir)
        self.strict, self.progress = strict, progress
        self.stats = RenderStats()
        self._infos: dict[str, dict] = {}
        self._futures: dict[Future, object] = {}
        self._pool = None
        self._result: RenderStats | None = None
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        todo = []
        for job in jobs:
            key = cache_key(job)
            info = read_entry(self.cache_dir, key)
            if info is None:
                todo.append((job, key))
            else:
                self._infos[job.target] = dict(info, key=key)
                self.stats.cached += 1
        if todo:
            # spawn: workers start clean (no copy of MkDocs' state or threads); WeasyPrint is
            # single-threaded, so one process per core is the parallelism there is.
            self._pool = ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))),
                                             mp_context=get_context("spawn"),
                                             initializer=_stop_with_parent, initargs=(os.getpid(),))
            # Longest documents first, so no long render starts last while the other workers idle.
            for job, key in sorted(todo, key=lambda item: -len(item[0].html)):
                future = self._pool.submit(_render_into_cache, job.html, job.forms, _base_url(job), job.target,
                                           str(self.cache_dir), key)
                self._futures[future] = (job, key)
        self._started = time.perf_counter()
        self._report()

    def _report(self, final: bool = False) -> None:
        if not self.progress:
            return
        total, done = len(self.jobs), self.stats.rendered + self.stats.cached
        counts = f"{self.stats.rendered} rendered, {self.stats.cached} from cache"
        if final:
            self.progress(f"PDFs: {total} ready ({counts}) in {time.perf_counter() - self._started:.1f} s.")
        else:
            self.progress(f"PDFs: {done}/{total} ({counts})")

    def wait(self) -> RenderStats:
        if self._result is not None:
            return self._result
        try:
            pending = set(self._futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    job, key = self._futures[future]
                    try:
                        info = future.result()
                    except PdfError:
                        raise
                    except Exception as exc:  # a worker that died (killed, out of memory)
                        raise PdfError(f"{job.target}: rendering failed: {type(exc).__name__}: {exc}") from None
                    self._check(job, info)
                    self._infos[job.target] = dict(info, key=key)
                    self.stats.rendered += 1
                    self.stats.kind_pages[job.kind] = self.stats.kind_pages.get(job.kind, 0) + info["pages"]
                    self.stats.kind_seconds[job.kind] = self.stats.kind_seconds.get(job.kind, 0.0) + info["seconds"]
                    self._report()
        finally:
            self.close()
        self._place()
        self._report(final=True)
        self._result = self.stats
        return self.stats

    def pending(self) -> set[str]:
        """Targets whose PDFs are still rendering (not in the cache yet)."""
        return {job.target for future, (job, _) in self._futures.items() if not future.done()}

    def place_ready(self) -> None:
        """Copy the PDFs that are already in the cache into the site now, without waiting for
        the others (the preview's pages-first build)."""
        for job in self.jobs:
            info = self._infos.get(job.target)
            if info is not None and not (self.strict and info.get("warnings")):
                self._copy(job, info)

    def wait_for_cache(self) -> None:
        """Wait until every PDF is rendered into the cache, placing nothing (the site they were
        started for may be gone by then; the next build takes them from the cache)."""
        for future, (job, _) in list(self._futures.items()):
            try:
                info = future.result()
            except PdfError:
                raise
            except Exception as exc:  # a worker that died, or work cancelled by a newer build
                raise PdfError(f"{job.target}: rendering failed: {type(exc).__name__}: {exc}") from None
            self._check(job, info)
        self.close()

    def _check(self, job, info: dict) -> None:
        """A strict build fails on any WeasyPrint warning, rendered now or kept in the cache."""
        if self.strict and info.get("warnings"):
            listed = "\n".join(f"  - {w}" for w in info["warnings"])
            raise PdfError(f"{job.target}: WeasyPrint warned while rendering it (strict build):\n{listed}")

    def close(self, wait: bool = True) -> None:
        """Stop the workers (pending renders are cancelled). `wait=False` returns at once and
        lets renders already under way finish into the cache (a newer preview build)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            if not wait:
                _LEFT_RUNNING.append(self._pool)
            self._pool = None

    def terminate(self) -> None:
        """Stop now, renders under way included (the preview is shutting down)."""
        if self._pool is not None:
            _LEFT_RUNNING.append(self._pool)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        terminate_left_running()

    def _place(self) -> None:
        """Copy every PDF from the cache into the site, in job order; fail on warnings if strict."""
        for job in self.jobs:
            info = self._infos[job.target]
            self._check(job, info)
            if info.get("warnings"):
                self.stats.warnings[job.target] = tuple(info["warnings"])
            self._copy(job, info)
        prune(self.cache_dir)

    def _copy(self, job, info: dict) -> None:
        pdf, _ = _entry(self.cache_dir, info["key"])
        dest = self.site_dir / job.target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, dest)
        os.utime(pdf)  # in use: kept by prune()
        self.stats.pages[job.target] = info["pages"]
        self.stats.sizes[job.target] = info["size"]


# Pools closed without waiting (a newer preview build took over) whose renders may still run.
_LEFT_RUNNING: list = []


def terminate_left_running() -> None:
    """End the worker processes of pools closed without waiting, so an exiting preview does
    not wait for renders nobody will use (their half-written output never reaches the cache:
    entries are written whole or not at all)."""
    while _LEFT_RUNNING:
        pool = _LEFT_RUNNING.pop()
        for process in list((getattr(pool, "_processes", None) or {}).values()):  # no public API for this
            if process.is_alive():
                process.terminate()


def _base_url(job) -> str | None:
    return getattr(job, "base_url", None)


def start_render(jobs: Iterable, site_dir: Path, cache_dir: Path, *, workers: int | None = None,
                 strict: bool = True, progress: Callable[[str], None] | None = stderr_progress) -> Rendering:
    jobs = list(jobs)
    targets = [job.target for job in jobs]
    if len(set(targets)) != len(targets):
        twice = sorted({t for t in targets if targets.count(t) > 1})
        raise PdfError(f"two PDFs would be written to the same path: {', '.join(twice)}")
    return Rendering(jobs, site_dir, cache_dir, workers=workers or os.cpu_count() or 1, strict=strict,
                     progress=progress)


def render_all(jobs: Iterable, site_dir: Path, cache_dir: Path, *, workers: int | None = None,
               strict: bool = True, progress: Callable[[str], None] | None = stderr_progress) -> RenderStats:
    """Render (or take from the cache) every job and write it to `site_dir / job.target`."""
    return start_render(jobs, site_dir, cache_dir, workers=workers, strict=strict, progress=progress).wait()
