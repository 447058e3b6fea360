"""Broken ladders and the exact messages a coach sees: FILE:LINE: key.path: message.

Each fixture in tests/fixtures/broken/ holds one kind of mistake (several-errors.yml
holds three, to show every error is reported in one run).
"""

import copy
import random
from pathlib import Path

import pytest
import yaml

from generator.errors import LadderErrors
from generator.ladder.loader import load_all, load_ladder
from generator.ladder.model import build, to_dict
from generator.ladder.validate import validate
from generator.ladder.yamlio import load_text
from tests.helpers import FIXTURES, LADDERS, cases, cli

BROKEN = FIXTURES / "broken"

CASES = [
    (
        "audience-unknown",
        [
            "audience-unknown.yml:3: audience: 'internals' is not allowed; use one of: external, internal; did you mean 'internal'?",
        ],
    ),
    (
        "bad-id-slug",
        [
            "bad-id-slug.yml:1: id: 'Bad_Id' is not a valid id; use lowercase letters, digits and single hyphens, like 'buying-bridge'",
        ],
    ),
    (
        "bands-duplicate-min",
        [
            "bands-duplicate-min.yml:6: bands[2].min: two bands start at 60 (also bands[1]); each band needs its own min",
        ],
    ),
    (
        "bands-without-zero",
        [
            "bands-without-zero.yml:3: bands: one band must start at min: 0, so that every score has a band",
        ],
    ),
    (
        "bridge-to-itself",
        [
            "bridge-to-itself.yml:18: bridges[0].to: a bridge must lead to a different rung, but from and to are both 'new'",
        ],
    ),
    (
        "checklist-one-option",
        [
            "checklist-one-option.yml:24: bridges[0].questions[0].options: needs at least 2 options, found 1",
            "checklist-one-option.yml:41: flags[0].when.eq: 'follow-up' is a checklist question: compare it with a number, got true/false",
        ],
    ),
    (
        "classifier-default-not-last",
        [
            "classifier-default-not-last.yml:46: classifier.rules[0]: only the last rule may leave out 'when'; a rule without one always holds, so the rules after it could never apply",
            "classifier-default-not-last.yml:47: classifier.rules[1].when: the last rule is the default and must not have a 'when'; add a final rule with only a rung",
        ],
    ),
    (
        "classifier-field-type",
        [
            "classifier-field-type.yml:44: classifier.fields[0].type: 'money' is not allowed; use one of: number, yesno",
        ],
    ),
    (
        "classifier-unknown-rung",
        [
            "classifier-unknown-rung.yml:46: classifier.rules[0].rung: no rung with id 'regulars'; did you mean 'regular'?",
        ],
    ),
    (
        "classifier-uses-question",
        [
            "classifier-uses-question.yml:46: classifier.rules[0].when.question: classifier rules look at the customer's fields; 'question' belongs to flags",
        ],
    ),
    (
        "comments-only",
        [
            "comments-only.yml:1: the file is empty; a ladder needs at least id, title, summary, rungs and bridges",
        ],
    ),
    (
        "description-missing-value",
        [
            "description-missing-value.yml:7: rungs[0].description: has no value; expected text",
        ],
    ),
    (
        "duplicate-key",
        [
            "duplicate-key.yml:7: rungs[0].name: duplicate key 'name' (first given on line 6); keep only one",
        ],
    ),
    (
        "duplicate-question-id",
        [
            "duplicate-question-id.yml:24: bridges[0].questions[1].id: duplicate question id 'follow-up' (also used at bridges[0].questions[0].id); ids must be unique",
        ],
    ),
    (
        "duplicate-rung-id",
        [
            "duplicate-rung-id.yml:11: rungs[2].id: duplicate rung id 'regular' (also used at rungs[1].id); ids must be unique",
            "duplicate-rung-id.yml:30: bridges[1].to: no rung with id 'fan'",
        ],
    ),
    (
        "empty",
        [
            "empty.yml:1: the file is empty; a ladder needs at least id, title, summary, rungs and bridges",
        ],
    ),
    (
        "flag-count-non-yesno",
        [
            "flag-count-non-yesno.yml:40: flags[0].when.count[1]: count only counts yes/no questions, but 'thanks' is a scale question",
        ],
    ),
    (
        "flag-empty-all",
        [
            "flag-empty-all.yml:40: flags[0].when.all: expected a non-empty list of conditions, got an empty list",
        ],
    ),
    (
        "flag-lt-on-yesno",
        [
            "flag-lt-on-yesno.yml:40: flags[0].when.lt: 'follow-up' is a yes/no question: compare it with eq or ne, not lt",
        ],
    ),
    (
        "flag-missing-question",
        [
            "flag-missing-question.yml:40: flags[0].when.question: no question 'folow-up'; did you mean 'follow-up'?",
        ],
    ),
    (
        "flag-no-operator",
        [
            "flag-no-operator.yml:40: flags[0].when: a condition needs exactly one operator of eq, ne, lt, lte, gt, gte",
        ],
    ),
    (
        "flag-number-compared-with-text",
        [
            "flag-number-compared-with-text.yml:40: flags[0].when.gte: 'visits' is a number question: compare it with a number, got text",
        ],
    ),
    (
        "flag-two-operators",
        [
            "flag-two-operators.yml:40: flags[0].when: a condition needs exactly one operator of eq, ne, lt, lte, gt, gte; found gte, lt",
        ],
    ),
    (
        "flag-unknown-bridge",
        [
            "flag-unknown-bridge.yml:40: flags[0].when.bridge: no bridge 'delite'; did you mean 'delight'?",
        ],
    ),
    (
        "flag-unknown-operator",
        [
            "flag-unknown-operator.yml:40: flags[0].when.above: unknown key in a condition; operators are eq, ne, lt, lte, gt, gte",
        ],
    ),
    (
        "flag-uses-field",
        [
            "flag-uses-field.yml:40: flags[0].when.field: flags look at questions and bridges; 'field' belongs to classifier rules",
        ],
    ),
    (
        "flag-yesno-compared-with-number",
        [
            "flag-yesno-compared-with-number.yml:40: flags[0].when.eq: 'follow-up' is a yes/no question: compare it with true or false, got a number",
        ],
    ),
    (
        "id-not-file-name",
        [
            "id-not-file-name.yml:1: id: 'another-name' does not match the file name; rename the file to another-name.yml or set id: id-not-file-name",
        ],
    ),
    (
        "key-wrong-for-type",
        [
            "key-wrong-for-type.yml:24: bridges[0].questions[0].options: 'options' does not apply to a yesno question; remove it or change the type",
        ],
    ),
    (
        "min-above-max",
        [
            "min-above-max.yml:36: bridges[1].questions[0].min: min (10) is greater than max (1)",
        ],
    ),
    (
        "missing-title",
        [
            "missing-title.yml:1: title: is required but missing (text)",
        ],
    ),
    (
        "not-utf8",
        [
            "not-utf8.yml:7: the file is not UTF-8 text; save it as UTF-8 in your editor",
        ],
    ),
    (
        "number-without-thresholds",
        [
            "number-without-thresholds.yml:33: bridges[1].questions[0].thresholds: is required for a number question (a list of thresholds)",
        ],
    ),
    (
        "one-rung",
        [
            "one-rung.yml:4: rungs: needs at least 2 rungs, found 1",
            "one-rung.yml:12: bridges[0].to: no rung with id 'regular'",
            "one-rung.yml:23: bridges[1].from: no rung with id 'regular'",
            "one-rung.yml:24: bridges[1].to: no rung with id 'fan'",
        ],
    ),
    (
        "pass-mark-out-of-range",
        [
            "pass-mark-out-of-range.yml:3: pass_mark: expected a whole number from 1 to 100, got 150",
        ],
    ),
    (
        "pass-mark-yes",
        [
            "pass-mark-yes.yml:3: pass_mark: expected a whole number from 1 to 100, got true/false",
        ],
    ),
    (
        "question-text-empty",
        [
            "question-text-empty.yml:22: bridges[0].questions[0].text: is empty; write some text",
        ],
    ),
    (
        "reverse-not-boolean",
        [
            "reverse-not-boolean.yml:24: bridges[0].questions[0].reverse: expected true or false, got text",
        ],
    ),
    (
        "rungs-not-list",
        [
            "rungs-not-list.yml:4: rungs: expected a list of rungs, got a mapping",
        ],
    ),
    (
        "scale-all-zero",
        [
            "scale-all-zero.yml:4: scales.flat: every option is worth 0 points, so no answer could score; give at least one option points",
        ],
    ),
    (
        "scale-missing",
        [
            "scale-missing.yml:24: bridges[0].questions[1].scale: is required for a scale question (the name of a scale, such as frequency or agreement)",
        ],
    ),
    (
        "scale-one-option",
        [
            "scale-one-option.yml:4: scales.stars: needs at least 2 scale options, found 1",
        ],
    ),
    (
        "scale-redefines-builtin",
        [
            "scale-redefines-builtin.yml:4: scales.frequency: 'frequency' is a built-in scale and cannot be redefined; choose another name",
        ],
    ),
    (
        "several-errors",
        [
            "several-errors.yml:2: titel: unknown key; did you mean 'title'?",
            "several-errors.yml:30: bridges[1].to: no rung with id 'fans'; did you mean 'fan'?",
            "several-errors.yml:40: flags[0].when.gte: 'follow-up' is a yes/no question: compare it with eq or ne, not gte",
        ],
    ),
    (
        "summary-is-list",
        [
            "summary-is-list.yml:3: summary: expected text, got a list",
        ],
    ),
    (
        "tab-indent",
        [
            "tab-indent.yml:6: YAML syntax error at column 1: found character '\\t' that cannot start any token; indent with spaces, not tabs",
        ],
    ),
    (
        "threshold-both-bounds",
        [
            "threshold-both-bounds.yml:37: bridges[1].questions[0].thresholds[0]: give only one of at_least or at_most per threshold; use two thresholds for a range",
        ],
    ),
    (
        "threshold-no-bound",
        [
            "threshold-no-bound.yml:37: bridges[1].questions[0].thresholds[0]: give exactly one of at_least or at_most",
        ],
    ),
    (
        "threshold-points-negative",
        [
            "threshold-points-negative.yml:37: bridges[1].questions[0].thresholds[0].points: expected a whole number of at least 0, got -1",
        ],
    ),
    (
        "top-level-list",
        [
            "top-level-list.yml:1: a ladder file must be a mapping of keys (id, title, summary, rungs, bridges, …), got a list",
        ],
    ),
    (
        "two-documents",
        [
            "two-documents.yml:42: YAML syntax error at column 1: a ladder file holds one YAML document; remove the second '---' and what follows or move it to its own file",
        ],
    ),
    (
        "two-upward-bridges",
        [
            "two-upward-bridges.yml:40: bridges[2].from: two upward bridges leave rung 'new': 'welcome' and 'shortcut'; the climb must never be ambiguous, so keep one",
        ],
    ),
    (
        "unknown-question-type",
        [
            "unknown-question-type.yml:23: bridges[0].questions[0].type: 'yes-no' is not allowed; use one of: scale, yesno, number, checklist; did you mean 'yesno'?",
        ],
    ),
    (
        "unknown-rung",
        [
            "unknown-rung.yml:30: bridges[1].to: no rung with id 'fans'; did you mean 'fan'?",
        ],
    ),
    (
        "unknown-scale",
        [
            "unknown-scale.yml:26: bridges[0].questions[1].scale: no scale named 'frequncy'; did you mean 'frequency'?",
        ],
    ),
    (
        "unknown-top-key",
        [
            "unknown-top-key.yml:3: sumary: unknown key; did you mean 'summary'?",
        ],
    ),
    (
        "weight-not-number",
        [
            "weight-not-number.yml:24: bridges[0].questions[0].weight: expected a whole number from 1 to 10, got text",
        ],
    ),
    (
        "weight-out-of-range",
        [
            "weight-out-of-range.yml:24: bridges[0].questions[0].weight: expected a whole number from 1 to 10, got 11",
        ],
    ),
    (
        "yaml-syntax",
        [
            "yaml-syntax.yml:6: YAML syntax error at column 11: this '[' is never closed with ']' "
            "(noticed at line 7: expected ',' or ']', but got ':')",
        ],
    ),
]


