// How a result is read out to a client, mirrored from generator/scoring/reading.py (the
// reference; shared vectors in tests/vectors/reading/). Plain text and flags only: callers escape.
import { bandOf } from "./scoring.mjs";
import { bridgeRef, standing } from "./wording.mjs";
import { number, t, tn } from "./i18n.mjs";

export const provisional = (answered, questions) => answered > 0 && 2 * answered < questions;

export const basis = (answered, questions) => tn("based on {answered} of {n} answer", "based on {answered} of {n} answers", questions, { answered: number(answered) });

// A bridge name after a preposition: wording's one rule ("the Buying bridge", "the snake").
export const the = bridgeRef;

const shown = (score, band, prov) => (score === null ? t("not scored yet") : prov ? t("{score} — provisional", { score: number(score) }) : `${number(score)} — ${band}`);

// Why the position is what it is: the one place this sentence is built.
export function positionSentence(ladder, result) {
  const caveat = climbed(ladder, result).some((b) => restsOnLittle(result, b))
    ? ` ${t("This is provisional: a bridge it rests on has fewer than half of its questions answered.")}` : "";
  return why(ladder, result) + caveat;
}

// The upward bridges the climb crossed, and the one it stopped at.
function climbed(ladder, result) {
  const up = new Map();
  for (const b of ladder.bridges) if (b.direction === "up") up.set(b.from, b);
  const out = [];
  let rung = ladder.rungs[0].id;
  while (up.has(rung)) {
    out.push(up.get(rung));
    if (up.get(rung).id === result.focus) break;
    rung = up.get(rung).to;
  }
  return out;
}

function restsOnLittle(result, bridge) {
  const s = result.bridges[bridge.id];
  return s.score !== null && provisional(s.answered, s.questions);
}

// wording.standing (how far the ladder carries customers), and the pass mark it stops under.
function why(ladder, result) {
  const s = result.focus === null ? null : result.bridges[result.focus];
  return standing(ladder, result) + (s && s.score !== null ? ` ${t("That is under the pass mark of {pass_mark}.", { pass_mark: number(ladder.pass_mark) })}` : "");
}

// A score's change since an earlier attempt: "+7", "−3", "±0"; "" when either is unscored.
export const change = (now, then) => (now === null || then === null ? "" : `${now > then ? "+" : now < then ? "−" : "±"}${Math.abs(now - then)}`);

export function readResult(ladder, result) {
  const started = result.answered > 0;
  const bridges = {};
  for (const b of ladder.bridges) {
    const s = result.bridges[b.id];
    const prov = s.score !== null && provisional(s.answered, s.questions);
    bridges[b.id] = { provisional: prov, basis: basis(s.answered, s.questions), shown: shown(s.score, s.band, prov), risk: result.risks.includes(b.id) };
  }
  const band = bandOf(ladder, result.overall);
  const prov = result.overall !== null && provisional(result.answered, result.questions);
  return {
    started,
    overall: { band, provisional: prov, basis: basis(result.answered, result.questions),
      shown: result.overall === null ? t("not yet scored")
        : prov ? t("{score} out of 100 — provisional", { score: number(result.overall) }) : t("{score} out of 100 — {band}", { score: number(result.overall), band }) },
    bridges,
    position: started ? result.position : null,
    focus: started ? result.focus : null,
    reason: started ? positionSentence(ladder, result) : "",
    risks: started ? result.risks : [],
    flags: started ? result.flags : [],
  };
}
