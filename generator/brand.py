"""Brand settings: read once from the plugin's options, feeding the site CSS and the print CSS.

`Brand` is the single source of the coach's name, colours, logo, contact, call to action,
footer, paper size and fonts. `brand_css_variables` turns it into CSS custom properties used
by both the site stylesheet and the print stylesheet, so screen and paper match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.brand_files import check_font, check_logo, inside
from generator.errors import UserError
from generator.markup.text import css_string, url_problem

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
    # What the build should say about the files (a logo over 1 MB, say); not part of the brand's identity.
    warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)


def check_colour(value: object, setting: str) -> str:
    if not isinstance(value, str) or not _HEX.match(value):
        raise UserError(f"{setting}: {value!r} is not a colour; use #rrggbb" + (' in quotes ("#1f4e79"): without them, # starts a YAML comment' if value is None else ""))
    return value.lower()


def _on_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on the colour (WCAG relative luminance)."""
    digits = hex_colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Contrast against white is 1.05/(L+0.05); against black (L+0.05)/0.05: pick the larger.
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "#000000"


def brand_css_variables(brand: Brand) -> str:
    """CSS custom properties shared by the site and print stylesheets.

    --lk-on-primary / --lk-on-accent are the text colours that stay readable on the brand
    colours, so a light brand colour still gets a legible header and buttons."""
    return (
        ":root {\n"
        f"  --lk-primary: {brand.primary};\n"
        f"  --lk-accent: {brand.accent};\n"
        f"  --lk-on-primary: {_on_colour(brand.primary)};\n"
        f"  --lk-on-accent: {_on_colour(brand.accent)};\n"
        "}\n"
    )


# The brand settings, as a person writes them under `brand:`; the docs test reads these tables.
KEYS = ("name", "logo", "primary", "accent", "contact", "call_to_action", "footer", "paper", "fonts")
CONTACT_KEYS = ("email", "phone", "website")
CTA_KEYS = ("text", "link")
FONT_KEYS = ("family", "path")
_FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")


def all_settings() -> list[str]:
    """Every brand setting path, e.g. 'contact.email' or 'fonts[].path'."""
    return ([*KEYS] + [f"contact.{k}" for k in CONTACT_KEYS] + [f"call_to_action.{k}" for k in CTA_KEYS]
            + [f"fonts[].{k}" for k in FONT_KEYS])


def unknown_key(given: dict, allowed, where: str) -> None:
    """Raise for the first key not in `allowed`, with a "did you mean …?" when one is close."""
    import difflib

    for key in given:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known settings: {', '.join(sorted(allowed))}"
            raise UserError(f"{where}{key}: unknown setting; {hint}")


