"""Characters the PDFs cannot draw, found before rendering.

WeasyPrint draws a character with the document's fonts (the brand's, then DejaVu Sans) or any
installed font fontconfig offers for it; a character no font has becomes an empty box, and the
strict build stopped with one ".notdef" warning per character and PDF (257 lines for one
Chinese ladder). This names each ladder once instead: its file and line, the characters,
and the fix.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from generator.ladder.model import to_dict
from generator.ladder.yamlio import strings

PRINT_FONT = "DejaVu Sans"  # the print stylesheet's own font (fonts-dejavu-core)


@cache
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # an unreadable font covers nothing; WeasyPrint will say why
        return frozenset()


@cache
def _installed_cover(char: str) -> tuple[str, ...]:
    """Families of installed fonts that have the character (fontconfig), if fc-list exists."""
    if not shutil.which("fc-list"):
        return ()
    out = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True)
    return tuple(sorted({line.split(",")[0].strip() for line in out.stdout.splitlines() if line.strip()}))


@cache
def _print_font_file() -> str:
    if not shutil.which("fc-match"):
        return ""
    out = subprocess.run(["fc-match", "-f", "%{file}", PRINT_FONT], capture_output=True, text=True)
    return out.stdout.strip()


def _drawable(char: str) -> bool:
    return ord(char) < 0x80 or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def missing(ladder, brand_fonts: list[Path]) -> list[str]:
    """The characters of a ladder no font can draw in a PDF, in order of first use."""
    covered: set[int] = set()
    for path in [*map(str, brand_fonts), _print_font_file()]:
        if path:
            covered |= _cmap(path)
    seen: dict[str, None] = {}
    for text in strings(to_dict(ladder)):
        for char in text:
            if not _drawable(char) and ord(char) not in covered and char not in seen and not _installed_cover(char):
                seen[char] = None
    return list(seen)


def message(ladder, chars: list[str], display: str) -> str:
    line = _first_line(ladder.path, chars)
    shown = ", ".join(chars[:12]) + (f" and {len(chars) - 12} more" if len(chars) > 12 else "")
    codes = ", ".join(f"U+{ord(c):04X}" for c in chars[:12])
    return (
        f"{display}{f':{line}' if line else ''}: the PDFs cannot draw {shown} ({codes}): no installed font has "
        "them. Add a brand font that covers them (brand: fonts: in mkdocs.yml, for example Noto Sans CJK for "
        "Chinese, Japanese and Korean), or install one on this computer (Debian: fonts-noto-cjk, "
        "fonts-noto-color-emoji); `fc-list ':charset=XXXX'` names the installed fonts that have a character"
    )


def _first_line(path: str, chars: list[str]) -> int:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((i for i, line in enumerate(lines, 1) if any(c in line for c in chars)), 0)
