"""Every example in the coaches' pages is what the text says it is.

YAML examples are validated the way ladderkit reads them: a whole ladder is written to a file
named after its id and loaded; a fragment (rungs, a bridge, one question, a scale, bands, a
flag, a condition, a classifier) is spliced into the starter ladder that `ladderkit new`
writes and the result must load; brand examples go through `load_brand`, pack front matter
through `parse_pack`. Every `ladderkit` command in a ```sh block must parse with the real
argument parser, every usage line must list the command's real options, and the quoted
terminal output (`$ ladderkit …` in a ```text block) must be what the command prints.

A Markdown comment right before a block tells the test what the block is meant to be:
`<!-- example: invalid: MESSAGE -->` (must be refused with MESSAGE),
`<!-- example: needs yes/no questions a, b -->` (ids the fragment refers to beyond the starter's),
`<!-- example: file NAME -->` (a file the page's terminal examples read).
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.brand import load_brand
from generator.cli import COMMANDS, build_parser
from generator.commands.new import create_site
from generator.errors import LadderErrors, UserError
from generator.i18n import shipped
from generator.ladder import spec
from generator.ladder.loader import load_ladder
from generator.print.language import interface_language
from generator.print.packs import parse_pack, split_front_matter
from generator.site.plugin import LadderkitPlugin
from tests.helpers import ROOT, cli

PAGES = sorted(
    [
        *(ROOT / "content" / "coaches").glob("*.md"),
        *(ROOT / "content" / "workshops").glob("*.md"),
        *(ROOT / "content" / "internal").glob("*.md"),
        *(ROOT / "content" / "reference").glob("*.md"),
        ROOT / "content" / "index.md",
        ROOT / "README.md",
    ]
)
STARTER = ROOT / "generator" / "commands" / "starter"


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    lang: str
    marker: str
    body: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(lang: str) -> list[Block]:
    found = []
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        pattern = r"(?:<!-- example: (?P<marker>.*?) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)^```"
        for m in re.finditer(pattern, text, flags=re.S | re.M):
            if m.group("lang") == lang:
                line = text.count("\n", 0, m.start("body"))
                found.append(Block(str(path.relative_to(ROOT)), line, lang, m.group("marker") or "", m.group("body")))
    return found


def starter_ladder() -> dict:
    return yaml.safe_load((STARTER / "ladders" / "first-ladder.yml").read_text(encoding="utf-8"))


def load(data: dict, tmp_path: Path):
    """Write `data` as ladders/<id>.yml and load it as `ladderkit check` would."""
    path = tmp_path / f"{data.get('id', 'ladder')}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_ladder(path)


def _upsert(items: list, new: list) -> list:
    """Items with an id replace the base's item of that id in place; others are appended."""
    out = list(items)
    for item in new:
        at = [i for i, old in enumerate(out) if isinstance(item, dict) and old.get("id") == item.get("id")]
        if at:
            out[at[0]] = item
        else:
            out.append(item)
    return out


def splice(fragment, base: dict, needs_yesno: list[str]) -> dict:
    """The starter ladder with the fragment put where its key says it belongs."""
    ladder = copy.deepcopy(base)
    extra = [{"id": q, "text": f"Example question {q}?", "type": "yesno"} for q in needs_yesno]
    ladder["bridges"][0]["questions"].extend(extra)
    if isinstance(fragment, list) and len(fragment) == 1 and isinstance(fragment[0], dict) and "text" in fragment[0]:
        for bridge in ladder["bridges"]:  # one question: replaces the starter's of that id, or joins bridge 1
            bridge["questions"] = [fragment[0] if q["id"] == fragment[0]["id"] else q for q in bridge["questions"]]
        if not any(fragment[0] in b["questions"] for b in ladder["bridges"]):
            ladder["bridges"][0]["questions"].append(fragment[0])
    elif isinstance(fragment, dict) and set(fragment) == {"when"}:  # a condition, as a flag's `when`
        ladder["flags"].append({"id": "docs-example", "when": fragment["when"], "message": "An example."})
    elif isinstance(fragment, dict) and set(fragment) <= set(spec.LADDER.keys):
        # Top-level keys; an empty `[]` or `{}` (as in an outline) stands for the section described elsewhere.
        for key, value in fragment.items():
            if isinstance(value, list) and value and all(isinstance(x, dict) and "id" in x for x in value):
                ladder[key] = _upsert(ladder.get(key, []), value)
            elif isinstance(value, dict):
                ladder[key] = {**ladder.get(key, {}), **value}
            elif value != []:
                ladder[key] = value
    else:
        raise AssertionError("not a ladder, nor a fragment the test knows where to put")
    return ladder


