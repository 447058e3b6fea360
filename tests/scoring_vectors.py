"""Reading the shared scoring vectors (tests/vectors/*.json), also read by tests/js/."""
from __future__ import annotations

import json
from pathlib import Path

VECTORS = Path(__file__).parent / "vectors"


def vector_files() -> list[Path]:
    """The scoring vectors; a file with a "rule" key holds another mirrored rule (test_rule_vectors.py),
    and wording.json the wording vectors (tests/test_wording.py)."""
    return sorted(p for p in VECTORS.glob("*.json")
                  if p.name != "wording.json" and "rule" not in json.loads(p.read_text(encoding="utf-8")))


def cases() -> list[tuple[str, dict, dict]]:
    """(id, normalised ladder, case) for every case of every file."""
    out = []
    for path in vector_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append((f"{path.stem}: {case['name']}", data["ladder"], case))
    return out


def check_case(ladder: dict, case: dict, score, classify, validate_answers) -> None:
    """Assert one case against the given engine functions (shared by both test suites' logic)."""
    if "record" in case:
        assert classify(ladder, case["record"]) == case["rung"]
        return
    if "problems" in case:
        assert validate_answers(ladder, case["answers"]) == case["problems"]
        return
    result = score(ladder, case["answers"])
    for key, want in case.get("expect", {}).items():
        assert result[key] == want, f"{key}: got {result[key]!r}, want {want!r}"
    for bridge, want in case.get("scores", {}).items():
        assert result["bridges"][bridge]["score"] == want, f"bridges.{bridge}.score: got {result['bridges'][bridge]['score']!r}, want {want!r}"
    for bridge, want in case.get("bands", {}).items():
        assert result["bridges"][bridge]["band"] == want, f"bridges.{bridge}.band"
