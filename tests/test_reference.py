"""The reference (content/reference/) and the JSON Schemas beside the ladders are the contract:
every answers file the code accepts satisfies ladders/answers.schema.json, every file refused for
its shape is refused by the schema too, every result `ladderkit score` prints satisfies
result.schema.json, every `ladderkit export` satisfies export.schema.json, and the examples on
the reference's pages are what the code really does. Which ladder keys the reference must list
is checked in test_docs_coverage.py, beside the same check for the coaches' guide."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import UserError
from generator.inputs.answers import check_answers_document, read_json
from generator.ladder.loader import load_ladder
from generator.ladder.model import build, to_dict
from generator.scoring.scoring import score, validate_answers
from tests.helpers import ROOT, cases, cli
from tests.ladder_strategies import answer_set, ladders

REFERENCE = ROOT / "content" / "reference"
SCHEMAS = {
    name: json.loads((ROOT / "ladders" / f"{name}.schema.json").read_text(encoding="utf-8"))
    for name in ("answers", "result", "export")
}
VALIDATORS = {
    name: jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for name, schema in SCHEMAS.items()
}
SHIPPED = sorted((ROOT / "ladders").glob("*.yml"))
STARTER = ROOT / "generator" / "commands" / "starter" / "ladders" / "first-ladder.yml"
CORPUS = ROOT / "tests" / "corpus" / "answers"


def ladder_for(ladder_id: str):
    path = STARTER if ladder_id == "first-ladder" else ROOT / "ladders" / f"{ladder_id}.yml"
    return to_dict(load_ladder(path))


def ladder_path(ladder_id: str) -> Path:
    return STARTER if ladder_id == "first-ladder" else ROOT / "ladders" / f"{ladder_id}.yml"


def valid(name: str, doc) -> bool:
    return VALIDATORS[name].is_valid(doc)


def problems(name: str, doc) -> str:
    return "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATORS[name].iter_errors(doc))


def code_accepts(doc) -> bool:
    """What `ladderkit score` decides about an already parsed answers document."""
    ladder_id = doc.get("ladder") if isinstance(doc, dict) else None
    ladder = ladder_for(
        ladder_id if isinstance(ladder_id, str) and ladder_path(ladder_id).is_file() else "customer-development"
    )
    try:
        check_answers_document(doc, ladder, "answers.json")
    except UserError:
        return False
    return True


def marked_blocks(page: Path, marker: str) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return re.findall(rf"<!-- reference: {marker} -->\n```json\n(.*?)```", text, flags=re.S)


def worked_example() -> str:
    text = (ROOT / "content" / "coaches" / "writing-a-ladder.md").read_text(encoding="utf-8")
    return re.search(r"<!-- worked-example: answers -->\n```json\n(.*?)```", text, flags=re.S).group(1)


# --- the schemas themselves ----------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_draft_2020_12_schema_with_id_title_and_description(name):
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{name}.schema.json"
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("name, page", [("answers", "answers.md"), ("result", "scoring.md"), ("export", "export.md")])
def test_every_key_of_a_schema_is_named_on_its_reference_page(name, page):
    """The page and the schema list the same document: a key added to one is added to the other."""

    def keys(node) -> set[str]:
        out = set()
        if isinstance(node, dict):
            out |= set(node.get("properties", {}))
            for value in node.values():
                out |= keys(value)
        elif isinstance(node, list):
            for value in node:
                out |= keys(value)
        return out

    spans = set(re.findall(r"`([^`\n]+)`", (REFERENCE / page).read_text(encoding="utf-8")))
    spans |= {s.rsplit(".", 1)[-1] for s in spans}  # `bridges.<id>.score` names `score`
    quoted = set(re.findall(r'"([a-z_]+)"', (REFERENCE / page).read_text(encoding="utf-8")))
    missing = sorted(k for k in keys(SCHEMAS[name]) if k not in spans | quoted)
    assert not missing, f"{page} does not name {missing}"


# --- answers files the code accepts ----------------------------------------------------------

ACCEPTED = sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json")) + [
    ROOT / "tests" / "fixtures" / "group" / f"{n}.json"
    for n in ("anna", "anna-copy", "ben", "chloe", "dev", "eve", "other-ladder")
]
DOC_EXAMPLES = [("reference/answers.md", text) for text in marked_blocks(REFERENCE / "answers.md", "answers")] + [
    ("coaches/writing-a-ladder.md", worked_example())
]


def test_the_examples_are_found():
    assert len(DOC_EXAMPLES) == 2 and marked_blocks(REFERENCE / "scoring.md", "result")


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_accepted_answers_files_satisfy_the_schema(path):
    doc = read_json(path)
    assert code_accepts(doc)
    assert valid("answers", doc), problems("answers", doc)


@pytest.mark.parametrize("where, text", DOC_EXAMPLES, ids=[w for w, _ in DOC_EXAMPLES])
def test_the_answers_examples_in_the_docs_are_accepted_by_both(where, text):
    doc = json.loads(text)
    assert code_accepts(doc), where
    assert valid("answers", doc), problems("answers", doc)


def _score_cli(ladder_id: str, answers: Path) -> dict:
    run = cli("score", str(ladder_path(ladder_id)), str(answers))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_result_ladderkit_score_prints_satisfies_the_schema(path):
    result = _score_cli(read_json(path)["ladder"], path)
    assert valid("result", result), problems("result", result)


def test_the_reference_result_is_what_score_prints_for_the_reference_answers(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(marked_blocks(REFERENCE / "answers.md", "answers")[0], encoding="utf-8")
    shown = json.loads(marked_blocks(REFERENCE / "scoring.md", "result")[0])
    assert _score_cli("customer-development", answers) == shown
    assert valid("result", shown), problems("result", shown)


def test_the_worked_examples_result_satisfies_the_schema(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(worked_example(), encoding="utf-8")
    result = _score_cli("first-ladder", answers)
    assert valid("result", result), problems("result", result)


# The shapes the code accepts although a strict reading might not: the schema must accept them too.
BASE = {"format": "ladder-answers/1", "ladder": "customer-development"}
ACCEPTED_SHAPES = {
    "no answers key": dict(BASE),
    "a null answer is unanswered": {**BASE, "answers": {"aw-marketing": None}},
    "a whole number written 2.0": {**BASE, "answers": {"aw-marketing": 2.0, "criteria": [0.0, 1]}},
    "an empty checklist": {**BASE, "answers": {"criteria": []}},
    "an unknown top-level key is ignored": {**BASE, "exported_by": "another tool"},
    "customers with unknown values": {**BASE, "customers": [{"name": "Acme", "purchases": 2.5, "has-need": None}, {}]},
}


@pytest.mark.parametrize("name", ACCEPTED_SHAPES)
def test_shapes_the_code_accepts_are_accepted_by_the_schema(name):
    doc = ACCEPTED_SHAPES[name]
    assert code_accepts(doc)
    assert valid("answers", doc), problems("answers", doc)


def test_the_browsers_export_with_its_result_satisfies_both_schemas():
    """The self-audit's Export answers writes {format, ladder, answers, result} (audit.js `document()`)."""
    ladder = ladder_for("customer-development")
    doc = read_json(ROOT / "tests" / "fixtures" / "answers" / "customer-development.json")
    exported = {
        "format": doc["format"],
        "ladder": doc["ladder"],
        "answers": doc["answers"],
        "result": score(ladder, doc["answers"]),
    }
    assert code_accepts(exported)
    assert valid("answers", exported), problems("answers", exported)
    assert valid("result", exported["result"]), problems("result", exported["result"])


