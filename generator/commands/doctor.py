"""`ladderkit doctor`: what a build and the tests need on this machine, one line per item
with the exact command that fixes what is missing; exit 1 when a build would fail.

The native libraries are opened the way WeasyPrint opens them (cffi's dlopen, trying the same
names as weasyprint/text/ffi.py), so "ok" here means WeasyPrint will find them too. The
package names per system are the ones scripts/system-deps.sh installs (a test keeps the two
in step).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UserError
from generator.print.language import DEFAULT as DEFAULT_LANGUAGE
from generator.print.language import interface_language

BUILD, TESTS, FASTER, LETTERS = "build", "tests", "faster", "letters"  # what an item is needed for


@dataclass(frozen=True)
class Package:
    """One piece's package on each system; `cask:` marks a Homebrew cask."""

    debian: str
    fedora: str
    alpine: str
    brew: str


@dataclass(frozen=True)
class Library:
    piece: str
    stem: str  # "pango-1.0" in libpango-1.0.so.0
    version: str  # "0" in libpango-1.0.so.0
    package: Package
    needed: str = BUILD

    @property
    def soname(self) -> str:
        return f"lib{self.stem}.so.{self.version}"

    @property
    def names(self) -> tuple[str, ...]:
        """The names WeasyPrint tries (weasyprint/text/ffi.py): Linux, macOS, Windows."""
        lib, v = f"lib{self.stem}", self.version
        return (
            f"{lib}-{v}",
            f"{self.stem}-{v}",
            self.stem,
            self.soname,
            f"{lib}.{v}.dylib",
            f"{lib}.dylib",
            f"{lib}-{v}.dll",
        )


LIBRARIES = (
    Library("GObject", "gobject-2.0", "0", Package("libglib2.0-0", "glib2", "so:libgobject-2.0.so.0", "glib")),
    Library("Pango", "pango-1.0", "0", Package("libpango-1.0-0", "pango", "so:libpango-1.0.so.0", "pango")),
    Library("PangoFT2", "pangoft2-1.0", "0", Package("libpangoft2-1.0-0", "pango", "so:libpangoft2-1.0.so.0", "pango")),
    Library("HarfBuzz", "harfbuzz", "0", Package("libharfbuzz0b", "harfbuzz", "so:libharfbuzz.so.0", "harfbuzz")),
    # Without it WeasyPrint subsets fonts with fontTools: the PDFs are the same, only slower.
    Library(
        "HarfBuzz-Subset",
        "harfbuzz-subset",
        "0",
        Package("libharfbuzz-subset0", "harfbuzz", "so:libharfbuzz-subset.so.0", "harfbuzz"),
        needed=FASTER,
    ),
    Library(
        "fontconfig", "fontconfig", "1", Package("libfontconfig1", "fontconfig", "so:libfontconfig.so.1", "fontconfig")
    ),
)
FC_LIST = Package("fontconfig", "fontconfig", "fontconfig", "fontconfig")
DEJAVU = Package("fonts-dejavu-core", "dejavu-sans-fonts", "font-dejavu", "cask:font-dejavu")
PRINT_FONT = "DejaVu Sans"  # print.css's own font
# Fonts for the scripts DejaVu Sans lacks: Chinese, Japanese and Korean, then most others.
NOTO_CJK = Package("fonts-noto-cjk", "google-noto-sans-cjk-fonts", "font-noto-cjk", "cask:font-noto-sans-cjk")
NOTO = Package("fonts-noto-core", "google-noto-sans-fonts", "font-noto", "cask:font-noto-sans")
TOOLS = (  # command, what it is, package; all for the tests
    ("chromium", "Chromium (browser tests)", Package("chromium", "chromium", "chromium", "cask:chromium")),
    ("qpdf", "qpdf (PDF structure checks)", Package("qpdf", "qpdf", "qpdf", "qpdf")),
    ("pdftoppm", "pdftoppm (PDF pictures)", Package("poppler-utils", "poppler-utils", "poppler-utils", "poppler")),
    (
        "soffice",
        "LibreOffice Calc (opens the CSV exports)",
        Package("libreoffice-calc-nogui", "libreoffice-calc", "libreoffice", "cask:libreoffice"),
    ),
)
CHROMIUM = "/usr/bin/chromium"  # where the browser tests look for it (tests/chromium.py)
NODE_MAJOR = 20
PYTHON = (3, 11)


