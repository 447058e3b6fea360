"""Workshop packs: reading them from content/ (every mistake named by file and key), and the pack
PDF as one document whose contents, page numbers and outline run across all its handouts."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from pypdf import PdfReader

from generator.errors import UserError
from generator.print import documents as pd
from generator.print.packs import load_guide_pages, load_packs
from tests.helpers import ASSETS, CONTENT, brand, ladders, outline_titles, page_ink, qpdf_check, render

SHIPPED = "customer-development-half-day"
VALID = {
    "title": "Test pack",
    "audience": "Testers",
    "agenda": [
        {"start": "09:00", "minutes": 20, "activity": "Welcome"},
        {"start": "09:20", "minutes": 40, "activity": "Audit", "detail": "On paper"},
    ],
    "notes": "## Prepare\n\nPrint the pack.",
    "handouts": [{"worksheet": "customer-development"}, {"playbook": "customer-development/buying"}],
}


def write_pack(docs, pack, name="x.md", raw=None):
    (docs / "workshops").mkdir(parents=True, exist_ok=True)
    front = raw if raw is not None else yaml.safe_dump({"pack": pack}, sort_keys=False, allow_unicode=True)
    (docs / "workshops" / name).write_text(f"---\n{front}---\n\n# A workshop\n")


def with_change(path, value):
    pack = copy.deepcopy(VALID)
    target = pack
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return pack


DELETE = object()
F = "content/workshops/x.md"
BROKEN = [
    (
        ["handouts"],
        [{"playbook": "customer-development/byuing"}],
        f"{F}: pack.handouts[0].playbook: no bridge 'byuing' in ladder 'customer-development'; did you mean 'buying'?",
    ),
    (
        ["handouts"],
        [{"playbook": "customer-development"}],
        f"{F}: pack.handouts[0].playbook: name the bridge as LADDER/BRIDGE, e.g. 'customer-development/awareness'",
    ),
    (
        ["handouts"],
        [{"worksheet": "customer-developmnt"}],
        f"{F}: pack.handouts[0].worksheet: no ladder 'customer-developmnt'; did you mean 'customer-development'?",
    ),
    (
        ["handouts"],
        [{"playbok": "customer-development/buying"}],
        f"{F}: pack.handouts[0].playbok: unknown kind of handout; did you mean 'playbook'?",
    ),
    (
        ["handouts"],
        [{"worksheet": "customer-development"}, {"worksheet": "customer-development"}],
        f"{F}: pack.handouts[1].worksheet: 'customer-development' is already in this pack (handouts[0])",
    ),
    (
        ["handouts"],
        [{"guide": "colleagues"}],
        f"{F}: pack.handouts[0].guide: no guide 'colleagues'; the guide is: internal",
    ),
    (["handouts"], [], f"{F}: pack.handouts: needs at least 1 handouts, found 0"),
    (["titel"], "Typo", f"{F}: pack.titel: unknown setting; did you mean 'title'?"),
    (["title"], DELETE, f"{F}: pack.title: is required but missing (text)"),
    (["paper"], "A5", f"{F}: pack.paper: 'A5' is not a paper size; use one of: A4, Letter"),
    (
        ["agenda", 0, "start"],
        "9.30",
        f'{F}: pack.agenda[0].start: \'9.30\' is not a time; write it as "HH:MM", e.g. "09:30"',
    ),
    (["agenda", 0, "minutes"], 0, f"{F}: pack.agenda[0].minutes: expected a whole number from 1 to 600, got 0"),
    (["agenda", 1, "start"], "09:10", f"{F}: pack.agenda[1].start: 09:10 is before the previous item ends (09:20)"),
    (["agenda", 1, "activty"], "x", f"{F}: pack.agenda[1].activty: unknown setting; did you mean 'activity'?"),
    (["agenda", 1, "activity"], DELETE, f"{F}: pack.agenda[1].activity: is required but missing (text)"),
]


@pytest.mark.parametrize("path, value, message", BROKEN, ids=[m.split(": ")[1] for *_, m in BROKEN])
def test_broken_pack_names_file_and_key(tmp_path, path, value, message):
    docs = tmp_path / "content"
    write_pack(docs, with_change(path, value))
    with pytest.raises(UserError) as caught:
        load_packs(docs, ladders().values())
    # Each message names the line of the key in the page, then what the test expects.
    assert re.match(rf"{re.escape(F)}:\d+: ", str(caught.value)), caught.value
    assert re.sub(r"^([^:]+):\d+:", r"\1:", str(caught.value)) == message


def test_every_mistake_of_every_pack_at_once(tmp_path):
    """An agenda overlap and a handout typo in one pack, a typo in another: all three in one
    run, each with its page, line and key (a coach used to meet them one build at a time)."""
    docs = tmp_path / "content"
    pack = with_change(["agenda", 1, "start"], "09:10")
    pack["handouts"][1] = {"playbook": "customer-development/byuing"}
    write_pack(docs, pack)
    write_pack(docs, with_change(["titel"], "Typo"), name="y.md")
    with pytest.raises(UserError) as caught:
        load_packs(docs, ladders().values())
    assert str(caught.value).splitlines() == [
        f"{F}:9: pack.agenda[1].start: 09:10 is before the previous item ends (09:20)",
        f"{F}:19: pack.handouts[1].playbook: no bridge 'byuing' in ladder 'customer-development'; did you mean 'buying'?",
        "content/workshops/y.md:20: pack.titel: unknown setting; did you mean 'title'?",
    ]


def test_front_matter_that_is_not_yaml(tmp_path):
    docs = tmp_path / "content"
    write_pack(docs, None, raw="pack:\n  title: [unclosed\n")
    with pytest.raises(UserError, match=r"^content/workshops/x\.md:\d+: the front matter is not valid YAML: "):
        load_packs(docs, ladders().values())


def test_unquoted_times_and_pages_without_a_pack(tmp_path):
    docs = tmp_path / "content"
    # YAML 1.1 reads 9:30 as the number 570; the pack still means half past nine.
    write_pack(
        docs,
        None,
        raw="pack:\n  title: T\n  audience: A\n  agenda:\n    - {start: 9:30, minutes: 45, activity: Go}\n"
        "  handouts:\n    - guide: internal\n",
    )
    (docs / "workshops" / "index.md").write_text("# Workshops\n")
    (pack,) = load_packs(docs, ladders().values())
    assert pack.agenda[0].start == "09:30" and pd.end_time(pack.agenda[0]) == "10:15"
    assert pack.handouts == (pd.Handout("guide"),) and pack.paper == ""


def test_shipped_pack():
    (pack,) = load_packs(CONTENT, ladders().values())
    assert pack.slug == SHIPPED and pack.paper == "A4" and pack.source == f"content/workshops/{SHIPPED}.md"
    # every bridge's playbook: a room's focus bridges vary, and Awareness is the commonest
    assert [h.kind for h in pack.handouts] == ["worksheet", "playbook", "playbook", "playbook", "playbook"]
    assert pd.agenda_span(pack) == "09:00–12:30 (3 h 30 min)"


def test_guide_pages_take_their_title_from_the_heading(tmp_path):
    docs = tmp_path / "content"
    (docs / "internal").mkdir(parents=True)
    (docs / "internal" / "b.md").write_text("---\ntitle: From front matter\n---\nBody of b.\n")
    (docs / "internal" / "a.md").write_text("# Heading of a\n\nBody of a.\n")
    (docs / "internal" / "index.md").write_text("# First\n\nIntro.\n")
    pages = load_guide_pages(docs)
    assert [(p.title, p.markdown) for p in pages] == [
        ("First", "Intro."),
        ("Heading of a", "Body of a."),
        ("From front matter", "Body of b."),
    ]
    (docs / "internal" / "c.md").write_text("No title here.\n")
    with pytest.raises(UserError, match=r"^content/internal/c\.md: give the page a title"):
        load_guide_pages(docs)


# --- the pack PDF ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack_pdf(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pack")
    all_ladders = list(ladders().values())
    (pack,) = load_packs(CONTENT, all_ladders)
    job = next(
        j
        for j in pd.jobs(all_ladders, brand(), ASSETS, guide_pages=load_guide_pages(CONTENT), packs=[pack])
        if j.kind == "workshop"
    )
    info = render(job.html, tmp / "pack.pdf")
    info["reader"] = PdfReader(info["path"])
    info["pack"] = pack
    info["tmp"] = tmp
    return info


def test_pack_renders_cleanly(pack_pdf):
    assert pack_pdf["warnings"] == []
    assert all(u.startswith("file://") for u in pack_pdf["fetched"])
    check = qpdf_check(pack_pdf["path"])
    assert check.returncode == 0, check.stdout
    assert page_ink(pack_pdf["path"], 2, pack_pdf["tmp"]) > 0.02, "the agenda page shows"


def test_pack_contents_outline_and_page_numbers_run_across_the_pack(pack_pdf):
    reader, pack = pack_pdf["reader"], pack_pdf["pack"]
    total = len(reader.pages)
    assert total > 12
    for i in range(1, total):
        assert f"page {i + 1} of {total}" in reader.pages[i].extract_text()
    # The outline has the pack's parts and every handout at level 1 ...
    level1 = [t for d, t in outline_titles(reader) if d == 1]
    assert level1 == [
        pack.title,
        "Agenda",
        "Facilitator notes",
        "The four levels of customer development — audit worksheet",
        "Awareness bridge — playbook",
        "Buying bridge — playbook",
        "Communication bridge — playbook",
        "Bridge of Denial — playbook",
    ]
    # ... and the contents on the cover give the page each one starts on.
    starts = {
        str(item.title): reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    contents = reader.pages[0].extract_text()
    toc = {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^(.+?)\s*\.{3,}\s*(\d+)$", contents, re.M)}
    ladder_title = ladders()["customer-development"].title
    assert toc == {
        "Agenda": starts["Agenda"],
        "Facilitator notes": starts["Facilitator notes"],
        f"{ladder_title} — audit worksheet": starts[f"{ladder_title} — audit worksheet"],
        **{
            f"{b} — playbook ({ladder_title})": starts[f"{b} — playbook"]
            for b in ("Awareness bridge", "Buying bridge", "Communication bridge", "Bridge of Denial")
        },
    }
    assert sorted(toc.values()) == list(toc.values()) and toc["Agenda"] == 2


def test_running_header_follows_the_handout(pack_pdf):
    reader = pack_pdf["reader"]
    starts = {
        str(item.title): reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    }
    title = ladders()["customer-development"].title
    expected = {
        "Agenda": f"Workshop pack · {pack_pdf['pack'].title}",
        f"{title} — audit worksheet": f"{title} · audit worksheet",
        **{
            f"{b} — playbook": f"{title} · {b}"
            for b in ("Awareness bridge", "Buying bridge", "Communication bridge", "Bridge of Denial")
        },
    }
    for part, header in expected.items():
        page = starts[part] + 1  # the page after a part's first keeps its header
        text = reader.pages[page].extract_text()
        assert [h for h in expected.values() if h in text] == [header], (part, page)


def test_pack_agenda_notes_and_metadata(pack_pdf):
    reader, pack = pack_pdf["reader"], pack_pdf["pack"]
    agenda = reader.pages[1].extract_text()
    for item in pack.agenda:
        assert f"{item.start}–{pd.end_time(item)}" in agenda
        assert item.activity in agenda
    assert "09:00–12:30 (3 h 30 min)" in agenda
    text = " ".join("\n".join(p.extract_text() for p in reader.pages).split())
    assert "Before the day" in text and "Hand-scoring key" in text and "Action plan: 30, 60 and 90 days" in text
    # the exact rounding rule is in the facilitator's notes, not on the participants' handouts
    starts = {
        str(item.title): reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    }
    notes = " ".join(reader.pages[starts["Facilitator notes"]].extract_text().split())
    assert "Rounding, exactly." in notes and "⌊(200 × earned + possible) ÷ (2 × possible)⌋" in notes
    handouts = " ".join(
        p.extract_text() for p in reader.pages[starts[next(t for t in starts if "audit worksheet" in t)] :]
    )
    assert "⌊" not in handouts and "round_half_up" not in handouts
    assert reader.metadata.title == pack.title and reader.metadata.author == "Brightpath Coaching"
    assert reader.get_fields() in (None, {}), "a printed pack has no form fields"


@pytest.mark.pdf
def test_pack_paper_overrides_the_brand(tmp_path):
    all_ladders = list(ladders().values())
    docs = tmp_path / "content"
    write_pack(docs, dict(VALID, paper="Letter", handouts=[{"guide": "internal"}]))
    (pack,) = load_packs(docs, all_ladders)
    html = pd.pack_html(pack, {l.id: l for l in all_ladders}, [], brand("A4"), ASSETS)
    info = render(html, tmp_path / "letter.pdf")
    reader = PdfReader(info["path"])
    assert info["warnings"] == []
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(612, 792)}


def test_every_id_in_a_pack_is_unique():
    all_ladders = list(ladders().values())
    cd = ladders()["customer-development"]
    handouts = tuple(pd.Handout("playbook", "customer-development", b.id) for b in cd.bridges) + (
        pd.Handout("worksheet", "customer-development"),
        pd.Handout("guide"),
    )
    pack = pd.Pack("p", "P", "A", "", (pd.AgendaItem("09:00", 30, "Go"),), "Notes", handouts)
    html = pd.pack_html(pack, {l.id: l for l in all_ladders}, load_guide_pages(CONTENT), brand(), ASSETS)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and len(ids) > 40
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids


def test_a_build_reports_every_pack_mistake_at_once_without_mkdocs_noise(tmp_path, monkeypatch, capsys):
    """`ladderkit build` prints both mistakes of a pack in one run, as lines naming page, line
    and key, and none of MkDocs' "ERROR:" / "Aborted with a BuildError!" around them."""
    import shutil

    from generator.cli import main
    from tests.helpers import ROOT

    site = tmp_path / "site-src"
    (site / "ladders").mkdir(parents=True)
    shutil.copy(ROOT / "ladders" / "customer-development.yml", site / "ladders")
    (site / "content").mkdir()
    (site / "content" / "index.md").write_text("# Home\n")
    pack = with_change(["agenda", 1, "start"], "09:10")
    pack["handouts"][1] = {"playbook": "customer-development/byuing"}
    write_pack(site / "content", pack)
    config = {
        "site_name": "Packs",
        "docs_dir": "content",
        "theme": {"name": "material", "font": False},
        "plugins": [{"ladderkit": {"pdfs": True}}],
    }
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    monkeypatch.chdir(site)
    assert main(["build", "--site-dir", str(site / "site")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: the build stopped; the previous site in {site / 'site'} is unchanged.",
        f"{F}:9: pack.agenda[1].start: 09:10 is before the previous item ends (09:20)",
        f"{F}:19: pack.handouts[1].playbook: no bridge 'byuing' in ladder 'customer-development'; did you mean 'buying'?",
    ]
    assert not (site / "site").exists()