@pytest.mark.parametrize("name,expected", CASES, ids=[c[0] for c in CASES])
def test_broken_ladder_message(name, expected, monkeypatch):
    monkeypatch.chdir(BROKEN)
    with pytest.raises(LadderErrors) as exc:
        load_ladder(Path(f"{name}.yml"))
    assert [str(e) for e in exc.value.errors] == expected


def test_every_fixture_is_in_the_table():
    assert sorted(p.stem for p in BROKEN.glob("*.yml")) == sorted(c[0] for c in CASES)
    assert len(CASES) >= 40


@pytest.mark.parametrize("name,expected", CASES, ids=[c[0] for c in CASES])
def test_broken_fixtures_through_the_command_line(name, expected):
    """Every fixture above also goes through `ladderkit check`."""
    out = cli("check", f"{name}.yml", cwd=BROKEN)
    n = len(expected)
    assert out.stderr == "\n".join(expected) + f"\n{n} error{'s' if n != 1 else ''} found.\n"
    assert out.returncode == 1 and out.stdout == "" and "Traceback" not in out.stderr


def test_check_reports_every_error_of_every_file_and_exits_1():
    out = cli("check", str(BROKEN / "several-errors.yml"), str(BROKEN / "unknown-rung.yml"))
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert len([l for l in lines if "several-errors.yml:" in l]) == 3
    assert any("unknown-rung.yml:30: bridges[1].to:" in l for l in lines)
    assert lines[-1] == "4 errors found."
    assert "Traceback" not in out.stderr