# --- answers files refused for their shape -----------------------------------------------------

# tests/corpus/answers: the ones refused for a reason the schema can see without the ladder ...
REFUSED_FOR_SHAPE = [
    "answers-list",
    "answers-string",
    "checklist-duplicates",
    "checklist-strings",
    "constructor-key",
    "format-missing",
    "format-number",
    "ladder-missing",
    "ladder-script",
    "number-as-text",
    "proto-key",
    "scale-as-text",
    "top-level-string",
]
# ... and the ones that need the ladder: the schema cannot refuse them, and must not pretend to.
REFUSED_BY_THE_LADDER = [
    "checklist-not-list",
    "checklist-out-of-range",
    "long-unknown-id",
    "number-below-min",
    "number-beyond-exact",
    "scale-bool",
    "scale-fraction",
    "scale-negative",
    "yesno-as-number",
]


def test_every_parseable_corpus_answers_file_is_sorted_above():
    parseable = set()
    for path in CORPUS.glob("*.json"):
        try:
            read_json(path)
        except UserError:
            continue
        parseable.add(path.stem)
    assert parseable == set(REFUSED_FOR_SHAPE) | set(REFUSED_BY_THE_LADDER)


@pytest.mark.parametrize("name", REFUSED_FOR_SHAPE)
def test_answers_refused_for_their_shape_are_refused_by_the_schema(name):
    doc = read_json(CORPUS / f"{name}.json")
    assert not code_accepts(doc)
    assert not valid("answers", doc)


