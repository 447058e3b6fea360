// The browser's mirror of generator/scoring.py (the reference): same names, same rules,
// same messages. It takes the normalised ladder JSON that `ladderkit export` prints.
// Semantics are written down in scoring.py's docstring; keep the two files side by side.
// One dependency, i18n.mjs (its messages in the site's language; English under Node): runs
// in the browser and under Node 20.
import { t } from "./i18n.mjs";

export const RESULT_FORMAT = "ladder-result/1";
export const ANSWERS_FORMAT = "ladder-answers/1";
const MAX_CHECKLIST = 1000;

// floor((2n + d) / 2d) for integers n >= 0, d > 0: 0.5 always rounds up.
export function roundHalfUp(n, d) {
  return Math.floor((2 * n + d) / (2 * d));
}

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const isWhole = (v) => isNumber(v) && Number.isInteger(v);
const answered = (answers, id) => Object.prototype.hasOwnProperty.call(answers, id) && answers[id] !== null && answers[id] !== undefined;

// --- one question ---------------------------------------------------------------------

export function value(question, answer) {
  if (question.type === "scale") return question.choices[answer].points;
  if (question.type === "checklist") return answer.length;
  return answer;
}

export function points(question, answer) {
  switch (question.type) {
    case "scale": {
      const got = question.choices[answer].points;
      return question.reverse ? question.max_points - got : got;
    }
    case "yesno": {
      const got = answer ? 1 : 0;
      return question.reverse ? 1 - got : got;
    }
    case "number":
      for (const t of question.thresholds) {
        if (("at_least" in t && answer >= t.at_least) || ("at_most" in t && answer <= t.at_most)) return t.points;
      }
      return 0;
    default: {
      const ticked = answer.length;
      return question.reverse ? question.options.length - ticked : ticked;
    }
  }
}

// --- conditions -----------------------------------------------------------------------

function compare(left, op, right) {
  if (op === "eq") return left === right;
  if (op === "ne") return left !== right;
  if (typeof left === "boolean" || typeof right === "boolean") return false;
  if (op === "lt") return left < right;
  if (op === "lte") return left <= right;
  if (op === "gt") return left > right;
  return left >= right;
}

export function holds(cond, lookup) {
  if ("all" in cond) return cond.all.every((c) => holds(c, lookup));
  if ("any" in cond) return cond.any.some((c) => holds(c, lookup));
  if ("not" in cond) return !holds(cond.not, lookup);
  if ("count" in cond) {
    const got = cond.count.filter((ref) => lookup("count", ref) === true).length;
    return compare(got, cond.op, cond.value);
  }
  const kind = ["question", "bridge", "field"].find((k) => k in cond);
  const got = lookup(kind, cond[kind]);
  if (got === null || got === undefined) return false;
  return compare(got, cond.op, cond.value);
}

// --- the whole ladder -----------------------------------------------------------------

export function bandOf(ladder, score) {
  if (score === null) return null;
  let best = null;
  for (const b of ladder.bands) if (b.min <= score && (best === null || b.min > best.min)) best = b;
  return best.label;
}

export function bridgeTally(ladder, answers) {
  const tally = {};
  for (const bridge of ladder.bridges) {
    let earned = 0, possible = 0, count = 0;
    for (const q of bridge.questions) {
      if (answered(answers, q.id)) {
        earned += q.weight * points(q, answers[q.id]);
        possible += q.weight * q.max_points;
        count += 1;
      }
    }
    tally[bridge.id] = { earned, possible, answered: count, questions: bridge.questions.length };
  }
  return tally;
}

const scoreOf = (earned, possible) => (possible > 0 ? roundHalfUp(100 * earned, possible) : null);

export function climb(ladder, scores) {
  const up = new Map();
  for (const b of ladder.bridges) if (b.direction === "up") up.set(b.from, b);
  let position = ladder.rungs[0].id;
  while (up.has(position)) {
    const bridge = up.get(position);
    const s = scores[bridge.id];
    if (s === null || s < ladder.pass_mark) return [position, bridge.id];
    position = bridge.to;
  }
  return [position, null];
}

