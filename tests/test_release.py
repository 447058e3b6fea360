"""The package is ready to publish: `python -m build` and `twine check` pass, the version has
one home and the changelog names it, and a new site's publishing files pin that version."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile

import pytest
import yaml

import generator
from generator.commands.new import create_site
from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # in make test, not in the fast lane (pyproject.toml markers)


def test_sdist_and_wheel_build_and_pass_twine_check(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(tmp_path.glob("*.whl"))
    sdist = next(tmp_path.glob("*.tar.gz"))
    assert wheel.name == f"ladderkit-{generator.__version__}-py3-none-any.whl"
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "generator/scoring/scoring.mjs",
        "generator/site/assets/audit.js",
        "generator/print/templates/print/print.css",
        "generator/commands/starter/gitignore",
        "generator/commands/starter/netlify.toml",
        "generator/site/theme/partials/copyright.html",
    ):
        assert needed in names, needed
    with tarfile.open(sdist) as tar:
        assert any(n.endswith("/CHANGELOG.md") or n.endswith("/README.md") for n in tar.getnames())


def test_the_changelog_names_the_current_version():
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    headings = re.findall(r"^## (\d+\.\d+\.\d+) ", text, flags=re.M)
    assert headings and headings[0] == generator.__version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]  # one home: generator.__version__


def test_a_new_sites_publishing_files_pin_this_ladderkit(tmp_path):
    create_site(tmp_path / "site", "Acme")
    workflow = yaml.safe_load((tmp_path / "site" / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    steps = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    assert f'pip install "ladderkit=={generator.__version__}"' in steps
    apt = next(s for s in steps if "apt-get install" in s)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"):
        assert package in apt
    netlify = (tmp_path / "site" / "netlify.toml").read_text("utf-8")
    assert f"pip install ladderkit=={generator.__version__} && ladderkit build" in netlify
    assert 'publish = "site"' in netlify
    assert "__LADDERKIT_VERSION__" not in netlify


def test_the_release_workflow_checks_tag_version_and_changelog():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    runs = " ".join(s.get("run", "") for s in workflow["jobs"]["build"]["steps"])
    assert "make build" in runs and "make test" in runs and "twine check" in runs
    assert 'test "v$version" = "$GITHUB_REF_NAME"' in runs and "CHANGELOG.md" in runs
