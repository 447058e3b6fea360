"""Reading the coach's print inputs from content/: workshop packs and internal-guide pages.

A workshop pack is a page `content/workshops/<slug>.md` whose YAML front matter has a
`pack:` mapping (title, audience, paper, agenda, notes, handouts, summary), declared in
the shared vocabulary (generator/vocab.py) like a ladder. Every mistake in every pack is
collected and raised at once (UserErrors), each naming the file, the line and the key
path, e.g. `content/workshops/x.md:14: pack.handouts[2].playbook: no bridge 'foo' in ladder
'customer-development'; did you mean 'buying'?`. The guide's pages are the Markdown files
of `content/internal/`. Readers only: rendering lives in documents.py.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import cast

import yaml

from generator.brand import PAPER_SIZES
from generator.errors import LadderError, LadderErrors, UserError, UserErrors
from generator.ladder.model import Ladder
from generator.ladder.yamlio import Loaded, load_text
from generator.print.documents import AgendaItem, GuidePage, Handout, Pack
from generator.vocab import Checker, Enum, Int, KeyPath, List, Node, Obj, Text, did_you_mean, optional, required

WORKSHOPS_DIR = "workshops"
INTERNAL_DIR = "internal"
GUIDES = ("internal",)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class Clock(Node):
    what = 'a time written as "HH:MM", e.g. "09:30"'

    def check(self, c, value, path):
        if _clock(value):
            return True
        c.err(path, f'{value!r} is not a time; write it as "HH:MM", e.g. "09:30"')
        return False

    def schema(self):
        return {"type": ["string", "integer"]}


def _clock(value) -> str:
    """ "09:30" for a time, "" for anything else."""
    # YAML 1.1 reads an unquoted 9:30 as the number 570 (base 60); turn it back into a time.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        value = f"{value // 60}:{value % 60:02d}"
    match = _TIME.match(value) if isinstance(value, str) else None
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else ""


def _settings(keys: dict, noun: str, word: str = "setting") -> Obj:
    return Obj(keys, noun, word=word, list_known=True)


_TEXT, _NOTE = Text(), Text(empty_ok=True)
AGENDA_ITEM = _settings(
    {
        "start": required(Clock()),
        "minutes": required(Int(1, 600)),
        "activity": required(_TEXT),
        "detail": optional(_NOTE, "", blank=True),
    },
    "agenda item",
)
HANDOUT_KINDS = ("worksheet", "playbook", "guide")
HANDOUT = _settings(
    {kind: optional(_TEXT) for kind in HANDOUT_KINDS},
    "handout: {worksheet: LADDER}, {playbook: LADDER/BRIDGE} or {guide: internal}",
    "kind of handout",
)
PACK = _settings(
    {
        "title": required(_TEXT),
        "audience": required(_TEXT),
        "summary": optional(_NOTE, "", blank=True),
        "paper": optional(Enum(PAPER_SIZES, "paper size"), "", blank=True),  # "": the brand's
        "agenda": required(List(AGENDA_ITEM, 1, "agenda items")),
        "notes": optional(_NOTE, "", blank=True),
        "handouts": required(List(HANDOUT, 1, "handouts")),
    },
    "workshop pack",
)


def front_matter(text: str, file: str) -> tuple[Loaded, str]:
    """(front matter with the line of each key, body) of a Markdown page; a page without
    front matter gives an empty mapping and the whole text."""
    loaded, body = _front_matter(text, file)
    return copy.deepcopy(loaded), body  # the caller may change its copy


@functools.lru_cache(maxsize=64)  # the same pages are read on every preview rebuild
def _front_matter(text: str, file: str) -> tuple[Loaded, str]:
    match = _FRONT.match(text)
    if not match:
        return Loaded({}, {}, file), text
    source = match.group(1) or ""
    try:
        yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 2}" if mark else ""  # +2: 0-based, after the opening '---'
        raise UserError(f"{file}{where}: the front matter is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not source.strip():
        return Loaded({}, {}, file), text[match.end() :]
    try:
        loaded = load_text(
            "\n" + source, file
        )  # the "\n" stands for the opening '---': lines count from the page's top
    except LadderErrors as exc:  # a duplicate key, a merge key, a tag
        raise UserErrors(exc.errors) from None
    if not isinstance(loaded.data, dict):
        raise UserError(f"{file}: the front matter must be a mapping of keys")
    return loaded, text[match.end() :]


def split_front_matter(text: str, file: str) -> tuple[dict[str, object], str]:
    """(front matter, body) of a Markdown page; a page without front matter gives ({}, text)."""
    loaded, body = front_matter(text, file)
    return cast("dict[str, object]", loaded.data), body  # front_matter refused anything but a mapping


def _read(path: Path, file: str) -> str:
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{file}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{file}: cannot read the file ({exc.strerror})") from None


def _display(docs_dir: Path, path: Path) -> str:
    return f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"


# --- workshop packs ------------------------------------------------------------------------


def load_packs(docs_dir: Path, ladders) -> list[Pack]:
    """Every pack under `docs_dir/workshops/`, in file-name order (pages without `pack:` are
    skipped). Raises UserErrors with every mistake of every pack."""
    docs_dir = Path(docs_dir)
    by_id = {ladder.id: ladder for ladder in ladders}
    packs, errors = [], []
    for path in sorted((docs_dir / WORKSHOPS_DIR).glob("*.md")):
        file = _display(docs_dir, path)
        try:
            loaded, _ = front_matter(_read(path, file), file)
            meta = loaded.data  # a mapping: front_matter refused anything else
            if isinstance(meta, dict) and "pack" in meta:
                packs.append(parse_pack(meta["pack"], path.stem, file, by_id, loaded.line))
        except UserErrors as exc:
            errors += exc.errors
        except UserError as exc:  # the page cannot be read at all: one message, as it is
            errors.append(LadderError("", 0, "", str(exc)))  # its message names the file
    if errors:
        raise UserErrors(errors)
    return packs


def parse_pack(data, slug: str, file: str, ladders: dict[str, Ladder], line=None) -> Pack:
    """Check one `pack:` mapping; raise UserErrors naming `file`, the line (when `line`
    finds it) and the key path of every mistake."""
    c = Checker(file, line)
    here: KeyPath = ("pack",)
    handouts: tuple[Handout, ...] = ()
    if PACK.check(c, data, here):
        _check_agenda(c, data.get("agenda"), here + ("agenda",))
        handouts = _handouts(c, data.get("handouts"), here + ("handouts",), ladders)
    if c.errors:
        raise UserErrors(c.errors)
    return Pack(
        slug=slug,
        title=str(data["title"]),
        audience=str(data["audience"]),
        summary=str(PACK.get(data, "summary")),
        paper=str(PACK.get(data, "paper")),
        agenda=tuple(
            AgendaItem(
                _clock(item["start"]), item["minutes"], str(item["activity"]), str(AGENDA_ITEM.get(item, "detail"))
            )
            for item in data["agenda"]
        ),
        notes=str(PACK.get(data, "notes")),
        handouts=handouts,
        source=file,
    )


def _check_agenda(c: Checker, items, where: tuple) -> None:
    """Each item starts once the one before it has ended (a gap is fine)."""
    previous_end = None
    for i, item in enumerate(items if isinstance(items, list) else []):
        here = where + (i,)
        if not (
            isinstance(item, dict)
            and c.ok(here + ("start",))
            and c.ok(here + ("minutes",))
            and "start" in item
            and "minutes" in item
        ):
            previous_end = None  # unknown: the next item is not compared with it
            continue
        start = _clock(item["start"])
        begins = int(start[:2]) * 60 + int(start[3:])
        if previous_end is not None and begins < previous_end:
            c.err(
                here + ("start",),
                f"{start} is before the previous item ends ({previous_end // 60:02d}:{previous_end % 60:02d})",
            )
        previous_end = begins + item["minutes"]


def _handouts(c: Checker, items, where: tuple, ladders: dict[str, Ladder]) -> tuple[Handout, ...]:
    out: list[Handout] = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        here = where + (i,)
        if not (isinstance(item, dict) and c.ok(here)):
            continue
        if len(item) != 1:
            c.err(
                here,
                f"give exactly one of {', '.join(HANDOUT_KINDS)} per handout; found {', '.join(map(str, item)) or 'none'}",
            )
            continue
        kind, value = next(iter(item.items()))
        handout = _handout(c, kind, str(value), here + (kind,), ladders)
        if handout is None:
            continue
        if handout in out:
            c.err(here + (kind,), f"'{value}' is already in this pack (handouts[{out.index(handout)}])")
        out.append(handout)
    return tuple(out)


def _handout(c: Checker, kind: str, value: str, here: tuple, ladders: dict[str, Ladder]) -> Handout | None:
    """The handout `value` names, or None after reporting what it names that does not exist."""
    if kind == "guide":
        if value not in GUIDES:
            c.err(here, f"no guide '{value}'{did_you_mean(value, GUIDES, '; the guide is: internal')}")
            return None
        return Handout("guide")
    ladder_id, _, bridge_id = value.partition("/")
    if ladder_id not in ladders:
        known = f"; ladders are: {', '.join(sorted(ladders))}" if ladders else "; there are no ladders"
        c.err(here, f"no ladder '{ladder_id}'{did_you_mean(ladder_id, ladders, known)}")
        return None
    if kind == "worksheet":
        if bridge_id:
            c.err(here, f"a worksheet covers a whole ladder; write just '{ladder_id}'")
            return None
        return Handout("worksheet", ladder_id)
    bridges = [b.id for b in ladders[ladder_id].bridges]
    if not bridge_id:
        c.err(here, f"name the bridge as LADDER/BRIDGE, e.g. '{ladder_id}/{bridges[0]}'")
        return None
    if bridge_id not in bridges:
        c.err(
            here,
            f"no bridge '{bridge_id}' in ladder '{ladder_id}'"
            f"{did_you_mean(bridge_id, bridges, '; bridges are: ' + ', '.join(bridges))}",
        )
        return None
    return Handout("playbook", ladder_id, bridge_id)


# --- the Internal Customer Guide's own pages -------------------------------------------------


def load_guide_pages(docs_dir: Path) -> list[GuidePage]:
    """The pages of `docs_dir/internal/` (index.md first, then by file name), title from the
    front matter's `title` or the page's first `# heading`, which is then left out of the body."""
    docs_dir = Path(docs_dir)
    paths = sorted((docs_dir / INTERNAL_DIR).glob("*.md"), key=lambda p: (p.name != "index.md", p.name))
    pages = []
    for path in paths:
        file = _display(docs_dir, path)
        meta, body = split_front_matter(_read(path, file), file)
        heading = re.match(r"\s*#\s+(.+?)\s*#*\s*(?:\n|$)", body)
        title = meta.get("title") or (heading.group(1) if heading else "")
        if heading:
            body = body[heading.end() :]
        if not title:
            raise UserError(f"{file}: give the page a title (a '# Heading' first line or title: in the front matter)")
        pages.append(GuidePage(str(title), body.strip()))
    return pages
