"""The formula guard against a real spreadsheet: LibreOffice Calc opens the CSV exports with
"Trim spaces" and "Evaluate formulas" on (the setting under which issue 16 item 18 ran
" =1+1" as a formula) and must find no formula in them. Both exports are opened: the command
line's (csvsafe.write_rows) and the browser's (csvText in assets/rules.js, run by Node).
scripts/system-deps.sh installs LibreOffice for the tests (libreoffice-calc-nogui).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.inputs.csvsafe import write_rows
from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # in make test, not in the fast lane (pyproject.toml markers)

NAMES = [
    "=1+1",
    " =1+1",
    "\r=1+1",
    "\n=1+1",
    "\t=1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\ufeff=1+1",
    "\u3000=1+1",
    "+1+1",
    " -1+1",
    "@SUM(1)",
    "\uff1d1+1",
    "\uff0b1",
    "'=1+1",
    '=HYPERLINK("http://example.com")',
    "Acme",
]
# Field separator, text delimiter, UTF-8, from line 1, standard columns, en-US, quoted text
# not forced to text, special numbers detected, -, -, remove spaces (trim), -, evaluate formulas.
CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true,false,false,true,-1,true"


def cells_of(csv_path: Path, tmp_path: Path) -> list[str]:
    """The table cells LibreOffice makes of a CSV, as their flat-ODF XML start tags."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is a test dependency: run scripts/system-deps.sh"
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            f"--infilter={CSV_IMPORT}",
            "--convert-to",
            "fods",
            "--outdir",
            str(out),
            str(csv_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return re.findall(r"<table:table-cell [^>]*>", (out / f"{csv_path.stem}.fods").read_text(encoding="utf-8"))


def browser_csv(names: list[str]) -> str:
    script = (
        "import { csvText } from './generator/site/assets/rules.js';"
        f"process.stdout.write(csvText(['name', 'n'], {json.dumps([[n, i] for i, n in enumerate(names)])}));"
    )
    return subprocess.run(
        ["node", "--input-type=module", "-e", script], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def formulas(cells: list[str]) -> int:
    return sum("table:formula" in c for c in cells)


def test_libreoffice_evaluates_no_formula_in_either_export(tmp_path):
    raw = tmp_path / "raw.csv"  # the same names unguarded: proves this setting does run them
    with raw.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["name"], *([n] for n in NAMES)])
    raw_cells = cells_of(raw, tmp_path)
    assert "table:formula" in raw_cells[2], "' =1+1' unguarded runs with trimming on"
    for name, text in [
        ("python.csv", write_rows(["name", "n"], [[n, i] for i, n in enumerate(NAMES)])),
        ("browser.csv", browser_csv(NAMES)),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        cells = cells_of(path, tmp_path)
        assert formulas(cells) == 0, name
        assert sum('office:value-type="string"' in c for c in cells) == len(NAMES) + 2, name  # names and the header
