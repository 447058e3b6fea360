"""The coaches' pages and the reference cannot go stale: every ladder key (from the validator's
tables) must be in the guide with an example and in the reference's key tables (no more, no
fewer, required exactly when the checker requires it); every brand setting and plugin option,
and every command and option of the command line must be documented, and the worked example
must be what `ladderkit score --explain` really prints."""

from __future__ import annotations

import argparse
import re
from typing import Any

import pytest

from generator import vocab
from generator.brand import all_settings
from generator.cli import COMMANDS, build_parser
from generator.ladder import spec
from generator.site.plugin import LadderkitPlugin
from tests.helpers import ROOT, cli

COACHES = ROOT / "content" / "coaches"
REFERENCE = ROOT / "content" / "reference"
STARTER_LADDER = ROOT / "generator" / "commands" / "starter" / "ladders" / "first-ladder.yml"


def page(name: str) -> str:
    return (COACHES / name).read_text(encoding="utf-8")


def code_spans(text: str) -> set[str]:
    return set(re.findall(r"`([^`\n]+)`", text))


def yaml_keys(text: str) -> set[str]:
    """Keys used in the page's YAML examples (`key:` at the start of a line or after `{`/`,`/`- `)."""
    keys: set[str] = set()
    for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        keys |= set(re.findall(r"(?:^|[{,]|- )\s*([a-z_]+):", block, flags=re.M))
    return keys


def leaf(path: str) -> str:
    return re.split(r"[.\[\]]+", path.replace("<name>", ""))[-1] or path.split(".")[-2]


LADDER_KEYS = sorted(spec.all_keys())


def reference_keys() -> dict[str, str]:
    """Key path -> its `required` cell, from the key tables of reference/ladder-file.md."""
    text = (REFERENCE / "ladder-file.md").read_text(encoding="utf-8")
    rows = {}
    for table in re.findall(r"^\| key \| required \|.*?\n(.*?)(?:\n\n|\Z)", text, flags=re.S | re.M):
        for m in re.finditer(r"^\| `([^`]+)` \| ([^|]+) \|", table, flags=re.M):
            rows[m.group(1)] = m.group(2).strip()
    return rows


def required_in_spec(path: str) -> bool:
    node: Any = spec.LADDER  # a spec node: Obj, List, MapOf or a value
    required = False
    for part in filter(None, re.split(r"\.|\[\]", path)):
        while isinstance(node, vocab.List):
            node = node.item
        if isinstance(node, vocab.MapOf):
            node = node.value
            continue
        node, required = node.keys[part].node, node.keys[part].required
    return required


@pytest.mark.parametrize("key", LADDER_KEYS)
def test_every_ladder_key_is_explained_with_an_example(key):
    text = page("writing-a-ladder.md")
    name = [part for part in re.split(r"[.\[\]<>]+", key) if part and part != "name"][-1]
    assert name in code_spans(text), f"`{name}` ({key}) is not explained in writing-a-ladder.md"
    assert name in yaml_keys(text), f"{key} has no YAML example in writing-a-ladder.md"
    listed = reference_keys()
    assert key in listed, f"{key} has no row in the key tables of reference/ladder-file.md"
    assert (listed[key] == "yes") == required_in_spec(key), (
        f"reference/ladder-file.md says {key} is required: {listed[key]!r}; the checker disagrees"
    )


def test_the_reference_lists_no_key_the_checker_does_not_know():
    assert reference_keys().keys() <= set(LADDER_KEYS)


@pytest.mark.parametrize("word", [*spec.QUESTION_TYPES, *spec.OPERATORS, *spec.CONDITION_KINDS, *spec.BUILTIN_SCALES])
def test_question_types_conditions_and_scales_are_explained(word):
    assert word in code_spans(page("writing-a-ladder.md"))
    reference = "".join((REFERENCE / name).read_text(encoding="utf-8") for name in ("ladder-file.md", "conditions.md"))
    assert word in code_spans(reference) | {w for span in code_spans(reference) for w in re.findall(r"[a-z_]+", span)}


@pytest.mark.parametrize("setting", all_settings())
def test_every_brand_setting_is_documented(setting):
    text = page("branding.md")
    assert setting in code_spans(text), f"brand setting `{setting}` is missing from branding.md's table"
    assert re.split(r"[.\]]", setting)[-1] in yaml_keys(text), f"brand setting {setting} has no YAML example"


@pytest.mark.parametrize("option", [name for name, _ in LadderkitPlugin.config_scheme])
def test_every_plugin_option_is_documented(option):
    assert option in code_spans(page("branding.md")), f"plugin option `{option}` is missing from branding.md"


def _options() -> list[tuple[str, str]]:
    """(command, option string or positional metavar) for every argument of every command."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out: list[tuple[str, str]] = []
    for name in COMMANDS:
        for action in sub.choices[name]._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            out.extend((name, s) for s in action.option_strings or [action.metavar or action.dest])
    return out


def _section(command: str) -> str:
    text = page("command-line.md")
    match = re.search(rf"^## ladderkit {re.escape(command)}\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    assert match, f"command-line.md has no section '## ladderkit {command}'"
    return match.group(1)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_a_section_and_a_row(command):
    _section(command)
    assert f"`ladderkit {command}`" in page("command-line.md")


@pytest.mark.parametrize("command, option", _options())
def test_every_option_is_documented_in_its_commands_section(command, option):
    # A whole token: `-o` is not documented by `--output`.
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", _section(command)), (
        f"{option} of ladderkit {command} is not documented in its section of command-line.md"
    )


def _block_after(text: str, marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\n```\w*\n(.*?)```", text, flags=re.S)
    assert match, f"no code block after <!-- {marker} -->"
    return match.group(1)


def test_the_worked_example_is_what_score_explain_prints(tmp_path):
    text = page("writing-a-ladder.md")
    answers = tmp_path / "answers.json"
    answers.write_text(_block_after(text, "worked-example: answers"), encoding="utf-8")
    run = cli("score", str(STARTER_LADDER), str(answers), "--explain", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == _block_after(text, "worked-example: output")


def test_the_worked_example_result_json_matches(tmp_path):
    import json

    text = page("writing-a-ladder.md")
    answers = tmp_path / "answers.json"
    answers.write_text(_block_after(text, "worked-example: answers"), encoding="utf-8")
    run = cli("score", str(STARTER_LADDER), str(answers), cwd=tmp_path)
    shown = re.search(r"Without `--explain`.*?```json\n(.*?)```", text, flags=re.S).group(1)
    assert json.loads(run.stdout) == json.loads(shown)


def test_the_coach_pages_are_in_the_for_coaches_section():
    names = {p.name for p in COACHES.glob("*.md")}
    assert {
        "index.md",
        "writing-a-ladder.md",
        "branding.md",
        "the-client-experience.md",
        "command-line.md",
        "deploying.md",
    } <= names
    index = page("index.md")
    for name in names - {"index.md"}:
        assert f"({name})" in index, f"content/coaches/index.md does not link to {name}"


def test_the_readme_leads_to_every_coach_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted(COACHES.glob("*.md")):
        assert f"(content/coaches/{path.name})" in readme, f"README's 'Where to go next' does not link to {path.name}"
