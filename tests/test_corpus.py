"""The bad-input corpus: malformed ladders, answers files, customer CSVs and brand settings,
each run through the real command line with the exact message expected, exit 1 and never a
traceback (tests/corpus/cases.yml). Then random mutations of the shipped ladders and of
answers files, which may only ever fail with the project's own errors.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import LadderErrors, UserError
from generator.inputs.answers import check_answers_document, read_answers
from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from tests.helpers import FIXTURES, ROOT, cases, cli
from tests.ladder_strategies import answers_documents

CORPUS = ROOT / "tests" / "corpus"
MANIFEST = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
SHIPPED = sorted((ROOT / "ladders").glob("*.yml"))


CORPUS_CASES = [(section, file, spec) for section, entry in MANIFEST.items() for file, spec in entry["cases"].items()]


@pytest.mark.parametrize("section,file,spec", CORPUS_CASES, ids=[f"{s}:{f}" for s, f, _ in CORPUS_CASES])
def test_corpus_case(section, file, spec, tmp_path):
    expected = spec["stderr"] if isinstance(spec, dict) else spec
    cwd = CORPUS
    if isinstance(spec, dict) and "pad_to" in spec:
        # A big file is made here rather than stored: the same ladder, padded with comments.
        cwd = tmp_path / "padded"
        (cwd / file).parent.mkdir(parents=True)
        data = (CORPUS / file).read_bytes()
        (cwd / file).write_bytes(data + b"# padding\n" * ((spec["pad_to"] - len(data)) // 10 + 1))
        assert (cwd / file).stat().st_size >= spec["pad_to"]
    args = [a.format(file=file, root=ROOT, tmp=tmp_path) for a in MANIFEST[section]["command"]]
    out = cli(*args, cwd=cwd)
    assert "Traceback" not in out.stderr
    assert out.stderr.replace(str(tmp_path), "{tmp}") == expected
    assert out.returncode == 1
    assert out.stdout == ""
    if section == "build":  # a refused build leaves neither a site nor a staging folder behind
        assert [p.name for p in tmp_path.iterdir()] == []


def test_every_corpus_file_is_in_the_manifest_and_the_counts_are_met():
    listed = {file for entry in MANIFEST.values() for file in entry["cases"]}
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.name != "cases.yml"}
    assert on_disk == listed
    counts = {section: len(entry["cases"]) for section, entry in MANIFEST.items()}
    assert counts["check"] + len(list((FIXTURES / "broken").glob("*.yml"))) >= 40  # with the validator's own
    assert counts["score"] >= 20 and counts["classify"] >= 10 and counts["build"] >= 10


# --- random mutations -------------------------------------------------------------------

JUNK: st.SearchStrategy[object] = st.sampled_from(
    [
        None,
        True,
        False,
        0,
        -1,
        7,
        2.5,
        float("nan"),
        float("inf"),
        10**30,
        "",
        "x",
        "<script>",
        [],
        {},
        [1, "a"],
        {"a": 1},
        {"not": {}},
        "2026-13-45",
    ]
)


def _nodes(data):
    """Every (container, key) pair in the tree, to pick a place to damage."""
    out = []

    def walk(node):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in list(items):
            out.append((node, k))
            walk(v)

    walk(data)
    return out


@functools.cache
def _parsed(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# libyaml's emitter writes the same text as PyYAML's, six times faster (the mutants are many).
FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@st.composite
def mutated_ladder_text(draw):
    """A shipped ladder damaged at random: keys deleted or renamed, values swapped for other
    types, ids renamed, list items duplicated, then maybe truncated or byte-flipped."""
    path = draw(st.sampled_from(SHIPPED))
    data = copy.deepcopy(_parsed(path))  # as parsing the file again gives, ten times faster
    for _ in range(draw(st.integers(1, 4))):
        nodes = _nodes(data)
        parent, key = nodes[draw(st.integers(0, len(nodes) - 1))]
        action = draw(st.sampled_from(["delete", "swap", "rename-id", "rename-key", "duplicate", "wrap"]))
        if action == "delete":
            del parent[key]
        elif action == "swap":
            parent[key] = draw(JUNK)
        elif action == "rename-id" and isinstance(parent[key], str):
            parent[key] = parent[key] + draw(st.sampled_from(["-x", "s", "", " ", "_X"]))
        elif action == "rename-key" and isinstance(parent, dict):
            parent[key + draw(st.sampled_from(["x", "_", "s"]))] = parent.pop(key)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, parent[key])
        else:
            parent[key] = [parent[key]]
    text = yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True)
    raw = text.encode("utf-8")
    damage = draw(st.sampled_from(["none", "truncate", "flip"]))
    if damage == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif damage == "flip":
        raw = bytearray(raw)
        for _ in range(draw(st.integers(1, 5))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        raw = bytes(raw)
    return path.stem, raw  # saved under the ladder's own name, so an undamaged id still matches


FAST = settings(
    max_examples=cases(150), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@FAST
@given(mutated_ladder_text())
def test_mutated_ladders_raise_only_ladder_errors(tmp_path_factory, mutant):
    stem, raw = mutant
    path = tmp_path_factory.mktemp("mutant") / f"{stem}.yml"
    path.write_bytes(raw)
    try:
        ladder = load_ladder(path)
    except LadderErrors as exc:
        assert exc.errors and all(e.file.endswith(f"{stem}.yml") and e.message for e in exc.errors)
        return
    json.dumps(to_dict(ladder))  # what loads is buildable and exportable


def test_the_command_line_never_shows_a_traceback_for_mutants(tmp_path):
    """A sample of mutants through `ladderkit check`: exit 0 or 1, one message per line."""
    mutants = []

    @settings(max_examples=cases(30), deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(mutated_ladder_text())
    def collect(mutant):
        mutants.append(mutant)

    collect()
    for i, (stem, raw) in enumerate(mutants):
        (tmp_path / str(i)).mkdir()
        (tmp_path / str(i) / f"{stem}.yml").write_bytes(raw)
    for i, (stem, _) in enumerate(mutants):
        out = cli("check", f"{i}/{stem}.yml", cwd=tmp_path)
        assert out.returncode in (0, 1) and "Traceback" not in out.stderr, out.stderr
        if out.returncode == 1:
            assert out.stderr.splitlines()[-1].endswith("found."), out.stderr


def _ladder(lid="customer-development"):
    return to_dict(load_ladder(ROOT / "ladders" / f"{lid}.yml"))


LADDER = _ladder()


@FAST
@given(answers_documents())
def test_answers_documents_raise_only_user_errors(doc):
    try:
        answers = check_answers_document(doc, LADDER, "answers.json")
    except UserError as exc:
        assert str(exc).startswith("answers.json: ")
        return
    from generator.scoring.scoring import score

    score(LADDER, answers)  # what is accepted can be scored


@FAST
@given(answers_documents(), st.sampled_from(["none", "truncate", "flip"]), st.randoms(use_true_random=False))
def test_answers_files_raise_only_user_errors(tmp_path_factory, doc, damage, rnd):
    raw = bytearray(json.dumps(doc, ensure_ascii=rnd.random() < 0.5).encode("utf-8"))
    if damage == "truncate":
        raw = raw[: rnd.randrange(len(raw) + 1)]
    elif damage == "flip" and raw:
        for _ in range(rnd.randint(1, 4)):
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
    path = tmp_path_factory.mktemp("answers") / "answers.json"
    path.write_bytes(bytes(raw))
    try:
        read_answers(path, LADDER)
    except UserError as exc:
        assert str(exc).startswith(str(path))


# --- every command over the answers corpus, and the fault cases -----------------------------------

LADDER_FILE = str(ROOT / "ladders" / "customer-development.yml")
GOOD_ANSWERS = str(ROOT / "tests" / "fixtures" / "group" / "anna.json")
NO_FIGURES = "error: no answers file could be counted, so there are no group figures\n"


@pytest.mark.parametrize(
    "file,expected", list(MANIFEST["score"]["cases"].items()), ids=list(MANIFEST["score"]["cases"])
)
def test_report_and_aggregate_refuse_the_answers_corpus_as_score_does(file, expected, tmp_path, monkeypatch, capsys):
    """In-process (the same `main` as the command line, without an interpreter per file):
    `report` gives score's message, `aggregate` lists the file as skipped and counts nothing."""
    from generator.cli import main

    monkeypatch.chdir(CORPUS)
    assert main(["report", LADDER_FILE, file, "-o", str(tmp_path / "r.pdf"), "-f", str(ROOT / "mkdocs.yml")]) == 1
    out = capsys.readouterr()
    assert (out.err, out.out) == (expected, "") and not (tmp_path / "r.pdf").exists()
    assert main(["aggregate", LADDER_FILE, file]) == 1
    out = capsys.readouterr()
    assert out.err == NO_FIGURES and f"\n  {Path(file).name}: " in out.out


