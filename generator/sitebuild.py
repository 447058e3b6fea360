"""`ladderkit build` and `ladderkit serve`: MkDocs driven from Python, with safety.

A build goes into a temporary folder beside the site and replaces the old site only when
it succeeded, so a failed build (a bad ladder found late, an interrupted process) leaves
the previous site complete and untouched.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from .errors import UserError


def _quiet_mkdocs_logging() -> None:
    """MkDocs logs through `logging`; show warnings and errors as plain lines."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_ladderkit", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler._ladderkit = True
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def _load(config_file: str, **overrides):
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    if not Path(config_file).is_file():
        raise UserError(f"{config_file}: no such file; run this in your site folder or pass --config-file")
    try:
        return load_config(config_file=config_file, **overrides)
    except ConfigurationError as exc:
        raise UserError(f"{config_file}: {exc}") from None


def build_site(config_file: str = "mkdocs.yml", site_dir: str | None = None, strict: bool = True,
               **overrides) -> Path:
    """Build into a temporary folder, then swap it in place of `site_dir`.

    `overrides` replace configuration keys (the tests use it to turn features off)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    _quiet_mkdocs_logging()
    probe = _load(config_file)
    target = Path(site_dir or probe.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        config = _load(config_file, site_dir=str(staging), strict=strict, **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"the build stopped; the previous site in {target} is unchanged.\n{exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    return target


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is, keeping the old site until the new one is in place."""
    os.chmod(new, 0o755)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{int(time.time() * 1000)}")
        target.rename(old)
    new.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(config_file: str = "mkdocs.yml", address: str = "127.0.0.1:8000") -> None:
    """The live preview: rebuilds when a ladder, a page or mkdocs.yml changes."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, MkDocsException

    _quiet_mkdocs_logging()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    _load(config_file)
    try:
        serve(config_file=config_file, dev_addr=address, livereload=True)
    except (Abort, MkDocsException) as exc:
        raise UserError(str(exc)) from None
