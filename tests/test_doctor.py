"""`ladderkit doctor`: one line per item, the exact fix for what is missing, exit 1 when a build
would fail; and a build that cannot load WeasyPrint's libraries says to run it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.commands import doctor
from tests.helpers import ROOT, cli


def ladderkit(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return cli(*args, cwd=cwd, env=env, timeout=600)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    parent = tmp_path_factory.mktemp("doctor")
    assert ladderkit("new", "site", cwd=parent).returncode == 0
    return parent / "site"


def test_this_machine_has_everything(site):
    run = ladderkit("doctor", cwd=ROOT)
    assert run.returncode == 0, run.stdout
    lines = run.stdout.splitlines()
    assert lines[-1] == "A build would work here. Everything the tests need is here too."
    assert all(line.startswith("ok ") for line in lines[:-1]), run.stdout
    for piece in (
        "Python 3.",
        "Pango library",
        "PangoFT2 library",
        "HarfBuzz library",
        "HarfBuzz-Subset library",
        "fontconfig library",
        "DejaVu Sans font",
        "brand logo assets/logo.svg",
        "PDF cache folder",
        "Node v",
        "Chromium",
        "qpdf",
        "pdftoppm",
        "fonts for English (en): DejaVu Sans, the PDFs' font, has its letters",
    ):
        assert any(piece in line for line in lines), piece
    # a coach's new site, checked with -f from elsewhere
    other = ladderkit("doctor", "-f", str(site / "mkdocs.yml"), cwd=site.parent)
    assert other.returncode == 0 and "ok       brand logo assets/logo.svg" in other.stdout


def test_fonts_for_the_sites_language_with_the_real_fontconfig():
    dejavu = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True).stdout
    assert doctor.language_item("ar", [("Brand", Path(dejavu))]).line() == (
        "ok       fonts for Arabic (ar): brand font Brand has its letters"
    )
    assert doctor.language_item("de", []).ok
    hindi = doctor.language_item("hi", [("Brand", Path(dejavu))])  # DejaVu has no Devanagari
    assert not hindi.ok and "fonts for Hindi (hi)" in hindi.line()


@pytest.mark.parametrize(
    "listed, expected",
    [
        (
            "",
            "no installed font has its letters (PDFs still build; text in this language would lack its letters); "
            "fix: apt-get install -y fonts-noto-cjk, then set one of its fonts as a brand font",
        ),
        (
            "Noto Sans CJK JP,Noto Sans CJK JP Regular\nIPAGothic\n",
            "DejaVu Sans, the PDFs' font, lacks its letters; installed fonts that have them: IPAGothic, Noto Sans CJK JP "
            "(PDFs still build; text in this language would lack its letters); fix: set one as a brand font",
        ),
    ],
    ids=["none installed", "some installed"],
)
def test_a_language_the_pdfs_font_lacks_names_what_to_do(monkeypatch, listed, expected):
    """fc-list's answer given (what is installed differs between machines); the rest is real."""
    monkeypatch.setattr(doctor, "_run", lambda *command: listed if command[0] == "fc-list" else None)
    monkeypatch.setattr(doctor, "package_manager", lambda: "apt-get")
    monkeypatch.setattr(doctor.os, "geteuid", lambda: 0)
    line = doctor.language_item("ja", []).line()
    assert line.startswith("missing  fonts for Japanese (ja): ") and expected in line, line
    assert doctor.language_item("ja", []).needed != doctor.BUILD, "a build still works"


def _hide(monkeypatch, piece: str) -> None:
    hidden = next(lib.names for lib in doctor.LIBRARIES if lib.piece == piece)
    real = doctor.open_library
    monkeypatch.setattr(doctor, "open_library", lambda names: names != hidden and real(names))


def test_a_missing_library_is_named_with_its_fix_and_fails(monkeypatch, capsys, site):
    monkeypatch.chdir(site)
    _hide(monkeypatch, "PangoFT2")
    assert doctor.doctor() == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "PangoFT2" in line)
    sudo = "" if os.geteuid() == 0 else "sudo "
    assert line == f"missing  PangoFT2 library (libpangoft2-1.0.so.0); fix: {sudo}apt-get install -y libpangoft2-1.0-0"
    assert out.splitlines()[-1] == "A build would fail here: 1 item missing (above, with their fixes)."


def test_missing_harfbuzz_subset_is_named_but_a_build_still_works(monkeypatch, capsys, site):
    monkeypatch.chdir(site)
    _hide(monkeypatch, "HarfBuzz-Subset")
    assert doctor.doctor() == 0
    out = capsys.readouterr().out
    assert (
        "missing  HarfBuzz-Subset library (libharfbuzz-subset.so.0) (PDFs still build: a notice, slower); fix: " in out
    )
    assert "install -y libharfbuzz-subset0" in out
    assert out.splitlines()[-1] == "A build would work here. 1 other item missing (above)."


