// The rules the browser shares with the command line, in one module without a page, so Node
// tests them on the vectors pytest reads (tests/vectors/*.json). Each has its Python twin;
// CONTRIBUTING.md ("Rules that exist twice") lists where. Change both sides together.

// --- trimming ------------------------------------------------------------------------

// What "blank around the text" means on both sides: Unicode's White_Space plus the invisible
// zero-width characters and the byte-order mark. Python's strip() and JavaScript's trim()
// disagree on several of these, so neither is used for a rule. (generator/inputs/numbers.py)
const BLANK = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200d\\u2028\\u2029\\u202f\\u205f\\u2060\\u3000\\ufeff";
const EDGES = new RegExp(`^[${BLANK}]+|[${BLANK}]+$`, "g");
const LEADING = new RegExp(`^[${BLANK}]+`);
export const trim = (text) => String(text).replace(EDGES, "");

// The text a message quotes: at most 40 characters, control characters escaped as JSON does.
export const shown = (text) => JSON.stringify(Array.from(String(text)).slice(0, 40).join("")).slice(1, -1);

// --- numbers typed by people (generator/inputs/numbers.py) ---------------------------

// Digits and signs other keyboards type, read as their ASCII twins: full-width (Chinese and
// Japanese input), Arabic-Indic, Eastern Arabic-Indic (Persian, Urdu), Devanagari, Bengali;
// the minus sign U+2212 and the Arabic decimal separator. Other scripts' digits are refused.
const DIGIT_ZEROS = [0xff10, 0x0660, 0x06f0, 0x0966, 0x09e6];
const SIGNS = { "\uff0b": "+", "\uff0d": "-", "\u2212": "-", "\uff0e": ".", "\uff0c": ",", "\u066b": "." };

function ascii(text) {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0);
    const zero = DIGIT_ZEROS.find((z) => code >= z && code <= z + 9);
    out += zero !== undefined ? String(code - zero) : SIGNS[ch] ?? ch;
  }
  return out;
}

export const NUMBER_MESSAGES = {
  notANumber: "is not a number; write it as 2 or 2.5",
  ambiguous: "could be read two ways; write it without the separator (2500) or as 2.5",
  grouped: "has separators between its digits; write it without them (2500)",
  tooLarge: "is too large",
};

// The same refusals as whole sentences in the page's language. `t` is i18n.mjs's: this module
// cannot import it (Node reads it from another folder), so the caller hands it over; in
// English each sentence is readNumber's message, word for word.
export function numberProblem(text, problem, t) {
  const values = { text: shown(trim(text)) };
  if (problem === "ambiguous") return t("'{text}' could be read two ways; write it without the separator (2500) or as 2.5", values);
  if (problem === "grouped") return t("'{text}' has separators between its digits; write it without them (2500)", values);
  if (problem === "tooLarge") return t("'{text}' is too large", values);
  return t("'{text}' is not a number; write it as 2 or 2.5", values);
}

