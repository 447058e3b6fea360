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