def _text(value: object, setting: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise UserError(f"{setting}: expected text, got {_kind(value)}")
    return str(value)


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def _mapping(value: object, setting: str, allowed) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UserError(f"{setting}: expected a mapping with keys {', '.join(allowed)}, got {_kind(value)}")
    unknown_key(value, allowed, f"{setting}.")
    return value


def load_brand(options: dict | None, root, docs_dir=None, prefix: str = "brand") -> Brand:
    """Validate the `brand:` mapping from mkdocs.yml; `root` is the folder of mkdocs.yml.

    Logo and font files are looked up beside mkdocs.yml, then in `docs_dir` (default
    root/content). Raises UserError naming the setting (`prefix.key: message`) for a bad
    colour, a missing logo or font file, an unknown key or a wrong type.
    """
    from pathlib import Path

    root = Path(root)
    bases = (root, Path(docs_dir) if docs_dir else root / "content")
    options = _mapping(options, prefix, KEYS)
    contact = _mapping(options.get("contact"), f"{prefix}.contact", CONTACT_KEYS)
    cta = _mapping(options.get("call_to_action"), f"{prefix}.call_to_action", CTA_KEYS)
    logo = _text(options.get("logo"), f"{prefix}.logo")
    warnings: list[str] = []
    if logo:
        warnings += check_logo(_existing(bases, logo, f"{prefix}.logo"), f"{prefix}.logo", logo)
    contact_values = {k: _text(v, f"{prefix}.contact.{k}") for k, v in contact.items()}
    cta_values = {k: _text(v, f"{prefix}.call_to_action.{k}") for k, v in cta.items()}
    for setting, link in ((f"{prefix}.call_to_action.link", cta_values.get("link", "")),
                          (f"{prefix}.contact.website", contact_values.get("website", ""))):
        if link and url_problem(link):
            raise UserError(f"{setting}: {url_problem(link)}")
    fonts = _fonts(options.get("fonts"), bases, f"{prefix}.fonts", warnings)
    paper = _text(options.get("paper") or "A4", f"{prefix}.paper")
    if paper not in PAPER_SIZES:
        raise UserError(f"{prefix}.paper: '{paper}' is not a paper size; use {' or '.join(PAPER_SIZES)}")
    return Brand(
        name=_text(options.get("name"), f"{prefix}.name") or Brand.name,
        logo=logo,
        primary=check_colour(options.get("primary", Brand.primary), f"{prefix}.primary"),
        accent=check_colour(options.get("accent", Brand.accent), f"{prefix}.accent"),
        contact=Contact(**contact_values),
        call_to_action=CallToAction(**cta_values),
        footer=_text(options.get("footer"), f"{prefix}.footer"),
        paper=paper,
        fonts=fonts,
        warnings=tuple(warnings),
    )


# A family name reaches CSS: letters, digits, spaces, dots and hyphens only, so it cannot end a rule.
_FAMILY = re.compile(r"^\w[\w .\-]*$")


def _fonts(value: object, bases, setting: str, warnings: list[str]) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise UserError(f"{setting}: expected a list of {{family, path}}, got {_kind(value)}")
    fonts = []
    for i, font in enumerate(value):
        where = f"{setting}[{i}]"
        font = _mapping(font, where, FONT_KEYS)
        for key in FONT_KEYS:
            if not font.get(key):
                raise UserError(f"{where}.{key}: missing; each font needs a family and a path")
        path = _text(font["path"], f"{where}.path")
        if not path.lower().endswith(_FONT_SUFFIXES):
            raise UserError(f"{where}.path: '{path}' is not a font file; use a {', '.join(_FONT_SUFFIXES)} file")
        warnings += check_font(_existing(bases, path, f"{where}.path"), f"{where}.path", path)
        family = _text(font["family"], f"{where}.family").strip()
        if not _FAMILY.match(family) or "_" in family:
            raise UserError(f"{where}.family: {family!r} is not a font family name; use letters, digits, "
                            "spaces, dots and hyphens (for example: Source Sans 3)")
        fonts.append((family, path))
    return tuple(fonts)


def _find(bases, relative: str):
    """A brand file may sit beside mkdocs.yml or inside the docs folder (content/), never outside both."""
    for base in bases:
        candidate = base / relative
        if candidate.is_file() and inside(candidate, base):
            return candidate
    return None


def _existing(bases, relative: str, setting: str):
    found = _find(bases, relative)
    if found:
        return found
    if any((base / relative).is_file() for base in bases):
        raise UserError(f"{setting}: '{relative}' is outside the project; put the file beside mkdocs.yml "
                        f"or in {bases[1].name}/ (ladderkit publishes only files of the project)")
    raise UserError(f"{setting}: file '{relative}' not found beside mkdocs.yml or in {bases[1].name}/")


def resolve_file(root, relative: str, docs_dir=None):
    """Absolute path of a brand file (logo, font), or None."""
    from pathlib import Path

    return _find((Path(root), Path(docs_dir) if docs_dir else Path(root) / "content"), relative)


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
        rules.append(f'@font-face {{ font-family: {css_string(family)}; src: url({css_string(f"{url_prefix}/{name}")}) '
                     f'format("{fmt}"); }}\n')
    first = css_string(brand.fonts[0][0])
    rules.append(f':root {{ --md-text-font-family: {first}; --lk-font: {first}, sans-serif; }}\n'
                 f'body, .md-typeset {{ font-family: {first}, -apple-system, "Segoe UI", sans-serif; }}\n')
    return "".join(rules)