// One number as a person types it: { value } (null when blank) or { problem, message }.
// "2.5" and "2,5" are 2.5 ("2," is 2, halfway to "2,5"); one separator before exactly three
// digits ("2,500", "2.500") is a thousands separator in some countries and a decimal in
// others, so it is refused; so are grouped digits ("2 500", "1_000", "1,000,000"),
// exponents, infinity and anything else.
export function readNumber(text) {
  const t = ascii(trim(text));
  if (t === "") return { value: null };
  const refuse = (problem) => ({ problem, message: `'${shown(trim(text))}' ${NUMBER_MESSAGES[problem]}` });
  const ambiguous = /^[+-]?([0-9]{1,3})[.,][0-9]{3}$/.exec(t);
  if (ambiguous && /[1-9]/.test(ambiguous[1])) return refuse("ambiguous");
  if (/^[+-]?([0-9]+[.,]?[0-9]*|[.,][0-9]+)$/.test(t)) {
    const value = Number(t.replace(",", "."));
    if (!Number.isFinite(value)) return refuse("tooLarge");
    return { value: value === 0 ? 0 : value }; // -0 is 0
  }
  if (/^[+-]?[0-9][0-9.,_' \u00a0\u2009\u202f]*[0-9]$/.test(t)) return refuse("grouped");
  return refuse("notANumber");
}

// --- the formula guard (generator/inputs/csvsafe.py) ---------------------------------

// A spreadsheet runs a cell as a formula when it starts with = + - @ (or their full-width
// forms) once blanks and invisible characters are trimmed, as LibreOffice's "Trim spaces"
// does; a tab or line break in front is suspect by itself (OWASP's list). A leading quote
// makes it text.
const FORMULA = /^[=+\-@\uff1d\uff0b\uff0d\uff20]/;
export const isFormula = (text) => /^[\t\r\n]/.test(text) || FORMULA.test(String(text).replace(LEADING, ""));
// Quotes already in front count as part of the guard: "'=1" is exported as "''=1", so that an
// import, which takes off the one quote an export put on, gives back every text unchanged.
const guarded = (text) => isFormula(text.replace(/^'+/, ""));
export const neutralise = (text) => (guarded(text) ? `'${text}` : text);
export const unguard = (text) => (text.startsWith("'") && guarded(text) ? text.slice(1) : text);

// RFC 4180 quoting: a cell holding a comma, a quote or a line break is quoted.
export const csvLine = (cells) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");

// A number as a cell (csvsafe.safe_number): the fewest digits that read back as it, never
// with an exponent (String gives "1e+21" and "1e-7"; some spreadsheets read those as text):
// 1e21 is 1000000000000000000000, 1e-7 is 0.0000001, -0 is 0; not finite: blank.
export function numberText(x) {
  if (!Number.isFinite(x)) return "";
  if (x === 0) return "0";
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(String(x));
  if (!m) return String(x);
  const [, sign, first, rest = "", e] = m;
  const exp = Number(e);
  return exp >= 0 ? sign + first + rest + "0".repeat(exp - rest.length) : `${sign}0.${"0".repeat(-exp - 1)}${first}${rest}`;
}

// CSV text as csvsafe.write_rows writes it: CRLF line ends, text cells neutralised, numbers
// plain (a negative number is data, not a formula), null and undefined empty.
export function csvText(header, rows) {
  const cell = (c) => (c === null || c === undefined ? "" : typeof c === "number" ? numberText(c) : neutralise(String(c)));
  return [header.map(neutralise), ...rows.map((row) => row.map(cell))].map(csvLine).join("\r\n") + "\r\n";
}

// --- CSV (generator/inputs/answers.py, read_customers) ------------------------------

const MAX_CELL = 131072; // characters, Python's csv.field_size_limit()

// The delimiter: ';' when the first non-blank line has semicolons and no comma (spreadsheets
// in countries with a decimal comma export that way), else ','.
export function delimiter(text) {
  const first = text.split(/\r\n|\r|\n/).find((line) => trim(line) !== "") ?? "";
  return first.includes(";") && !first.includes(",") ? ";" : ",";
}

// RFC 4180 as Python's csv module reads it: quoted cells may hold delimiters, quotes ("")
// and line breaks; a quote inside an unquoted cell is a character. Line ends are \r\n, \n or
// \r. Returns [{ line, cells }] with the line each row starts on, blank rows included.
export function csvRows(text, sep, t) {
  const rows = [];
  let row = [], cell = "", quoted = false, atStart = true, line = 1, start = 1;
  const endCell = () => {
    if (cell.length > MAX_CELL && [...cell].length > MAX_CELL) throw new Error(t("line {line}: a cell is longer than {max} characters; is a quote left open?", { line: start, max: MAX_CELL }));
    row.push(cell);
    cell = "";
    atStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const wasStart = atStart;
    atStart = false;
    if (c === "\r" || c === "\n") {
      const start0 = i;
      if (c === "\r" && text[i + 1] === "\n") i++;
      line += 1;
      if (quoted) { cell += text.slice(start0, i + 1); continue; }
      endCell();
      rows.push({ line: start, cells: row });
      row = [];
      start = line;
    } else if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && wasStart) quoted = true;
    else if (c === sep) endCell();
    else cell += c;
  }
  if (cell !== "" || row.length || quoted) { endCell(); rows.push({ line: start, cells: row }); }
  return rows;
}

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

// One customer field from text (a CSV cell, a table cell): undefined when blank. `t`: i18n.mjs's.
export function readCell(text, field, where, t) {
  const cell = trim(text);
  if (cell === "") return undefined;
  if (field.type === "yesno") {
    if (YES.has(cell.toLowerCase())) return true;
    if (NO.has(cell.toLowerCase())) return false;
    throw new Error(t("{where}: column '{column}': expected yes or no, got '{value}'", { where, column: field.id, value: shown(cell) }));
  }
  const n = readNumber(cell);
  if (n.problem) throw new Error(t("{where}: column '{column}': {problem}", { where, column: field.id, problem: numberProblem(cell, n.problem, t) }));
  return n.value;
}

// A name is one line (the table edits it in a one-line box) without the guard an export added.
export const customerName = (text) => unguard(trim(text).replace(/[\r\n]+/g, " "));

// Customer records from CSV text (one leading byte-order mark is skipped): the columns are
// name and the classifier's field ids, in any order; blank rows are skipped but counted in
// line numbers. Throws an Error whose message names the file and line. `nameProblem` is
// clientfiles.mjs textProblem (answers.check_text), given by the caller: that module lives
// beside the engine, where this one cannot import it from in Node; so is `t`, i18n.mjs's.
export function readCustomersCsv(text, fields, file, nameProblem, t, limit = Infinity) {
  const ids = fields.map((f) => f.id);
  const expected = `name, ${ids.join(", ")}`;
  if (text.startsWith("\ufeff")) text = text.slice(1);
  if (text.includes("\0")) throw new Error(t("{file}: holds NUL bytes, so it is not a text CSV (a spreadsheet file renamed?); export it as CSV UTF-8", { file }));
  let rows;
  try {
    rows = csvRows(text, delimiter(text), t).filter((r) => r.cells.some((c) => trim(c) !== ""));
  } catch (err) {
    throw new Error(`${file}: ${err.message}`);
  }
  if (!rows.length) throw new Error(t("{file}: the file is empty; the first row must name the columns: {expected}", { file, expected }));
  const [head, ...body] = rows;
  const header = head.cells.map(trim);
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice !== undefined) throw new Error(t("{file}: line {line}: column '{column}' is given twice; keep one", { file, line: head.line, column: shown(twice) }));
  const missing = ["name", ...ids].filter((c) => !header.includes(c));
  if (missing.length) {
    const values = { file, line: head.line, columns: missing.join(", "), expected };
    throw new Error(missing.length > 1 ? t("{file}: line {line}: missing columns {columns} (expected: {expected})", values) : t("{file}: line {line}: missing column {columns} (expected: {expected})", values));
  }
  const unknown = header.find((h) => h !== "name" && !ids.includes(h));
  if (unknown !== undefined) throw new Error(t("{file}: line {line}: unknown column '{column}' (expected: {expected})", { file, line: head.line, column: shown(unknown), expected }));
  if (body.length > limit) throw new Error(t("{file}: {n} customers is more than the {max} this command reads", { file, n: body.length, max: limit }));
  return body.map(({ line, cells }) => {
    if (cells.length !== header.length) throw new Error(t("{file}: line {line}: expected {expected} cells, found {found}", { file, line, expected: header.length, found: cells.length }));
    const byColumn = Object.fromEntries(header.map((h, j) => [h, cells[j]]));
    const rec = { name: customerName(byColumn.name) };
    const why = nameProblem(rec.name);
    if (why) throw new Error(t("{file}: line {line}: name: {problem}", { file, line, problem: why }));
    for (const f of fields) {
      const value = readCell(byColumn[f.id], f, t("{file}: line {line}", { file, line }), t);
      if (value !== undefined) rec[f.id] = value;
    }
    return rec;
  });
}
