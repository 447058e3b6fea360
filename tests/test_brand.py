"""Brand settings: each broken setting stops `ladderkit build` with one message naming it;
good settings reach the built site's CSS, HTML and footer, in the light and the dark palette."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.brand import Brand, all_settings, brand_css_variables, load_brand
from generator.cli import main
from generator.errors import UserError
from tests.helpers import ROOT, cli, goto

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
        "# Home\n\n<!-- ladderkit: ladders -->\n\n<!-- ladderkit: call-to-action -->\n", encoding="utf-8"
    )
    plugin = {"pdfs": False, "brand": GOOD if brand is None else brand, **options}
    config = {
        "site_name": "Test site",
        "docs_dir": "content",
        "theme": {
            "name": "material",
            "font": False,
            "palette": [
                {"media": "(prefers-color-scheme: light)", "scheme": "default"},
                {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
            ],
        },
        "markdown_extensions": ["attr_list"],
        "plugins": [{"ladderkit": plugin}],
    }
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
    (
        {"logo": "assets/missing.svg"},
        "mkdocs.yml: plugins.ladderkit.brand.logo: file 'assets/missing.svg' not found beside mkdocs.yml or in content/",
    ),
    ({"primry": "#123456"}, "mkdocs.yml: plugins.ladderkit.brand.primry: unknown setting; did you mean 'primary'?"),
    (
        {"contact": {"mail": "a@b.example"}},
        "mkdocs.yml: plugins.ladderkit.brand.contact.mail: unknown setting; did you mean 'email'?",
    ),
    (
        {"call_to_action": "Book now"},
        "mkdocs.yml: plugins.ladderkit.brand.call_to_action: expected a mapping (call to action), got text",
    ),
    ({"paper": "A5"}, "mkdocs.yml: plugins.ladderkit.brand.paper: 'A5' is not a paper size; use one of: A4, Letter"),
    ({"name": ["Quill", "Feather"]}, "mkdocs.yml: plugins.ladderkit.brand.name: expected text, got a list"),
    ({"footer": {"text": "hi"}}, "mkdocs.yml: plugins.ladderkit.brand.footer: expected text, got a mapping"),
    (
        {"contact": {"email": True}},
        "mkdocs.yml: plugins.ladderkit.brand.contact.email: expected text, got true/false (put it in quotes)",
    ),
    (
        {"fonts": {"family": "Inter"}},
        "mkdocs.yml: plugins.ladderkit.brand.fonts: expected a list of fonts, got a mapping",
    ),
    (
        {"fonts": [{"family": "Inter"}]},
        "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: is required but missing (the path of a font file)",
    ),
    (
        {"fonts": [{"family": "Inter", "path": "fonts/inter.woff2"}]},
        "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: file 'fonts/inter.woff2' not found beside mkdocs.yml or in content/",
    ),
    (
        {"fonts": [{"family": "Inter", "path": "assets/logo.svg"}]},
        "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: 'assets/logo.svg' is not a font file; use a .woff2, .woff, .ttf, .otf file",
    ),
    (
        {"fonts": [{"family": "Inter", "path": "x.ttf", "weight": 700}]},
        "mkdocs.yml: plugins.ladderkit.brand.fonts[0].weight: unknown setting; known settings: family, path",
    ),
]


@pytest.mark.parametrize("brand, message", BROKEN, ids=[m.split("brand.")[1].split(":")[0] for _, m in BROKEN])
def test_a_broken_brand_setting_stops_the_build_naming_it(tmp_path, monkeypatch, capsys, brand, message):
    site = make_site(tmp_path / "site-src", brand)
    code, err = build(site, monkeypatch, capsys)
    assert code == 1
    assert message in [line.removeprefix("error: ") for line in err.splitlines()], err
    assert "Traceback" not in err
    assert not (site / "site").exists()


PLUGIN_OPTIONS: list[tuple[dict, str]] = [
    ({"brnd": {}}, "error: mkdocs.yml: plugins.ladderkit.brnd: unknown setting; did you mean 'brand'?"),
    ({"pdfs": "yes"}, "error: mkdocs.yml: plugins.ladderkit.pdfs: expected true or false, got text"),
    ({"ladders_dir": ["ladders"]}, "error: mkdocs.yml: plugins.ladderkit.ladders_dir: expected text, got a list"),
    (
        {"pdf_workers": "two"},
        "error: mkdocs.yml: plugins.ladderkit.pdf_workers: expected a whole number of at least 0, got text",
    ),
    (
        {"pdf_workers": True},
        "error: mkdocs.yml: plugins.ladderkit.pdf_workers: expected a whole number of at least 0, got true/false",
    ),
]


@pytest.mark.parametrize(
    "options, message", PLUGIN_OPTIONS, ids=[f"{k}={v!r}" for o, _ in PLUGIN_OPTIONS for k, v in o.items()]
)
def test_a_broken_plugin_option_stops_the_build_naming_it(tmp_path, monkeypatch, capsys, options, message):
    site = make_site(tmp_path / "site-src", **options)
    code, err = build(site, monkeypatch, capsys)
    assert (code, err.strip()) == (1, message)


def test_every_bad_setting_is_reported_in_one_run(tmp_path, monkeypatch, capsys):
    """Two bad brand settings and a bad plugin option: all three in one build, each naming its
    setting, and none of MkDocs' own noise around them."""
    site = make_site(tmp_path / "site-src", {**GOOD, "primary": "navy", "paper": "A5"}, pdf_workers="two")
    code, err = build(site, monkeypatch, capsys)
    assert (code, err.splitlines()) == (
        1,
        [
            "error: mkdocs.yml: plugins.ladderkit.brand.paper: 'A5' is not a paper size; use one of: A4, Letter",
            "mkdocs.yml: plugins.ladderkit.brand.primary: 'navy' is not a colour; use #rrggbb",
            "mkdocs.yml: plugins.ladderkit.pdf_workers: expected a whole number of at least 0, got text",
        ],
    )


