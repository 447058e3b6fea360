"""Brand settings: each broken setting stops `ladderkit build` with one message naming it;
good settings reach the built site's CSS, HTML and footer, in the light and the dark palette."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.brand import Brand, all_settings, brand_css_variables, load_brand
from generator.cli import main
from generator.errors import UserError

ROOT = Path(__file__).parent.parent
GOOD = {
    "name": "Quillfeather Advisory",
    "logo": "assets/logo.svg",
    "primary": "#7a1fa2",
    "accent": "#ffd54f",
    "contact": {"email": "team@quill.example", "phone": "+1 555 0100", "website": "https://quill.example"},
    "call_to_action": {"text": "Talk to Quill", "link": "https://quill.example/book"},
    "footer": "Quillfeather Advisory, since 2011",
    "paper": "Letter",
}


def make_site(folder: Path, brand: dict | None = None, **options) -> Path:
    """A small site: one shipped ladder, a home page with both markers, a logo."""
    (folder / "ladders").mkdir(parents=True)
    (folder / "content" / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "ladders" / "customer-development.yml", folder / "ladders")
    shutil.copy(ROOT / "content" / "assets" / "logo.svg", folder / "content" / "assets")
    (folder / "content" / "index.md").write_text(
        "# Home\n\n<!-- ladderkit: ladders -->\n\n<!-- ladderkit: call-to-action -->\n", encoding="utf-8")
    plugin = {"pdfs": False, "brand": GOOD if brand is None else brand, **options}
    config = {"site_name": "Test site", "docs_dir": "content",
              "theme": {"name": "material", "font": False, 
                        "palette": [{"media": "(prefers-color-scheme: light)", "scheme": "default"},
                                    {"media": "(prefers-color-scheme: dark)", "scheme": "slate"}]},
              "markdown_extensions": ["attr_list"], "plugins": [{"ladderkit": plugin}]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return folder


def build(folder: Path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    code = main(["build", "--site-dir", str(folder / "site")])
    return code, capsys.readouterr().err


BROKEN = [
    ({"primary": "blue-ish"}, "mkdocs.yml: plugins.ladderkit.brand.primary: 'blue-ish' is not a colour; use #rrggbb"),
    ({"accent": "#12345"}, "mkdocs.yml: plugins.ladderkit.brand.accent: '#12345' is not a colour; use #rrggbb"),
    ({"primary": 123456}, "mkdocs.yml: plugins.ladderkit.brand.primary: 123456 is not a colour; use #rrggbb"),
    ({"logo": "assets/missing.svg"},
     "mkdocs.yml: plugins.ladderkit.brand.logo: file 'assets/missing.svg' not found beside mkdocs.yml or in content/"),
    ({"primry": "#123456"}, "mkdocs.yml: plugins.ladderkit.brand.primry: unknown setting; did you mean 'primary'?"),
    ({"contact": {"mail": "a@b.example"}},
     "mkdocs.yml: plugins.ladderkit.brand.contact.mail: unknown setting; did you mean 'email'?"),
    ({"call_to_action": "Book now"},
     "mkdocs.yml: plugins.ladderkit.brand.call_to_action: expected a mapping (call to action), got text"),
    ({"paper": "A5"}, "mkdocs.yml: plugins.ladderkit.brand.paper: 'A5' is not a paper size; use one of: A4, Letter"),
    ({"name": ["Quill", "Feather"]}, "mkdocs.yml: plugins.ladderkit.brand.name: expected text, got a list"),
    ({"footer": {"text": "hi"}}, "mkdocs.yml: plugins.ladderkit.brand.footer: expected text, got a mapping"),
    ({"contact": {"email": True}}, "mkdocs.yml: plugins.ladderkit.brand.contact.email: expected text, got true/false (put it in quotes)"),
    ({"fonts": {"family": "Inter"}},
     "mkdocs.yml: plugins.ladderkit.brand.fonts: expected a list of fonts, got a mapping"),
    ({"fonts": [{"family": "Inter"}]},
     "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: is required but missing (the path of a font file)"),
    ({"fonts": [{"family": "Inter", "path": "fonts/inter.woff2"}]},
     "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: file 'fonts/inter.woff2' not found beside mkdocs.yml or in content/"),
    ({"fonts": [{"family": "Inter", "path": "assets/logo.svg"}]},
     "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: 'assets/logo.svg' is not a font file; use a .woff2, .woff, .ttf, .otf file"),
    ({"fonts": [{"family": "Inter", "path": "x.ttf", "weight": 700}]},
     "mkdocs.yml: plugins.ladderkit.brand.fonts[0].weight: unknown setting; known settings: family, path"),
]


@pytest.mark.parametrize("brand, message", BROKEN, ids=[m.split("brand.")[1].split(":")[0] for _, m in BROKEN])
def test_a_broken_brand_setting_stops_the_build_naming_it(tmp_path, monkeypatch, capsys, brand, message):
    site = make_site(tmp_path / "site-src", brand)
    code, err = build(site, monkeypatch, capsys)
    assert code == 1
    assert message in [line.removeprefix("error: ") for line in err.splitlines()], err
    assert "Traceback" not in err
    assert not (site / "site").exists()


PLUGIN_OPTIONS = [
    ({"brnd": {}}, "error: mkdocs.yml: plugins.ladderkit.brnd: unknown setting; did you mean 'brand'?"),
    ({"pdfs": "yes"}, "error: mkdocs.yml: plugins.ladderkit.pdfs: expected true or false, got text"),
    ({"ladders_dir": ["ladders"]}, "error: mkdocs.yml: plugins.ladderkit.ladders_dir: expected text, got a list"),
    ({"pdf_workers": "two"}, "error: mkdocs.yml: plugins.ladderkit.pdf_workers: expected a whole number of at least 0, got text"),
    ({"pdf_workers": True}, "error: mkdocs.yml: plugins.ladderkit.pdf_workers: expected a whole number of at least 0, got true/false"),
]


@pytest.mark.parametrize("options, message", PLUGIN_OPTIONS, ids=[f"{k}={v!r}" for o, _ in PLUGIN_OPTIONS for k, v in o.items()])
def test_a_broken_plugin_option_stops_the_build_naming_it(tmp_path, monkeypatch, capsys, options, message):
    site = make_site(tmp_path / "site-src", **options)
    code, err = build(site, monkeypatch, capsys)
    assert (code, err.strip()) == (1, message)


def test_every_bad_setting_is_reported_in_one_run(tmp_path, monkeypatch, capsys):
    """Two bad brand settings and a bad plugin option: all three in one build, each naming its
    setting, and none of MkDocs' own noise around them."""
    site = make_site(tmp_path / "site-src", {**GOOD, "primary": "navy", "paper": "A5"}, pdf_workers="two")
    code, err = build(site, monkeypatch, capsys)
    assert (code, err.splitlines()) == (1, [
        "error: mkdocs.yml: plugins.ladderkit.brand.paper: 'A5' is not a paper size; use one of: A4, Letter",
        "mkdocs.yml: plugins.ladderkit.brand.primary: 'navy' is not a colour; use #rrggbb",
        "mkdocs.yml: plugins.ladderkit.pdf_workers: expected a whole number of at least 0, got text"])