@pytest.mark.parametrize("name", REFUSED_BY_THE_LADDER)
def test_answers_refused_only_by_the_ladder_pass_the_schema(name):
    doc = read_json(CORPUS / f"{name}.json")
    assert not code_accepts(doc)
    assert valid("answers", doc), problems("answers", doc)


REFUSED_SHAPES = {
    "answers null": {**BASE, "answers": None},
    "an answer that is an object": {**BASE, "answers": {"aw-marketing": {"value": 3}}},
    "a negative checklist position": {**BASE, "answers": {"criteria": [-1]}},
    "a checklist position 1.5": {**BASE, "answers": {"criteria": [1.5]}},
    "a question id that is not an id": {**BASE, "answers": {"Aw Marketing": 3}},
    "a ladder id that is not an id": {**BASE, "ladder": "Customer Development"},
    "format of another version": {**BASE, "format": "ladder-answers/2"},
}


@pytest.mark.parametrize("name", REFUSED_SHAPES)
def test_shapes_the_code_refuses_are_refused_by_the_schema(name):
    doc = REFUSED_SHAPES[name]
    assert not code_accepts(doc)
    assert not valid("answers", doc)


def test_customers_the_report_refuses_are_refused_by_the_schema():
    from generator.inputs.answers import check_customers

    ladder = ladder_for("customer-development")
    for bad in ([{"name": 3}], [{"purchases": "two"}], [{"has-need": "yes"}], "Acme", [["Acme"]]):
        with pytest.raises(UserError):
            check_customers(bad, ladder, "answers.json")
        assert not valid("answers", {**BASE, "customers": bad}), bad


# --- the export -------------------------------------------------------------------------------


def _export_cli(path: Path) -> dict:
    run = cli("export", str(path))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize("path", [*SHIPPED, STARTER], ids=lambda p: p.stem)
def test_ladderkit_export_of_every_shipped_ladder_satisfies_the_schema(path):
    exported = _export_cli(path)
    assert valid("export", exported), problems("export", exported)


def test_the_vector_ladders_satisfy_the_export_schema():
    """The shared scoring vectors carry exported ladders with every kind of condition and a classifier."""
    from tests.helpers import vector_files  # the other vector files hold other rules

    for path in vector_files():
        ladder = json.loads(path.read_text(encoding="utf-8"))["ladder"]
        assert valid("export", ladder), f"{path.name}: {problems('export', ladder)}"


def test_the_export_schema_refuses_a_key_the_export_never_has():
    pick = [
        lambda e: e,
        lambda e: e["bridges"][0],
        lambda e: e["bridges"][0]["questions"][0],
        lambda e: e["flags"][0]["when"],
        lambda e: e["classifier"]["rules"][0],
    ]
    for where in pick:
        exported = to_dict(load_ladder(STARTER))
        assert valid("export", exported)
        where(exported)["surprise"] = 1
        assert not valid("export", exported)
    exported = to_dict(load_ladder(STARTER))
    exported["bridges"][0]["questions"][0]["options"] = ["a", "b"]  # a scale question with a checklist's key
    assert not valid("export", exported)


