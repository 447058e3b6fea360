"""Render many PDFs in parallel worker processes, skipping those whose inputs did not change.

A job's cache key is the SHA-256 of everything that can change its bytes or its warnings: the
HTML, whether it has form fields, the bytes of every local file it loads (the job's logo and
fonts and any `file:` URL in the HTML, such as an image in ladder text), the date used where
the HTML gives none, CACHE_FORMAT, the PDF variant (render.PDF_VARIANT: tagged PDF/UA-1), and the rendering environment (`environment()`: WeasyPrint,
pydyf, Pango, HarfBuzz and HarfBuzz-Subset, and the font files fontconfig picks for the print
CSS), so installing a missing library never replays the old render.

The cache touches only its own files. Its folder carries the standard CACHEDIR.TAG; an entry
is `<2 hex>/<64 hex>.pdf` plus `<2 hex>/<64 hex>.json` (checksum, page count, warnings), and
nothing of another shape is ever read, replaced or pruned. An entry that is truncated, garbage,
does not match its checksum or has incomplete metadata is rendered again. A render with
warnings is never reused by a strict build: it is rendered again, so a failure caused by the
machine (a missing library) ends when the machine is fixed. A cache that cannot be written
(read-only checkout, full disk, a file where its folder should be) turns into a build without
the cache and one notice.

`start_render` returns at once, so the build can go on rendering its HTML pages while the
workers render PDFs; `Rendering.wait()` collects them. `render_all` does both.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from generator.print.render import PDF_VARIANT, PdfError, render, source_date_epoch, strict_error

if TYPE_CHECKING:
    from generator.print.documents import PrintJob

CACHE_FORMAT = "ladderkit-pdf-cache/4"  # 2: radio states named by export value; 3: environment in the key;
# 4: tagged PDF/UA-1 (render.PDF_VARIANT) with /Lang, figure /Alt and tooltips: no untagged PDF is served again
KEEP_DAYS = 30  # a cache entry unused this long is deleted
TAG_NAME = "CACHEDIR.TAG"
# The standard marker (https://bford.info/cachedir/): backup tools skip the folder.
TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This folder is ladderkit's PDF cache. ladderkit reads, writes and deletes only its own\n"
    b"# entries here (<2 hex>/<64 hex>.pdf and .json); delete the folder to empty the cache.\n"
)
_ENTRY_NAME = re.compile(r"([0-9a-f]{64})\.(pdf|json)")
_TEMP_NAME = re.compile(r"\.([0-9a-f]{64})\.(pdf|json)\.\d+\.tmp")
# file: URLs in HTML attributes and CSS url(): what a document loads besides job.files.
_FILE_URL = re.compile(r"""file:[^\s"'<>)]+""")
# The families print.css and report.py name, in the styles the documents use: the files
# fontconfig resolves them to are part of the rendering environment.
PRINT_FONT_PATTERNS = (
    "DejaVu Sans",
    "DejaVu Sans:bold",
    "DejaVu Sans:italic",
    "DejaVu Sans:bold:italic",
    "DejaVu Sans Mono",
    "sans-serif",
    "monospace",
)


@dataclass
class RenderStats:
    rendered: int = 0
    cached: int = 0
    pages: dict[str, int] = field(default_factory=dict)  # target -> page count
    sizes: dict[str, int] = field(default_factory=dict)  # target -> bytes
    kind_pages: dict[str, int] = field(default_factory=dict)  # kind -> pages rendered (not cached)
    kind_seconds: dict[str, float] = field(default_factory=dict)  # kind -> worker seconds rendering
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # target -> WeasyPrint warnings
    notices: list[str] = field(default_factory=list)  # about the build, not a document (cache not writable)
    environment: list[str] = field(
        default_factory=list
    )  # WeasyPrint environment notices, each once (render.ENVIRONMENT_NOTICES)

    def pages_per_second(self, kind: str) -> float | None:
        seconds = self.kind_seconds.get(kind, 0.0)
        return self.kind_pages.get(kind, 0) / seconds if seconds else None


def _file_bytes(ref: str) -> bytes:
    path = Path(unquote(urlparse(ref).path)) if ref.startswith("file:") else Path(ref)
    try:
        return path.read_bytes()
    except OSError:
        return b"\0missing\0"  # the render itself reports the missing file


def local_files(job) -> list[str]:
    """Every local file the job's PDF embeds: its declared files and each file: URL in its HTML."""
    found = [html_lib.unescape(url) for url in _FILE_URL.findall(job.html)]
    return list(dict.fromkeys([*job.files, *found]))