def test_check_a_folder(tmp_path):
    (tmp_path / "ok.yml").write_text(
        (BROKEN / "unknown-rung.yml").read_text().replace("id: unknown-rung", "id: ok").replace("to: fans", "to: fan")
    )
    out = cli("check", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "1 ladder checked, no errors." in out.stdout


def test_check_an_empty_folder_says_so(tmp_path):
    out = cli("check", str(tmp_path))
    assert out.returncode == 1 and "no ladder files" in out.stderr


def test_ladder_ids_are_unique_across_ladders(tmp_path):
    text = (BROKEN / "unknown-rung.yml").read_text().replace("to: fans", "to: fan")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "unknown-rung.yml").write_text(text)
    (tmp_path / "b" / "unknown-rung.yml").write_text(text)
    with pytest.raises(LadderErrors) as exc:
        load_all([tmp_path / "a" / "unknown-rung.yml", tmp_path / "b" / "unknown-rung.yml"])
    assert "ladder id 'unknown-rung' is also used by" in str(exc.value)


def test_unknown_ladder_id_suggests_the_closest(tmp_path):
    (tmp_path / "ladders").mkdir()
    text = (BROKEN / "unknown-rung.yml").read_text().replace("to: fans", "to: fan")
    (tmp_path / "ladders" / "customer-development.yml").write_text(
        text.replace("id: unknown-rung", "id: customer-development")
    )
    out = cli("export", "customer-developmnt", cwd=tmp_path)
    assert out.returncode == 1
    assert "did you mean 'customer-development'?" in out.stderr


