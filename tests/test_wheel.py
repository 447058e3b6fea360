"""ladderkit installed from its wheel, outside the checkout: the wheel carries every file of
the package (templates, browser assets, the scoring twin, the starter site, theme partials),
and `ladderkit new` + `ladderkit build` work from it in a folder far from the repository,
PDFs included.

The wheel is built the way `pip install .` builds it (pip, isolated build with the
project's build backend) from a copy of the checkout's files, so the checkout gets no build
folders. It goes into a new virtual environment with `--no-deps`; the dependencies come from
this test run's own environment through a path entry (not a site folder, so the checkout's
editable install is not loaded there), and the test checks that `generator` is the wheel's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # in make test, not in the fast lane (pyproject.toml markers)


def run(*command, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done


def package_files() -> list[str]:
    """Every file of generator/ that git tracks or would (not ignored), but compiled Python."""
    listed = run("git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "generator", cwd=ROOT)
    return sorted(p for p in listed.stdout.splitlines() if (ROOT / p).is_file() and "__pycache__" not in p)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    listed = run("git", "ls-files", "--cached", "--others", "--exclude-standard", cwd=ROOT).stdout.splitlines()
    source = tmp / "src"
    for name in listed:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp / "dist", source, cwd=tmp)
    (built,) = (tmp / "dist").glob("ladderkit-*.whl")
    return built


def test_the_wheel_carries_every_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [p for p in package_files() if p not in names]
    assert not missing, f"not in the wheel: {missing}"
    for kind in (
        "generator/print/templates/print/print.css",
        "generator/site/assets/audit.js",
        "generator/site/theme/partials/copyright.html",
        "generator/scoring/scoring.mjs",
        "generator/commands/starter/gitignore",
        "generator/commands/starter/github/workflows/publish.yml",
    ):
        assert kind in names


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel, cwd=venv.parent)
    purelib = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv.parent).stdout.strip()
    )
    # The dependencies of this run's environment, as a plain path entry after the venv's own.
    (purelib / "ladderkit-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


@pytest.mark.pdf
def test_new_and_build_outside_the_checkout_with_pdfs(installed, tmp_path):
    where = run(installed / "python", "-c", "import generator; print(generator.__file__)", cwd=tmp_path).stdout
    assert Path(where.strip()).is_relative_to(installed.parent), where  # the wheel's, not the checkout's
    assert not tmp_path.is_relative_to(ROOT)
    run(installed / "ladderkit", "new", "coach-site", "--name", "Wheel Coaching", cwd=tmp_path)
    site_root = tmp_path / "coach-site"
    built = run(installed / "ladderkit", "build", cwd=site_root)
    assert "Site built in" in built.stdout
    site = site_root / "site"
    audit = site / "ladders" / "first-ladder" / "audit" / "index.html"
    assert audit.is_file() and "data-lk-audit" in audit.read_text(encoding="utf-8")
    assert (site / "assets" / "ladderkit" / "audit.js").is_file()
    assert "Wheel Coaching" in (site / "index.html").read_text(encoding="utf-8")
    pdfs = sorted(site.glob("pdf/**/*.pdf"))
    names = {p.relative_to(site).as_posix() for p in pdfs}
    assert {
        "pdf/first-ladder/worksheet.pdf",
        "pdf/first-ladder/worksheet-fillable.pdf",
        "pdf/internal-customer-guide.pdf",
    } <= names
    assert any(name.startswith("pdf/first-ladder/playbook-") for name in names)
    for pdf in pdfs:
        assert len(PdfReader(pdf).pages) >= 1