def _needs(marker: str) -> list[str]:
    m = re.match(r"needs yes/no questions (.*)", marker)
    return [x.strip() for x in m.group(1).split(",")] if m else []


LADDER_BLOCKS = [b for b in blocks("yaml") if b.page == "content/coaches/writing-a-ladder.md"]


def test_every_ladder_example_is_found():
    assert len(LADDER_BLOCKS) >= 12  # the page's examples: outline, rungs, bridges, four types, scales, …


@pytest.mark.parametrize("block", LADDER_BLOCKS, ids=str)
def test_ladder_examples_are_what_the_text_says(block, tmp_path):
    data = yaml.safe_load(block.body)
    if data is None:  # only a comment: the schema line, which the starter ladder starts with
        first = (STARTER / "ladders" / "first-ladder.yml").read_text(encoding="utf-8").splitlines()[0]
        assert block.body.strip() == first
        return
    complete = isinstance(data, dict) and {"rungs", "bridges"} <= set(data) and data["rungs"]
    ladder = data if complete else splice(data, starter_ladder(), _needs(block.marker))
    if block.marker.startswith("invalid: "):
        with pytest.raises(LadderErrors) as refused:
            load(ladder, tmp_path)
        assert block.marker.removeprefix("invalid: ") in str(refused.value), f"{block}: refused for another reason"
    else:
        try:
            load(ladder, tmp_path)
        except LadderErrors as exc:
            pytest.fail(f"{block}: the example does not validate:\n{exc}")


def _starter_with(tmp_path: Path, old: str, new: str) -> Path:
    site = tmp_path / "site"
    create_site(site, "Docs Test")
    ladder = site / "ladders" / "first-ladder.yml"
    text = ladder.read_text(encoding="utf-8")
    assert old in text
    ladder.write_text(text.replace(old, new, 1), encoding="utf-8")
    return site


def _ladderkit(site: Path, command: str) -> subprocess.CompletedProcess:
    return cli(*shlex.split(command)[1:], cwd=site)


def test_the_error_messages_on_writing_a_ladder_are_real(tmp_path):
    quoted = re.search(
        r"one go:\n\n```text\n(.*?)```", (ROOT / "content/coaches/writing-a-ladder.md").read_text(), re.S
    )
    site = _starter_with(tmp_path, "summary: >-", "sumary: >-")
    ladder = site / "ladders" / "first-ladder.yml"
    ladder.write_text(ladder.read_text(encoding="utf-8").replace("pass_mark: 70", "pass_mark: 170"), encoding="utf-8")
    run = _ladderkit(site, "ladderkit check")
    assert run.returncode == 1
    for line in quoted.group(1).splitlines():
        assert line in run.stderr.splitlines(), f"writing-a-ladder.md quotes {line!r}; check prints:\n{run.stderr}"


# --- the command line ------------------------------------------------------------------------


def _sub(name: str):
    parser = build_parser()
    return next(a for a in parser._actions if a.dest == "command").choices[name]


def command_lines() -> list[tuple[str, str]]:
    """(where, command) for every `ladderkit …` command in a ```sh block (`$LK` counts too)."""
    out = []
    for block in blocks("sh"):
        for n, line in enumerate(block.body.splitlines()):
            # Leave out comments, redirections and pipes (`[--csv | --json]` is a usage line's choice).
            command = re.split(r" (?:#|>|\|(?! -)) ", line)[0].strip()
            for part in re.split(r"\s*(?:&&|;)\s*", command):
                part = re.sub(r"^\$LK\b", "ladderkit", part)
                if part.startswith("ladderkit"):
                    out.append((f"{block.page}:{block.line + n + 1}", part))
    return out


COMMAND_LINES = command_lines()
USAGE = [(w, c) for w, c in COMMAND_LINES if "[" in c or re.search(r"(?<![\w-])[A-Z]{3,}", c)]
RUNNABLE = [(w, c) for w, c in COMMAND_LINES if (w, c) not in USAGE]