def test_missing_brand_files_and_ladder_mistakes_come_together(tmp_path, monkeypatch, capsys):
    """What only the build can see (a missing logo and font file) is reported with every
    ladder mistake at once, without MkDocs' "Aborted with a BuildError!"."""
    site = make_site(
        tmp_path / "site-src",
        {**GOOD, "logo": "assets/nope.svg", "fonts": [{"family": "Inter", "path": "inter.woff2"}]},
    )
    ladder = site / "ladders" / "customer-development.yml"
    ladder.write_text(ladder.read_text(encoding="utf-8").replace("pass_mark: 70", "pass_mark: 700"), encoding="utf-8")
    line = ladder.read_text(encoding="utf-8").splitlines().index("pass_mark: 700") + 1
    code, err = build(site, monkeypatch, capsys)
    assert code == 1 and "Aborted" not in err and "ERROR" not in err, err
    assert err.splitlines() == [
        f"error: the build stopped; the previous site in {site / 'site'} is unchanged.",
        f"ladders/customer-development.yml:{line}: pass_mark: expected a whole number from 1 to 100, got 700",
        "mkdocs.yml: plugins.ladderkit.brand.fonts[0].path: file 'inter.woff2' not found beside mkdocs.yml or in content/",
        "mkdocs.yml: plugins.ladderkit.brand.logo: file 'assets/nope.svg' not found beside mkdocs.yml or in content/",
    ]


def test_a_folder_option_written_as_a_number_is_text(tmp_path, monkeypatch, capsys):
    """`ladders_dir: 2026` (unquoted) names the folder 2026, as a number is text in a ladder."""
    site = make_site(tmp_path / "site-src", ladders_dir=2026)
    (site / "ladders").rename(site / "2026")
    code, err = build(site, monkeypatch, capsys)
    assert code == 0, err
    assert (site / "site" / "ladders" / "customer-development" / "index.html").is_file()


def test_brand_mapping_of_the_wrong_type(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site-src", brand="Quill")
    assert build(site, monkeypatch, capsys) == (
        1,
        "error: mkdocs.yml: plugins.ladderkit.brand: expected a mapping (brand settings), got text\n",
    )


def test_the_command_exits_1_without_a_traceback(tmp_path):
    """The same failure through the installed `ladderkit` entry point, as a coach runs it."""
    site = make_site(tmp_path / "site-src", {**GOOD, "primary": "navy"})
    run = cli("build", cwd=site)
    assert run.returncode == 1
    assert (
        "error: mkdocs.yml: plugins.ladderkit.brand.primary: 'navy' is not a colour; use #rrggbb"
        in run.stderr.splitlines()
    )
    assert "Traceback" not in run.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("branded"))
    run = cli("build", cwd=site)
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
    assert (built / "assets" / "ladderkit" / "logo.svg").read_bytes() == (
        ROOT / "content" / "assets" / "logo.svg"
    ).read_bytes()


