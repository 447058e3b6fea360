// The shared vectors (tests/vectors/*.json) against the browser's mirror, scoring.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { score, classify, validateAnswers, roundHalfUp } from "../../generator/scoring/scoring.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, "..", "vectors");
// Files with a "rule" key hold the other mirrored rules (rules.test.mjs); wording.json the
// wording vectors (wording.test.mjs): neither holds scoring cases.
// As tests/helpers.py OWN_RUNNERS: vector files with a runner of their own.
const OWN_RUNNERS = ["wording.json", "i18n.json"];
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && !OWN_RUNNERS.includes(f)
  && !("rule" in JSON.parse(readFileSync(join(dir, f), "utf8")))).sort();
let total = 0;

for (const file of files) {
  const data = JSON.parse(readFileSync(join(dir, file), "utf8"));
  for (const c of data.cases) {
    total += 1;
    test(`${file.replace(".json", "")}: ${c.name}`, () => {
      if ("record" in c) {
        assert.equal(classify(data.ladder, c.record), c.rung);
        return;
      }
      if ("problems" in c) {
        assert.deepEqual(validateAnswers(data.ladder, c.answers), c.problems);
        return;
      }
      const result = score(data.ladder, c.answers);
      for (const [key, want] of Object.entries(c.expect || {})) assert.deepEqual(result[key], want, key);
      for (const [id, want] of Object.entries(c.scores || {})) assert.equal(result.bridges[id].score, want, `bridges.${id}.score`);
      for (const [id, want] of Object.entries(c.bands || {})) assert.equal(result.bridges[id].band, want, `bridges.${id}.band`);
    });
  }
}

test("at least 80 shared vectors", () => assert.ok(total >= 80, `only ${total}`));

test("roundHalfUp rounds exact halves up, unlike banker's rounding", () => {
  assert.equal(roundHalfUp(1250, 100), 13);
  assert.equal(roundHalfUp(1249, 100), 12);
  assert.equal(roundHalfUp(50, 100), 1);
});