SDE = {
    "253402300800": "is after the year 9999",
    "-1": "is not a whole number",
    "soon": "is not a whole number",
    "1" * 5000: "is after the year 9999",
}


@pytest.mark.parametrize("value", list(SDE), ids=["year-10000", "negative", "text", "5000-digits"])
def test_an_out_of_range_source_date_epoch_is_one_message(value, tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH=value)
    out = cli(
        "report",
        LADDER_FILE,
        GOOD_ANSWERS,
        "-o",
        str(tmp_path / "r.pdf"),
        "-f",
        str(ROOT / "mkdocs.yml"),
        env=env,
        cwd=tmp_path,
    )
    assert out.returncode == 1 and out.stdout == "" and out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith(
        f"error: SOURCE_DATE_EPOCH={value[:40]}".replace("=-1", "='-1'").replace("=soon", "='soon'")
    )
    assert SDE[value] in out.stderr and not (tmp_path / "r.pdf").exists()


def _site(folder: Path, pdfs: bool) -> Path:
    """A checkout with one small ladder and a home page."""
    (folder / "docs").mkdir(parents=True)
    (folder / "ladders").mkdir()
    (folder / "docs" / "index.md").write_text("# Home\n")
    (folder / "ladders" / "internal-service.yml").write_bytes((ROOT / "ladders" / "internal-service.yml").read_bytes())
    (folder / "mkdocs.yml").write_text(
        "site_name: Fault case\ndocs_dir: docs\nplugins:\n  - ladderkit:\n"
        f"      ladders_dir: ladders\n      pdfs: {str(pdfs).lower()}\n"
    )
    return folder