def test_missing_brand_files_and_ladder_mistakes_come_together(tmp_path, monkeypatch, capsys):
    """What only the build can see (a missing logo and font file) is reported with every
    ladder mistake at once, without MkDocs' "Aborted with a BuildError!"."""
    site = make_site(tmp_path / "site-src", {**GOOD, "logo": "assets/nope.svg",
                                             "fonts": [{"family": "Inter", "path": "inter.woff2"}]})
    ladder = site / "ladders" / "customer-development.yml"
    ladder.write_text(ladder.read_text(encoding="utf-8").replace("pass_mark: 70", "pass_mark: 700"), encoding="utf-8")
    line = ladder.read_text(encoding="utf-8").splitlines().index("pass_mark: 700") + 1
    code, err = build(site, monkeypatch, capsys)
    assert code == 1 and "Aborted" not in err and "ERROR" not in err, err
    assert err.splitlines() == [
        f"error: the build stopped; the previous site in {site / 'site'} is unchanged.",
        f"ladders/customer-development.yml:{line}: pass_mark: expected a whole number from 1 to 100, got 700",
        "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: file 'inter.woff2' not found beside mkdocs.yml or in content/",
        "mkdocs.yml: plugins.ladderkit.brand.logo: file 'assets/nope.svg' not found beside mkdocs.yml or in content/"]


