"""The bad-input corpus: malformed ladders, answers files, customer CSVs and brand settings,
each run through the real command line with the exact message expected, exit 1 and never a
traceback (tests/corpus/cases.yml). Then random mutations of the shipped ladders and of
answers files, which may only ever fail with the project's own errors.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.inputs.answers import check_answers_document, read_answers
from generator.errors import LadderErrors, UserError
from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from test_validate import BROKEN, CASES as BROKEN_CASES

ROOT = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "corpus"
MANIFEST = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
SHIPPED = sorted((ROOT / "ladders").glob("*.yml"))


def cli(args, cwd):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


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
    out = cli(args, cwd)
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
    assert counts["check"] + len(BROKEN_CASES) >= 40
    assert counts["score"] >= 20 and counts["classify"] >= 10 and counts["build"] >= 10


@pytest.mark.parametrize("name,expected", BROKEN_CASES, ids=[c[0] for c in BROKEN_CASES])
def test_broken_fixtures_through_the_command_line(name, expected):
    """The validator's 59 fixtures (tests/test_validate.py) also go through `ladderkit check`."""
    out = cli(["check", f"{name}.yml"], BROKEN)
    n = len(expected)
    assert out.stderr == "\n".join(expected) + f"\n{n} error{'s' if n != 1 else ''} found.\n"
    assert out.returncode == 1 and out.stdout == "" and "Traceback" not in out.stderr


# --- random mutations -------------------------------------------------------------------

JUNK = st.sampled_from([None, True, False, 0, -1, 7, 2.5, float("nan"), float("inf"), 10**30, "", "x",
                        "<script>", [], {}, [1, "a"], {"a": 1}, {"not": {}}, "2026-13-45"])


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


@st.composite
def mutated_ladder_text(draw):
    """A shipped ladder damaged at random: keys deleted or renamed, values swapped for other
    types, ids renamed, list items duplicated, then maybe truncated or byte-flipped."""
    path = draw(st.sampled_from(SHIPPED))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
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


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


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

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(mutated_ladder_text())
    def collect(mutant):
        mutants.append(mutant)
    collect()
    for i, (stem, raw) in enumerate(mutants):
        (tmp_path / str(i)).mkdir()
        (tmp_path / str(i) / f"{stem}.yml").write_bytes(raw)
    for i, (stem, _) in enumerate(mutants):
        out = cli(["check", f"{i}/{stem}.yml"], tmp_path)
        assert out.returncode in (0, 1) and "Traceback" not in out.stderr, out.stderr
        if out.returncode == 1:
            assert out.stderr.splitlines()[-1].endswith("found."), out.stderr


def _ladder(lid="customer-development"):
    return to_dict(load_ladder(ROOT / "ladders" / f"{lid}.yml"))


LADDER = _ladder()
QUESTION_IDS = [q["id"] for b in LADDER["bridges"] for q in b["questions"]]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=10)
ANSWER_KEYS = st.sampled_from(QUESTION_IDS) | st.sampled_from(["__proto__", "constructor", "toString", ""]) | st.text(max_size=10)


@st.composite
def answers_documents(draw):
    doc = {"format": draw(st.sampled_from(["ladder-answers/1", "ladder-answers/1", "ladder-answers/2", None, 1])),
           "ladder": draw(st.sampled_from(["customer-development", "customer-development", "growing-loyalty", None, []])),
           "answers": draw(st.dictionaries(ANSWER_KEYS, JSON_VALUES, max_size=6) | JSON_VALUES)}
    for key in draw(st.lists(st.sampled_from(["format", "ladder", "answers"]), max_size=2)):
        doc.pop(key, None)
    return draw(st.sampled_from([doc, doc, doc, [doc], "text", None]))


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
