"""Ladders in more than one language (issue 18 item 3): the `translations:` of a ladder file,
checked by `ladderkit check`, applied by generator/ladder/translate.py, and scored the same
in every language; the site's language builds (site/languages.py, `alternate_languages`)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import yaml

from generator.ladder import spec, translate
from generator.ladder.loader import load_ladder
from generator.ladder.model import to_dict
from generator.scoring.scoring import score
from generator.site.languages import language_name, overlay, switcher
from tests.helpers import LADDERS, SHIPPED_IDS, cli, fixture_answers, ladders

TRANSLATED = "internal-service"  # the shipped ladder with a complete Spanish translation


def _file(tmp_path: Path, data: dict, name: str = "internal-service") -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _source(ladder_id: str = TRANSLATED) -> dict:
    return yaml.safe_load((LADDERS / f"{ladder_id}.yml").read_text(encoding="utf-8"))


def _everything_translated(data: dict, tag: str = "xx") -> dict:
    """A translation of every text of the ladder, each marked, built from the units themselves."""
    out: dict = {}
    for unit in translate.units(translate.effective(data)):
        at = out
        for part, after in zip(unit.translation, (*unit.translation[1:], None), strict=True):
            value = f"[{tag}] {unit.text}" if after is None else [] if isinstance(after, int) else {}
            if isinstance(at, list):
                while len(at) <= part:
                    at.append(None)
                at[part] = at[part] if at[part] is not None and after is not None else value
                at = at[part]
            else:
                at = at.setdefault(part, value)
    return out


def _random_answers(ladder: dict, rng: random.Random) -> dict:
    answers: dict = {}
    for q in (q for b in ladder["bridges"] for q in b["questions"]):
        if rng.random() < 0.2:
            continue  # unanswered
        if q["type"] == "scale":
            answers[q["id"]] = rng.randrange(len(q["choices"]))
        elif q["type"] == "yesno":
            answers[q["id"]] = rng.random() < 0.5
        elif q["type"] == "checklist":
            answers[q["id"]] = sorted(rng.sample(range(len(q["options"])), rng.randrange(len(q["options"]) + 1)))
        else:
            lo = q["min"] if q["min"] is not None else -5
            hi = q["max"] if q["max"] is not None else 200
            answers[q["id"]] = rng.randint(int(lo), int(hi))
    return answers


def _without_band_words(result: dict, bands: dict[str, int]) -> dict:
    """A result with each band label replaced by its band's min: the only text a result holds."""
    out = json.loads(json.dumps(result))
    for b in out["bridges"].values():
        b["band"] = None if b["band"] is None else bands[b["band"]]
    return out


# --- the format: every text translatable -------------------------------------------------


def test_every_text_of_the_format_is_translatable_or_excluded_on_purpose():
    texts = translate.text_paths(spec.LADDER)
    assert set(translate.NOT_TRANSLATED) <= texts, "an exclusion names no text of the format"
    assert translate.translatable_paths() <= texts, "a translation key translates no text of the format"
    untranslatable = texts - translate.translatable_paths() - set(translate.NOT_TRANSLATED)
    assert not untranslatable, (
        f"text keys without a translation: {sorted(untranslatable)}; add them to spec.TRANSLATION "
        "(and translate.units) or to translate.NOT_TRANSLATED with the reason"
    )


def test_the_units_reach_every_translatable_text_of_the_shipped_ladders():
    def general(path) -> str:
        out = ""
        for i, part in enumerate(path):
            if isinstance(part, int):
                out += "[]"
            elif i and path[i - 1] == "scales":
                out += ".<name>"
            else:
                out += f".{part}" if out else part
        return out

    reached = {general(u.source) for lad in ladders().values() for u in translate.units(translate.effective(lad.data))}
    assert reached == translate.text_paths(spec.LADDER) - set(translate.NOT_TRANSLATED)


def test_the_shipped_spanish_translation_is_complete_and_checks_clean():
    data = _source()
    assert data["language"] == "en" and "es" in data["translations"]
    assert translate.missing(data) == []
    run = cli("check", str(LADDERS / f"{TRANSLATED}.yml"), "--strict")
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr


# --- localised: text replaced, everything else shared ------------------------------------------