def test_other_systems_get_their_own_command(monkeypatch):
    lib = next(lib for lib in doctor.LIBRARIES if lib.piece == "HarfBuzz-Subset")
    for manager, command in (
        ("dnf", "dnf install -y harfbuzz"),
        ("apk", "apk add so:libharfbuzz-subset.so.0"),
        ("brew", "brew install harfbuzz"),
    ):
        monkeypatch.setattr(doctor, "package_manager", lambda manager=manager: manager)
        assert doctor.install(lib.package).endswith(command)
    assert doctor.install(doctor.DEJAVU, doctor.TOOLS[0][2]) == "brew install --cask font-dejavu chromium"


def test_without_fc_list_on_path_the_fonts_are_missing(site, tmp_path):
    """A real environment: PATH without fontconfig's tools (nor node, nor a package manager)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    run = ladderkit("doctor", cwd=site, env={**os.environ, "PATH": str(empty)})
    assert run.returncode == 1
    assert "missing  fontconfig's fc-list (finds the PDFs' fonts); fix: " in run.stdout
    assert "install -y fontconfig fonts-dejavu-core" in run.stdout
    assert "missing  Node not found (needs 20 or later) (for the tests); fix: " in run.stdout


def test_brand_files_and_the_cache_folder(site, tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    config = (site / "mkdocs.yml").read_text()
    (broken / "bad.woff2").write_bytes(b"not a font")
    config = config.replace(
        "logo: assets/logo.svg", "logo: assets/gone.svg\n        fonts: [{family: Brand, path: bad.woff2}]"
    )
    config = config.replace("pdfs: true", "pdfs: true\n      cache_dir: mkdocs.yml/cache")  # below a file: unwritable
    (broken / "mkdocs.yml").write_text(config)
    assert doctor.doctor(str(broken / "mkdocs.yml")) == 1
    out = capsys.readouterr().out
    assert f"missing  brand logo assets/gone.svg; fix: put the file at {broken / 'assets/gone.svg'}" in out
    assert "missing  brand font Brand (bad.woff2): not a readable font" in out
    assert (
        f"missing  PDF cache folder {broken / 'mkdocs.yml/cache'} writable; fix: chmod u+w {broken / 'mkdocs.yml'}"
        in out
    )
    assert out.splitlines()[-1].startswith("A build would fail here: 3 items missing")


def test_a_language_that_is_no_language_code_is_named_once(site, tmp_path, capsys):
    """doctor reads theme.language where the build does (generator/print/language.py)."""
    folder = tmp_path / "odd"
    folder.mkdir()
    config = (site / "mkdocs.yml").read_text()
    assert "  language: en\n" in config
    (folder / "mkdocs.yml").write_text(config.replace("  language: en\n", "  language: english please\n"))
    assert doctor.doctor(str(folder / "mkdocs.yml")) == 1
    out = capsys.readouterr().out
    assert (
        "missing  the site's language (ladderkit: language, or theme.language); fix: mkdocs.yml: theme.language: "
        "'english please' is not a language code" in out
    )


def test_doctor_reads_the_plugins_language_before_the_themes(site, tmp_path, capsys):
    """The plugin's `language` is the one setting (it becomes theme.language in the build)."""
    folder = tmp_path / "es"
    folder.mkdir()
    config = (site / "mkdocs.yml").read_text().replace("  - ladderkit:\n", "  - ladderkit:\n      language: ja\n", 1)
    assert "language: ja" in config
    (folder / "mkdocs.yml").write_text(config)
    doctor.doctor(str(folder / "mkdocs.yml"))
    assert "fonts for Japanese (ja)" in capsys.readouterr().out


SITECUSTOMIZE = '''
import sys
class _NoPango:
    """WeasyPrint as on a machine without Pango: cffi's dlopen fails at import."""
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
sys.meta_path.insert(0, _NoPango())
'''


def test_a_build_that_cannot_load_weasyprint_says_to_run_doctor(site, tmp_path):
    """The whole build, its PDF workers included, runs where importing WeasyPrint fails."""
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = ladderkit("build", cwd=site, env=env)
    assert run.returncode == 1
    assert "cannot load library 'libpango-1.0-0'" in run.stderr
    assert "run `ladderkit doctor`" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_libraries_are_the_ones_weasyprint_opens():
    import weasyprint.text.ffi as ffi

    source = Path(ffi.__file__).read_text(encoding="utf-8")
    opened = set(re.findall(r"'(lib[\w.-]+\.so\.\d+)'", source))
    assert opened == {lib.soname for lib in doctor.LIBRARIES} | {"libharfbuzz-vector.so.0"}  # vector: optional
    for lib in doctor.LIBRARIES:
        assert all(f"'{name}'" in source for name in lib.names if name.endswith((".so." + lib.version, ".dll"))), lib


def test_the_sample_workflow_installs_what_doctor_checks_and_runs_it(site):
    import yaml

    steps = yaml.safe_load((site / ".github" / "workflows" / "publish.yml").read_text())["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    apt = next(r for r in runs if "apt-get install" in r).split()
    # HarfBuzz, fontconfig and GObject come with Pango; HarfBuzz-Subset does not
    for piece in ("Pango", "PangoFT2", "HarfBuzz-Subset"):
        assert next(lib.package.debian for lib in doctor.LIBRARIES if lib.piece == piece) in apt
    assert doctor.DEJAVU.debian in apt
    assert runs.index("ladderkit doctor") < runs.index("ladderkit build")
