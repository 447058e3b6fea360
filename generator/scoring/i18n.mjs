// The interface language in the browser: the twin of generator/i18n (the reference).
// messages.mjs is written at build for the site's language; English has no entries (the
// source text is its own id). Placeholders, plural choice and number formatting follow the
// rules in generator/i18n/__init__.py, checked against tests/vectors/i18n.json.
import data from "./messages.mjs";

const PLACEHOLDER = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const plurals = new Intl.PluralRules(data.lang);

export const LANG = data.lang;
// The language's decimal sign ("," in Spanish): typed numbers are shown back with it.
export const DECIMAL = data.numbers.decimal;

export function fill(text, values = {}) {
  return text.replace(PLACEHOLDER, (whole, name) => {
    if (name === undefined) return whole[0];
    return Object.hasOwn(values, name) ? String(values[name]) : whole;
  });
}

// Marks a message id for the catalogue without translating it here (gettext's N_): for code
// that translates later, through a function handed in (wording.mjs's `say`).
export const N_ = (msgid) => msgid;

// The message in the site's language, placeholders filled.
export function t(msgid, values) {
  const found = data.messages[msgid];
  const text = typeof found === "string" && found ? found : msgid;
  return values ? fill(text, values) : text;
}

// The plural form for n by CLDR category ({n} is n written in the language).
export function tn(singular, plural, n, values = {}) {
  const found = data.messages[singular];
  const forms = Array.isArray(found) ? found : [];
  return fill(pick(forms, data.categories, plurals.select(Math.abs(n)), singular, plural), { n: number(n), ...values });
}

// A plural message's text for a category: the translation's form in that category's place,
// else its last ("other"); untranslated, English's two forms.
export function pick(forms, cats, category, singular, plural) {
  if (!forms.some(Boolean)) return category === "one" ? singular : plural;
  const index = cats.includes(category) ? cats.indexOf(category) : forms.length - 1;
  return index < forms.length && forms[index] ? forms[index] : forms[forms.length - 1];
}

export const category = (n) => plurals.select(Math.abs(n));

// The decimal text of |value| as Python's repr writes it (shortest round trip, no exponent).
function decimalText(value) {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value >= 1e21 ? BigInt(value).toString() : value.toFixed(20);
}

function roundHalfUp(value, digits) {
  const [whole, frac = ""] = decimalText(value).split(".");
  const padded = frac.padEnd(digits + 1, "0");
  const kept = BigInt(whole + padded.slice(0, digits));
  return padded[digits] >= "5" ? kept + 1n : kept;
}

// At most `digits` decimals, trailing zeros dropped, grouped from 10 000.
export function formatNumber(value, style, digits = 1) {
  if (!Number.isFinite(value)) return "";
  const rounded = roundHalfUp(Math.abs(value), digits);
  const scale = 10n ** BigInt(digits);
  let whole = (rounded / scale).toString();
  const frac = digits ? (rounded % scale).toString().padStart(digits, "0").replace(/0+$/, "") : "";
  if (whole.length >= 5) whole = whole.replace(/\B(?=(\d{3})+$)/g, style.group);
  const text = whole + (frac ? style.decimal + frac : "");
  return value < 0 && rounded ? style.minus + text : text;
}

export const number = (value, digits = 1) => formatNumber(value, data.numbers, digits);

export const date = (value) => new Intl.DateTimeFormat(data.lang, { dateStyle: "long" }).format(value);
