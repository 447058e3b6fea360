"""ladderkit export / score / classify on good and bad input: one clear message, exit 1, no traceback."""

import base64
import json
import subprocess
import sys

import pytest

from tests.helpers import FIXTURES, ROOT, cli

WORKED = FIXTURES / "answers" / "customer-development.json"


def test_export_runs_on_a_minimal_ladder(tmp_path):
    path = tmp_path / "tiny.yml"
    path.write_text(
        "id: tiny\ntitle: Tiny\nsummary: s\nrungs:\n  - {id: a, name: A, description: x}\n"
        "  - {id: b, name: B, description: y}\nbridges:\n  - {id: ab, name: AB, from: a, to: b, summary: z}\n",
        encoding="utf-8",
    )
    out = cli("export", str(path))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["bridges"][0]["direction"] == "up"


def test_score_prints_the_contract_result():
    out = cli("score", "customer-development", str(WORKED))
    result = json.loads(out.stdout)
    assert result == {
        "format": "ladder-result/1",
        "ladder": "customer-development",
        "overall": 43,
        "position": "prospect",
        "focus": "buying",
        "risks": ["denial"],
        "flags": ["acquisition-heavy", "too-little-contact", "unqualified-prospects", "slow-and-unstructured"],
        "answered": 16,
        "questions": 16,
        "bridges": {
            # awareness: Every month 3/4 + yes 1/1 x4 + 2 events -> 3/3 + Every month 3/4 = 13/15 = 86.7
            "awareness": {"score": 87, "band": "Strong", "answered": 4, "questions": 4},
            # buying: 2 ticked x2 = 4/8 + no x4 = 0/4 + 5 days -> 1/3 + once a year 1/4 = 6/19 = 31.6
            "buying": {"score": 32, "band": "Weak", "answered": 4, "questions": 4},
            # communication: 1 contact 2/3 + every few months 2/4 + about a quarter 2/4 + Agree 3/4 = 9/15
            "communication": {"score": 60, "band": "Building", "answered": 4, "questions": 4},
            # denial: 80% -> 0/3 + Agree reversed 1/4 + no x8 0/8 + yes reversed x4 0/4 = 1/19 = 5.3
            "denial": {"score": 5, "band": "Weak", "answered": 4, "questions": 4},
        },
    }


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


BAD_ANSWERS = [
    (
        "malformed JSON",
        '{"format": "ladder-answers/1",',
        "not valid JSON: Expecting property name enclosed in double quotes",
    ),
    (
        "wrong format",
        '{"format": "ladder-answers/2", "ladder": "customer-development", "answers": {}}',
        'format: expected "ladder-answers/1", got "ladder-answers/2"',
    ),
    (
        "another ladder",
        '{"format": "ladder-answers/1", "ladder": "growing-loyalty", "answers": {}}',
        "ladder: these answers are for ladder \"growing-loyalty\", not 'customer-development'",
    ),
    (
        "unknown question",
        '{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"aw-marketting": 1}}',
        "answers.aw-marketting: no question 'aw-marketting' in ladder 'customer-development'; did you mean 'aw-marketing'?",
    ),
    (
        "wrong type",
        '{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"aw-referrals": "yes"}}',
        'answers.aw-referrals: expected true or false, got "yes"',
    ),
    (
        "index out of range",
        '{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"aw-marketing": 7}}',
        "answers.aw-marketing: expected an option number from 0 to 4, got 7",
    ),
    (
        "number out of range",
        '{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"dn-new-effort": 120}}',
        "answers.dn-new-effort: 120 is outside the allowed range from 0 to 100",
    ),
    (
        "NaN is not JSON",
        '{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"aw-networking": NaN}}',
        "not valid JSON: NaN is not allowed in JSON",
    ),
    ("not an object", "[1, 2]", "an answers file must be a JSON object with format, ladder and answers"),
    ("empty file", "", "the file is empty"),
    (
        "two problems",
        '{"format": "ladder-answers/1", "ladder": "customer-development", "answers": {"aw-marketing": 9, "aw-referrals": 1}}',
        "answers.aw-marketing: expected an option number from 0 to 4, got 9 (and 1 more problem)",
    ),
]


@pytest.mark.parametrize("name,text,message", BAD_ANSWERS, ids=[b[0] for b in BAD_ANSWERS])
def test_bad_answers_file(tmp_path, name, text, message):
    path = write(tmp_path, "answers.json", text)
    out = cli("score", "customer-development", path)
    assert out.returncode == 1
    assert out.stderr.startswith(f"error: {path}")
    assert message in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_missing_answers_file():
    out = cli("score", "customer-development", "/nonexistent/answers.json")
    assert out.returncode == 1 and "no such file" in out.stderr


HEADER = "name,has-need,has-budget,is-urgent,is-decision-maker,purchases,buys-regularly\n"
BAD_CSV = [
    (
        "missing column",
        "name,has-need,purchases\nA,yes,1\n",
        "line 1: missing columns has-budget, is-urgent, is-decision-maker, buys-regularly",
    ),
    (
        "non-number",
        HEADER + "Acme,yes,yes,yes,no,three,no\n",
        "line 2: column 'purchases': 'three' is not a number; write it as 2 or 2.5",
    ),
    (
        "not yes or no",
        HEADER + "Acme,maybe,yes,yes,no,1,no\n",
        "line 2: column 'has-need': expected yes or no, got 'maybe'",
    ),
    ("ragged row", HEADER + "Acme,yes,yes\n", "line 2: expected 7 cells, found 3"),
    ("unknown column", HEADER.strip() + ",colour\nA,yes,yes,yes,no,1,no,red\n", "line 1: unknown column 'colour'"),
    ("empty", "", "the file is empty"),
    (
        "infinite",
        HEADER + "Acme,yes,yes,yes,no,inf,no\n",
        "column 'purchases': 'inf' is not a number; write it as 2 or 2.5",
    ),
]


