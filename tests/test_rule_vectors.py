"""The mirrored rules other than scoring, against the Python reference: the same vector files
tests/js/rules.test.mjs runs against the browser's modules (numbers, formula, csv,
share_link, aggregate, client_files, ladder_hash)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from generator.errors import UserError
from generator.inputs import share_link
from generator.inputs.aggregate import aggregate
from generator.inputs.answers import (
    BadJson,
    check_answers_document,
    customers_in,
    parse_json,
    read_customers_csv,
    too_big,
)
from generator.inputs.csvsafe import neutralise, unguard, write_rows
from generator.inputs.numbers import read_number
from generator.site.audit_page import ladder_hash

VECTORS = Path(__file__).parent / "vectors"


def load(name: str) -> dict:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def cases(name: str, key: str = "cases"):
    data = load(name)
    return pytest.mark.parametrize("case", data[key], ids=[c["name"] for c in data[key]])


@cases("numbers.json")
def test_numbers(case):
    got = read_number(case["text"])
    if "value" in case:
        assert set(got) == {"value"}
        assert got["value"] == (None if case["value"] is None else float(case["value"]))
    else:
        assert got == {"problem": case["problem"], "message": case["message"]}


@cases("formula.json", "neutralise")
def test_formula_guard(case):
    assert neutralise(case["text"]) == case["cell"]
    assert unguard(case["cell"]) == case["text"], "an import gives back the text"


@cases("formula.json", "unguard")
def test_formula_guard_comes_off(case):
    assert unguard(case["cell"]) == case["text"]


CSV = load("csv.json")


@cases("csv.json", "read")
def test_csv_read(case):
    if "records" in case:
        assert read_customers_csv(case["text"], CSV["fields"], CSV["file"]) == case["records"]
    else:
        with pytest.raises(UserError) as err:
            read_customers_csv(case["text"], CSV["fields"], CSV["file"])
        assert str(err.value) == case["error"]


@cases("csv.json", "write")
def test_csv_write(case):
    assert write_rows(case["header"], case["rows"]) == case["text"]


@cases("share_link.json", "encode")
def test_share_link_encode(case):
    assert share_link.encode(case["doc"]) == case["payload"]
    assert share_link.decode(case["payload"]) == case["doc"]


@cases("share_link.json", "decode")
def test_share_link_decode(case):
    if case.get("refused"):
        with pytest.raises(ValueError):
            share_link.decode(case["payload"])
    else:
        assert share_link.decode(case["payload"]) == case["doc"]


GROUPS = load("aggregate.json")


@cases("aggregate.json", "rooms")
def test_aggregate(case):
    def data(f):
        if "text" in f:
            return f["text"].encode("utf-8")
        if "size" in f:  # a file that large, for the size limit
            return b" " * f["size"]
        return base64.b64decode(f["base64"]) if "base64" in f else None  # "bytes": null, unreadable

    files = [(f["name"], data(f)) for f in case["files"]]
    assert aggregate(load(GROUPS["vector"])["ladder"], files) == case["figures"]


CLIENT = load("client_files.json")


@cases("client_files.json", "parse")
def test_client_file_json(case):
    data = case["text"].encode("utf-8") if "text" in case else base64.b64decode(case["base64"])
    if "doc" in case:
        assert parse_json(data) == case["doc"]
    else:
        with pytest.raises(BadJson) as err:
            parse_json(data)
        assert err.value.short == case["error"]


@pytest.mark.parametrize("case", CLIENT["sizes"], ids=[str(c["size"]) for c in CLIENT["sizes"]])
def test_client_file_size(case):
    assert (too_big(case["size"]) or "") == case["message"]


@cases("client_files.json", "records")
def test_client_customers_json(case):
    ladder = {"id": CLIENT["ladder"], "classifier": {"fields": CLIENT["fields"]}}
    try:
        got = customers_in(parse_json(case["text"].encode("utf-8")), ladder, CLIENT["file"])
    except UserError as exc:
        got = {"error": str(exc)}
    except BadJson as exc:
        got = {"error": f"{CLIENT['file']}: {exc.short}"}
    assert got == ({"error": case["error"]} if "error" in case else case["records"])


@cases("client_files.json", "answers")
def test_client_answers_document(case):
    """The document checks `score` and the audit's Import share (the answers are basic.json's)."""
    try:
        check_answers_document(parse_json(case["text"].encode("utf-8")), load("basic.json")["ladder"], "answers.json")
        got = {"accepted": True}
    except UserError as exc:
        got = {"error": str(exc)}
    except BadJson as exc:
        got = {"error": f"answers.json: {exc.short}"}
    assert got == ({"error": case["error"]} if "error" in case else {"accepted": True})


@cases("ladder_hash.json")
def test_ladder_hash(case):
    ladder = case.get("ladder") or load(case["vector"])["ladder"]
    assert ladder_hash(ladder) == case["hash"]


def test_every_rule_file_is_read_by_both_runners():
    """A vector file added without a reader here and in tests/js/rules.test.mjs would test nothing."""
    rule_files = {p.name for p in VECTORS.glob("*.json") if "rule" in json.loads(p.read_text(encoding="utf-8"))}
    here = Path(__file__).read_text(encoding="utf-8")
    there = (Path(__file__).parent / "js" / "rules.test.mjs").read_text(encoding="utf-8")
    for name in rule_files:
        assert f'"{name}"' in here and f'"{name}"' in there, name