def cache_key(job, env: str | None = None) -> str:
    """`env` is `environment()`, computed once per build by the caller (here when not given)."""
    h = hashlib.sha256()
    files = local_files(job)
    env = environment() if env is None else env
    parts = (CACHE_FORMAT, str(PDF_VARIANT), env, str(source_date_epoch()), "forms" if job.forms else "print")
    for part in (*parts, job.html, *files):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    for ref in files:
        h.update(hashlib.sha256(_file_bytes(ref)).digest())
    return h.hexdigest()


def environment() -> str:
    """What the rendering machine contributes to a PDF, as text: the WeasyPrint and pydyf
    versions, the Pango and HarfBuzz versions, whether HarfBuzz-Subset loads, and the font
    files fontconfig resolves for the print CSS (path, size, modification time).

    Read without importing WeasyPrint (half a second a build from the cache need not pay)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for package in ("weasyprint", "pydyf"):
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} none")
    parts.append(f"pango {_library_version(('pango-1.0', 'libpango-1.0-0'), 'pango_version_string')}")
    parts.append(f"harfbuzz {_library_version(('harfbuzz', 'libharfbuzz-0'), 'hb_version_string')}")
    parts.append(f"harfbuzz-subset {'yes' if _load_library(('harfbuzz-subset', 'libharfbuzz-subset-0')) else 'no'}")
    parts.extend(_font_files())
    return "\n".join(parts)


def _load_library(names: tuple[str, ...]):
    """The shared library under one of `names` (as WeasyPrint looks for it), or None."""
    import ctypes
    import ctypes.util

    candidates = [f"lib{name}{suffix}" for name in names for suffix in (".so.0", ".0.dylib", ".dylib")]
    for candidate in [*candidates, *(f"{name}.dll" for name in names)]:
        try:
            return ctypes.CDLL(candidate)
        except OSError:
            continue
    found = ctypes.util.find_library(names[0])  # slow (it runs ldconfig): only when the names fail
    try:
        return ctypes.CDLL(found) if found else None
    except OSError:
        return None


def _library_version(names: tuple[str, ...], function: str) -> str:
    import ctypes

    library = _load_library(names)
    if library is None:
        return "none"
    try:
        getter = getattr(library, function)
    except AttributeError:
        return "unknown"
    getter.restype = ctypes.c_char_p
    return getter().decode("ascii", "replace")


def _font_files() -> list[str]:
    # One fc-match each, side by side: a preview pays for them on every rebuild.
    with ThreadPoolExecutor(max_workers=len(PRINT_FONT_PATTERNS)) as pool:
        return list(pool.map(_font_file, PRINT_FONT_PATTERNS))


def _font_file(pattern: str) -> str:
    try:
        done = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=20)
        path = done.stdout.strip() if done.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        path = ""
    try:
        st = os.stat(path) if path else None
    except OSError:
        st = None
    return f"font {pattern}: {path} {st.st_size} {st.st_mtime_ns}" if st else f"font {pattern}: none"


def _entry(cache_dir: Path, key: str) -> tuple[Path, Path]:
    folder = cache_dir / key[:2]
    return folder / f"{key}.pdf", folder / f"{key}.json"


def _valid_info(info) -> bool:
    """Metadata with every field a build reads, of the right type."""
    return (
        isinstance(info, dict)
        and isinstance(info.get("sha256"), str)
        and all(type(info.get(k)) is int and info[k] >= 0 for k in ("size", "pages"))
        and isinstance(info.get("warnings"), list)
        and all(isinstance(w, str) for w in info["warnings"])
        and type(info.get("seconds", 0.0)) in (int, float)
    )


def read_entry(cache_dir: Path, key: str) -> dict | None:
    """The entry's metadata if the cached PDF is whole and matches its checksum; else None
    (and a damaged entry is removed, when the cache can be written)."""
    pdf, meta = _entry(cache_dir, key)
    if not (pdf.exists() and meta.exists()):
        # A miss; half an entry may be another build writing it right now (the PDF goes in
        # first), so it is left alone: rendering it again replaces both files atomically.
        return None
    try:
        info = json.loads(meta.read_text("utf-8"))
        data = pdf.read_bytes()
        if (
            _valid_info(info)
            and data.startswith(b"%PDF-")
            and data.rstrip().endswith(b"%%EOF")
            and hashlib.sha256(data).hexdigest() == info["sha256"]
            and len(data) == info["size"]
        ):
            return info
    except (OSError, ValueError, RecursionError):
        pass
    for path in (pdf, meta):
        _remove_entry_file(path)
    return None


def _remove_entry_file(path: Path) -> None:
    """Remove what stands at an entry's path (a file, or a folder put there by mistake); a
    cache that cannot be written keeps it, and the render is stored nowhere."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)  # an entry's path taken by a folder: the entry is ours to rebuild
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def prepare(cache_dir: Path) -> str | None:
    """Make the cache folder and its CACHEDIR.TAG; None when done, else why the cache
    cannot be written (the build then renders without storing)."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tag = cache_dir / TAG_NAME
        if not (tag.is_file() and tag.read_bytes().startswith(TAG[:43])):
            _write_atomic(tag, TAG)
        return None
    except FileExistsError:
        return f"{cache_dir} is a file, not a folder; move it away or set cache_dir to another folder"
    except OSError as exc:
        return f"{cache_dir}: {exc.strerror or exc}"


def entries(cache_dir: Path) -> Iterable[Path]:
    """The files of the cache that are its own: entries (and a killed writer's temporary
    files) by the key format, in their key's folder. Anything else is not the cache's."""
    try:
        folders = [
            f
            for f in Path(cache_dir).iterdir()
            if len(f.name) == 2 and all(c in "0123456789abcdef" for c in f.name) and f.is_dir() and not f.is_symlink()
        ]
    except OSError:
        return
    for folder in folders:
        try:
            names = list(folder.iterdir())
        except OSError:
            continue
        for path in names:
            match = _ENTRY_NAME.fullmatch(path.name) or _TEMP_NAME.fullmatch(path.name)
            if match and match[1].startswith(folder.name) and path.is_file() and not path.is_symlink():
                yield path


def prune(cache_dir: Path, max_age_days: float = KEEP_DAYS) -> int:
    """Delete entries no build has used for `max_age_days` (every edit leaves an old entry
    behind; several sites may share one cache, so age decides, not the last build).
    Only the cache's own files (`entries`) are considered. Returns how many files were deleted."""
    limit = time.time() - max_age_days * 86400
    gone = 0
    for path in list(entries(cache_dir)):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                gone += 1
        except OSError:
            continue  # another build got there first, or the cache is read-only
    return gone