TEXT_KEYS = {"title", "summary", "source", "label", "advice", "name", "description", "text", "help", "unit"}
TEXT_LISTS = {"signs", "moments_of_truth", "options"}


def _same_but_text(a, b, key: str = "") -> None:
    """Everything but text is equal: ids, points, weights, thresholds, conditions, order."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            _same_but_text(a[k], b[k], k)
    elif isinstance(a, list):
        assert len(a) == len(b), key
        for x, y in zip(a, b, strict=True):
            _same_but_text(x, y, key if key in TEXT_LISTS else "")
    elif isinstance(a, str) and (key in TEXT_KEYS or key in TEXT_LISTS or key in ("detail", "internal", "message")):
        assert b == (f"[xx] {a}" if a.strip() else a), (key, a, b)
    else:
        assert a == b, (key, a, b)


@pytest.mark.parametrize("ladder_id", SHIPPED_IDS)
def test_a_fully_translated_ladder_changes_every_text_and_nothing_else(ladder_id, tmp_path):
    data = _source(ladder_id)
    data["translations"] = {"xx": _everything_translated(data)}
    data.pop("language", None)
    path = _file(tmp_path, data, ladder_id)
    assert cli("check", str(path), "--strict").returncode == 0
    source = load_ladder(path)
    local = translate.localised(source, "xx")
    before, after = to_dict(source), to_dict(local)
    # A built-in scale no question uses is never shown, and so not the ladder's text to translate.
    used = {q.scale for q in source.questions} | set(data.get("scales", {}))
    for d in (before, after):
        d["scales"] = {name: options for name, options in d["scales"].items() if name in used}
    _same_but_text(before, after)
    texts_after = [u.text for u in translate.units(translate.effective(local.data))]
    assert texts_after and all(t.startswith("[xx] ") for t in texts_after)
    # The printed playbook's material, not in the exported JSON, is translated too.
    for b_src, b_loc in zip(source.bridges, local.bridges, strict=True):
        assert [s.day for s in b_src.plan] == [s.day for s in b_loc.plan]
        assert all(s.action.startswith("[xx] ") for s in b_loc.plan)
        assert all(m.target.startswith("[xx] ") for m in b_loc.measures)
        if b_src.example:
            assert b_loc.example == f"[xx] {b_src.example}"


@pytest.mark.parametrize("ladder_id", SHIPPED_IDS)
def test_the_same_answers_score_identically_in_every_language(ladder_id, tmp_path):
    data = _source(ladder_id)
    data["translations"] = {**data.get("translations", {}), "xx": _everything_translated(data)}
    source = load_ladder(_file(tmp_path, data, ladder_id))
    rng = random.Random(18)
    languages = list(source.translations)
    for language in languages:
        local = to_dict(translate.localised(source, language))
        original = to_dict(source)
        bands = {b["label"]: b["min"] for b in original["bands"]}
        local_bands = {b["label"]: b["min"] for b in local["bands"]}
        for answers in [fixture_answers(ladder_id), *(_random_answers(original, rng) for _ in range(200))]:
            ours, theirs = score(original, answers), score(local, answers)
            assert _without_band_words(ours, bands) == _without_band_words(theirs, local_bands), (language, answers)


def test_the_spanish_ladder_scores_as_ladderkit_score_does():
    answers = fixture_answers(TRANSLATED)
    doc = {"format": "ladder-answers/1", "ladder": TRANSLATED, "answers": answers}
    printed = json.loads(cli("score", TRANSLATED, "/dev/stdin", input=json.dumps(doc), check=True).stdout)
    es = to_dict(translate.localised(ladders()[TRANSLATED], "es"))
    result = score(es, answers)
    assert {k: v for k, v in result.items() if k != "bridges"} == {k: v for k, v in printed.items() if k != "bridges"}
    labels = {b.label: b.min for b in ladders()[TRANSLATED].bands}
    es_labels = {b["label"]: b["min"] for b in es["bands"]}
    for bid, b in printed["bridges"].items():
        assert result["bridges"][bid]["score"] == b["score"]
        assert (b["band"] is None) == (result["bridges"][bid]["band"] is None)
        if b["band"]:
            assert es_labels[result["bridges"][bid]["band"]] == labels[b["band"]]
            assert result["bridges"][bid]["band"] != b["band"]  # really in Spanish


def test_a_missing_translation_falls_back_to_the_ladders_own_text(tmp_path):
    data = _source()
    del data["translations"]["es"]["bridges"]["feedback-loop"]["questions"]["fl-ask"]
    del data["translations"]["es"]["rungs"]["partner"]["signs"]
    data["translations"]["es"]["scales"]["frequency"] = ["Nunca", "Rara vez"]
    local = translate.localised(load_ladder(_file(tmp_path, data)), "es")
    assert local.question("fl-ask").text == "How often do you ask internal customers for feedback?"
    assert local.rung("partner").signs == ("You are invited to planning meetings",)
    assert local.rung("partner").name == "Socio"
    assert [c.label for c in local.question("fl-ask").choices] == ["Nunca", "Rara vez", "Sometimes", "Often", "Always"]


def test_a_site_language_finds_the_translation_its_ladders_need():
    source = ladders()[TRANSLATED]
    assert translate.in_language(source, "en", "en") is source
    assert translate.in_language(source, "es", "en").title == "Los compañeros también son clientes"
    assert translate.in_language(source, "es-MX", "en").title == "Los compañeros también son clientes"
    assert translate.in_language(source, "de", "en") is None
    other = ladders()["customer-development"]  # no `language:`: the site's language
    assert translate.in_language(other, "es", "es") is other
    assert translate.in_language(other, "es", "en") is None


# --- ladderkit check: typos are errors, missing text is a warning ---------------------------------


def test_check_names_each_translation_key_that_names_nothing(tmp_path):
    data = _source()
    es = data["translations"]["es"]
    es["rungs"]["tolerate"] = es["rungs"].pop("tolerated")
    es["bridges"]["feedback-loop"]["questions"]["bw-goals"] = {"text": "En el puente equivocado"}
    es["bridges"]["dependable-service"]["questions"]["ds-met"]["help"] = "Ayuda que el original no tiene"
    es["bridges"]["bypassed"]["exampel"] = es["bridges"]["bypassed"].pop("example")
    es["bands"][46] = es["bands"].pop(45)
    es["rungs"]["partner"]["signs"].append("Una de más")
    data["translations"]["en"] = {"title": "The ladder's own language"}
    data["translations"]["es_ES"] = {"title": "Guion bajo"}
    path = _file(tmp_path, data)
    run = cli("check", str(path))
    assert run.returncode == 1
    out = run.stdout + run.stderr
    expected = [
        r"translations\.es\.rungs\.tolerate: no rung 'tolerate' in this ladder; did you mean 'tolerated'\?",
        r"translations\.es\.bridges\.feedback-loop\.questions\.bw-goals: no question 'bw-goals' in bridge 'feedback-loop'",
        r"translations\.es\.bridges\.dependable-service\.questions\.ds-met\.help: the ladder has no help",
        r"translations\.es\.bridges\.bypassed\.exampel: unknown key; did you mean 'example'\?",
        r"translations\.es\.bands\.46: no band starting at '46'",
        r"translations\.es\.rungs\.partner\.signs: has 2 entries, but the ladder has 1 here",
        r"translations\.en: the ladder itself is written in en",
        r"translations\.es_ES: 'es_ES' is not a language tag",
    ]
    for pattern in expected:
        assert re.search(rf"^{re.escape(str(path))}:\d+: {pattern}", out, flags=re.M), (pattern, out)
    assert "Traceback" not in out


def test_check_warns_for_each_text_not_yet_translated_naming_its_key(tmp_path):
    data = _source()
    del data["translations"]["es"]["bridges"]["business-within"]["questions"]["bw-costs"]
    data["translations"]["es"]["scales"]["frequency"] = ["Nunca", "Rara vez", "A veces", "A menudo"]
    path = _file(tmp_path, data)
    run = cli("check", str(path))
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "warning:" in line]
    assert len(warnings) == 2, run.stderr
    assert re.search(
        rf"^{re.escape(str(path))}:\d+: translations\.es\.bridges\.business-within\.questions\.bw-costs\.text: "
        r"warning: not translated into es; shown as 'Could you show",
        run.stderr,
        flags=re.M,
    )
    assert re.search(
        r"translations\.es\.scales\.frequency\[4\]: warning: not translated into es; shown as 'Always'", run.stderr
    )
    assert "2 warnings" in run.stdout
    assert cli("check", str(path), "--strict").returncode == 1


def test_a_translation_must_be_a_mapping_of_text(tmp_path):
    data = _source()
    data["translations"]["es"]["title"] = ["not", "text"]
    data["translations"]["es"]["rungs"]["partner"] = "Socio"
    data["language"] = "english"
    run = cli("check", str(_file(tmp_path, data)))
    assert run.returncode == 1
    assert "translations.es.title: expected text, got a list" in run.stderr + run.stdout
    assert "translations.es.rungs.partner: expected a mapping (rung translation), got text" in run.stderr + run.stdout


# --- the site's languages ------------------------------------------------------------------


def test_the_switcher_links_every_language_from_every_build():
    main = switcher("en", ["es", "de"], "en")
    assert main == [
        {"name": "English", "link": "./", "lang": "en"},
        {"name": "Español", "link": "es/", "lang": "es"},
        {"name": "Deutsch", "link": "de/", "lang": "de"},
    ]
    es = switcher("en", ["es", "de"], "es")
    assert [e["link"] for e in es] == ["../", "./", "../de/"]
    assert language_name("pt-BR").startswith("Português")


def test_the_switcher_keeps_the_coachs_own_entries():
    given = [{"name": "Inglés (UK)", "link": "https://example.org/", "lang": "en"}, {"name": "Blog", "link": "/blog/"}]
    out = switcher("en", ["es"], "es", given)
    assert out[:2] == given
    assert [e["lang"] for e in out[2:]] == ["es"]


def test_pages_under_a_language_folder_replace_the_main_ones_only_in_that_language():
    srcs = ["index.md", "coaches/index.md", "es/index.md", "es/only-es.md", "de/index.md", "espanol.md"]
    assert overlay(srcs, "en", "en", ["es", "de"]) == {"es/index.md": None, "es/only-es.md": None, "de/index.md": None}
    assert overlay(srcs, "es", "en", ["es", "de"]) == {
        "es/index.md": "index.md",
        "es/only-es.md": "only-es.md",
        "de/index.md": None,
    }


def test_each_language_gets_pdfs_of_its_own_in_the_cache():
    from generator.print.cache import cache_key
    from generator.print.site_pdfs import gather
    from tests.helpers import ROOT, brand

    source = ladders()[TRANSLATED]
    untranslated = ladders()["customer-development"]
    keys = {}
    for language, ladder_list in (
        ("en", [source, untranslated]),
        ("es", [translate.localised(source, "es"), untranslated]),
    ):
        jobs, _ = gather(ladder_list, brand(), ROOT, ROOT / "content", language)
        keys[language] = {job.target: cache_key(job, env="same machine") for job in jobs}
    shared = keys["en"].keys() & keys["es"].keys()
    assert any("internal-service" in t for t in shared) and any("customer-development" in t for t in shared)
    for target in shared:
        assert keys["en"][target] != keys["es"][target], target


# --- ladderkit build: one site per language, swapped in together ------------------------------


def _example_site(tmp_path: Path, **options) -> Path:
    """The example site's sources (every shipped ladder, no PDFs) with these plugin options."""
    import shutil

    from tests.helpers import ROOT

    src = tmp_path / "src"
    for folder in ("content", "overrides", "ladders"):
        shutil.copytree(ROOT / folder, src / folder)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["ladderkit"] for p in config["plugins"] if isinstance(p, dict) and "ladderkit" in p)
    plugin.update({"pdfs": False, **options})
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return src


