// The mirrored rules other than scoring (tests/vectors/{numbers,formula,csv,share_link,
// aggregate,client_files,ladder_hash}.json) against the browser's modules; tests/test_rule_vectors.py
// runs the same files against the Python reference.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { t } from "../../generator/scoring/i18n.mjs";
import { csvText, neutralise, numberProblem, readCustomersCsv, readNumber, unguard } from "../../generator/site/assets/rules.js";
import { aggregate } from "../../generator/scoring/aggregate.mjs";
import { answersDocumentProblem, customersIn, decodeShare, encodeShare, parseJson, textProblem, tooBig } from "../../generator/scoring/clientfiles.mjs";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "vectors");
const load = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));

const numbers = load("numbers.json");
for (const c of numbers.cases) {
  test(`numbers: ${c.name}`, () => {
    const got = readNumber(c.text);
    if ("value" in c) assert.deepEqual(got, { value: c.value === null ? null : Number(c.value) });
    else {
      assert.deepEqual(got, { problem: c.problem, message: c.message });
      // The page's translatable sentence is, in English, the command line's message.
      assert.equal(numberProblem(c.text, c.problem, t), c.message);
    }
  });
}

const formula = load("formula.json");
for (const c of formula.neutralise) {
  test(`formula: ${c.name}`, () => {
    assert.equal(neutralise(c.text), c.cell);
    assert.equal(unguard(c.cell), c.text, "an import gives back the text");
  });
}
for (const c of formula.unguard) test(`formula, unguard: ${c.name}`, () => assert.equal(unguard(c.cell), c.text));

const csv = load("csv.json");
for (const c of csv.read) {
  test(`csv: ${c.name}`, () => {
    if ("records" in c) assert.deepEqual(readCustomersCsv(c.text, csv.fields, csv.file, textProblem, t), c.records);
    else assert.throws(() => readCustomersCsv(c.text, csv.fields, csv.file, textProblem, t), (err) => { assert.equal(err.message, c.error); return true; });
  });
}
for (const c of csv.write) test(`csv, write: ${c.name}`, () => assert.equal(csvText(c.header, c.rows), c.text));

const share = load("share_link.json");
for (const c of share.encode) {
  test(`share link: ${c.name}`, () => {
    assert.equal(encodeShare(c.doc), c.payload);
    assert.deepEqual(decodeShare(c.payload), c.doc);
  });
}
for (const c of share.decode) {
  test(`share link, decode: ${c.name}`, () => {
    if (c.refused) assert.throws(() => decodeShare(c.payload));
    else assert.deepEqual(decodeShare(c.payload), c.doc);
  });
}

const groups = load("aggregate.json");
const groupLadder = load(groups.vector).ladder;
for (const room of groups.rooms) {
  test(`aggregate: ${room.name}`, () => {
    const files = room.files.map((f) => ({
      name: f.name,
      bytes: "text" in f ? new TextEncoder().encode(f.text) : "size" in f ? new Uint8Array(f.size).fill(32) : f.bytes === null ? null : Uint8Array.from(Buffer.from(f.base64, "base64")),
    }));
    assert.deepEqual(aggregate(groupLadder, files), room.figures);
  });
}

const client = load("client_files.json");
for (const c of client.parse) {
  test(`client files, JSON: ${c.name}`, () => {
    const bytes = "text" in c ? new TextEncoder().encode(c.text) : Uint8Array.from(Buffer.from(c.base64, "base64"));
    if ("doc" in c) assert.deepEqual(parseJson(bytes), c.doc);
    else assert.throws(() => parseJson(bytes), (err) => { assert.equal(err.message, c.error); return true; });
  });
}
for (const c of client.sizes) test(`client files, size ${c.size}`, () => assert.equal(tooBig(c.size), c.message));
for (const c of client.records) {
  test(`client files, customers: ${c.name}`, () => {
    let got;
    try { got = customersIn(parseJson(new TextEncoder().encode(c.text)), client.ladder, client.fields, client.file); }
    catch (err) { got = { error: err.message.startsWith(`${client.file}: `) ? err.message : `${client.file}: ${err.message}` }; }
    assert.deepEqual(got, "error" in c ? { error: c.error } : c.records);
  });
}

const basicLadder = load("basic.json").ladder;
for (const c of client.answers) {
  test(`client files, answers document: ${c.name}`, () => {
    let got;
    try {
      const why = answersDocumentProblem(parseJson(new TextEncoder().encode(c.text)), basicLadder.id);
      got = why ? { error: `answers.json: ${why}` } : { accepted: true };
    } catch (err) { got = { error: `answers.json: ${err.message}` }; }
    assert.deepEqual(got, "error" in c ? { error: c.error } : { accepted: true });
  });
}

// The browser never computes the hash (the build writes it into the page); this pins the
// definition so it can be recomputed from the normalised ladder by anyone, in any language.
function sorted(value) {
  if (Array.isArray(value)) return `[${value.map(sorted).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${sorted(value[k])}`).join(",")}}`;
  return JSON.stringify(value);
}
for (const c of load("ladder_hash.json").cases) {
  test(`ladder hash: ${c.name}`, () => {
    const ladder = c.ladder ?? load(c.vector).ladder;
    assert.equal(createHash("sha256").update(sorted(ladder), "utf8").digest("hex").slice(0, 16), c.hash);
  });
}