def _render_into_cache(
    html: str, forms: bool, base_url: str | None, target: str, cache_dir: str | None, key: str
) -> dict:
    """Worker process: render one job and store it in the cache (never strict here: the
    warnings are kept in the entry, and the caller decides). When the cache is off or
    cannot take it, the PDF comes back in the result (`pdf`) with why (`unstored`)."""
    started = time.perf_counter()
    result = render(html, forms=forms, base_url=base_url, strict=False, name=target)
    info = {
        "sha256": hashlib.sha256(result.pdf).hexdigest(),
        "size": len(result.pdf),
        "pages": result.pages,
        "warnings": list(result.warnings),
        "notices": list(result.notices),
        "seconds": time.perf_counter() - started,
    }
    if cache_dir is None:
        return dict(info, pdf=result.pdf)
    pdf, meta = _entry(Path(cache_dir), key)
    try:
        pdf.parent.mkdir(exist_ok=True)  # FileExistsError if a file stands there
        _write_atomic(pdf, result.pdf)
        _write_atomic(meta, json.dumps(info).encode("utf-8"))
    except OSError as exc:
        _remove_entry_file(pdf)  # no half entry left behind
        return dict(info, pdf=result.pdf, unstored=f"{exc.filename or cache_dir}: {exc.strerror or exc}")
    return info


_last_line = [0.0]


# How much lower PDF workers run while previewing: the pages of the next rebuild come first
# (on two cores, renders at the same priority made every edit wait for them).
BACKGROUND_NICENESS = 10


