// The shared reading vectors (tests/vectors/reading/) against the browser's reading.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { score } from "../../generator/scoring/scoring.mjs";
import { change, readResult } from "../../generator/scoring/reading.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(readFileSync(join(here, "..", "vectors", "reading", "reading.json"), "utf8"));

for (const c of data.cases) {
  test(`reading: ${c.name}`, () => {
    const result = score(data.ladder, c.answers);
    assert.deepEqual(result, c.result);
    assert.deepEqual(readResult(data.ladder, result), c.reading);
  });
}

for (const [now, then, text] of data.changes) {
  test(`change: ${now} since ${then}`, () => assert.equal(change(now, then), text));
}

test("at least 7 reading vectors", () => assert.ok(data.cases.length >= 7));
