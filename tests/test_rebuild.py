"""What a preview rebuild does not do again (issue 19, item 3): an unchanged ladder file is not
parsed again and its PDFs' HTML is not composed again, and what a rebuild writes is still what
a clean build of the same files writes."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build

from generator.brand import Brand
from generator.commands.build import _load, build_site
from generator.commands.new import create_site
from generator.errors import LadderErrors
from generator.ladder import loader
from generator.ladder.loader import load_all, load_ladder
from generator.print import documents
from tests.helpers import ROOT

LADDER = ROOT / "ladders" / "ladder-of-loyalty.yml"


def test_an_unchanged_file_gives_back_the_same_ladder_and_a_change_is_read(tmp_path):
    path = tmp_path / "ladder-of-loyalty.yml"
    original = LADDER.read_text()
    path.write_text(original)
    first = load_ladder(path)
    assert load_ladder(path) is first
    path.write_text(original.replace(first.title, "A new title", 1))
    assert load_ladder(path).title == "A new title"
    path.write_text(original)  # back as it was: read as it is now, never an older result
    assert load_ladder(path).title == first.title


def test_a_broken_edit_is_reported_every_time_and_the_fix_is_read(tmp_path):
    path = tmp_path / "ladder-of-loyalty.yml"
    original = LADDER.read_text()
    path.write_text(original)
    load_ladder(path)
    path.write_text(original.replace("title:", "titel:", 1))
    for _ in range(2):
        with pytest.raises(LadderErrors, match="titel"):
            load_ladder(path)
    path.write_text(original)
    assert load_ladder(path).title


def test_pdf_html_is_composed_again_only_for_what_changed(tmp_path):
    for file in (ROOT / "ladders").glob("*.yml"):
        shutil.copy(file, tmp_path / file.name)
    files = sorted(tmp_path.glob("*.yml"))
    ladders = load_all(files)
    first = documents.jobs(ladders, Brand())
    again = documents.jobs(load_all(files), Brand())
    ladder_jobs = [(a, b) for a, b in zip(first, again, strict=True) if a.kind.startswith(("playbook", "worksheet"))]
    assert ladder_jobs and all(a is b for a, b in ladder_jobs), "nothing changed: nothing composed again"

    edited = tmp_path / "ladder-of-loyalty.yml"
    edited.write_text(edited.read_text().replace("title:", "title: Edited", 1).replace("Edited ", "Edited — ", 1))
    changed = load_all(files)
    after = documents.jobs(changed, Brand(name="Another brand"))
    loader._LOADED.clear()
    documents._COMPOSED.clear()
    clean = documents.jobs(load_all(files), Brand(name="Another brand"))
    assert after == clean, "what a rebuild composes is what a clean start composes"
    assert any("Edited" in job.title for job in after)


def _site_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_preview_rebuild_writes_what_a_clean_build_writes(tmp_path):
    """The preview's way (one process, the plugin kept between builds), after an edit."""
    site = tmp_path / "coach"
    create_site(site, "Rebuild Coaching")
    config = site / "mkdocs.yml"
    config.write_text(re.sub(r"pdfs: true\b", "pdfs: false", config.read_text()))
    served = tmp_path / "served"

    def preview_build():
        cfg = _load(str(config), site_dir=str(served))
        build(cfg)
        return cfg

    # Kept between builds as in the preview (MkDocs keeps a plugin with on_startup), but
    # building, not serving, so the output is comparable with a clean build's.
    preview_build().plugins.on_startup(command="build", dirty=False)
    preview_build()
    ladder = next((site / "ladders").glob("*.yml"))
    ladder.write_text(ladder.read_text().replace("title:", "title: Renamed", 1).replace("Renamed ", "Renamed — ", 1))
    preview_build()

    loader._LOADED.clear()
    documents._COMPOSED.clear()
    clean = tmp_path / "clean"
    build_site(str(config), str(clean))
    assert _site_files(served) == _site_files(clean)
    _, mismatch, errors = filecmp.cmpfiles(served, clean, _site_files(clean), shallow=False)
    assert mismatch == [] and errors == []
    assert "Renamed" in (served / "index.html").read_text()