@dataclass(frozen=True)
class Item:
    ok: bool
    what: str
    fix: str = ""
    needed: str = BUILD
    note: bool = False  # nothing to check (no mkdocs.yml here): neither ok nor missing

    def line(self) -> str:
        status = "note" if self.note else "ok" if self.ok else "missing"
        for_what = {
            TESTS: " (for the tests)",
            FASTER: " (PDFs still build: a notice, slower)",
            LETTERS: " (PDFs still build; text in this language would lack its letters)",
        }.get(self.needed, "")
        text = f"{status:<8} {self.what}{'' if self.ok else for_what}"
        return text if self.ok or not self.fix else f"{text}; fix: {self.fix}"


def open_library(names) -> bool:
    """Whether one of `names` loads, with cffi as WeasyPrint loads it."""
    import cffi

    ffi = cffi.FFI()
    for name in names:
        try:
            ffi.dlopen(name)
            return True
        except OSError:
            continue
    return False


def package_manager() -> str:
    for tool in ("apt-get", "dnf", "apk", "brew"):
        if shutil.which(tool):
            return tool
    return "apt-get"  # the project's reference system; README has the others


def install(*packages: Package) -> str:
    """The command that installs `packages` with this machine's package manager."""
    manager = package_manager()
    field = {"apt-get": "debian", "dnf": "fedora", "apk": "alpine", "brew": "brew"}[manager]
    names = list(dict.fromkeys(getattr(p, field) for p in packages))
    if manager == "brew":
        formulae = [n for n in names if not n.startswith("cask:")]
        casks = [n[5:] for n in names if n.startswith("cask:")]
        return " && ".join(
            [
                *(["brew install " + " ".join(formulae)] if formulae else []),
                *(["brew install --cask " + " ".join(casks)] if casks else []),
            ]
        )
    sudo = "" if os.geteuid() == 0 else "sudo "
    verb = {"apt-get": "apt-get install -y", "dnf": "dnf install -y", "apk": "apk add"}[manager]
    return f"{sudo}{verb} {' '.join(names)}"


