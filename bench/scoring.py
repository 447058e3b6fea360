"""Scoring speed: a generated 200-question ladder scored by Node (scoring.mjs) and Python."""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from generator.ladder.model import build, to_dict
from generator.scoring.scoring import score

ROOT = Path(__file__).parent.parent
NODE_TIMER = r"""
import { score } from "%s";
import { readFileSync } from "node:fs";
const { ladder, answers } = JSON.parse(readFileSync(0, "utf8"));
for (let i = 0; i < 200; i++) score(ladder, answers);  // warm up the JIT
const samples = [];
for (let i = 0; i < 2000; i++) {
  const t = process.hrtime.bigint();
  score(ladder, answers);
  samples.push(Number(process.hrtime.bigint() - t) / 1e6);
}
samples.sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: samples[samples.length >> 1] }));
"""


def big_ladder(questions: int = 200, seed: int = 7) -> tuple[Any, dict]:
    """A normalised ladder of `questions` questions over 10 rungs, and a full answer set."""
    src, answers = big_source(questions, seed)
    return to_dict(build(src)), answers


def big_source(questions: int = 200, seed: int = 7) -> tuple[dict, dict]:
    """The ladder-file mapping behind `big_ladder` (what a coach would write), and its answers."""
    rng = random.Random(seed)
    rungs = [{"id": f"r{i}", "name": f"Rung {i}", "description": "d"} for i in range(10)]
    bridges: list[dict] = []
    answers: dict[str, object] = {}
    n = 0
    for i in range(9):
        qs = []
        for _ in range(questions // 9 + (1 if i < questions % 9 else 0)):
            n += 1
            kind = ("scale", "yesno", "number", "checklist")[n % 4]
            q = {"id": f"q{n}", "text": "?", "type": kind, "weight": rng.randint(1, 3)}
            if kind == "scale":
                q["scale"] = "frequency"
                answers[q["id"]] = rng.randint(0, 4)
            elif kind == "yesno":
                answers[q["id"]] = rng.random() < 0.6
            elif kind == "number":
                q["thresholds"] = [
                    {"at_least": 10, "points": 3},
                    {"at_least": 5, "points": 2},
                    {"at_most": 1, "points": 1},
                ]
                answers[q["id"]] = rng.uniform(0, 12)
            else:
                q["options"] = ["a", "b", "c", "d"]
                answers[q["id"]] = sorted(rng.sample(range(4), rng.randint(0, 4)))
            qs.append(q)
        bridges.append(
            {"id": f"b{i}", "name": "B", "from": f"r{i}", "to": f"r{i + 1}", "summary": "s", "questions": qs}
        )
    flags = [
        {
            "id": f"f{k}",
            "when": {"any": [{"question": f"q{k * 4 + 4}", "gte": 2}, {"bridge": f"b{k}", "lt": 50}]},
            "message": "m",
        }
        for k in range(9)
    ]
    src = {"id": "bench", "title": "Bench", "summary": "s", "rungs": rungs, "bridges": bridges, "flags": flags}
    return src, answers


def run() -> list[tuple[str, str, str, str]]:
    ladder, answers = big_ladder()
    samples = []
    for _ in range(300):
        t = time.perf_counter()
        score(ladder, answers)
        samples.append((time.perf_counter() - t) * 1000)
    py = statistics.median(samples)
    script = NODE_TIMER % (ROOT / "generator" / "scoring" / "scoring.mjs").as_uri()
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps({"ladder": ladder, "answers": answers}),
        capture_output=True,
        text=True,
        check=True,
    )
    node = json.loads(out.stdout)["median_ms"]
    return [
        ("score 200 questions, browser engine (Node)", f"{node:.3f} ms", "< 1 ms", f"{node / 1:.2f} × target"),
        ("score 200 questions, Python reference", f"{py:.3f} ms", "(reported)", f"{py / node:.1f} × Node"),
    ]