def _start_worker(parent: int, niceness: int) -> None:
    """Worker start-up: lower its priority when rendering behind a preview, and exit when the
    build process is gone (killed, say). Idle workers would otherwise wait for work forever:
    they hold both ends of their own task pipe."""
    import threading

    if niceness and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(niceness)

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

    def __init__(
        self,
        jobs: list,
        site_dir: Path,
        cache_dir: Path,
        *,
        workers: int,
        strict: bool,
        progress: Callable[[str], None] | None,
        notify: Callable[[str], None] | None = None,
        background: bool = False,
    ):
        self.jobs, self.site_dir, self.cache_dir = jobs, Path(site_dir), Path(cache_dir)
        self.strict, self.progress = strict, progress
        self.stats = RenderStats()
        self.notify = notify
        self._infos: dict[str, dict] = {}
        self._futures: dict[Future, tuple[PrintJob, str]] = {}
        self._pool = None
        self._result: RenderStats | None = None
        self._unstored = prepare(self.cache_dir)  # why the cache cannot be written, for one notice
        env = environment()
        todo = []
        for job in jobs:
            key = cache_key(job, env)
            info = read_entry(self.cache_dir, key)
            if info is not None and strict and info["warnings"]:
                info = None  # a render that warned is rendered again: the cause may be fixed by now
            if info is None:
                todo.append((job, key))
            else:
                self._infos[job.target] = dict(info, key=key)
                self.stats.cached += 1
        if todo:
            # spawn: workers start clean (no copy of MkDocs' state or threads); WeasyPrint is
            # single-threaded, so one process per core is the parallelism there is.
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, min(workers, len(todo))),
                mp_context=get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(), BACKGROUND_NICENESS if background else 0),
            )
            store = None if self._unstored else str(self.cache_dir)
            # Longest documents first, so no long render starts last while the other workers idle.
            for job, key in sorted(todo, key=lambda item: -len(item[0].html)):
                future = self._pool.submit(
                    _render_into_cache, job.html, job.forms, _base_url(job), job.target, store, key
                )
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
                    self._unstored = self._unstored or info.get("unstored")
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

    def stores(self) -> bool:
        """Whether rendered PDFs reach the cache (the preview's pages-first way relies on it)."""
        return not self._unstored

    def wait_for_cache(self) -> bool:
        """Wait until every PDF is rendered into the cache, placing nothing (the site they were
        started for may be gone by then; the next build takes them from the cache). False
        when some could not be stored, so a next build would only render them again."""
        stored = True
        for future, (job, _) in list(self._futures.items()):
            try:
                info = future.result()
            except PdfError:
                raise
            except Exception as exc:  # a worker that died, or work cancelled by a newer build
                raise PdfError(f"{job.target}: rendering failed: {type(exc).__name__}: {exc}") from None
            self._check(job, info)
            stored = stored and not info.get("unstored")
        self.close()
        return stored

    def _check(self, job, info: dict) -> None:
        """A strict build fails on any WeasyPrint warning, rendered now or kept in the cache."""
        if self.strict and info.get("warnings"):
            raise strict_error(job.target, info["warnings"])

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
        """Copy every PDF from the cache (or from the worker, when it could not be stored)
        into the site, in job order; fail on warnings if strict."""
        for job in self.jobs:
            info = self._infos[job.target]
            self._check(job, info)
            if info.get("warnings"):
                self.stats.warnings[job.target] = tuple(info["warnings"])
            self.stats.environment.extend(n for n in info.get("notices", ()) if n not in self.stats.environment)
            self._copy(job, info)
        if self._unstored:
            self.stats.notices.append(
                f"notice: the PDF cache cannot be written ({self._unstored}); "
                "PDFs not in it were rendered and not stored"
            )
            if self.notify:
                self.notify(self.stats.notices[-1])
        else:
            prune(self.cache_dir)

    def _copy(self, job, info: dict) -> None:
        """One PDF into the site: from the worker when it could not be stored, else the cache."""
        dest = self.site_dir / job.target
        dest.parent.mkdir(parents=True, exist_ok=True)
        if "pdf" in info:
            dest.write_bytes(info["pdf"])
        else:
            for path in _entry(self.cache_dir, info["key"]):
                with contextlib.suppress(OSError):  # a read-only cache still serves what it holds
                    os.utime(path)  # in use: kept by prune()
            shutil.copyfile(_entry(self.cache_dir, info["key"])[0], dest)
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


def stderr_notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def start_render(
    jobs: Iterable,
    site_dir: Path,
    cache_dir: Path,
    *,
    workers: int | None = None,
    strict: bool = True,
    progress: Callable[[str], None] | None = stderr_progress,
    notify: Callable[[str], None] | None = stderr_notice,
    background: bool = False,
) -> Rendering:
    jobs = list(jobs)
    targets = [job.target for job in jobs]
    if len(set(targets)) != len(targets):
        twice = sorted({t for t in targets if targets.count(t) > 1})
        raise PdfError(f"two PDFs would be written to the same path: {', '.join(twice)}")
    return Rendering(
        jobs,
        site_dir,
        cache_dir,
        workers=workers or os.cpu_count() or 1,
        strict=strict,
        progress=progress,
        notify=notify,
        background=background,
    )


def render_all(
    jobs: Iterable,
    site_dir: Path,
    cache_dir: Path,
    *,
    workers: int | None = None,
    strict: bool = True,
    progress: Callable[[str], None] | None = stderr_progress,
    notify: Callable[[str], None] | None = stderr_notice,
) -> RenderStats:
    """Render (or take from the cache) every job and write it to `site_dir / job.target`."""
    return start_render(
        jobs, site_dir, cache_dir, workers=workers, strict=strict, progress=progress, notify=notify
    ).wait()