@pytest.mark.parametrize("name,text,message", BAD_CSV, ids=[b[0] for b in BAD_CSV])
def test_bad_customers_csv(tmp_path, name, text, message):
    path = write(tmp_path, "customers.csv", text)
    out = cli("classify", "customer-development", path)
    assert out.returncode == 1, out.stdout
    assert message in out.stderr and path in out.stderr
    assert "Traceback" not in out.stderr


def test_classify_without_a_classifier(tmp_path):
    out = cli("classify", "ladder-of-loyalty", write(tmp_path, "c.csv", "name\nA\n"))
    assert out.returncode == 1 and "has no classifier" in out.stderr


def test_classify_json_records_and_types(tmp_path):
    path = write(
        tmp_path,
        "c.json",
        json.dumps([{"name": "A", "purchases": 4, "buys-regularly": True}, {"name": "B", "has-need": "yes"}]),
    )
    out = cli("classify", "customer-development", path)
    assert out.returncode == 1 and 'customers[1]: has-need: expected true or false, got "yes"' in out.stderr


def test_classify_counts_per_rung_from_an_answers_file(tmp_path):
    doc = {
        "format": "ladder-answers/1",
        "ladder": "customer-development",
        "answers": {},
        "customers": [
            {"name": "A", "purchases": 4, "buys-regularly": True},
            {"name": "B", "has-need": True, "has-budget": True, "is-urgent": True},
        ],
    }
    out = cli("classify", "--json", "customer-development", write(tmp_path, "a.json", json.dumps(doc)))
    data = json.loads(out.stdout)
    assert [c["rung"] for c in data["customers"]] == ["loyal-customer", "prospect"]
    assert data["counts"] == {"suspect": 0, "prospect": 1, "customer": 0, "loyal-customer": 1}


def test_a_reader_that_stops_early_gets_no_traceback():
    """`ladderkit export X | head -1`: the reader closes the pipe before the JSON is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "export", "customer-development"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # gone before the command (still starting up) writes anything
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def _link(doc) -> str:
    from generator.inputs.share_link import encode

    return encode(doc)


def test_score_reads_a_share_link_as_it_reads_the_answers_file(tmp_path):
    """The audit's "Copy share link" given in place of a file: the URL, the fragment, or answers=…"""
    doc = json.loads(WORKED.read_text("utf-8"))
    payload = _link({"ladder": doc["ladder"], "answers": doc["answers"]})
    from_file = json.loads(cli("score", "customer-development", str(WORKED)).stdout)
    for given in (
        f"https://coach.example/audits/customer-development/#answers={payload}",
        f"#answers={payload}",
        f"answers={payload}",
    ):
        out = cli("score", "customer-development", given)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == from_file
    explained = cli("score", "customer-development", f"#answers={payload}", "--explain")
    assert (
        explained.returncode == 0
        and explained.stdout == cli("score", "customer-development", str(WORKED), "--explain").stdout
    )


SHARE = {"ladder": "customer-development", "answers": {"aw-referrals": True}}
BAD_LINKS = [
    (
        "cut short",
        f"#answers={_link(SHARE)[:20]}",
        "share link: the link is damaged and could not be read (not valid JSON)",
    ),
    ("not base64url", "#answers=ab+c/", "the link is damaged and could not be read (not base64url text)"),
    (
        "a key twice",
        "#answers=" + base64.urlsafe_b64encode(b'{"ladder":"x","ladder":"y"}').decode().rstrip("="),
        '(not valid JSON: the key "ladder" is given twice in one object)',
    ),
    (
        "nothing after the mark",
        "https://coach.example/a/#answers=",
        "share link: nothing follows #answers=; copy the whole link again",
    ),
    (
        "another audit",
        f"#answers={_link({**SHARE, 'ladder': 'growing-loyalty'})}",
        'share link: ladder: these answers are for ladder "growing-loyalty"',
    ),
    ("not answers", f"#answers={_link([1])}", "share link: the link does not carry answers"),
    (
        "an answer that does not fit",
        f"#answers={_link({**SHARE, 'answers': {'aw-referrals': 7}})}",
        "share link: answers.aw-referrals:",
    ),
    ("too long", "#answers=" + "A" * 100_001, "too long to be a real set of answers"),
]


@pytest.mark.parametrize("name,given,message", BAD_LINKS, ids=[b[0] for b in BAD_LINKS])
def test_a_damaged_share_link_gets_one_clear_message(name, given, message):
    out = cli("score", "customer-development", given)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.startswith("error: share link: ") and message in out.stderr
    assert "Traceback" not in out.stderr


def test_a_file_named_like_a_link_is_the_file(tmp_path):
    (tmp_path / "answers=mine.json").write_text(WORKED.read_text("utf-8"), encoding="utf-8")
    out = cli("score", ROOT / "ladders" / "customer-development.yml", "answers=mine.json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr


def test_report_from_a_share_link_needs_an_output():
    out = cli("report", "customer-development", f"#answers={_link(SHARE)}")
    assert out.returncode == 1 and "share link: a link has no folder to put the report beside" in out.stderr