def _mutate(data, rng):
    """Delete a key, swap a type, rename an id or blank a value somewhere in the tree."""
    nodes = []

    def walk(node):
        if isinstance(node, dict):
            for k in list(node):
                nodes.append((node, k))
                walk(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                nodes.append((node, i))
                walk(node[i])

    walk(data)
    parent, key = rng.choice(nodes)
    action = rng.randrange(5)
    if action == 0 and isinstance(parent, dict):
        del parent[key]
    elif action == 1:
        parent[key] = rng.choice([None, True, 7, -1, 2.5, "", "x", [], {}, [1, "a"], {"a": 1}])
    elif action == 2 and isinstance(parent[key], str):
        parent[key] = parent[key] + "-renamed"
    elif action == 3 and isinstance(parent, dict):
        parent[key + "x" if isinstance(key, str) else key] = parent.pop(key)
    else:
        parent[key] = [parent[key]]


SHIPPED = sorted(LADDERS.glob("*.yml")) or [BROKEN / "unknown-rung.yml"]


# libyaml's emitter writes the same text as PyYAML's, six times faster (the mutants are many).
FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_random_mutations_never_raise_anything_but_ladder_errors(path):
    rng = random.Random(f"mutations-{path.stem}")
    original = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i in range(cases(150)):
        data = copy.deepcopy(original)  # as parsing the file again gives, ten times faster
        for _ in range(rng.randint(1, 3)):
            _mutate(data, rng)
        mutated = yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True)
        if i % 10 == 0:
            mutated = mutated[: rng.randrange(len(mutated))]  # a truncated file
        try:
            loaded = load_text(mutated, "mutant.yml")
        except LadderErrors:
            continue
        if not validate(loaded):
            to_dict(build(loaded.data))  # valid means buildable