def test_command_examples_are_found():
    assert len(USAGE) >= len(COMMANDS) and len(RUNNABLE) >= 10


@pytest.mark.parametrize("where, line", USAGE, ids=[w for w, _ in USAGE])
def test_usage_lines_list_the_real_options(where, line):
    name = line.split()[1]
    assert name in COMMANDS, f"{where}: no command `ladderkit {name}`"
    shown = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", line))
    real = {s for a in _sub(name)._actions if a.option_strings and a.dest != "help" for s in a.option_strings}
    assert shown <= real, f"{where}: {sorted(shown - real)} are not options of ladderkit {name}"
    for action in _sub(name)._actions:
        if action.option_strings and action.dest != "help":
            assert set(action.option_strings) & shown, f"{where}: the usage line leaves out {action.option_strings[-1]}"


@pytest.mark.parametrize("where, line", RUNNABLE, ids=[w for w, _ in RUNNABLE])
def test_command_examples_parse(where, line):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            build_parser().parse_args(shlex.split(line)[1:])
        except SystemExit:
            pytest.fail(f"{where}: `{line}` is refused:\n{err.getvalue()}")


def transcripts() -> list[tuple[Block, str, str]]:
    """(block, command, output) for every ```text block that starts with `$ ladderkit …`."""
    out = []
    for block in blocks("text"):
        if block.body.startswith("$ ladderkit"):
            command, _, output = block.body.partition("\n")
            out.append((block, command[2:], output))
    return out


@pytest.mark.parametrize("block, command, output", transcripts(), ids=lambda x: str(x) if isinstance(x, Block) else "")
def test_quoted_output_is_what_the_command_prints(block, command, output, tmp_path):
    files = {
        b.marker.removeprefix("file "): b.body
        for b in blocks("text") + blocks("csv")
        if b.page == block.page and b.marker.startswith("file ")
    }
    if command == "ladderkit check":  # the page shows a mistake: the starter with a misspelt scale
        site = _starter_with(tmp_path, "scale: speed", "scale: sped")
    else:
        site = tmp_path / "site"
        create_site(site, "Docs Test")
    for name, body in files.items():
        (site / name).write_text(body, encoding="utf-8")
    run = _ladderkit(site, command)
    assert run.stdout + run.stderr == output, f"{block}: `{command}` prints\n{run.stdout}{run.stderr}"


# --- brand, plugin settings, packs, workflow -----------------------------------------------


def _ladderkit_options(data) -> dict:
    plugins = data["plugins"]
    return next(p["ladderkit"] for p in plugins if isinstance(p, dict) and "ladderkit" in p)


# The first bytes of each kind of brand file (generator/brand_files.py checks them).
_SAMPLE_FILES = {
    ".svg": (ROOT / "content" / "assets" / "logo.svg").read_bytes(),
    ".png": b"\x89PNG\r\n\x1a\n",
    ".woff2": b"wOF2",
    ".woff": b"wOFF",
    ".ttf": b"\0\1\0\0",
    ".otf": b"OTTO",
}


@pytest.mark.parametrize("block", [b for b in blocks("yaml") if b.page == "content/coaches/branding.md"], ids=str)
def test_brand_examples_load(block, tmp_path):
    options = _ladderkit_options(yaml.safe_load(block.body))
    assert set(options) <= {name for name, _ in LadderkitPlugin.config_scheme}
    if "language" in options:
        assert interface_language(options["language"], {}) in shipped()
    brand = options.get("brand", {})
    for relative in [brand.get("logo"), *(f["path"] for f in brand.get("fonts", []))]:
        if relative:
            (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / relative).write_bytes(_SAMPLE_FILES[Path(relative).suffix.lower()])  # checked by content
    loaded = load_brand(brand, tmp_path, prefix="plugins.ladderkit.brand")
    assert all(getattr(loaded, key) == brand[key] for key in ("name", "primary") if key in brand)
    assert [f["family"] for f in brand.get("fonts", [])] == [family for family, _ in loaded.fonts]


