"""CI runs the README's quick start as written: the same `make` commands, in the same order, with
`make lint` before the tests."""

from __future__ import annotations

import re

from tests.helpers import ROOT


def test_ci_runs_the_readme_quick_start_in_readme_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = re.search(r"## Quick start\n.*?```sh\n(.*?)```", readme, flags=re.S).group(1)
    documented = [line.split("#")[0].strip() for line in quick_start.splitlines() if line.startswith("make ")]
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.startswith("make ")]
    assert documented == ["make build", "make test"]
    # and `make lint` (style, types, layers; CONTRIBUTING.md) between them, before the tests
    assert ci == ["make build", "make lint", "make test"]


def test_make_build_installs_what_a_build_needs_and_test_what_the_tests_need():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = dict(re.findall(r"^(build|test):(.*)$", makefile, flags=re.M))
    assert targets["build"].split() == ["$(STAMP)", "build-deps"]  # ladderkit + the PDFs' system pieces
    assert targets["test"].split() == ["$(TESTS)", "system-deps", "node-deps"]
    assert "scripts/system-deps.sh build" in makefile