export function score(ladder, answers) {
  answers = answers || {};
  const tally = bridgeTally(ladder, answers);
  const scores = {};
  let totalEarned = 0, totalPossible = 0, totalAnswered = 0;
  for (const [id, t] of Object.entries(tally)) {
    scores[id] = scoreOf(t.earned, t.possible);
    totalEarned += t.earned;
    totalPossible += t.possible;
    totalAnswered += t.answered;
  }
  const [position, focus] = climb(ladder, scores);
  const questions = new Map();
  for (const b of ladder.bridges) for (const q of b.questions) questions.set(q.id, q);
  const lookup = (kind, ref) => {
    if (kind === "bridge") return ref in scores ? scores[ref] : null;
    if (!answered(answers, ref)) return null;
    return value(questions.get(ref), answers[ref]);
  };
  const bridges = {};
  for (const b of ladder.bridges) {
    const t = tally[b.id];
    bridges[b.id] = { score: scores[b.id], band: bandOf(ladder, scores[b.id]), answered: t.answered, questions: t.questions };
  }
  return {
    format: RESULT_FORMAT,
    ladder: ladder.id,
    overall: scoreOf(totalEarned, totalPossible),
    position,
    focus,
    risks: ladder.bridges
      .filter((b) => b.direction === "down" && scores[b.id] !== null && scores[b.id] < ladder.pass_mark)
      .map((b) => b.id),
    flags: ladder.flags.filter((f) => holds(f.when, lookup)).map((f) => f.id),
    answered: totalAnswered,
    questions: questions.size,
    bridges,
  };
}

export function classify(ladder, record) {
  record = record || {};
  const lookup = (kind, ref) => {
    if (!Object.prototype.hasOwnProperty.call(record, ref)) return null;
    const got = record[ref];
    return typeof got === "boolean" || isNumber(got) ? got : null;
  };
  const rules = ladder.classifier.rules;
  for (const rule of rules) if (rule.when === null || holds(rule.when, lookup)) return rule.rung;
  return rules[rules.length - 1].rung;
}

// --- answers --------------------------------------------------------------------------

const chars = (s) => Array.from(s); // code points, as Python counts them
const short = (s) => (chars(s).length <= 40 ? s : chars(s).slice(0, 40).join("") + "…");

export function formatNumber(v) {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15) return Number.isInteger(v) ? v + ".0" : String(v);
  const [mantissa, exponent] = v.toExponential(6).split("e");
  return `${mantissa}e${Number(exponent) >= 0 ? "+" : "-"}${Math.abs(Number(exponent))}`;
}

function fmt(v) {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return `"${short(v)}"`;
  if (typeof v === "number") return formatNumber(v);
  if (Array.isArray(v)) return t("a list");
  return t("an object");
}

export function answerProblem(question, answer) {
  switch (question.type) {
    case "scale": {
      const n = question.choices.length;
      if (!isWhole(answer) || !(answer >= 0 && answer < n)) return t("expected an option number from 0 to {max}, got {value}", { max: n - 1, value: fmt(answer) });
      return null;
    }
    case "yesno":
      return typeof answer === "boolean" ? null : t("expected true or false, got {value}", { value: fmt(answer) });
    case "number": {
      if (!isNumber(answer)) return t("expected a number, got {value}", { value: fmt(answer) });
      const lo = question.min, hi = question.max;
      if ((lo !== null && answer < lo) || (hi !== null && answer > hi)) {
        const values = { value: formatNumber(answer), min: lo !== null ? formatNumber(lo) : "…", max: hi !== null ? formatNumber(hi) : "…" };
        return t("{value} is outside the allowed range from {min} to {max}", values);
      }
      return null;
    }
    default: {
      const n = question.options.length;
      if (!Array.isArray(answer)) return t("expected a list of option numbers, got {value}", { value: fmt(answer) });
      if (answer.length > Math.max(n, MAX_CHECKLIST)) return t("expected at most {max} option numbers, got {n}", { max: n, n: answer.length });
      for (const item of answer) {
        if (!isWhole(item) || !(item >= 0 && item < n)) return t("expected option numbers from 0 to {max}, got {value}", { max: n - 1, value: fmt(item) });
      }
      if (new Set(answer).size !== answer.length) return t("an option is ticked twice");
      return null;
    }
  }
}

// Sort by code point, as Python's sorted() does for str.
function byCodePoint(a, b) {
  const x = chars(a), y = chars(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function validateAnswers(ladder, answers) {
  if (answers === null || typeof answers !== "object" || Array.isArray(answers)) {
    return [{ question: "", message: t("answers must be an object of question ids, got {value}", { value: fmt(answers) }) }];
  }
  const questions = new Map();
  for (const b of ladder.bridges) for (const q of b.questions) questions.set(q.id, q);
  const problems = [];
  for (const id of Object.keys(answers).sort(byCodePoint)) {
    const answer = answers[id];
    if (!questions.has(id)) problems.push({ question: id, message: t("no question '{id}' in ladder '{ladder}'", { id: short(id), ladder: ladder.id }) });
    else if (answer !== null && answer !== undefined) {
      const why = answerProblem(questions.get(id), answer);
      if (why) problems.push({ question: id, message: why });
    }
  }
  return problems;
}

export function cleanAnswers(ladder, answers) {
  const bad = new Set(validateAnswers(ladder, answers).map((p) => p.question));
  const out = {};
  for (const [id, v] of Object.entries(answers)) if (!bad.has(id) && v !== null && v !== undefined) out[id] = v;
  return out;
}
