"""`ladderkit new`: a coach's site that checks and builds straight away, with their name on it."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.ladder.schema import render as render_schema
from tests.helpers import ROOT, cli

NAME = 'Ann "O" Reilly & Co — Coaching'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    parent = tmp_path_factory.mktemp("new")
    run = cli("new", "my-site", "--name", NAME, cwd=parent)
    assert run.returncode == 0, run.stderr
    assert "Created a ladderkit site in my-site" in run.stdout
    return parent / "my-site"


def test_the_printed_next_step_works_from_the_new_folder(tmp_path):
    """`new` names a ladderkit command that runs from inside the site (checked with `check`)."""
    run = cli("new", "s", cwd=tmp_path)
    step = next(
        line
        for line in run.stdout.splitlines()
        if line.strip().endswith("serve      # live preview at http://127.0.0.1:8000/")
    )
    command = step.split("#")[0].strip().rsplit(" ", 1)[0]
    check = subprocess.run(f"{command} check", shell=True, cwd=tmp_path / "s", capture_output=True, text=True)
    assert check.returncode == 0, (command, check.stderr)
    assert "1 ladder checked" in check.stdout


def test_the_new_site_has_every_part(site):
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/publish.yml",
        ".gitignore",
        "content/_headers",
        "content/about.md",
        "content/assets/logo.svg",
        "content/index.md",
        "ladders/first-ladder.yml",
        "ladders/ladder.schema.json",
        "mkdocs.yml",
        "netlify.toml",
        "overrides/main.html",
    ]
    config = yaml.safe_load((site / "mkdocs.yml").read_text())
    brand = config["plugins"][1]["ladderkit"]["brand"]
    assert brand["name"] == NAME and brand["footer"] == f"© {NAME}"
    assert set(brand) >= {"name", "logo", "primary", "accent", "contact", "call_to_action", "footer", "paper"}
    home = (site / "content" / "index.md").read_text()
    assert "<!-- ladderkit: ladders -->" in home and "<!-- ladderkit: call-to-action -->" in home
    assert 'Ann "O" Reilly &amp; Co' in home
    ladder = (site / "ladders" / "first-ladder.yml").read_text()
    assert ladder.startswith("# yaml-language-server: $schema=ladder.schema.json\n")
    assert (site / "ladders" / "ladder.schema.json").read_text() == render_schema()
    assert (site / "ladders" / "ladder.schema.json").read_text() == (
        ROOT / "ladders" / "ladder.schema.json"
    ).read_text()
    ignored = (site / ".gitignore").read_text().splitlines()
    assert {"site/", "*-report.pdf", "*-answers.json", "clients/"} <= set(ignored)


def test_the_sample_workflow_builds_with_ladderkit_and_deploys_the_site_folder(site):
    workflow = yaml.safe_load((site / ".github" / "workflows" / "publish.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    assert {"run": "ladderkit build"} in steps
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_the_starter_ladder_uses_every_question_type(site):
    from generator.ladder.loader import load_ladder

    ladder = load_ladder(site / "ladders" / "first-ladder.yml")
    types = {q.type for b in ladder.bridges for q in b.questions}
    assert types == {"scale", "yesno", "number", "checklist"}
    assert ladder.flags and ladder.classifier


@pytest.mark.pdf
def test_it_checks_and_builds_straight_away(site, tmp_path):
    check = cli("check", cwd=site)
    assert (check.returncode, check.stdout) == (0, "1 ladder checked, no errors.\n"), check.stderr
    build = cli("build", "--site-dir", str(tmp_path / "out"), cwd=site)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    home = (tmp_path / "out" / "index.html").read_text()
    # The name is plain text: quotes, ampersands and angle brackets are escaped in the HTML.
    assert '<meta name="author" content="Ann &quot;O&quot; Reilly &amp; Co — Coaching">' in home
    assert '<div class="md-copyright__highlight">© Ann &quot;O&quot; Reilly &amp; Co — Coaching</div>' in home
    assert "Book a conversation" in home
    assert "--lk-primary: #1f4e79;" in (tmp_path / "out" / "assets" / "ladderkit" / "brand.css").read_text()
    audit = tmp_path / "out" / "ladders" / "first-ladder" / "audit" / "index.html"
    assert "From first visit to regular" in audit.read_text()
    _check_pdf_brand(tmp_path / "out" / "pdf" / "first-ladder" / "playbook-first-experience.pdf")
    _check_headers(tmp_path / "out" / "_headers", home)


def _check_headers(headers: Path, home: str) -> None:
    """The host headers file reaches the built site, for Netlify and Cloudflare Pages (issue 16 item 21).
    Its policy only adds what a page's meta policy cannot: a second policy's script-src would
    block the theme scripts the page's policy allows by hash."""
    lines = [line.strip() for line in headers.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0] == "/*"
    values = dict(line.split(": ", 1) for line in lines[1:])
    assert "frame-ancestors 'none'" in values["Content-Security-Policy"]
    assert (
        "script-src" not in values["Content-Security-Policy"] and "default-src" not in values["Content-Security-Policy"]
    )
    assert values["X-Frame-Options"] == "DENY" and values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"] == "no-referrer"
    assert (
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'sha256-" in home
    )


def _check_pdf_brand(pdf: Path) -> None:
    """The starter enables PDFs: they carry the brand's name and colours too."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert reader.metadata["/Author"] == NAME
    assert NAME in reader.pages[0].extract_text()
    drawn = reader.pages[0].get_contents().get_data().decode("latin-1")
    colours = {
        tuple(round(float(x) * 255) for x in m.split()) for m in re.findall(r"([\d.]+ [\d.]+ [\d.]+) (?:rg|RG)", drawn)
    }
    assert (0x1F, 0x4E, 0x79) in colours  # brand.primary "#1f4e79" of the starter's mkdocs.yml


def test_it_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    run = cli("new", "mine", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == (
        "error: mine: the folder is not empty; ladderkit new only writes into a new or empty folder, "
        "so nothing of yours is overwritten\n"
    )
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_fine_and_the_name_comes_from_it(tmp_path):
    (tmp_path / "acme-coaching").mkdir()
    run = cli("new", "acme-coaching", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    config = yaml.safe_load((tmp_path / "acme-coaching" / "mkdocs.yml").read_text())
    assert config["site_name"] == "Acme Coaching — Customer Loyalty"
    assert (
        json.loads((tmp_path / "acme-coaching" / "ladders" / "ladder.schema.json").read_text())["$id"]
        == "ladder.schema.json"
    )
