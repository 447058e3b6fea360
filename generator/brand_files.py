"""Brand files (the logo, fonts) checked for what they are before they are published.

A logo is copied into the site and served from its origin, and into every PDF; a font is
served to every visitor. So a file must be what its name says, by its first bytes (not by
its name); an SVG logo must be a picture only (no scripts, event handlers, external
references or foreignObject), since opening /assets/ladderkit/logo.svg would run anything
else in the site's origin; and a path must stay inside the project.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import UserError

LOGO_WARN_BYTES = 1024 * 1024  # every PDF carries the logo: a big one makes every PDF big
FONT_WARN_BYTES = 2 * 1024 * 1024

_RASTER = {  # suffix -> (name, test of the first bytes)
    ".png": ("PNG", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG", lambda b: b.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG", lambda b: b.startswith(b"\xff\xd8\xff")),
    ".gif": ("GIF", lambda b: b[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("WebP", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
}
_FONTS = {
    ".ttf": ("TrueType", lambda b: b[:4] in (b"\x00\x01\x00\x00", b"true")),
    ".otf": ("OpenType", lambda b: b[:4] in (b"OTTO", b"\x00\x01\x00\x00")),
    ".woff": ("WOFF", lambda b: b[:4] == b"wOFF"),
    ".woff2": ("WOFF2", lambda b: b[:4] == b"wOF2"),
}
LOGO_SUFFIXES = (*_RASTER, ".svg")

# In an SVG: elements that run or embed other content, and animations that could set a link.
_SVG_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_SVG_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


def inside(path: Path, base: Path) -> bool:
    """Whether `path` (links followed) lies inside `base`: a brand file outside the project is
    never published, so a `../../../etc/passwd` logo cannot leak a file of the machine."""
    try:
        path.resolve().relative_to(base.resolve())
        return True
    except ValueError:
        return False


def check_logo(path: Path, setting: str, shown: str) -> list[str]:
    """Refuse a logo that is not the image its name says; return warnings (size)."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".svg":
        problem = svg_problem(data)
        if problem:
            raise UserError(f"{setting}: '{shown}' {problem}; export the logo again as a plain SVG or as a PNG")
    elif suffix in _RASTER:
        kind, test = _RASTER[suffix]
        if not test(data[:16]):
            raise UserError(
                f"{setting}: '{shown}' is not a {kind} image (its first bytes say otherwise); "
                f"give a real {kind} file or rename it to what it is"
            )
    else:
        raise UserError(
            f"{setting}: '{shown}' is not an image ladderkit publishes; use a {', '.join(LOGO_SUFFIXES)} file"
        )
    return _size_warning(len(data), LOGO_WARN_BYTES, setting, shown, "every PDF and page carries it")


def check_font(path: Path, setting: str, shown: str) -> list[str]:
    suffix = path.suffix.lower()
    data = path.read_bytes()
    kind, test = _FONTS[suffix]
    if not test(data[:4]):
        raise UserError(
            f"{setting}: '{shown}' is not a {kind} font (its first bytes say otherwise); give the font file itself"
        )
    return _size_warning(len(data), FONT_WARN_BYTES, setting, shown, "every visitor downloads it")


def _size_warning(size: int, limit: int, setting: str, shown: str, why: str) -> list[str]:
    if size <= limit:
        return []
    return [
        f"{setting}: '{shown}' is {size / 1024 / 1024:.1f} MB ({why}); "
        f"a file under {limit // 1024 // 1024} MB keeps the site and PDFs small"
    ]


def svg_problem(data: bytes) -> str:
    """What makes an SVG more than a picture ("" when it is only one)."""
    import xml.etree.ElementTree as ET

    text = data.decode("utf-8", errors="replace")
    if "<!ENTITY" in text.upper():
        return "declares XML entities"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"is not a readable SVG ({exc})"
    if _local(root.tag) != "svg":
        return "is not an SVG image (its first element is not <svg>)"
    for el in root.iter():
        tag = _local(el.tag).lower()
        if tag in _SVG_FORBIDDEN:
            return f"contains a <{_local(el.tag)}> element"
        if tag == "style" and (_EXTERNAL_URL.search(el.text or "") or "@import" in (el.text or "")):
            return "has a style that loads another file"
        for name, value in el.attrib.items():
            attr = _local(name).lower()
            if attr.startswith("on"):
                return f"has an event handler ({_local(name)}=…) on <{_local(el.tag)}>"
            if attr == "href" and not value.strip().startswith("#"):
                return f"links to an outside resource ({value.strip()[:60]})"
            if attr == "style" and _EXTERNAL_URL.search(value):
                return "has a style that loads another file"
            if (
                tag in _SVG_ANIMATIONS
                and attr == "attributename"
                and (value.lower().endswith("href") or value.lower().startswith("on"))
            ):
                return f"has an animation that changes {value}"
    return ""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]
