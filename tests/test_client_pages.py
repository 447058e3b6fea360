"""The customers and group page bodies (pure renderers): labelled controls, escaped text,
links only to files the build makes."""

from __future__ import annotations

import dataclasses
import html
import json
import re

from generator.ladder.loader import ladder_files, load_all, load_ladder
from generator.site.customers_page import render_customers
from generator.site.group_page import render_group
from tests.helpers import ROOT

CD = load_ladder(ROOT / "ladders" / "customer-development.yml")


def data(body: str, name: str):
    return json.loads(html.unescape(re.search(rf'data-{name}="([^"]*)"', body).group(1)))


def test_every_add_control_has_a_label():
    body = render_customers(CD)
    ids = re.findall(r'<input [^>]*id="([^"]+)"', body)
    assert len(ids) == 1 + len(CD.classifier.fields)
    assert all(f'for="{i}"' in body for i in ids)
    assert "<caption>" in body and body.count('scope="col"') == len(CD.classifier.fields) + 3


def test_playbook_links_only_when_the_build_makes_pdfs():
    assert (
        data(render_customers(CD), "links")["playbooks"]["awareness"]
        == "../../../pdf/customer-development/playbook-awareness.pdf"
    )
    assert data(render_customers(CD, playbooks=False), "links")["playbooks"] == {}


def test_ladder_text_is_escaped():
    hostile = dataclasses.replace(
        CD,
        title='<script>alert(1)</script>"',
        classifier=dataclasses.replace(CD.classifier, title="<img src=x onerror=alert(1)>"),
    )
    for body in (render_customers(hostile), render_group([hostile])):
        assert "<script>" not in body and "<img" not in body
    assert data(render_customers(hostile), "ladder")["title"] == hostile.title


def test_group_page_carries_every_ladder_in_site_order():
    ladders = load_all(ladder_files(ROOT / "ladders"))
    payload = data(render_group(ladders), "ladders")
    assert payload["order"] == [lad.id for lad in ladders]
    assert set(payload["ladders"]) == set(payload["order"])