def test_the_brand_error_messages_are_real(tmp_path):
    text = (ROOT / "content/coaches/branding.md").read_text(encoding="utf-8")
    quoted = re.search(r"naming the setting:\n\n```text\n(.*?)```", text, re.S).group(1).splitlines()
    bad = [
        {"primary": "blue-ish"},
        {"logo": "assets/logo.png"},
        {"contact": {"mail": "x@example.com"}},
        {"paper": "A5"},
    ]
    assert len(quoted) == len(bad)
    for line, options in zip(quoted, bad, strict=True):
        with pytest.raises(UserError) as refused:
            load_brand(options, tmp_path, prefix="plugins.ladderkit.brand")
        assert line == f"mkdocs.yml: {refused.value}"


def test_the_refused_file_messages_are_real(tmp_path):
    text = (ROOT / "content/coaches/branding.md").read_text(encoding="utf-8")
    quoted = re.search(r"## What ladderkit refuses.*?```text\n(.*?)```", text, re.S).group(1).splitlines()
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "logo.png").write_bytes(_SAMPLE_FILES[".png"])
    assert len(quoted) == 2
    for line, logo in zip(quoted, ["logo.svg", "../elsewhere/logo.png"], strict=True):
        with pytest.raises(UserError) as refused:
            load_brand({"logo": logo}, tmp_path / "project", prefix="plugins.ladderkit.brand")
        assert line == f"mkdocs.yml: {refused.value}"


def test_the_pack_example_is_a_valid_pack_for_the_starter_site(tmp_path):
    from generator.ladder.loader import ladder_files, load_all

    text = (ROOT / "content/coaches/workshops-and-print.md").read_text(encoding="utf-8")
    example = next(b for b in blocks("yaml") if b.page.endswith("workshops-and-print.md")).body
    meta, _ = split_front_matter(example + "\nThe page's text.\n", "content/workshops/example.md")
    create_site(tmp_path / "site", "Docs Test")  # a coach copies the example into the site `ladderkit new` made
    ladders = {ladder.id: ladder for ladder in load_all(ladder_files(tmp_path / "site" / "ladders"))}
    pack = parse_pack(meta["pack"], "example", "content/workshops/example.md", ladders)
    assert [h.kind for h in pack.handouts] == ["worksheet", "playbook", "guide"]
    # The mistake the page quotes is the message a misspelt bridge gets.
    quoted = re.search(r"`(content/workshops/x\.md: pack\.handouts.*?)`", text, re.S).group(1).replace("\n  ", " ")
    broken = copy.deepcopy(meta["pack"])
    broken["handouts"].insert(2, {"playbook": "first-ladder/stayin-in-touch"})
    with pytest.raises(UserError) as refused:
        parse_pack(broken, "x", "content/workshops/x.md", ladders)
    assert str(refused.value) == quoted