def test_the_pages_hand_the_browser_the_export():
    """The self-audit, customers and group pages embed the exported ladder the scorer reads."""
    import html

    from generator.site.audit_page import render_audit
    from generator.site.customers_page import render_customers
    from generator.site.group_page import render_group

    ladder = load_ladder(ROOT / "ladders" / "customer-development.yml")
    for page in (render_audit(ladder), render_customers(ladder)):
        embedded = json.loads(html.unescape(re.search(r' data-ladder="([^"]*)"', page).group(1)))
        assert embedded == to_dict(ladder) and valid("export", embedded)
    group = json.loads(html.unescape(re.search(r' data-ladders="([^"]*)"', render_group([ladder])).group(1)))
    assert valid("export", group["ladders"][ladder.id])


def _contains(whole, part) -> bool:
    """`part` is an object of `whole` (a fragment may leave out keys of its top object)."""
    if isinstance(whole, dict):
        if isinstance(part, dict) and all(k in whole and whole[k] == v for k, v in part.items()):
            return True
        return any(_contains(v, part) for v in whole.values())
    if isinstance(whole, list):
        return whole == part or any(_contains(v, part) for v in whole)
    return False


def test_the_export_fragments_on_the_reference_page_are_real():
    exported = _export_cli(STARTER)
    fragments = marked_blocks(REFERENCE / "export.md", "export fragment")
    assert len(fragments) >= 6
    for text in fragments:
        assert _contains(exported, json.loads(text)), (
            f"export.md shows a fragment that `ladderkit export` does not print:\n{text}"
        )


# --- generated ladders: the schemas agree with the code on every one --------------------------


@settings(max_examples=cases(60), deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
@given(data=st.data(), source=ladders())
def test_generated_ladders_answers_and_results_satisfy_the_schemas(data, source):
    ladder = to_dict(build(source))
    assert valid("export", ladder), problems("export", ladder)
    for _ in range(4):
        answers = data.draw(answer_set(ladder))
        doc = {**BASE, "ladder": ladder["id"], "answers": answers}
        assert valid("answers", doc), problems("answers", doc)
        result = score(ladder, answers)
        assert valid("result", result), problems("result", result)
    for _ in range(4):  # junk: the schema may let through what only the ladder refuses, never the reverse
        answers = data.draw(answer_set(ladder, valid=False))
        doc = {**BASE, "ladder": ladder["id"], "answers": answers}
        if not validate_answers(ladder, answers):
            assert valid("answers", doc), problems("answers", doc)


# --- published on the site -------------------------------------------------------------------


def test_the_reference_is_a_section_of_the_site(tmp_path):
    """A strict build of the example site publishes every reference page, under "Reference" in the navigation."""
    import shutil

    from generator.commands.build import build_site

    for name in ("content", "ladders", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "pdfs: true" in config
    (tmp_path / "mkdocs.yml").write_text(config.replace("pdfs: true", "pdfs: false"), encoding="utf-8")
    site = build_site(str(tmp_path / "mkdocs.yml"), str(tmp_path / "site"))
    home = (site / "index.html").read_text(encoding="utf-8")
    section = home[re.search(r">\s*Reference\s*<", home).start() :]
    pages = sorted(REFERENCE.glob("*.md"))
    assert {p.stem for p in pages} >= {
        "index",
        "ladder-file",
        "conditions",
        "scoring",
        "answers",
        "export",
        "extensions",
    }
    for page in pages:
        url = "reference/" if page.stem == "index" else f"reference/{page.stem}/"
        assert (site / url / "index.html").is_file()
        assert f'href="{url}"' in section, f"{url} is not in the Reference section of the navigation"


# --- nothing points outside the repository ----------------------------------------------------

OUTSIDE = ("LADDER_FORMAT" + ".md", "../" + "shared")  # spelt in two parts so this file does not match itself


def test_no_tracked_file_refers_to_a_document_outside_the_repository():
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    )
    found = []
    for name in filter(None, files):
        path = ROOT / name
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [f"{name}: {word}" for word in OUTSIDE if word in text]
    assert not found, (
        "these files refer to documents outside the repository; point them at content/reference/:\n" + "\n".join(found)
    )
