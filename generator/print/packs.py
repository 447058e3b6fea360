"""Reading the coach's print inputs from content/: workshop packs and internal-guide pages.

A workshop pack is a page `content/workshops/<slug>.md` whose YAML front matter has a
`pack:` mapping (title, audience, paper, agenda, notes, handouts, summary). Every mistake
in it becomes one UserError naming the file and the key path, e.g.
`content/workshops/x.md: pack.handouts[2].playbook: no bridge 'foo' in ladder
'customer-development'; did you mean 'buying'?`. The guide's pages are the Markdown
files of `content/internal/`. Readers only: rendering lives in documents.py.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from generator.brand import PAPER_SIZES
from generator.errors import UserError
from generator.ladder.model import Ladder
from generator.print.documents import AgendaItem, GuidePage, Handout, Pack

WORKSHOPS_DIR = "workshops"
INTERNAL_DIR = "internal"
PACK_KEYS = ("title", "audience", "summary", "paper", "agenda", "notes", "handouts")
AGENDA_KEYS = ("start", "minutes", "activity", "detail")
HANDOUT_KINDS = ("worksheet", "playbook", "guide")
GUIDES = ("internal",)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def split_front_matter(text: str, file: str) -> tuple[dict, str]:
    """(front matter, body) of a Markdown page; a page without front matter gives ({}, text)."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 2}" if mark else ""  # +2: 0-based, after the opening '---'
        raise UserError(f"{file}{where}: the front matter is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise UserError(f"{file}: the front matter must be a mapping of keys")
    return meta, text[match.end():]


def _read(path: Path, file: str) -> str:
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{file}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{file}: cannot read the file ({exc.strerror})") from None


def _display(docs_dir: Path, path: Path) -> str:
    return f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"


def _hint(given: str, known) -> str:
    close = difflib.get_close_matches(str(given), list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


# --- workshop packs ------------------------------------------------------------------------

def load_packs(docs_dir: Path, ladders) -> list[Pack]:
    """Every pack under `docs_dir/workshops/`, in file-name order (pages without `pack:` are skipped)."""
    docs_dir = Path(docs_dir)
    by_id = {ladder.id: ladder for ladder in ladders}
    packs = []
    for path in sorted((docs_dir / WORKSHOPS_DIR).glob("*.md")):
        file = _display(docs_dir, path)
        meta, _ = split_front_matter(_read(path, file), file)
        if "pack" in meta:
            packs.append(parse_pack(meta["pack"], path.stem, file, by_id))
    return packs


def parse_pack(data, slug: str, file: str, ladders: dict[str, Ladder]) -> Pack:
    """Check one `pack:` mapping; raise UserError naming `file` and the key path."""
    if not isinstance(data, dict):
        raise UserError(f"{file}: pack: expected a mapping with {', '.join(PACK_KEYS)}")
    for key in data:
        if key not in PACK_KEYS:
            raise UserError(f"{file}: pack.{key}: not a pack setting{_hint(key, PACK_KEYS) or '; settings are: ' + ', '.join(PACK_KEYS)}")
    paper = data.get("paper") or ""
    if paper and paper not in PAPER_SIZES:
        raise UserError(f"{file}: pack.paper: '{paper}' is not a paper size; use A4 or Letter (or leave it out for the brand's)")
    return Pack(
        slug=slug,
        title=_text(data, "title", f"{file}: pack.title", required=True),
        audience=_text(data, "audience", f"{file}: pack.audience", required=True),
        summary=_text(data, "summary", f"{file}: pack.summary"),
        paper=paper,
        agenda=_agenda(data.get("agenda"), f"{file}: pack.agenda"),
        notes=_text(data, "notes", f"{file}: pack.notes"),
        handouts=_handouts(data.get("handouts"), f"{file}: pack.handouts", ladders),
        source=file,
    )


def _text(data: dict, key: str, where: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise UserError(f"{where}: missing; give it a short text")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise UserError(f"{where}: expected text, got {type(value).__name__}")
    return str(value)


def _clock(value, where: str) -> str:
    # YAML 1.1 reads an unquoted 9:30 as the number 570 (base 60); turn it back into a time.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        value = f"{value // 60}:{value % 60:02d}"
    match = _TIME.match(value) if isinstance(value, str) else None
    if not match:
        raise UserError(f"{where}: {value!r} is not a time; write it as \"HH:MM\", e.g. \"09:30\"")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _agenda(items, where: str) -> tuple[AgendaItem, ...]:
    if not isinstance(items, list) or not items:
        raise UserError(f"{where}: expected a list of agenda items, each with start, minutes and activity")
    out: list[AgendaItem] = []
    previous_end = None
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise UserError(f"{here}: expected a mapping with start, minutes, activity and (optionally) detail")
        for key in item:
            if key not in AGENDA_KEYS:
                raise UserError(f"{here}.{key}: not an agenda setting{_hint(key, AGENDA_KEYS) or '; settings are: ' + ', '.join(AGENDA_KEYS)}")
        if "start" not in item:
            raise UserError(f"{here}.start: missing; give the start time as \"HH:MM\"")
        start = _clock(item["start"], f"{here}.start")
        minutes = item.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
            raise UserError(f"{here}.minutes: expected a whole number of minutes from 1 to 600, got {minutes!r}")
        begins = int(start[:2]) * 60 + int(start[3:])
        if previous_end is not None and begins < previous_end:
            raise UserError(f"{here}.start: {start} is before the previous item ends "
                            f"({previous_end // 60:02d}:{previous_end % 60:02d})")
        previous_end = begins + minutes
        out.append(AgendaItem(start, minutes, _text(item, "activity", f"{here}.activity", required=True),
                              _text(item, "detail", f"{here}.detail")))
    return tuple(out)


def _handouts(items, where: str, ladders: dict[str, Ladder]) -> tuple[Handout, ...]:
    if not isinstance(items, list) or not items:
        raise UserError(f"{where}: expected a list such as [{{worksheet: LADDER}}, {{playbook: LADDER/BRIDGE}}, {{guide: internal}}]")
    out: list[Handout] = []
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, dict) or len(item) != 1:
            raise UserError(f"{here}: expected one of {{worksheet: LADDER}}, {{playbook: LADDER/BRIDGE}}, {{guide: internal}}")
        kind, value = next(iter(item.items()))
        if kind not in HANDOUT_KINDS:
            raise UserError(f"{here}.{kind}: not a kind of handout{_hint(kind, HANDOUT_KINDS) or '; kinds are: ' + ', '.join(HANDOUT_KINDS)}")
        if not isinstance(value, str) or not value:
            raise UserError(f"{here}.{kind}: expected text such as 'customer-development'")
        handout = _handout(kind, value, f"{here}.{kind}", ladders)
        if handout in out:
            raise UserError(f"{here}.{kind}: '{value}' is already in this pack (handouts[{out.index(handout)}])")
        out.append(handout)
    return tuple(out)


def _handout(kind: str, value: str, here: str, ladders: dict[str, Ladder]) -> Handout:
    if kind == "guide":
        if value not in GUIDES:
            raise UserError(f"{here}: no guide '{value}'{_hint(value, GUIDES) or '; the guide is: internal'}")
        return Handout("guide")
    ladder_id, _, bridge_id = value.partition("/")
    if ladder_id not in ladders:
        known = f"; ladders are: {', '.join(sorted(ladders))}" if ladders else "; there are no ladders"
        raise UserError(f"{here}: no ladder '{ladder_id}'{_hint(ladder_id, ladders) or known}")
    if kind == "worksheet":
        if bridge_id:
            raise UserError(f"{here}: a worksheet covers a whole ladder; write just '{ladder_id}'")
        return Handout("worksheet", ladder_id)
    bridges = [b.id for b in ladders[ladder_id].bridges]
    if not bridge_id:
        raise UserError(f"{here}: name the bridge as LADDER/BRIDGE, e.g. '{ladder_id}/{bridges[0]}'")
    if bridge_id not in bridges:
        raise UserError(f"{here}: no bridge '{bridge_id}' in ladder '{ladder_id}'"
                        f"{_hint(bridge_id, bridges) or '; bridges are: ' + ', '.join(bridges)}")
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
            body = body[heading.end():]
        if not title:
            raise UserError(f"{file}: give the page a title (a '# Heading' first line or title: in the front matter)")
        pages.append(GuidePage(str(title), body.strip()))
    return pages