def _run(*command: str) -> str | None:
    """A command's output, or None when it is not there or fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def python_item() -> Item:
    found = ".".join(map(str, sys.version_info[:3]))
    return Item(
        sys.version_info[:2] >= PYTHON,
        f"Python {found} (needs {PYTHON[0]}.{PYTHON[1]} or later)",
        f"install Python {PYTHON[0]}.{PYTHON[1]}+ and run `make build` again",
    )


def library_items(needed: bool) -> list[Item]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        items = [Item(True, f"WeasyPrint {version('weasyprint')} (Python package)")]
    except PackageNotFoundError:
        items = [Item(False, "WeasyPrint (Python package)", f"{sys.executable} -m pip install weasyprint")]
    for lib in LIBRARIES:
        items.append(
            Item(
                open_library(lib.names),
                f"{lib.piece} library ({lib.soname})",
                install(lib.package),
                lib.needed if needed else TESTS,
            )
        )
    return items


def font_items(needed: bool) -> list[Item]:
    families = _run("fc-list", ":", "family")
    if families is None:
        return [
            Item(
                False,
                "fontconfig's fc-list (finds the PDFs' fonts)",
                install(FC_LIST, DEJAVU),
                BUILD if needed else TESTS,
            )
        ]
    return [
        Item(
            "DejaVu Sans" in families,
            "DejaVu Sans font (the PDFs' text; fc-list)",
            install(DEJAVU),
            BUILD if needed else TESTS,
        )
    ]


def site_items(config_file: str) -> list[Item]:
    """The brand's logo and font files and the PDF cache folder of the site in `config_file`."""
    from generator.brand import resolve_file
    from generator.print.report import site_settings

    path = Path(config_file)
    if not path.is_file():
        return [
            Item(
                True,
                f"{config_file}: none here, so no brand files or cache folder to check "
                "(run doctor in your site folder, or pass -f)",
                note=True,
            )
        ]
    try:
        config, options = site_settings(path)
    except UserError as exc:
        return [Item(False, str(exc), f"correct {path}")]
    root = path.parent.resolve()
    docs_dir = root / str(config.get("docs_dir") or "docs")
    given = options.get("brand")
    brand: dict = given if isinstance(given, dict) else {}
    items = []
    if isinstance(brand.get("logo"), str) and brand["logo"]:
        found = resolve_file(root, brand["logo"], docs_dir)
        items.append(
            Item(
                found is not None,
                f"brand logo {brand['logo']}",
                f"put the file at {root / brand['logo']} or correct brand.logo in {path}",
            )
        )
    for font in brand["fonts"] if isinstance(brand.get("fonts"), list) else []:
        if isinstance(font, dict) and isinstance(font.get("path"), str):
            items.append(_font_file_item(root, docs_dir, font, path))
    # The site's language, read where the build reads it: the pages need it, not only the PDFs.
    try:
        language = interface_language(options.get("language"), config.get("theme"))
    except UserError as exc:
        items.append(Item(False, "the site's language (ladderkit: language, or theme.language)", str(exc)))
        language = DEFAULT_LANGUAGE
    else:
        items += _theme_language_items(
            language, "ladderkit: language" if options.get("language") else "theme.language", root, config.get("theme")
        )
    if options.get("pdfs", True) is not False:
        items.append(_cache_item(root / str(options.get("cache_dir") or ".cache/pdf")))
        fonts = brand["fonts"] if isinstance(brand.get("fonts"), list) else []
        found = [
            (str(f.get("family")), resolve_file(root, str(f.get("path")), docs_dir))
            for f in fonts
            if isinstance(f, dict)
        ]
        items.append(language_item(language, [(family, path) for family, path in found if path]))
    return items


def _theme_language_items(language: str, setting: str, root: Path, theme: object) -> list[Item]:
    """Whether Material (and the site's overrides/) has its own words in the site's language."""
    from importlib.util import find_spec

    from generator.site import theme_language

    spec = find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return []  # no Material here: the Python packages' item says so
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    material = os.path.join(next(iter(spec.submodule_search_locations)), "templates")
    dirs = [*([str(root / custom)] if isinstance(custom, str) else []), material]  # the build's order
    message = theme_language.missing(language, setting, dirs)
    return [Item(False, "the site's language in the Material theme", message)] if message else []


def language_item(language: str, brand_fonts: list[tuple[str, Path]]) -> Item:
    """Whether the PDFs' fonts have the letters of the site's language (theme.language), as
    fontconfig knows each font's languages; else the installed fonts that do, to set as a brand font."""
    code = language.lower().replace("_", "-")
    what = f"fonts for {_language_name(language)} ({language})"
    for family, path in brand_fonts:
        if _covers(_run("fc-query", "-f", "%{lang}", str(path)), code):
            return Item(True, f"{what}: brand font {family} has its letters")
    listed = _run("fc-list", f":lang={code}", "family")
    if listed is None:
        return Item(False, f"{what}: cannot tell without fontconfig's fc-list", install(FC_LIST), LETTERS)
    families = sorted({line.split(",")[0].strip() for line in listed.splitlines() if line.strip()})
    if PRINT_FONT in families:
        return Item(True, f"{what}: {PRINT_FONT}, the PDFs' font, has its letters")
    if families:
        return Item(
            False,
            f"{what}: {PRINT_FONT}, the PDFs' font, lacks its letters; installed fonts that have them: "
            + ", ".join(families[:6]),
            "set one as a brand font (the coaches' guide, Branding your site: Fonts for your language)",
            LETTERS,
        )
    noto = NOTO_CJK if code.split("-")[0] in ("ja", "zh", "ko") else NOTO
    return Item(
        False,
        f"{what}: no installed font has its letters",
        f"{install(noto)}, then set one of its fonts as a brand font",
        LETTERS,
    )


