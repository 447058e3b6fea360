"""Brand settings: read once from the plugin's options, feeding the site CSS and the print CSS.

`Brand` is the single source of the coach's name, colours, logo, contact, call to action,
footer, paper size and fonts. `brand_css_variables` turns it into CSS custom properties used
by both the site stylesheet and the print stylesheet, so screen and paper match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import UserError

PAPER_SIZES = ("A4", "Letter")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class CallToAction:
    text: str = ""
    link: str = ""


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""
    website: str = ""


@dataclass(frozen=True)
class Brand:
    name: str = "ladderkit"
    logo: str = ""  # path relative to the site's docs_dir or repository root; "" = none
    primary: str = "#1f4e79"
    accent: str = "#e07a1f"
    contact: Contact = field(default_factory=Contact)
    call_to_action: CallToAction = field(default_factory=CallToAction)
    footer: str = ""
    paper: str = "A4"
    fonts: tuple[tuple[str, str], ...] = ()  # (family, path to a local .woff2/.ttf/.otf)


def check_colour(value: object, setting: str) -> str:
    if not isinstance(value, str) or not _HEX.match(value):
        raise UserError(f"brand setting '{setting}': {value!r} is not a colour; use a hex value such as '#1f4e79'")
    return value.lower()


def brand_css_variables(brand: Brand) -> str:
    """CSS custom properties shared by the site and print stylesheets."""
    return (
        ":root {\n"
        f"  --lk-primary: {brand.primary};\n"
        f"  --lk-accent: {brand.accent};\n"
        "}\n"
    )


_KEYS = {"name", "logo", "primary", "accent", "contact", "call_to_action", "footer", "paper", "fonts"}
_CONTACT_KEYS = {"email", "phone", "website"}
_CTA_KEYS = {"text", "link"}
_FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")


def _unknown(given: dict, allowed: set, where: str) -> None:
    import difflib

    for key in given:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(sorted(allowed))}"
            raise UserError(f"brand setting '{where}{key}' is not known{hint}")


def _text(value: object, setting: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise UserError(f"brand setting '{setting}' must be text, got {type(value).__name__}")
    return str(value)


def load_brand(options: dict | None, root) -> Brand:
    """Validate the `brand:` mapping from mkdocs.yml; `root` is the folder of mkdocs.yml.

    Raises UserError naming the setting for a bad colour, a missing logo or font file,
    an unknown key or a wrong type.
    """
    from pathlib import Path

    options = options or {}
    if not isinstance(options, dict):
        raise UserError("brand settings must be a mapping of keys (name, logo, primary, …)")
    _unknown(options, _KEYS, "")
    contact = options.get("contact") or {}
    cta = options.get("call_to_action") or {}
    for value, allowed, where in ((contact, _CONTACT_KEYS, "contact."), (cta, _CTA_KEYS, "call_to_action.")):
        if not isinstance(value, dict):
            raise UserError(f"brand setting '{where[:-1]}' must be a mapping with keys {', '.join(sorted(allowed))}")
        _unknown(value, allowed, where)
    root = Path(root)
    logo = _text(options.get("logo"), "logo")
    if logo and not _find(root, logo):
        raise UserError(f"brand setting 'logo': file '{logo}' not found (looked in {root} and its docs folder)")
    paper = _text(options.get("paper") or "A4", "paper")
    if paper not in PAPER_SIZES:
        raise UserError(f"brand setting 'paper': '{paper}' is not a paper size; use A4 or Letter")
    fonts = []
    for i, font in enumerate(options.get("fonts") or []):
        if not isinstance(font, dict) or set(font) != {"family", "path"}:
            raise UserError(f"brand setting 'fonts[{i}]' must be a mapping with 'family' and 'path'")
        path = _text(font["path"], f"fonts[{i}].path")
        if not path.lower().endswith(_FONT_SUFFIXES) or not _find(root, path):
            raise UserError(f"brand setting 'fonts[{i}].path': font file '{path}' not found "
                            f"(use a local {', '.join(_FONT_SUFFIXES)} file)")
        fonts.append((_text(font["family"], f"fonts[{i}].family"), path))
    return Brand(
        name=_text(options.get("name"), "name") or Brand.name,
        logo=logo,
        primary=check_colour(options.get("primary", Brand.primary), "primary"),
        accent=check_colour(options.get("accent", Brand.accent), "accent"),
        contact=Contact(**{k: _text(v, f"contact.{k}") for k, v in contact.items()}),
        call_to_action=CallToAction(**{k: _text(v, f"call_to_action.{k}") for k, v in cta.items()}),
        footer=_text(options.get("footer"), "footer"),
        paper=paper,
        fonts=tuple(fonts),
    )


def _find(root, relative: str):
    """A brand file may sit beside mkdocs.yml or inside the docs folder (content/)."""
    for base in (root, root / "content"):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    return None


def resolve_file(root, relative: str):
    """Absolute path of a brand file (logo, font), or None."""
    from pathlib import Path

    return _find(Path(root), relative)


def font_face_css(brand: Brand, url_prefix: str) -> str:
    """@font-face rules for the brand's local font files, and the families to use.

    `url_prefix` is where the font files are served from, relative to the stylesheet's
    folder for the site, or an absolute file path for print.
    """
    from pathlib import PurePosixPath

    if not brand.fonts:
        return ""
    formats = {".woff2": "woff2", ".woff": "woff", ".ttf": "truetype", ".otf": "opentype"}
    rules = []
    for family, path in brand.fonts:
        name = PurePosixPath(path).name
        fmt = formats[PurePosixPath(path).suffix.lower()]
        rules.append(f'@font-face {{ font-family: "{family}"; src: url("{url_prefix}/{name}") format("{fmt}"); }}\n')
    first = brand.fonts[0][0]
    rules.append(f':root {{ --md-text-font-family: "{first}"; --lk-font: "{first}", sans-serif; }}\n'
                 f'body, .md-typeset {{ font-family: "{first}", -apple-system, "Segoe UI", sans-serif; }}\n')
    return "".join(rules)
