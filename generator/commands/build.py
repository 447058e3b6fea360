"""`ladderkit build` and `ladderkit serve`: MkDocs driven from Python, with safety.

A build goes into a temporary folder beside the site and replaces the old site only when
it succeeded, so a failed build (a bad ladder found late, an interrupted process, a full
disk) leaves the previous site complete and untouched. The replacement is one atomic
exchange of the two folders where the system has it (Linux), so `site/` exists at every
instant, even for a build killed mid-swap.
"""

from __future__ import annotations

import copy
import ctypes
import errno
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from generator.errors import UserError, in_file


class _Stderr(logging.StreamHandler):
    """Our handler on MkDocs' logger (recognised, so it is added once). It writes to whatever
    sys.stderr is now: a handler made once per process would otherwise keep writing to the
    stream of the first command that made it."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def _quiet_mkdocs_logging() -> None:
    """MkDocs logs through `logging`; show warnings and errors as plain lines."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def _load(config_file: str, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not Path(config_file).is_file():
        raise UserError(f"{config_file}: no such file; run this in your site folder or pass --config-file")
    try:
        # A copy each time: MkDocs validates the values in place (a `plugins` list becomes
        # plugin objects), and a site in several languages loads the same overrides again.
        return load_config(config_file=config_file, **copy.deepcopy(overrides))
    except ConfigurationError as exc:
        raise UserError(in_file(config_file, exc)) from None


