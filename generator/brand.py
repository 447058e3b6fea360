"""Brand settings: read once from the plugin's options, feeding the site CSS and the print CSS.

`Brand` is the single source of the coach's name, colours, logo, contact, call to action,
footer, paper size and fonts. `brand_css_variables` turns it into CSS custom properties used
by both the site stylesheet and the print stylesheet, so screen and paper match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from generator.brand_files import check_font, check_logo, inside
from generator.errors import UserError, UserErrors
from generator.markup.text import css_string, url_problem
from generator.vocab import Checker, Enum, Key, KeyPath, List, Obj, Pattern, Text, all_keys, optional, required

if TYPE_CHECKING:
    from pathlib import Path

PAPER_SIZES = ("A4", "Letter")
# A font file's suffix and its CSS format() name, for the site's and the print @font-face rules.
FONT_FORMATS = {".woff2": "woff2", ".woff": "woff", ".ttf": "truetype", ".otf": "opentype"}


class FontFile(Text):
    """The path of a local font file WeasyPrint and browsers can load."""

    def check(self, c: Checker, value: object, path: KeyPath) -> bool:
        if not super().check(c, value, path):
            return False
        if not str(value).lower().endswith(tuple(FONT_FORMATS)):
            c.err(path, f"'{value}' is not a font file; use a {', '.join(FONT_FORMATS)} file")
            return False
        return True


# The brand settings, as a person writes them under `brand:`; the docs test reads them
# (all_settings). A setting written with nothing after it (`footer:`) counts as not given,
# except a colour: `primary: #1f4e79` without quotes is a YAML comment, so it says so.
_SETTING = Text(empty_ok=True)
_COLOUR = Pattern(
    r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$",
    "a colour",
    "use #rrggbb",
    'a colour such as "#1f4e79", in quotes: without them, # starts a YAML comment',
)


def _settings(keys: dict[str, Key], noun: str) -> Obj:
    return Obj(keys, noun, word="setting", list_known=True)


CONTACT = _settings({k: optional(_SETTING, "", blank=True) for k in ("email", "phone", "website")}, "contact details")
CALL_TO_ACTION = _settings({k: optional(_SETTING, "", blank=True) for k in ("text", "link")}, "call to action")
FONT = _settings({"family": required(Text()), "path": required(FontFile(what="the path of a font file"))}, "font")
BRAND = _settings(
    {
        "name": optional(_SETTING, "ladderkit", blank=True),
        "logo": optional(_SETTING, "", blank=True),  # path relative to mkdocs.yml or the docs folder; "" = none
        "primary": optional(_COLOUR, "#1f4e79"),
        "accent": optional(_COLOUR, "#e07a1f"),
        "contact": optional(CONTACT, {}, blank=True),
        "call_to_action": optional(CALL_TO_ACTION, {}, blank=True),
        "footer": optional(_SETTING, "", blank=True),
        "paper": optional(Enum(PAPER_SIZES, "paper size"), "A4", blank=True),
        "fonts": optional(List(FONT, noun="fonts"), (), blank=True),
    },
    "brand settings",
)


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
    name: str = BRAND.default("name", str)
    logo: str = ""  # path relative to the site's docs_dir or repository root; "" = none
    primary: str = BRAND.default("primary", str)
    accent: str = BRAND.default("accent", str)
    contact: Contact = field(default_factory=Contact)
    call_to_action: CallToAction = field(default_factory=CallToAction)
    footer: str = ""
    paper: str = BRAND.default("paper", str)
    fonts: tuple[tuple[str, str], ...] = ()  # (family, path to a local .woff2/.ttf/.otf)
    # What the build should say about the files (a logo over 1 MB, say); not part of the brand's identity.
    warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)


def _on_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on the colour (WCAG relative luminance)."""
    digits = hex_colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
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


def all_settings() -> list[str]:
    """Every brand setting path, e.g. 'contact.email' or 'fonts[].path'."""
    return sorted(all_keys(BRAND))


def _text(obj: Obj, data: Mapping[str, object], key: str) -> str:
    return str(obj.get(data, key))