def test_a_scale_named_by_a_bare_number_is_that_scale_or_an_error(tmp_path):
    """`scale: 7` is text like any bare number (content/reference/ladder-file.md), so it names the
    scale declared as `7:`; an undeclared one is reported. Both used to pass the check and then
    crash the build with a KeyError."""
    text = (
        Path(__file__).parent.parent / "generator" / "commands" / "starter" / "ladders" / "first-ladder.yml"
    ).read_text()
    assert "  speed:\n" in text and "scale: speed" in text
    path = tmp_path / "first-ladder.yml"
    path.write_text(text.replace("  speed:\n", "  7:\n").replace("scale: speed", "scale: 7"), encoding="utf-8")
    question = next(
        q
        for b in to_dict(load_ladder(path))["bridges"]
        for q in b["questions"]
        if q["type"] == "scale" and q["scale"] == "7"
    )
    assert next(c["label"] for c in question["choices"]) == "A week or more"
    path.write_text(text.replace("scale: speed", "scale: 8"), encoding="utf-8")
    with pytest.raises(LadderErrors) as refused:
        load_ladder(path)
    assert "no scale named '8'" in str(refused.value)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "id: a\ntitle: [unclosed\nsummary: x\n",
            "a.yml:2: YAML syntax error at column 8: this '[' is never closed with ']'",
        ),
        (
            "id: a\ntitle: {a: 1\nsummary: x\n",
            "a.yml:2: YAML syntax error at column 8: this '{' is never closed with '}'",
        ),
        (
            'id: a\ntitle: "unclosed\nsummary: x\nother: y\n',
            "a.yml:2: YAML syntax error at column 8: this quoted text is never closed; add the closing quote",
        ),
        ("id: a\ntitle\nsummary: x\n", "a.yml:2: YAML syntax error at column 1: this line has no ':' after its key"),
    ],
)
def test_a_yaml_mistake_is_reported_on_its_own_line_not_the_next(text, expected):
    """The parser notices these a line later; the coach needs the line where the mistake is."""
    from generator.ladder.yamlio import load_text

    with pytest.raises(LadderErrors) as caught:
        load_text(text, "a.yml")
    assert str(caught.value.errors[0]).startswith(expected)


@pytest.mark.parametrize(
    ("text", "opened"),
    [
        ("Caf\u00e9 \u202eABC 123", "\u202e"),  # an override never closed: "321 CBA" after it
        ("\u2067\u0632\u0627\u0626\u0631", "\u2067"),
        ("\u202bembedded\u202c then \u2066isolated", "\u2066"),
    ],
)
def test_a_direction_control_left_open_is_refused_with_what_to_do(text, opened, tmp_path):
    path = tmp_path / "ladder-of-loyalty.yml"
    source = (LADDERS / "ladder-of-loyalty.yml").read_text()
    path.write_text(source.replace("title: The ladder of loyalty", f"title: {text} The ladder of loyalty", 1))
    with pytest.raises(LadderErrors) as refused:
        load_ladder(path)
    assert [str(e).replace(str(tmp_path) + "/", "") for e in refused.value.errors] == [
        f"ladder-of-loyalty.yml:3: title: has a direction control (U+{ord(opened):04X}) that is not closed, so it would reorder "
        "the text shown after it on pages and in PDFs; remove it, or close it (U+202C, or U+2069 for an isolate)"
    ]


def test_closed_direction_controls_and_right_to_left_text_are_fine(tmp_path):
    path = tmp_path / "ladder-of-loyalty.yml"
    source = (LADDERS / "ladder-of-loyalty.yml").read_text()
    title = "\u202eABC\u202c \u2067\u0632\u0627\u0626\u0631\u2069 \u05e9\u05dc\u05d5\u05dd 123"
    path.write_text(source.replace("title: The ladder of loyalty", f"title: {title}", 1))
    assert load_ladder(path).title.startswith(title)


@pytest.mark.parametrize(
    ("ladder", "line", "escaped", "code"),
    [
        ("ladder-of-loyalty", "title: The ladder of loyalty (and its snake)", "\\0", "0000"),
        ("ladder-of-loyalty", "title: The ladder of loyalty (and its snake)", "\\e[31m", "001B"),
        ("ladder-of-loyalty", "title: The ladder of loyalty (and its snake)", "\\x85", "0085"),
        ("internal-service", "    title: Los compañeros también son clientes", "\\a", "0007"),  # a translation
    ],
)
def test_a_control_character_written_as_a_yaml_escape_is_refused(ladder, line, escaped, code, tmp_path):
    """YAML refuses a NUL typed into the file but lets "\\0" through; it would reach every page
    (browsers drop it or show a box) and a terminal that prints the title obeys "\\e[31m"."""
    path = tmp_path / f"{ladder}.yml"
    source = (LADDERS / f"{ladder}.yml").read_text(encoding="utf-8")
    key, text = line.split(": ", 1)
    assert line in source
    path.write_text(source.replace(line, f'{key}: "{text} {escaped} end"', 1), encoding="utf-8")
    with pytest.raises(LadderErrors) as refused:
        load_ladder(path)
    messages = [str(e).split(": ", 1)[1] for e in refused.value.errors]
    assert messages == [
        f"{'translations.es.' if ladder == 'internal-service' else ''}title: holds a control character (U+{code}, "
        "written in the file as an escape such as \\0 or \\e) that pages and PDFs cannot show; remove it"
    ]