def _covers(langs: str | None, code: str) -> bool:
    """Whether fontconfig's language list (`aa|ab|…|zh-cn`) takes `code` (or its language alone)."""
    found = set((langs or "").split("|"))
    return code in found or any(lang.split("-")[0] == code for lang in found)


def _language_name(code: str) -> str:
    try:
        from babel import Locale  # comes with mkdocs-material

        return Locale.parse(code.replace("-", "_")).english_name or code
    except Exception:  # Babel raises several kinds for a code it does not know
        return code


def _font_file_item(root: Path, docs_dir: Path, font: dict, config: Path) -> Item:
    from generator.brand import resolve_file

    what = f"brand font {font.get('family') or '?'} ({font['path']})"
    found = resolve_file(root, font["path"], docs_dir)
    if found is None:
        return Item(
            False, what + ": no such file", f"put the file at {root / font['path']} or correct its path in {config}"
        )
    try:
        from fontTools.ttLib import TTFont

        TTFont(str(found), lazy=True).getGlyphOrder()
    except Exception as exc:  # fontTools raises many kinds for a file that is not a font
        return Item(
            False,
            f"{what}: not a readable font ({type(exc).__name__})",
            f"replace {found} with a .woff2, .woff, .ttf or .otf file",
        )
    return Item(True, what)


def _cache_item(cache: Path) -> Item:
    """The cache folder, or the nearest folder above it that exists, is writable."""
    existing = cache
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    ok = existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)
    return Item(ok, f"PDF cache folder {cache} writable", f"chmod u+w {existing}  (or set cache_dir in mkdocs.yml)")


def test_items() -> list[Item]:
    items = []
    node = _run("node", "--version")
    major = int(node.strip().lstrip("v").split(".")[0]) if node and node.strip().lstrip("v")[:1].isdigit() else 0
    fix = {
        "apt-get": "curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - && sudo apt-get install -y nodejs",
        "dnf": "sudo dnf install -y nodejs",
        "apk": "sudo apk add nodejs npm",
        "brew": "brew install node@20",
    }
    items.append(
        Item(
            major >= NODE_MAJOR,
            f"Node {node.strip() if node else 'not found'} (needs {NODE_MAJOR} or later)",
            fix[package_manager()],
            TESTS,
        )
    )
    for command, what, package in TOOLS:
        where = CHROMIUM if command == "chromium" else shutil.which(command)
        items.append(
            Item(
                where is not None and Path(where).is_file(), f"{what}: {where or 'not found'}", install(package), TESTS
            )
        )
    return items


def checks(config_file: str = "mkdocs.yml") -> list[Item]:
    pdfs = _pdfs_on(config_file)
    return [python_item(), *library_items(pdfs), *font_items(pdfs), *site_items(config_file), *test_items()]


def _pdfs_on(config_file: str) -> bool:
    """A site with `pdfs: false` builds without WeasyPrint's libraries and fonts."""
    from generator.print.report import site_settings

    try:
        return site_settings(config_file)[1].get("pdfs", True) is not False if Path(config_file).is_file() else True
    except UserError:
        return True


def doctor(config_file: str = "mkdocs.yml") -> int:
    """Print every item; 1 when something a build needs is missing."""
    items = checks(config_file)
    for item in items:
        print(item.line())
    blocking = [i for i in items if not i.ok and i.needed == BUILD]
    other = [i for i in items if not i.ok and i.needed != BUILD]
    if blocking:
        print(
            f"A build would fail here: {len(blocking)} item{'s' if len(blocking) != 1 else ''} missing (above, with their fixes)."
        )
        return 1
    print(
        "A build would work here."
        + (
            f" {len(other)} other item{'s' if len(other) != 1 else ''} missing (above)."
            if other
            else " Everything the tests need is here too."
        )
    )
    return 0
