"""Scale: a generated 40-ladder site of the same shape as the shipped ladders (each shipped
ladder eight times under new ids) against the 5-ladder example site, both cold builds with
every PDF, each in a fresh folder and a fresh process."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
COPIES = 8


def make_site(folder: Path, copies: int) -> Path:
    """The example site in `folder`, with each shipped ladder repeated `copies` times."""
    for name in ("mkdocs.yml", "content", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, folder / name)
    ladders = folder / "ladders"
    ladders.mkdir()
    shutil.copy(ROOT / "ladders" / "ladder.schema.json", ladders)
    for path in sorted((ROOT / "ladders").glob("*.yml")):
        text = path.read_text("utf-8")
        for k in range(copies):
            lid = path.stem if k == 0 else f"{path.stem}-{k}"  # copy 0 keeps the id the pages link to
            (ladders / f"{lid}.yml").write_text(re.sub(r"(?m)^id: .*$", f"id: {lid}", text, count=1), "utf-8")
    return folder


def cold_build(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "-f",
            str(folder / "mkdocs.yml"),
            "--site-dir",
            str(folder / "site"),
        ],
        check=True,
        capture_output=True,
        cwd=folder,
    )
    return time.perf_counter() - started


def run() -> list[tuple[str, str, str, str]]:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        five = cold_build(make_site(Path(a), 1))
        forty = cold_build(make_site(Path(b), COPIES))
        pdfs = sum(1 for _ in (Path(b) / "site").rglob("*.pdf"))
    return [
        ("cold build, 5 shipped ladders", f"{five:.1f} s", "(reference)", "1.00"),
        (
            f"cold build, {5 * COPIES} ladders ({pdfs} PDFs)",
            f"{forty:.1f} s",
            "≤ 9 × 5-ladder",
            f"{forty / five:.2f} × 5-ladder",
        ),
    ]
