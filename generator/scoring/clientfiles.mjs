// Reading the files clients hand in (answers files, customer lists as JSON): the rules of
// generator/inputs/answers.py (read there for the why), message for message, for the group,
// customers and audit pages. Pure, so Node tests it on tests/vectors/client_files.json.

import { ANSWERS_FORMAT } from "./scoring.mjs";
import { t } from "./i18n.mjs";

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_TEXT = 200; // characters (code points) in a name
export const MAX_DEPTH = 32;
// C0 and C1 control characters but tab and line breaks, and DEL (answers.CONTROL).
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
export const MAX_CUSTOMERS = 100000;

// The text a message quotes, as rules.js `shown` (kept here too: this module is read by Node
// from generator/scoring/, where rules.js cannot be imported).
export const shown = (text) => JSON.stringify(Array.from(String(text)).slice(0, 40).join("")).slice(1, -1);

// Why a file of `size` bytes is not read, or "". Tenths of a MB rounded up (answers.too_big).
export function tooBig(size) {
  if (size <= MAX_FILE_BYTES) return "";
  const tenths = Math.ceil((size * 10) / 1048576);
  return t("the file is {size} MB; an answers file is at most {max} MB", { size: `${Math.floor(tenths / 10)}.${tenths % 10}`, max: MAX_FILE_BYTES / 1048576 });
}

// JSON.parse keeps the last of a key given twice and reads 1e999 as Infinity; this walk over
// text JSON.parse accepted finds both in the order Python's reader does: a number when it
// is read, a repeated key when its object closes.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|[{}[\],:]/g;
function strictScan(text) {
  const open = [];
  let keyNext = false;
  for (const [tok] of text.matchAll(TOKEN)) {
    const top = open[open.length - 1];
    if (tok === "{") { open.push({ keys: new Set(), twice: null }); keyNext = true; }
    else if (tok === "[") { open.push(null); keyNext = false; }
    else if (tok === "}" || tok === "]") {
      open.pop();
      if (top && top.twice !== null) throw new Error(t("not valid JSON: the key \"{key}\" is given twice in one object", { key: shown(top.twice) }));
    } else if (tok === ",") keyNext = top !== null && top !== undefined;
    else if (tok.startsWith('"')) {
      if (keyNext) {
        const key = JSON.parse(tok);
        if (top.keys.has(key) && top.twice === null) top.twice = key;
        top.keys.add(key);
        keyNext = false;
      }
    } else if (tok !== ":" && !Number.isFinite(Number(tok))) throw new Error(t("not valid JSON: the number {number} is too large", { number: tok.slice(0, 40) }));
  }
}

const BRACKETS = /"(?:[^"\\]|\\.)*"|[[\]{}]/g;
function depth(text) {
  let level = 0, deepest = 0;
  for (const [tok] of text.matchAll(BRACKETS)) {
    if (tok === "[" || tok === "{") deepest = Math.max(deepest, ++level);
    else if (tok === "]" || tok === "}") level--;
  }
  return deepest;
}

// Strict JSON from UTF-8 bytes, as answers.parse_json: throws an Error with the words both
// sides show (BadJson.short), or returns the document.
export function parseJson(bytes) {
  let text;
  try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch { throw new Error(t("not UTF-8 text; save it as UTF-8")); }
  if (/^[ \t\n\r]*$/.test(text)) throw new Error(t("the file is empty"));
  if (depth(text) > MAX_DEPTH) throw new Error(t("lists and objects are nested too deeply to be an answers file"));
  let doc;
  try { doc = JSON.parse(text); } catch { throw new Error(t("not valid JSON")); }
  strictScan(text);
  return doc;
}

// A JSON value as a message names it: quoted text, else its kind.
export function described(value) {
  if (typeof value === "string") return `"${shown(value)}"`;
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") return t("a number");
  return Array.isArray(value) ? t("a list") : t("an object");
}