def _switcher(page: Path) -> list[tuple[str, str]]:
    html = page.read_text(encoding="utf-8")
    return re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link"', html)


def test_build_makes_a_site_per_language_and_swaps_them_in_together(tmp_path):
    from generator.commands.build import build_site
    from generator.errors import UserError

    src = _example_site(tmp_path, language="en", alternate_languages=["es"])
    site = tmp_path / "site"
    build_site(str(src / "mkdocs.yml"), str(site))
    main_home, es_home = site / "index.html", site / "es" / "index.html"
    assert '<html lang="en"' in main_home.read_text(encoding="utf-8")
    assert '<html lang="es"' in es_home.read_text(encoding="utf-8")
    # content/es/index.md is the Spanish home page, and no page of the main site.
    assert "Clientes que se quedan" in es_home.read_text(encoding="utf-8")
    main_index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Clientes que se quedan" not in main_index and '"es/' not in main_index
    # The translated ladder in Spanish, the others as written with the notice under their title.
    es_ladder = (site / "es" / "ladders" / TRANSLATED / "audit" / "index.html").read_text(encoding="utf-8")
    assert "Los compañeros también son clientes" in es_ladder and "lk-untranslated" not in es_ladder
    other = (site / "es" / "ladders" / "customer-development" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"</h1>\s*<p class=\"lk-untranslated[^>]*>Esta escalera aún no se ha traducido", other)
    assert "lk-untranslated" not in (site / "ladders" / "customer-development" / "index.html").read_text()
    # The switcher, both ways, from the home pages and from a page deeper down.
    assert _switcher(main_home) == [("./", "en"), ("es/", "es")]
    assert _switcher(es_home) == [(".././", "en"), ("./", "es")]
    deep = site / "es" / "ladders" / TRANSLATED / "audit" / "index.html"
    assert _switcher(deep) == [("../../../../", "en"), ("../../../", "es")]
    # The Spanish site's sitemap is its own, under /es/.
    sitemap = (site / "es" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://brightpath.example/es/ladders/" in sitemap

    # A mistake only the Spanish build meets stops the whole build: the site stays as it was.
    before = {p: p.read_bytes() for p in (main_home, es_home)}
    (src / "content" / "es" / "extra.md").write_text("# Extra\n\n[roto](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"previous site .* is unchanged"):
        build_site(str(src / "mkdocs.yml"), str(site))
    assert {p: p.read_bytes() for p in before} == before
    assert not list(tmp_path.glob(".site.building-*"))
    # Fixed, the next build in the same process makes both languages again (MkDocs hands every
    # configuration loaded in a process the same plugin instance: no language may stick to it).
    (src / "content" / "es" / "extra.md").unlink()
    build_site(str(src / "mkdocs.yml"), str(site))
    assert '<html lang="en"' in main_home.read_text(encoding="utf-8")
    assert "Clientes que se quedan" in es_home.read_text(encoding="utf-8")


def test_an_alternate_language_option_must_be_a_language_tag(tmp_path):
    src = _example_site(tmp_path, alternate_languages=["es", "Spanish!"])
    run = cli("build", "-f", str(src / "mkdocs.yml"), "-d", str(tmp_path / "site"), cwd=src)
    assert run.returncode == 1
    assert "plugins.ladderkit.alternate_languages[1]: 'Spanish!' is not a language tag" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("tag", "hint"), [("es-MX", "write es,"), ("ES", "write es,")])
def test_an_alternate_language_the_theme_has_no_words_for_is_named_before_any_build(tmp_path, tag, hint):
    """A valid tag Material has no partials/languages/<tag>.html for: the same message as for
    the main language, naming the setting, not Material's template error mid-way."""
    src = _example_site(tmp_path, alternate_languages=[tag])
    run = cli("build", "-f", str(src / "mkdocs.yml"), "-d", str(tmp_path / "site"), cwd=src)
    assert run.returncode == 1
    assert f"ladderkit: alternate_languages: '{tag}': the Material theme has no words in this language; {hint}" in (
        run.stderr
    )
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists()


def test_overrides_reach_every_language_of_the_site(tmp_path):
    """build_site's overrides (the tests' and the bench's way to turn PDFs off) are loaded once per
    language; MkDocs validates them in place, so the second language used to get plugin objects."""
    import shutil

    import yaml

    from generator.commands.build import build_site
    from tests.helpers import ROOT

    for name in ("mkdocs.yml", "content", "overrides", "ladders"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    plugins = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())["plugins"]
    options = next(p["ladderkit"] for p in plugins if isinstance(p, dict) and "ladderkit" in p)
    assert options.get("alternate_languages"), "the example site is in more than one language"
    options["pdfs"] = False
    site = build_site(str(tmp_path / "mkdocs.yml"), str(tmp_path / "site"), plugins=plugins)
    assert (site / "es" / "index.html").is_file() and not list(site.rglob("*.pdf"))
