"""A site in two languages in a real browser (issue 18 item 3): the same answers given on the
English and the Spanish self-audit show the same scores, which are what `ladderkit score`
prints for the file each exports; Material's switcher leads from each language to the other."""

from __future__ import annotations

import json

from generator.ladder.model import to_dict
from generator.ladder.translate import localised
from tests.helpers import LADDERS, answer, cli_score, export_answers, fixture_answers, goto, ladders, shown, site_with

LID = "internal-service"  # the shipped ladder with a Spanish translation


def _switch_to(page, lang: str, base: str) -> None:
    """Follow the switcher's link to `lang`, as its menu item leads."""
    href = page.evaluate("(lang) => document.querySelector(`a.md-select__link[hreflang='${lang}']`).href", lang)
    assert href.startswith(base)
    goto(page, href)


def test_the_same_answers_score_the_same_in_english_and_spanish(browser, tmp_path):
    answers = fixture_answers(LID)
    expected = cli_score(LID, answers)
    source = ladders()[LID]
    spanish = to_dict(localised(source, "es"))
    label_of = {"": {b.min: b.label for b in source.bands}, "/es": {b["min"]: b["label"] for b in spanish["bands"]}}
    min_of = {b.label: b.min for b in source.bands}
    name_of = {
        "": {b.id: b.name for b in source.bridges},
        "/es": {b["id"]: b["name"] for b in spanish["bridges"]},
    }
    files = [LADDERS / f"{LID}.yml", LADDERS / "customer-development.yml"]
    with site_with(files, tmp_path, language="en", alternate_languages=["es"]) as base:
        for prefix in ("", "/es"):
            context = browser.new_context(accept_downloads=True)  # its own storage: no answers carried over
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            goto(page, f"{base}{prefix}/ladders/{LID}/audit/")
            assert page.get_attribute("html", "lang") == ("es" if prefix else "en")
            answer(page, answers)
            got = shown(page)
            assert got["overall"] == expected["overall"], prefix
            assert got["position"] == expected["position"] and got["focus"] == expected["focus"], prefix
            assert got["flags"] == expected["flags"], prefix
            assert got["risks"] == [name_of[prefix][r] for r in expected["risks"]], prefix
            for bid, b in expected["bridges"].items():
                band = None if b["band"] is None else label_of[prefix][min_of[b["band"]]]
                assert got["bridges"][bid] == {"score": b["score"], "band": band}, (prefix, bid)
            exported = json.loads(export_answers(page).path().read_text(encoding="utf-8"))
            assert exported["ladder"] == LID
            assert cli_score(LID, exported["answers"]) == expected, prefix
            assert errors == [], errors
            context.close()

        # The switcher, both ways: from the Spanish audit to the English site and back.
        context = browser.new_context()
        page = context.new_page()
        goto(page, f"{base}/es/ladders/{LID}/audit/")
        assert page.locator("h1").first.inner_text().startswith("Los compañeros también son clientes")
        _switch_to(page, "en", base)
        assert page.url == f"{base}/" and page.get_attribute("html", "lang") == "en"
        _switch_to(page, "es", base)
        assert page.url == f"{base}/es/" and page.get_attribute("html", "lang") == "es"
        assert page.locator("h1").first.inner_text().startswith("Clientes que se quedan")
        names = page.locator("a.md-select__link").all_inner_texts()
        assert [n.strip() for n in names] == ["English", "Español"]
        context.close()