def _in_namespace(shell: str, cwd: Path) -> subprocess.CompletedProcess:
    """`shell` as root of a new user and mount namespace (mounts end with it)."""
    return subprocess.run(
        ["unshare", "-r", "-m", "sh", "-c", shell], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def test_a_build_on_a_full_disk_is_one_message_and_the_previous_site_stays(tmp_path):
    checkout = _site(tmp_path / "checkout", pdfs=False)
    disk = tmp_path / "disk"
    disk.mkdir()
    lk = f'"{sys.executable}" -m generator'
    out = _in_namespace(
        f'set -e; mount -t tmpfs -o size=600k tmpfs "{disk}"; mkdir "{disk}/site"; '
        f'echo previous > "{disk}/site/index.html"; '
        f'{lk} build -d "{disk}/site" || echo "exit $?"; cat "{disk}/site/index.html"; ls -a "{disk}"',
        checkout,
    )
    assert out.stderr == (
        f"error: the build stopped: cannot write the site (No space left on device); "
        f"the previous site in {disk}/site is unchanged.\n"
    )
    assert out.stdout == "exit 1\nprevious\n.\n..\nsite\n"  # no staging folder left behind


@pytest.mark.pdf
def test_a_read_only_checkout_builds_into_a_writable_folder_with_one_notice(tmp_path):
    """PDFs on: the cache beside mkdocs.yml cannot be made, so the build renders without it."""
    checkout = _site(tmp_path / "checkout", pdfs=True)
    out = _in_namespace(
        f'set -e; mount --bind "{checkout}" "{checkout}"; mount -o remount,bind,ro "{checkout}"; '
        f'"{sys.executable}" -m generator build -d "{tmp_path}/out/site"',
        checkout,
    )
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    notices = [line for line in out.stderr.splitlines() if line.startswith("notice:")]
    assert notices == [
        f"notice: the PDF cache cannot be written ({checkout}/.cache/pdf: Read-only file system); "
        "PDFs not in it were rendered and not stored"
    ]
    assert len(list((tmp_path / "out" / "site").rglob("*.pdf"))) == 7
    assert sorted(p.name for p in checkout.iterdir()) == ["docs", "ladders", "mkdocs.yml"]


def test_a_build_with_an_out_of_range_source_date_epoch_is_one_message(tmp_path):
    checkout = _site(tmp_path / "checkout", pdfs=True)
    out = cli(
        "build", "-d", str(tmp_path / "site"), cwd=checkout, env=dict(os.environ, SOURCE_DATE_EPOCH="253402300800")
    )
    assert (out.returncode, out.stdout) == (1, "")
    assert out.stderr.endswith(
        "error: SOURCE_DATE_EPOCH=253402300800 is after the year 9999; set it to at most "
        "253402300799 (git log -1 --format=%ct gives the last commit's) or unset it\n"
    ), out.stderr
    assert "Traceback" not in out.stderr and not (tmp_path / "site").exists()