def test_the_previews_remembered_templates_and_search_entries_change_nothing(tmp_path):
    """While serving, compiled templates and unchanged pages' search entries are reused
    (plugin.on_env); the pages and the search index are still a clean build's."""
    site = tmp_path / "coach"
    create_site(site, "Rebuild Coaching")
    config = site / "mkdocs.yml"
    config.write_text(re.sub(r"pdfs: true\b", "pdfs: false", config.read_text()))
    served = tmp_path / "served"
    state = {}

    def preview_build():
        cfg = _load(str(config), site_dir=str(served))
        plugin = cfg.plugins["ladderkit"]
        plugin.serving = True  # the preview's reuse, without its live-reload script
        build(cfg)
        state["search"] = cfg.plugins.get("material/search") or cfg.plugins.get("search")
        return cfg

    preview_build()
    ladder = next((site / "ladders").glob("*.yml"))
    ladder.write_text(ladder.read_text().replace("title:", "title: Renamed", 1).replace("Renamed ", "Renamed — ", 1))
    preview_build()
    assert getattr(state["search"].search_index.add_entry_from_context, "remembered", False), "the reuse is on"

    loader._LOADED.clear()
    documents._COMPOSED.clear()
    clean = tmp_path / "clean"
    build_site(str(config), str(clean))
    assert _site_files(served) == _site_files(clean)
    policy = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
    for name in _site_files(clean):
        ours, theirs = (served / name).read_bytes(), (clean / name).read_bytes()
        if name.endswith(".html"):
            ours, theirs = (policy.sub("", p.decode()).encode() for p in (ours, theirs))
        assert ours == theirs, name
    assert "Renamed" in (served / "search" / "search_index.json").read_text()


def test_guide_and_pack_html_are_composed_again_only_when_their_inputs_change(tmp_path):
    from generator.print import site_pdfs

    docs = tmp_path / "content"
    shutil.copytree(ROOT / "content", docs)
    ladders = load_all(sorted((ROOT / "ladders").glob("*.yml")))
    first, _ = site_pdfs.gather(ladders, Brand(), tmp_path, docs)
    again, _ = site_pdfs.gather(ladders, Brand(), tmp_path, docs)
    kinds = {j.kind for j in first}
    assert {"guide", "workshop"} <= kinds
    assert all(a.html is b.html for a, b in zip(first, again, strict=True)), "nothing changed: nothing composed again"

    page = docs / "internal" / "serving-internal-customers.md"
    page.write_text(page.read_text() + "\n\nA paragraph added in the preview.\n")
    changed, _ = site_pdfs.gather(ladders, Brand(), tmp_path, docs)
    guide = next(j for j in changed if j.kind == "guide")
    assert "A paragraph added in the preview." in guide.html
    documents._LAST_DOCUMENT.clear()
    clean, _ = site_pdfs.gather(ladders, Brand(), tmp_path, docs)
    assert [j.html for j in changed] == [j.html for j in clean], (
        "what a rebuild composes is what a clean start composes"
    )


def test_a_new_commit_gives_pdfs_its_date(tmp_path):
    import os
    import subprocess

    from generator.print import site_pdfs

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    git = lambda *a, when: subprocess.run(  # noqa: E731
        ["git", *a],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**env, "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"},
    )
    ladder = tmp_path / "l.yml"
    ladder.write_text("one")
    git("init", "-q", when=0)
    git("add", ".", when=0)
    git("commit", "-qm", "one", when=1_700_000_000)
    head = site_pdfs.git_head(tmp_path)
    assert site_pdfs.git_epoch([ladder], tmp_path, head) == 1_700_000_000
    ladder.write_text("two")
    assert site_pdfs.git_epoch([ladder], tmp_path, site_pdfs.git_head(tmp_path)) == 1_700_000_000, "uncommitted: same"
    git("commit", "-qam", "two", when=1_800_000_000)
    assert site_pdfs.git_epoch([ladder], tmp_path, site_pdfs.git_head(tmp_path)) == 1_800_000_000
    assert site_pdfs.git_epoch([ladder], tmp_path, None) is None  # no repository: nothing asked
