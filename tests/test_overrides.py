"""Theme overrides that copy a Material partial must stay in step with the installed Material."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from tests.helpers import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
THEME = ROOT / "generator" / "site" / "theme" / "partials"


def _body(text: str) -> str:
    """The template without its leading Jinja comment."""
    return re.sub(r"^\{#-.*?-#\}\n", "", text, count=1, flags=re.S)


def test_search_partial_differs_from_material_only_by_the_dialog_name():
    ours = _body((THEME / "lk-search-material.html").read_text())
    theirs = _body((MATERIAL / "partials" / "search.html").read_text())
    named = ' role="dialog" aria-label="{{ lang.t(\'search\') }}">'
    assert named in ours
    assert ours.replace(named, ' role="dialog">') == theirs


def _new_site(tmp_path: Path) -> Path:
    from generator.commands.new import create_site

    folder = tmp_path / "coach"
    create_site(folder, "Override Coaching")
    config = folder / "mkdocs.yml"
    config.write_text(re.sub(r"pdfs: true\b", "pdfs: false", config.read_text()))
    return folder


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{% if %}", "overrides/main.html:{line}: template error: Expected an expression"),
        ("{{ config.nope.deeper }}", "overrides/main.html:{line}: template error: "),
        (
            '{% include "partials/nope.html" %}',
            "a template asks for 'partials/nope.html', which none of the theme's folders has",
        ),
    ],
)
def test_a_mistake_in_an_override_is_one_message_naming_the_file_and_line(tmp_path, monkeypatch, block, expected):
    """Before: a Jinja traceback, or "cannot write the site (… not found in search paths …)"."""
    from generator.commands.build import build_site
    from generator.errors import UserError

    site = _new_site(tmp_path)
    main = site / "overrides" / "main.html"
    text = main.read_text()
    line = text.count("\n") + 1
    main.write_text(text + "{% block announce %}" + block + "{% endblock %}\n")
    monkeypatch.chdir(site)
    with pytest.raises(UserError) as stopped:
        build_site("mkdocs.yml", strict=False)
    message = str(stopped.value)
    assert message.startswith("the build stopped; the previous site in"), message
    assert expected.format(line=line) in message
    assert "cannot write the site" not in message
