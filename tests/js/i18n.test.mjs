// The interface-language vectors (tests/vectors/i18n.json) against the browser's twin, i18n.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fill, formatNumber, pick, t, tn } from "../../generator/scoring/i18n.mjs";

const V = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "vectors", "i18n.json"), "utf8"));

test("numbers", () => {
  for (const [lang, style, value, digits, want] of V.numbers) assert.equal(formatNumber(value, style, digits), want, `${lang} ${value} ${digits}`);
});
test("plural categories (Intl.PluralRules = Babel's CLDR)", () => {
  for (const [lang, n, want] of V.categories) assert.equal(new Intl.PluralRules(lang).select(Math.abs(n)), want, `${lang} ${n}`);
  for (const [lang, cats] of Object.entries(V.cats)) {
    const have = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    assert.deepEqual([...have].sort(), [...cats].sort(), lang);
  }
});
test("placeholders", () => { for (const [text, values, want] of V.fill) assert.equal(fill(text, values), want, text); });
test("plural choice", () => {
  for (const [forms, cats, category, one, other, want] of V.pick) assert.equal(pick(forms, cats, category, one, other), want);
});
test("English is the source text", () => {
  assert.equal(t("Score {n}", { n: 3 }), "Score 3");
  assert.equal(tn("{n} answer", "{n} answers", 1), "1 answer");
  assert.equal(tn("{n} answer", "{n} answers", 2.5), "2.5 answers");
});
