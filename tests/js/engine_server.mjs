// A long-lived scorer for the differential test: one JSON request per stdin line,
// one sorted-key JSON reply per stdout line, so a whole run uses a single Node process.
import { createInterface } from "node:readline";
import { score, classify, validateAnswers, cleanAnswers } from "../../generator/scoring/scoring.mjs";

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const { ladder, answers = [], junk = [], records = [] } = JSON.parse(line);
  const reply = {
    // Valid sets are scored as given; junk goes through the browser's path: drop what
    // validation refuses, then score what is left.
    scores: answers.map((a) => score(ladder, a)).concat(junk.map((a) => score(ladder, cleanAnswers(ladder, a)))),
    problems: answers.concat(junk).map((a) => validateAnswers(ladder, a)),
    rungs: ladder.classifier ? records.map((r) => classify(ladder, r)) : [],
  };
  process.stdout.write(JSON.stringify(sortKeys(reply)) + "\n");
});
