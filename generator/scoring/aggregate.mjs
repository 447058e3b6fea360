// The group figures of a room's answers files: the rules of generator/inputs/aggregate.py
// (read there for the why), for the group page. Pure, so Node tests it on
// tests/vectors/aggregate.json as pytest tests the Python side.
import { described, parseJson, shown, textProblem, tooBig } from "./clientfiles.mjs";
import { ANSWERS_FORMAT, roundHalfUp, score, validateAnswers } from "./scoring.mjs";
import { t } from "./i18n.mjs";

export const AGGREGATE_FORMAT = "ladder-aggregate/1";
const MAX_FILES = 500;

// Answers as comparable text: key order does not matter (JSON already reads 3.0 as 3).
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

// `bytes` is null when the file could not be read; `size`, when given, is its size in bytes
// (the group page does not read a file too big to be an answers file).
export function readParticipant(ladder, bytes, size = bytes ? bytes.length : 0) {
  const big = tooBig(size);
  if (big) return [null, big];
  if (bytes === null) return [null, t("the file cannot be read")];
  let doc;
  try { doc = parseJson(bytes); } catch (err) { return [null, err.message]; }
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || doc.format !== ANSWERS_FORMAT) return [null, t("not an answers file (format {format} expected)", { format: ANSWERS_FORMAT })];
  if (doc.ladder !== ladder.id) return [null, t("answers for another ladder ({ladder})", { ladder: typeof doc.ladder === "string" ? shown(doc.ladder) : described(doc.ladder ?? null) })];
  if (Object.prototype.hasOwnProperty.call(doc, "name")) {
    const why = textProblem(doc.name);
    if (why) return [null, t("name: {problem}", { problem: why })];
  }
  const answers = Object.prototype.hasOwnProperty.call(doc, "answers") ? doc.answers : {};
  const problems = validateAnswers(ladder, answers);
  if (problems.length) return [null, `${problems[0].question ? `answers.${problems[0].question}` : "answers"}: ${problems[0].message}`]; // the file's own keys, then the problem
  return [doc, ""];
}

function stats(values) {
  const scored = values.filter((v) => v !== null);
  if (!scored.length) return { mean: null, lowest: null, highest: null, scored: 0 };
  return { mean: roundHalfUp(scored.reduce((a, b) => a + b, 0), scored.length), lowest: Math.min(...scored), highest: Math.max(...scored), scored: scored.length };
}

// Most common first, ties in ladder order (Array.prototype.sort is stable).
const ranked = (ids, picks) => ids.map((id) => ({ id, count: picks.filter((p) => p === id).length })).filter((c) => c.count).sort((a, b) => b.count - a.count);

export function aggregate(ladder, files) {
  // Duplicates by content (the same participant name and answers), never by file name.
  const included = [], skipped = [], results = [], seen = new Map();
  for (const { name, bytes, size } of files.slice(0, MAX_FILES)) {
    const [doc, why] = readParticipant(ladder, bytes, size);
    if (!doc) { skipped.push({ file: name, reason: why }); continue; }
    const answers = Object.prototype.hasOwnProperty.call(doc, "answers") ? doc.answers : {};
    const who = typeof doc.name === "string" ? doc.name : "";
    const key = canonical([who, answers]);
    if (seen.has(key)) {
      const same = who ? t("same name and answers as {file}", { file: seen.get(key) }) : t("same answers as {file}", { file: seen.get(key) });
      skipped.push({ file: name, reason: t("duplicate: {why}", { why: same }) }); // the group page finds duplicates by this message
      continue;
    }
    seen.set(key, name);
    included.push({ file: name, name: who });
    results.push(score(ladder, answers));
  }
  for (const { name } of files.slice(MAX_FILES)) skipped.push({ file: name, reason: t("more than {max} files", { max: MAX_FILES }) });
  return {
    format: AGGREGATE_FORMAT,
    ladder: ladder.id,
    participants: results.length,
    included, skipped,
    overall: stats(results.map((r) => r.overall)),
    bridges: Object.fromEntries(ladder.bridges.map((b) => [b.id, stats(results.map((r) => r.bridges[b.id].score))])),
    rungs: Object.fromEntries(ladder.rungs.map((r) => [r.id, results.filter((x) => x.position === r.id).length])),
    focus: ranked(ladder.bridges.map((b) => b.id), results.map((r) => r.focus)),
    flags: ranked(ladder.flags.map((f) => f.id), results.flatMap((r) => r.flags)),
  };
}
