"""`ladderkit new DIR`: a complete coach site from the starter files in generator/commands/starter/.

The starter is a working site — mkdocs.yml with brand settings, a home page, one small
ladder, an overrides/ example, a .gitignore and a sample publishing workflow — so that
`ladderkit check` and `ladderkit build` succeed straight away. Only the brand name is
filled in; everything else is edited by the coach afterwards.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

from generator.errors import UserError

# Package data skips dot-files, so the starter keeps them under visible names.
RENAMES = {"gitignore": ".gitignore", "github": ".github"}
PLACEHOLDER = "__NAME__"
# Publishing files pin the ladderkit that made the site, so a host builds it the same way.
VERSION_PLACEHOLDER = "__LADDERKIT_VERSION__"


def default_name(target: Path) -> str:
    """`acme-coaching` → `Acme Coaching`: a readable brand name from the folder's name."""
    words = [w for w in re.split(r"[-_\s]+", target.resolve().name) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or "My Coaching"


def _fill(text: str, suffix: str, name: str) -> str:
    from generator import __version__

    text = text.replace(VERSION_PLACEHOLDER, __version__)
    return _fill_name(text, suffix, name)


def _fill_name(text: str, suffix: str, name: str) -> str:
    """The brand name, escaped for where it lands: a double-quoted YAML string or Markdown."""
    if suffix == ".yml":
        # A JSON string body is a valid YAML double-quoted string body.
        return text.replace(PLACEHOLDER, json.dumps(name, ensure_ascii=False)[1:-1])
    if suffix == ".md":
        return text.replace(PLACEHOLDER, html.escape(name, quote=False))
    return text


def _starter_files(folder=None, prefix: tuple[str, ...] = ()):
    """(relative parts, traversable file) for every starter file, in a stable order."""
    folder = folder or resources.files("generator.commands") / "starter"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        parts = prefix + (RENAMES.get(entry.name, entry.name) if not prefix else entry.name,)
        if entry.is_dir():
            yield from _starter_files(entry, parts)
        else:
            yield parts, entry


def create_site(target: Path | str, name: str | None = None) -> list[Path]:
    """Write the starter site into `target` (new or empty); return the files written."""
    from generator.ladder.schema import render as render_schema

    target = Path(target)
    if target.exists() and not target.is_dir():
        raise UserError(f"{target}: is a file; give a folder name for the new site")
    if target.is_dir() and any(target.iterdir()):
        raise UserError(
            f"{target}: the folder is not empty; ladderkit new only writes into a new or empty "
            "folder, so nothing of yours is overwritten"
        )
    name = (name or "").strip() or default_name(target)
    written = []
    for parts, source in _starter_files():
        path = target.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".yml", ".md", ".html", ".toml"):
            path.write_text(_fill(source.read_text(encoding="utf-8"), path.suffix, name), encoding="utf-8")
        else:
            path.write_bytes(source.read_bytes())
        written.append(path)
    # The schema comes from the validator's own tables, so it matches this ladderkit exactly.
    schema = target / "ladders" / "ladder.schema.json"
    schema.write_text(render_schema(), encoding="utf-8")
    written.append(schema)
    return written