def test_the_workflow_on_deploying_is_the_starters():
    text = (ROOT / "content/coaches/deploying.md").read_text(encoding="utf-8")
    shown = yaml.safe_load(re.search(r"The heart of it[^\n]*:\n\n```yaml\n(.*?)```", text, re.S).group(1))
    starter = (STARTER / "github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    # the guide writes X.Y.Z where `ladderkit new` writes the version that made the site
    workflow = yaml.safe_load(starter.replace("__LADDERKIT_VERSION__", "X.Y.Z"))
    assert shown["steps"] == workflow["jobs"]["build"]["steps"]
    assert "actions/deploy-pages@v4" in str(workflow["jobs"]["deploy"])


CHECKED_YAML = {
    "content/coaches/writing-a-ladder.md",
    "content/coaches/branding.md",
    "content/coaches/workshops-and-print.md",
    "content/coaches/deploying.md",
}


def test_no_yaml_example_goes_unchecked():
    assert {b.page for b in blocks("yaml")} <= CHECKED_YAML
    assert any(b.marker.startswith("invalid: ") for b in LADDER_BLOCKS)


def test_export_prints_what_the_command_line_page_says(tmp_path):
    import json

    site = tmp_path / "site"
    create_site(site, "Docs Test")
    run = _ladderkit(site, "ladderkit export first-ladder")
    assert run.returncode == 0, run.stderr
    exported = json.loads(run.stdout)
    text = json.dumps(exported)
    # "every default filled in, the built-in scales written out and each question's most points worked out"
    assert exported["pass_mark"] == 70 and "Strongly agree" in text
    questions = [q for b in exported["bridges"] for q in b["questions"]]
    assert {q["id"]: (q["type"], q["weight"], q["max_points"]) for q in questions} == {
        "welcome": ("scale", 2, 4),
        "reply-speed": ("scale", 1, 3),
        "has-list": ("yesno", 1, 1),
        "contacts-per-month": ("number", 1, 3),
        "channels": ("checklist", 1, 3),
        "forgets-regulars": ("scale", 1, 4),
    }


def test_an_unquoted_colour_gets_the_advice_branding_gives(tmp_path):
    assert "Colours need quotes in YAML" in (ROOT / "content/coaches/branding.md").read_text(encoding="utf-8")
    brand = yaml.safe_load("primary: #1f4e79\n")  # what a coach writes without quotes: a comment, so no value
    with pytest.raises(UserError) as refused:
        load_brand(brand, tmp_path, prefix="plugins.ladderkit.brand")
    assert str(refused.value) == (
        'plugins.ladderkit.brand.primary: has no value; expected a colour such as "#1f4e79", '
        "in quotes: without them, # starts a YAML comment"
    )


def test_serve_on_a_taken_port_says_to_use_another_one(tmp_path):
    """command-line.md: "use another port when 8000 is taken" — a taken port gets that advice, not a traceback."""
    import socket

    assert "use another port when 8000 is taken" in (ROOT / "content/coaches/command-line.md").read_text(
        encoding="utf-8"
    )
    site = tmp_path / "site"
    create_site(site, "Docs Test")
    (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml").read_text(encoding="utf-8").replace("pdfs: true", "pdfs: false")
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        run = cli("serve", "-a", address, cwd=site, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert f"error: --dev-addr {address}: cannot serve there (Address already in use); use another port" in run.stderr


def test_the_readme_command_table_matches_the_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(ladderkit [^`]+)` \|", readme, flags=re.M)
    assert sorted(row.split()[1] for row in rows) == sorted(COMMANDS), "README's command table: one row per command"
    for row in rows:
        name = row.split()[1]
        shown = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", row))
        real = {s for a in _sub(name)._actions if a.option_strings for s in a.option_strings}
        assert shown <= real, f"README: {sorted(shown - real)} are not options of ladderkit {name}"


def _table_paths(text: str, heading: str) -> list[str]:
    section = re.search(rf"^## {heading}\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M).group(1)
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)


def test_the_layout_tables_name_real_paths(tmp_path):
    for path in _table_paths((ROOT / "README.md").read_text(encoding="utf-8"), "Layout"):
        assert (ROOT / path).exists(), f"README's Layout table names {path}, which does not exist"
    site = tmp_path / "site"
    create_site(site, "Docs Test")
    paths = _table_paths((ROOT / "content/coaches/index.md").read_text(encoding="utf-8"), "Your site's folder")
    assert "site/" in paths and "site/" in (site / ".gitignore").read_text(encoding="utf-8").split()
    for path in set(paths) - {"site/"}:
        assert (site / path).exists(), f"coaches/index.md says a site holds {path}; ladderkit new does not write it"


def test_the_readme_links_lead_to_files():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = [t for t in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme) if "://" not in t]
    assert links
    for target in links:
        assert (ROOT / target).is_file(), f"README links to {target}, which is not a file"


CHEAP = {"check", "export", "score", "classify", "aggregate"}
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.mark.parametrize("where, line", [(w, c) for w, c in RUNNABLE if c.split()[1] in CHEAP], ids=lambda x: x)
def test_cheap_command_examples_run_on_the_shipped_ladders(where, line, tmp_path):
    """The page's own command, in a folder with the shipped ladders and fixture answers under the names it uses."""
    import glob
    import shutil

    (tmp_path / "ladders").symlink_to(ROOT / "ladders")
    shutil.copytree(FIXTURES / "group", tmp_path / "room")
    shutil.copy(FIXTURES / "answers" / "customer-development.json", tmp_path / "answers.json")
    args = [a for part in shlex.split(line)[1:] for a in (sorted(glob.glob(part, root_dir=tmp_path)) or [part])]
    run = cli(*args, cwd=tmp_path)
    assert run.returncode == 0, f"{where}: `{line}` fails:\n{run.stderr}"
    assert run.stdout.strip()