def load_brand(
    options: Mapping[str, object] | None,
    root: str | Path,
    docs_dir: str | Path | None = None,
    prefix: str = "brand",
    file: str = "",
) -> Brand:
    """Validate the `brand:` mapping from mkdocs.yml; `root` is the folder of mkdocs.yml.

    Logo and font files are looked up beside mkdocs.yml, then in `docs_dir` (default
    root/content). Raises UserErrors naming every bad setting at once (`[file: ]prefix.key:
    message`): a bad colour, a missing logo or font file, an unknown key or a wrong type.
    """
    from pathlib import Path

    root = Path(root)
    bases = (root, Path(docs_dir) if docs_dir else root / "content")
    options = {} if options is None else options
    here = tuple(prefix.split("."))
    c = Checker(file)
    warnings: list[str] = []
    if BRAND.check(c, options, here):
        warnings = _check_files(c, options, here, bases)
        _check_links_and_families(c, options, here)
    if c.errors:
        raise UserErrors(c.errors)
    # Checked above: these are mappings (or blank) and fonts a list of mappings (or blank).
    contact = cast("Mapping[str, object]", options.get("contact") or {})
    cta = cast("Mapping[str, object]", options.get("call_to_action") or {})
    fonts = cast("Sequence[Mapping[str, object]]", BRAND.get(options, "fonts"))
    return Brand(
        name=_text(BRAND, options, "name") or BRAND.default("name", str),
        logo=_text(BRAND, options, "logo"),
        primary=str(BRAND.get(options, "primary")).lower(),
        accent=str(BRAND.get(options, "accent")).lower(),
        contact=Contact(**{k: _text(CONTACT, contact, k) for k in CONTACT.keys}),
        call_to_action=CallToAction(**{k: _text(CALL_TO_ACTION, cta, k) for k in CALL_TO_ACTION.keys}),
        footer=_text(BRAND, options, "footer"),
        paper=str(BRAND.get(options, "paper")),
        fonts=tuple((str(f["family"]).strip(), str(f["path"])) for f in fonts),
        warnings=tuple(warnings),
    )


def _setting(path: KeyPath) -> str:
    """A key path as the coach reads it: plugins.ladderkit.brand.fonts[0].path."""
    return ".".join(str(p) for p in path).replace(".[", "[")


def _check_files(c: Checker, options: Mapping[str, object], here: KeyPath, bases: tuple[Path, Path]) -> list[str]:
    """The logo and font files exist inside the project and are what their names say (for
    settings whose shape is already right); returns warnings (sizes)."""
    given = options.get("fonts")
    fonts = given if isinstance(given, list) else []
    files = [(here + ("logo",), options.get("logo"), check_logo)] + [
        (here + ("fonts", i, "path"), font.get("path"), check_font)
        for i, font in enumerate(fonts)
        if isinstance(font, dict)
    ]
    warnings: list[str] = []
    for path, value, check in files:
        if value in (None, "") or not c.ok(path):
            continue
        found = _find(bases, str(value))
        if not found:
            if any((base / str(value)).is_file() for base in bases):
                c.err(
                    path,
                    f"'{value}' is outside the project; put the file beside mkdocs.yml or in "
                    f"{bases[1].name}/ (ladderkit publishes only files of the project)",
                )
            else:
                c.err(path, f"file '{value}' not found beside mkdocs.yml or in {bases[1].name}/")
            continue
        setting = _setting(path)
        try:
            warnings += check(found, setting, str(value))
        except UserError as exc:  # what the file is, by its first bytes
            c.err(path, str(exc).removeprefix(f"{setting}: "))
    return warnings


# A family name reaches CSS: letters, digits, spaces, dots and hyphens only, so it cannot end a rule.
_FAMILY = re.compile(r"^\w[\w .\-]*$")


def _check_links_and_families(c: Checker, options: Mapping[str, object], here: KeyPath) -> None:
    """Links a visitor follows use allowed schemes; font family names cannot break out of CSS."""
    given = options.get("contact")
    contact = given if isinstance(given, dict) else {}
    given = options.get("call_to_action")
    cta = given if isinstance(given, dict) else {}
    for path, link in (
        (here + ("call_to_action", "link"), cta.get("link")),
        (here + ("contact", "website"), contact.get("website")),
    ):
        if link not in (None, "") and c.ok(path) and url_problem(str(link)):
            c.err(path, url_problem(str(link)))
    given = options.get("fonts")
    fonts = given if isinstance(given, list) else []
    for i, font in enumerate(fonts):
        if not isinstance(font, dict) or font.get("family") in (None, ""):
            continue
        family = str(font["family"]).strip()
        if not _FAMILY.match(family) or "_" in family:
            c.err(
                here + ("fonts", i, "family"),
                f"{family!r} is not a font family name; use letters, digits, "
                "spaces, dots and hyphens (for example: Source Sans 3)",
            )


def _find(bases: Sequence[Path], relative: str) -> Path | None:
    """A brand file may sit beside mkdocs.yml or inside the docs folder (content/), never outside both."""
    for base in bases:
        candidate = base / relative
        if candidate.is_file() and inside(candidate, base):
            return candidate
    return None


# The return type is left open: the site and print callers take a loaded Brand's files as found
# (load_brand checked them); typing it Path | None means a checked accessor for those callers.
def resolve_file(root: str | Path, relative: str, docs_dir: str | Path | None = None):
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
    rules = []
    for family, path in brand.fonts:
        name = PurePosixPath(path).name
        fmt = FONT_FORMATS[PurePosixPath(path).suffix.lower()]
        rules.append(
            f"@font-face {{ font-family: {css_string(family)}; src: url({css_string(f'{url_prefix}/{name}')}) "
            f'format("{fmt}"); }}\n'
        )
    first = css_string(brand.fonts[0][0])
    rules.append(
        f":root {{ --md-text-font-family: {first}; --lk-font: {first}, sans-serif; }}\n"
        f'body, .md-typeset {{ font-family: {first}, -apple-system, "Segoe UI", sans-serif; }}\n'
    )
    return "".join(rules)
