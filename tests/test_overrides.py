"""Theme overrides that copy a Material partial must stay in step with the installed Material."""

from __future__ import annotations

import re
from pathlib import Path

import material

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