// Why a text a client's file carries (a name) cannot be kept, or "" (answers.check_text).
export function textProblem(value) {
  if (typeof value !== "string") return t("expected text, got {value}", { value: described(value) });
  const length = Array.from(value).length;
  if (length > MAX_TEXT) return t("{n} characters is longer than the {max} a name may have; shorten it", { n: length, max: MAX_TEXT });
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(value);
  if (lone) return t("holds \\u{code}, half of a character pair, which is not a character", { code: lone[0].charCodeAt(0).toString(16).padStart(4, "0") });
  const control = CONTROL.exec(value);
  if (control) return t("holds a control character (U+{code}); remove it", { code: control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") });
  return "";
}

const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
// Code-point order, as Python's sorted(): JavaScript's default sort compares UTF-16 units.
const byCodePoint = (a, b) => {
  const x = Array.from(a, (c) => c.codePointAt(0)), y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

// One customer from JSON (answers.check_record): unknown keys first, then values in field order.
export function checkRecord(rec, fields, where) {
  if (!rec || typeof rec !== "object" || Array.isArray(rec)) throw new Error(t("{where}: a customer must be an object with a name and field values", { where }));
  const ids = fields.map((f) => f.id);
  const unknown = Object.keys(rec).filter((k) => k !== "name" && !ids.includes(k)).sort(byCodePoint);
  if (unknown.length) throw new Error(t("{where}: '{key}' is not a field of this ladder's classifier; fields are: {fields}", { where, key: shown(unknown[0]), fields: ids.join(", ") }));
  const name = has(rec, "name") ? rec.name : "";
  const why = textProblem(name);
  if (why) throw new Error(t("{where}: name: {problem}", { where, problem: why }));
  const out = { name: name.replace(/[\r\n]+/g, " ") };
  for (const f of fields) {
    const value = has(rec, f.id) ? rec[f.id] : null;
    if (value === null) continue;
    if (f.type === "yesno" && typeof value !== "boolean") throw new Error(t("{where}: {field}: expected true or false, got {value}", { where, field: f.id, value: described(value) }));
    if (f.type !== "yesno" && typeof value !== "number") throw new Error(t("{where}: {field}: expected a number, got {value}", { where, field: f.id, value: described(value) }));
    out[f.id] = value;
  }
  return out;
}

// The customers of a JSON document (answers.customers_in): a list of records, or an object
// with "customers" and optionally "ladder", which must be this ladder's id.
export function customersIn(doc, ladderId, fields, file, limit = MAX_CUSTOMERS) {
  const isObject = doc !== null && typeof doc === "object" && !Array.isArray(doc);
  if (isObject && has(doc, "ladder") && doc.ladder !== null && doc.ladder !== ladderId) throw new Error(t("{file}: ladder: these customers are for ladder {other}, not '{ladder}'", { file, other: described(doc.ladder), ladder: ladderId }));
  const records = isObject ? (has(doc, "customers") ? doc.customers : null) : doc;
  if (!Array.isArray(records)) throw new Error(t("{file}: expected a list of customers, or an answers file with \"customers\"", { file }));
  if (records.length > limit) throw new Error(t("{file}: {n} customers is more than the {max} this command reads", { file, n: records.length, max: limit }));
  return records.map((r, i) => checkRecord(r, fields, `${file}: customers[${i}]`));
}

// What makes `doc` no answers file of this ladder, before its answers are looked at, or ""
// (answers.document_problem): the audit's Import and `ladderkit score` refuse alike.
export function answersDocumentProblem(doc, ladderId) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return t("an answers file must be a JSON object with format, ladder and answers");
  const get = (key) => (has(doc, key) ? doc[key] : null);
  if (get("format") !== ANSWERS_FORMAT) return t("format: expected \"{format}\", got {value}", { format: ANSWERS_FORMAT, value: described(get("format")) });
  if (get("ladder") !== ladderId) return t("ladder: these answers are for ladder {other}, not '{ladder}'", { other: described(get("ladder")), ladder: ladderId });
  const why = has(doc, "name") ? textProblem(doc.name) : "";
  return why ? t("name: {problem}", { problem: why }) : "";
}

// --- the share link (generator/inputs/share_link.py) --------------------------------

// #answers= then the JSON {"ladder", "answers"} as UTF-8 in base64url without padding.
export function encodeShare(doc) {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// The document a share link carries, read by the strict reader a file is; throws on anything
// that is not base64url UTF-8 JSON.
export function decodeShare(payload) {
  if (!/^[A-Za-z0-9_-]*$/.test(payload) || payload.length % 4 === 1) throw new Error("not base64url");
  const bin = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return parseJson(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}
