// A long-lived engine for the differential tests: one JSON request per stdin line, one
// sorted-key JSON reply per stdout line, so a whole run uses a single Node process.
// A request scores a ladder (test_differential.py) or, with "numbers", "csv" or "json", reads
// typed numbers, customer CSV files and client JSON files by the browser's rules
// (test_differential_rules.py).
import { createInterface } from "node:readline";
import { score, classify, validateAnswers, cleanAnswers } from "../../generator/scoring/scoring.mjs";
import { t } from "../../generator/scoring/i18n.mjs";
import { readCustomersCsv, readNumber } from "../../generator/site/assets/rules.js";
import { parseJson, textProblem } from "../../generator/scoring/clientfiles.mjs";

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  // fromEntries defines own keys: `out["__proto__"] = x` would set the prototype instead
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  return value;
}

const rl = createInterface({ input: process.stdin });
function readRules({ numbers = [], csv = [], json = [], fields = [] }) {
  const read = (text) => {
    try { return { records: readCustomersCsv(text, fields, "customers.csv", textProblem, t) }; } catch (err) { return { error: err.message }; }
  };
  const parse = (text) => {
    try { return { doc: parseJson(new TextEncoder().encode(text)) }; } catch (err) { return { error: err.message }; }
  };
  return { numbers: numbers.map(readNumber), csv: csv.map(read), json: json.map(parse) };
}

rl.on("line", (line) => {
  const request = JSON.parse(line);
  if (!request.ladder) return process.stdout.write(JSON.stringify(sortKeys(readRules(request))) + "\n");
  const { ladder, answers = [], junk = [], records = [] } = request;
  const reply = {
    // Valid sets are scored as given; junk goes through the browser's path: drop what
    // validation refuses, then score what is left.
    scores: answers.map((a) => score(ladder, a)).concat(junk.map((a) => score(ladder, cleanAnswers(ladder, a)))),
    problems: answers.concat(junk).map((a) => validateAnswers(ladder, a)),
    rungs: ladder.classifier ? records.map((r) => classify(ladder, r)) : [],
  };
  process.stdout.write(JSON.stringify(sortKeys(reply)) + "\n");
});