def test_a_folder_option_written_as_a_number_is_text(tmp_path, monkeypatch, capsys):
    """`ladders_dir: 2026` (unquoted) names the folder 2026, as a number is text in a ladder."""
    site = make_site(tmp_path / "site-src", ladders_dir=2026)
    (site / "ladders").rename(site / "2026")
    code, err = build(site, monkeypatch, capsys)
    assert code == 0, err
    assert (site / "site" / "ladders" / "customer-development" / "index.html").is_file()


def test_brand_mapping_of_the_wrong_type(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site-src", brand="Quill")
    assert build(site, monkeypatch, capsys) == (1, "error: mkdocs.yml: plugins.ladderkit.brand: expected a mapping (brand settings), got text\n")


def test_the_command_exits_1_without_a_traceback(tmp_path):
    """The same failure through the installed `ladderkit` entry point, as a coach runs it."""
    site = make_site(tmp_path / "site-src", {**GOOD, "primary": "navy"})
    run = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=site, capture_output=True, text=True)
    assert run.returncode == 1
    assert "error: mkdocs.yml: plugins.ladderkit.brand.primary: 'navy' is not a colour; use #rrggbb" in run.stderr.splitlines()
    assert "Traceback" not in run.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("branded"))
    run = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=site, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return site / "site"


def test_brand_colours_and_name_reach_the_site(built):
    css = (built / "assets" / "ladderkit" / "brand.css").read_text()
    assert "--lk-primary: #7a1fa2;" in css and "--lk-accent: #ffd54f;" in css
    # Dark text on the light yellow accent, white text on the purple primary.
    assert "--lk-on-primary: #ffffff;" in css and "--lk-on-accent: #000000;" in css
    home = (built / "index.html").read_text()
    assert '<meta name="author" content="Quillfeather Advisory">' in home
    assert "Quillfeather Advisory, since 2011" in home
    assert 'href="assets/ladderkit/brand.css"' in home
    assert '<img src="assets/ladderkit/logo.svg"' in home
    assert (built / "assets" / "ladderkit" / "logo.svg").read_bytes() == (ROOT / "content" / "assets" / "logo.svg").read_bytes()


def test_contact_in_the_footer_and_call_to_action_on_home_and_audit(built):
    home = (built / "index.html").read_text()
    footer = home[home.index('<address class="lk-contact">'):home.index("</address>")]
    assert 'href="mailto:team@quill.example"' in footer
    assert 'href="tel:+15550100">+1 555 0100<' in footer
    assert 'href="https://quill.example">https://quill.example<' in footer
    button = '<a class="md-button md-button--primary" href="https://quill.example/book">Talk to Quill</a>'
    assert button in home
    audit = (built / "ladders" / "customer-development" / "audit" / "index.html").read_text()
    assert "Talk to Quill" in audit and "https://quill.example/book" in audit


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_brand_colour_paints_the_header_in_both_palettes(browser, built, scheme):
    """Material's own palette variables must give way to the brand in a real browser."""
    page = browser.new_page(color_scheme=scheme)
    try:
        page.goto((built / "index.html").as_uri())
        body_scheme = page.evaluate("document.body.dataset.mdColorScheme")
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        header_text = page.evaluate("getComputedStyle(document.querySelector('.md-header')).color")
        button = page.evaluate("getComputedStyle(document.querySelector('.md-button--primary')).backgroundColor")
    finally:
        page.close()
    assert body_scheme == {"light": "default", "dark": "slate"}[scheme]
    assert header == "rgb(122, 31, 162)"
    assert header_text == "rgb(255, 255, 255)"
    assert button == "rgb(122, 31, 162)"


def test_the_pdf_helpers_get_the_same_brand(tmp_path):
    """PDF code imports Brand and brand_css_variables: one source for screen and paper."""
    site = make_site(tmp_path / "s")
    brand = load_brand(GOOD, site)
    assert isinstance(brand, Brand) and brand.paper == "Letter" and brand.contact.phone == "+1 555 0100"
    assert "--lk-primary: #7a1fa2;" in brand_css_variables(brand)
    with pytest.raises(UserError, match=r"^brand\.primary: 'x' is not a colour; use #rrggbb$"):
        load_brand({"primary": "x"}, site)


def test_every_setting_is_listed():
    assert {"name", "logo", "primary", "accent", "contact.email", "contact.phone", "contact.website",
            "call_to_action.text", "call_to_action.link", "footer", "paper", "fonts[].family",
            "fonts[].path"} <= set(all_settings())
