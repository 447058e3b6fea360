// The wording vectors (tests/vectors/wording.json) against the browser's mirror, wording.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fill } from "../../generator/scoring/i18n.mjs";
import { bridgeRef, plainText, quantity, sentenceStart, standing } from "../../generator/scoring/wording.mjs";

const V = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "vectors", "wording.json"), "utf8"));

test("bridgeRef", () => { for (const [name, want] of V.bridge_ref) assert.equal(bridgeRef(name), want, name); });
test("bridgeRef by language", () => {
  for (const [lang, table, name, want] of V.bridge_ref_by_language) {
    const say = (msgid, values = {}) => fill(table[msgid] || msgid, values); // the language's catalogue, as the vector gives it
    assert.equal(bridgeRef(name, lang, say), want, `${lang} ${name}`);
  }
});
test("plainText", () => { for (const [md, want] of V.plain_text) assert.equal(plainText(md), want, md); });
test("sentenceStart", () => { for (const [text, want] of V.sentence_start) assert.equal(sentenceStart(text), want, text); });
test("quantity", () => { for (const [n, unit, want] of V.quantity) assert.equal(quantity(n, unit), want, `${n} ${unit}`); });
for (const c of V.standing) test(`standing: ${c.name}`, () => assert.equal(standing(V.ladder, c.result), c.text));