def test_contact_in_the_footer_and_call_to_action_on_home_and_audit(built):
    home = (built / "index.html").read_text()
    footer = home[home.index('<address class="lk-contact">') : home.index("</address>")]
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
        goto(page, (built / "index.html").as_uri())
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
    assert {
        "name",
        "logo",
        "primary",
        "accent",
        "contact.email",
        "contact.phone",
        "contact.website",
        "call_to_action.text",
        "call_to_action.link",
        "footer",
        "paper",
        "fonts[].family",
        "fonts[].path",
    } <= set(all_settings())


# --- brand files are checked for what they are (issue 16 items 2-4) -------------------------

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 4">'
HOSTILE_FILES = [
    (
        "logo.svg",
        SVG_HEAD + "<script>alert(document.domain)</script></svg>",
        {"logo": "logo.svg"},
        "plugins.ladderkit.brand.logo: 'logo.svg' contains a <script> element; export the logo again as a plain SVG or as a PNG",
    ),
    (
        "logo.svg",
        SVG_HEAD + '<rect width="4" height="4" onload="alert(1)"/></svg>',
        {"logo": "logo.svg"},
        "plugins.ladderkit.brand.logo: 'logo.svg' has an event handler (onload=…) on <rect>; export the logo again as a plain SVG or as a PNG",
    ),
    (
        "logo.svg",
        SVG_HEAD + '<image xlink:href="http://evil.example/x.png"/></svg>',
        {"logo": "logo.svg"},
        "plugins.ladderkit.brand.logo: 'logo.svg' links to an outside resource (http://evil.example/x.png); export the logo again as a plain SVG or as a PNG",
    ),
    (
        "logo.svg",
        SVG_HEAD + "<foreignObject><div>x</div></foreignObject></svg>",
        {"logo": "logo.svg"},
        "plugins.ladderkit.brand.logo: 'logo.svg' contains a <foreignObject> element; export the logo again as a plain SVG or as a PNG",
    ),
    (
        "logo.png",
        "<svg onload=alert(1)></svg>",
        {"logo": "logo.png"},
        "plugins.ladderkit.brand.logo: 'logo.png' is not a PNG image (its first bytes say otherwise); give a real PNG file or rename it to what it is",
    ),
    (
        "notes.txt",
        "hello",
        {"logo": "notes.txt"},
        "plugins.ladderkit.brand.logo: 'notes.txt' is not an image ladderkit publishes; use a .png, .jpg, .jpeg, .gif, .webp, .svg file",
    ),
    (
        None,
        None,
        {"logo": "../../../../../../../../etc/passwd"},
        "plugins.ladderkit.brand.logo: '../../../../../../../../etc/passwd' is outside the project; put the file beside mkdocs.yml "
        "or in content/ (ladderkit publishes only files of the project)",
    ),
    (
        "font.woff2",
        "<html>not a font</html>",
        {"fonts": [{"family": "Inter", "path": "font.woff2"}]},
        "plugins.ladderkit.brand.fonts[0].path: 'font.woff2' is not a WOFF2 font (its first bytes say otherwise); give the font file itself",
    ),
    (
        "font.woff2",
        "wOF2" + "\0" * 40,
        {"fonts": [{"family": '"; } body{background:url(http://evil.example/x)}', "path": "font.woff2"}]},
        "plugins.ladderkit.brand.fonts[0].family: '\"; } body{background:url(http://evil.example/x)}' is not a font family name; "
        "use letters, digits, spaces, dots and hyphens (for example: Source Sans 3)",
    ),
    (
        None,
        None,
        {"call_to_action": {"text": "Book", "link": "javascript:alert(document.domain)"}},
        "plugins.ladderkit.brand.call_to_action.link: 'javascript:alert(document.domain)' is not a link ladderkit publishes; "
        "use an http:, https:, mailto: or tel: address, or a relative one",
    ),
    (
        None,
        None,
        {"contact": {"website": " JaVaScript:alert(1)"}},
        "plugins.ladderkit.brand.contact.website: ' JaVaScript:alert(1)' is not a link ladderkit publishes; "
        "use an http:, https:, mailto: or tel: address, or a relative one",
    ),
    (
        None,
        None,
        {"contact": {"website": "https://"}},
        "plugins.ladderkit.brand.contact.website: 'https://' is only the start of a link; "
        "write the whole address (for example https://example.com)",
    ),
]