def build_site(config_file: str = "mkdocs.yml", site_dir: str | None = None, strict: bool = True, **overrides) -> Path:
    """Build into a temporary folder, then swap it in place of `site_dir`.

    `overrides` replace configuration keys (the tests use it to turn features off)."""
    from mkdocs.exceptions import Abort, MkDocsException

    from generator.site.plugin import alternate_languages, build_in_language

    _quiet_mkdocs_logging()
    probe = _load(config_file)
    target = Path(site_dir or probe.site_dir).resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target)
        # The builder's process id is in the name, so a later build can tell a dead one's folder.
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-", dir=target.parent))
    except OSError as exc:
        raise UserError(
            f"{target}: cannot write the site there ({exc.strerror or exc}); build into a writable folder with -d"
        ) from None
    try:
        config = _load(config_file, site_dir=str(staging), strict=strict, **overrides)
        build_in_language(config, None)
        _build_one(config)
        # Each further language of the site (the plugin's alternate_languages) is a build of
        # its own into <site>/<lang>/, made before the swap: the site goes live with all of them.
        for language in alternate_languages(config):
            config = _load(config_file, site_dir=str(staging / language), strict=strict, **overrides)
            build_in_language(config, language)
            _build_one(config)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"the build stopped; the previous site in {target} is unchanged.\n{exc}") from None
    except TemplateError as exc:  # before OSError: a missing template is an IOError to Jinja
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(
            f"the build stopped; the previous site in {target} is unchanged.\n{template_problem(exc)}"
        ) from None
    except OSError as exc:  # a full disk, a folder made read-only during the build
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(
            f"the build stopped: cannot write the site ({exc.strerror or exc}); "
            f"the previous site in {target} is unchanged."
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _swap(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(
            f"{target}: cannot put the new site in place ({exc.strerror or exc}); the previous site is unchanged."
        ) from None
    return target


def _build_one(config) -> None:
    from mkdocs.commands.build import build

    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def template_problem(exc: TemplateError) -> str:
    """A theme template's mistake (overrides/main.html, a partial) as one line naming the file
    and line, instead of Jinja's traceback through MkDocs and Material."""
    if isinstance(exc, TemplateNotFound):
        return (
            f"a template asks for {exc.name!r}, which none of the theme's folders has (overrides/ first); "
            "add the file or correct the name"
        )
    where = ""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = f"{_shown(exc.filename)}:{exc.lineno}: "
    else:  # an error while rendering: Jinja puts the template's own frame last in the traceback
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
        where = f"{_shown(frames[-1].filename)}:{frames[-1].lineno}: " if frames else ""
    return f"{where}template error: {exc.message or exc}; correct the template"


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _remove_leftovers(target: Path) -> None:
    """What a killed build left beside the site: staging folders whose builder is gone, and
    the previous site it was swapping out. A running build's staging folder is kept."""
    prefix = f".{target.name}.building-"
    for path in target.parent.glob(prefix + "*"):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(path, ignore_errors=True)
    old = sorted(target.parent.glob(f".{target.name}.old-*"))
    if old and not target.exists():
        old.pop().rename(target)  # killed between the swap's two renames: the previous site goes back
    for path in old:
        shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _swap(new: Path, target: Path, remove_old: Callable[[Path], None] | None = None) -> None:
    """Put `new` where `target` is, keeping the old site until the new one is in place.
    `remove_old` deletes the replaced site (by default at once)."""
    remove = remove_old or (lambda old: shutil.rmtree(old, ignore_errors=True))
    os.chmod(new, 0o755)
    if target.is_dir() and not target.is_symlink() and exchange(new, target):
        remove(new)  # `new` now holds the old site; a kill here leaves it as a dead build's
        return  # folder, removed next time
    # No atomic exchange (not Linux, or a file system without it): two renames. A kill
    # between them leaves the old site beside it, and the next build puts it back.
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{int(time.time() * 1000)}")
        target.rename(old)
    new.rename(target)
    if old:
        remove(old)


def _in_background(old: Path) -> None:
    """The preview deletes a replaced site after the browser has reloaded, not before: the
    folder lives in the preview's temporary folder, which is removed when it stops."""
    threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True).start()


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2 RENAME_EXCHANGE); False when the
    system or the file system cannot, so the caller falls back to renames."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def serve_site(config_file: str = "mkdocs.yml", address: str = "127.0.0.1:8000") -> None:
    """The live preview: rebuilds when a ladder, a page, an override or mkdocs.yml changes.

    MkDocs' own `serve`, with one difference: a rebuild that fails (a typo in mkdocs.yml, a
    template error) prints one message instead of a traceback and the last good site stays
    served. Bad ladders and brand settings never get that far: the plugin keeps the last
    good version of them while serving and prints their FILE:LINE messages."""
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException
    from mkdocs.livereload import LiveReloadServer

    from generator.site.plugin import NOT_REBUILT

    _quiet_mkdocs_logging()
    _stop_on_sigterm()
    log = logging.getLogger("mkdocs")
    log.setLevel(logging.INFO)
    parent = tempfile.mkdtemp(prefix="ladderkit-preview-")
    site_dir = os.path.join(parent, "site")
    os.mkdir(site_dir)

    def load():
        return _load(config_file, site_dir=site_dir, dev_addr=address)

    def build_into_place(config):
        """Build beside the served folder and swap it in: a build that fails half-way
        (after MkDocs cleaned its output) must not leave the preview empty."""
        staging = tempfile.mkdtemp(prefix=".site.building-", dir=parent)
        config.site_dir = staging
        config.site_url = serve_url
        try:
            build(config, serve_url=serve_url)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap(Path(staging), Path(site_dir), remove_old=_in_background)

    config = load()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = "/" + urlsplit(config.site_url or "/").path.strip("/")
    serve_url = f"http://{host}:{port}{mount_path.rstrip('/')}/"

    failed = [False]  # the last rebuild failed: say so last, and nothing that reads like success

    def builder(config=None):
        log.info("Building the preview...")
        failed[0] = False
        try:
            build_into_place(config or load())
        except (UserError, MkDocsException) as exc:
            failed[0] = True
            log.error("%s\n%s", exc, NOT_REBUILT)
        except TemplateError as exc:
            failed[0] = True
            log.error("%s\n%s", template_problem(exc), NOT_REBUILT)

    def not_after_a_failure(record: logging.LogRecord) -> bool:
        plugin = config.plugins.get("ladderkit")
        kept = failed[0] or bool(plugin and getattr(plugin, "kept_last_good", False))
        # MkDocs' live-reload server puts the time first: "[23:08:20] Reloading browsers".
        message = re.sub(r"^\[[\d:]+\] ", "", record.getMessage())
        return not (kept and message.startswith(("Documentation built", "Reloading browsers")))

    for handler in logging.getLogger("mkdocs").handlers:
        handler.addFilter(not_after_a_failure)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    server.error_handler = lambda code: _error_page(site_dir, code)
    try:
        try:
            build_into_place(config)  # the first build must succeed: there is nothing to fall back on
        except MkDocsException as exc:
            raise UserError(f"the preview did not start.\n{exc}") from None
        except TemplateError as exc:
            raise UserError(f"the preview did not start.\n{template_problem(exc)}") from None
        for path in (config.docs_dir, config.config_file_path, config.theme.custom_dir, *config.watch):
            if path:
                server.watch(path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Stopped.")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(parent, ignore_errors=True)


def _error_page(site_dir: str, code: int) -> bytes | None:
    """The site's own 404 page, as MkDocs' serve does."""
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _stop_on_sigterm() -> None:
    """A terminated preview (a closed terminal, a test) shuts down like Ctrl+C and cleans up."""
    import signal
    import threading

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)
