// Sentences around a coach's names: articles, plurals, the standing. The mirror of
// generator/scoring/wording.py (the reference); tests/vectors/wording.json holds the cases
// both must agree on, read by pytest and node --test.
import { LANG, N_, number, t } from "./i18n.mjs";

const ARTICLE = /^(the|a|an)\s+/i;
const BRIDGE_WORD = /\bbridge\b/i;
const TAIL = /^(.*?)(\s+(?:a|an|per|each|of)\b.*)?$/s;
const IRREGULAR = { people: "person", children: "child", men: "man", women: "woman" };

// The English rule (articles, the word "bridge") applies to English only. In another language
// a name that holds the catalogue's word for a bridge is used as written, any other goes into
// the catalogue's "the “{name}” bridge" ("el puente «Compra»"). `say` is i18n.mjs's t; the
// vectors hand over a table of their own (wording.py bridge_ref takes the language's Messages).
export function bridgeRef(name, lang = LANG, say = t) {
  name = name.trim();
  if (lang.split("-")[0].toLowerCase() !== "en") {
    const word = say(N_("bridge"));
    if (new RegExp(`(?<![\\p{L}\\p{N}_])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}_])`, "iu").test(name)) return name;
    return say(N_("the “{name}” bridge"), { name });
  }
  const m = ARTICLE.exec(name);
  if (m && m[1].toLowerCase() === "the") return "the " + name.slice(m[0].length);
  if (BRIDGE_WORD.test(name) && !m) return "the " + name;
  return `the “${name}” bridge`;
}

const LINK = /\[([^\]]*)\]\([^)]*\)/g;
const EMPHASIS = /\*\*|\*|`/g;

export function plainText(markdown) {
  return markdown.replace(LINK, "$1").replace(EMPHASIS, "").split(/\s+/).filter(Boolean).join(" ");
}

export function sentenceStart(text) {
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}

function singular(word) {
  const lower = word.toLowerCase();
  if (lower in IRREGULAR) return IRREGULAR[lower];
  if (lower.endsWith("ies") && lower.length > 4) return word.slice(0, -3) + "y";
  if (lower.endsWith("s") && !lower.endsWith("ss") && lower.length > 2) return word.slice(0, -1);
  return word;
}

export function quantity(n, unit) {
  const number = String(n); // 2 and 2.0 are one number here; Python prints them alike
  unit = unit.trim();
  if (!unit) return number;
  if (unit === "%") return number + "%";
  if (n === 1) {
    const [, head, tail] = TAIL.exec(unit);
    const words = head ? head.split(" ") : [];
    if (words.length && !ARTICLE.test(head + " ") && words[0] !== "of" && words[0] !== "per") {
      words[words.length - 1] = singular(words[words.length - 1]);
      unit = words.join(" ") + (tail || "");
    }
  }
  return `${number} ${unit}`;
}

export function standing(ladder, result) {
  const { rungs, bridges } = ladder;
  const rung = Object.fromEntries(rungs.map((r) => [r.id, r.name]));
  const position = rung[result.position];
  const focus = bridges.find((b) => b.id === result.focus);
  if (!focus) return t("Your ladder carries customers all the way to {rung}.", { rung: position });
  const score = result.bridges[focus.id].score;
  const bridge = bridgeRef(focus.name), shownScore = score === null ? "" : number(score);
  // Whole sentences: where the climb stops (stuck on the first rung, or carried up to one), then why.
  if (result.position === rungs[0].id) {
    const values = { rung: rung[focus.to], bridge, score: shownScore };
    return score === null ? t("Customers get stuck before {rung}; {bridge} is not scored yet.", values)
      : t("Customers get stuck before {rung}: {bridge}, at {score}, is where they stop.", values);
  }
  const values = { rung: position, bridge, score: shownScore };
  return score === null ? t("Your ladder carries customers up to {rung}; {bridge} is not scored yet.", values)
    : t("Your ladder carries customers up to {rung}: {bridge}, at {score}, is where they stop.", values);
}