@pytest.mark.parametrize(
    "name, content, brand, message",
    HOSTILE_FILES,
    ids=[
        "svg script",
        "svg handler",
        "svg external",
        "svg foreignObject",
        "png that is not",
        "not an image",
        "outside the project",
        "font that is not",
        "font family css",
        "cta javascript",
        "website javascript",
        "website with no address",
    ],
)
def test_a_brand_file_or_link_that_is_not_what_it_says_is_refused(
    tmp_path, monkeypatch, capsys, name, content, brand, message
):
    """With pdfs: false too (make_site's setting): the site alone published these as they were."""
    site = make_site(tmp_path / "site-src", {"name": "Quill", **brand})
    if name:
        (site / name).write_text(content, encoding="utf-8")
    code, err = build(site, monkeypatch, capsys)
    assert (code, "Traceback" in err) == (1, False), err
    assert f"mkdocs.yml: {message}" in err.splitlines(), err
    assert not (site / "site").exists()


def test_a_big_logo_is_published_with_a_warning(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site-src", {"name": "Quill", "logo": "big.png"})
    (site / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (1536 * 1024))
    monkeypatch.chdir(site)
    code = main(["build", "--no-strict", "--site-dir", str(site / "site")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert (
        "plugins.ladderkit.brand.logo: 'big.png' is 1.5 MB (every PDF and page carries it); a file under 1 MB keeps the site and PDFs small"
        in err
    )
    assert (site / "site" / "assets" / "ladderkit" / "logo.png").stat().st_size > 1024 * 1024


def test_real_images_and_fonts_pass(tmp_path):
    from generator.brand_files import check_font, check_logo

    for name, data in [
        ("a.png", b"\x89PNG\r\n\x1a\n...."),
        ("a.jpg", b"\xff\xd8\xff\xe0"),
        ("a.gif", b"GIF89a.."),
        ("a.webp", b"RIFF\0\0\0\0WEBPVP8 "),
        ("a.svg", (ROOT / "content" / "assets" / "logo.svg").read_bytes()),
    ]:
        (tmp_path / name).write_bytes(data)
        assert check_logo(tmp_path / name, "logo", name) == []
    for name, data in [("a.ttf", b"\0\1\0\0"), ("a.otf", b"OTTO"), ("a.woff", b"wOFF"), ("a.woff2", b"wOF2")]:
        (tmp_path / name).write_bytes(data)
        assert check_font(tmp_path / name, "font", name) == []


@pytest.mark.parametrize(
    "page", ["ladders/customer-development.md", "ladders/customer-development/index.md", "group.md"]
)
def test_a_coach_page_a_generated_page_would_replace_stops_the_build(tmp_path, page):
    """Issue 16 item 7: the coach's page disappeared and the strict build passed."""
    site = make_site(tmp_path / "site-src")
    (site / "content" / page).parent.mkdir(parents=True, exist_ok=True)
    (site / "content" / page).write_text("# Mine\n", encoding="utf-8")
    run = cli("build", cwd=site)
    code, err = run.returncode, run.stderr
    assert (code, "Traceback" in err) == (1, False), err
    generated = "group.md" if page == "group.md" else "ladders/customer-development/index.md"
    whose = (
        "a file ladderkit makes" if page == "group.md" else "the page ladderkit makes for ladder 'customer-development'"
    )
    assert f"content/{page}: {whose} ({generated}) is published at the same place" in err, err
    assert not (site / "site").exists()


def test_characters_no_font_can_draw_stop_the_build_with_one_message(tmp_path):
    """Issue 16 item 15: a Chinese or emoji ladder gave 257 '.notdef' lines (strict) or empty boxes.
    Needs a machine without CJK and emoji fonts, as the test machine is; otherwise nothing is missing."""
    from generator.print.glyphs import _installed_cover

    assert _installed_cover("你") == () and _installed_cover("🙂") == (), "this machine has fonts for them"
    site = make_site(tmp_path / "site-src", pdfs=True)
    ladder = site / "ladders" / "customer-development.yml"
    lines = ladder.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = 'title: "客户发展 🙂"'
    ladder.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("build", cwd=site)
    assert run.returncode == 1 and "Traceback" not in run.stderr and ".notdef" not in run.stderr, run.stderr
    expected = (
        f"ladders/customer-development.yml:{at + 1}: the PDFs cannot draw 客, 户, 发, 展, 🙂 "
        "(U+5BA2, U+6237, U+53D1, U+5C55, U+1F642): no installed font has them. Add a brand font"
    )
    assert expected in run.stderr and run.stderr.count("cannot draw") == 1, run.stderr
