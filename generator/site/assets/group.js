// The group view: a facilitator loads a room's exported answers files; this page scores each
// one with scoring.mjs (never trusting an embedded result) and applies the rules of
// generator/inputs/aggregate.py, so the figures equal `ladderkit aggregate` on the same files.
import { ANSWERS_FORMAT, roundHalfUp, score, validateAnswers } from "./scoring.mjs";
import { esc, notice, onPage } from "./common.js";

const MAX_FILES = 500;
const MAX_BYTES = 1024 * 1024;

// Answers as comparable text: key order does not matter (JSON already reads 3.0 as 3).
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

export function readParticipant(ladder, bytes) {
  if (bytes === null) return [null, "the file cannot be read"];
  let text;
  try { text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes); } catch { return [null, "not UTF-8 text"]; }
  let doc;
  try { doc = JSON.parse(text); } catch { return [null, "not valid JSON"]; }
  if (!doc || typeof doc !== "object" || Array.isArray(doc) || doc.format !== ANSWERS_FORMAT) return [null, `not an answers file (format ${ANSWERS_FORMAT} expected)`];
  if (doc.ladder !== ladder.id) return [null, `answers for another ladder (${typeof doc.ladder === "string" ? doc.ladder : JSON.stringify(doc.ladder ?? null)})`];
  const answers = Object.prototype.hasOwnProperty.call(doc, "answers") ? doc.answers : {};
  const problems = validateAnswers(ladder, answers);
  if (problems.length) return [null, `${problems[0].question ? `answers.${problems[0].question}` : "answers"}: ${problems[0].message}`];
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
  const included = [], skipped = [], results = [], names = new Set(), seen = new Map();
  for (const { name, bytes } of files.slice(0, MAX_FILES)) {
    if (names.has(name)) { skipped.push({ file: name, reason: "duplicate: a file with this name was already loaded" }); continue; }
    names.add(name);
    const [doc, why] = readParticipant(ladder, bytes);
    if (!doc) { skipped.push({ file: name, reason: why }); continue; }
    const answers = Object.prototype.hasOwnProperty.call(doc, "answers") ? doc.answers : {};
    const key = canonical(answers);
    if (seen.has(key)) { skipped.push({ file: name, reason: `duplicate: same answers as ${seen.get(key)}` }); continue; }
    seen.set(key, name);
    included.push({ file: name, name: typeof doc.name === "string" ? doc.name : "" });
    results.push(score(ladder, answers));
  }
  for (const { name } of files.slice(MAX_FILES)) skipped.push({ file: name, reason: `more than ${MAX_FILES} files` });
  return {
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

class Group {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.ladders);
    this.links = JSON.parse(root.dataset.links);
    this.files = [];
    this.$ = (s) => root.querySelector(s);
    this.select = this.$(".lk-ladder");
  }

  start() {
    this.$(".lk-import").addEventListener("change", (e) => this.load(e.target));
    this.select.addEventListener("change", () => this.render());
    this.$(".lk-clear").addEventListener("click", () => { this.files = []; this.render(); this.say("Every file was cleared from the group view."); });
    this.$(".lk-print").addEventListener("click", () => window.print());
  }

  async load(input) {
    const chosen = [...input.files];
    input.value = "";
    for (const f of chosen) {
      let bytes = null;
      if (f.size <= MAX_BYTES) {
        try { bytes = new Uint8Array(await f.arrayBuffer()); } catch { bytes = null; }
      } else this.say(`${f.name}: over 1 MB, too large to be an answers file; skipped.`, "warning");
      this.files.push({ name: f.name, bytes }); // null: listed as "cannot be read"
    }
    this.pickLadder();
    this.render();
    // The figures appear without a page change: say so where screen readers listen.
    if (chosen.length) this.say(`${chosen.length} file${chosen.length === 1 ? "" : "s"} loaded. ${this.$(".lk-participants").textContent}`);
  }

  say(text, kind) { notice(this.$(".lk-notices"), text, kind); }

  // The ladder most files are for; a tie goes to the one listed first on the site.
  pickLadder() {
    const votes = new Map();
    for (const { bytes } of this.files) {
      try {
        const doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
        if (doc && this.data.ladders[doc.ladder]) votes.set(doc.ladder, (votes.get(doc.ladder) || 0) + 1);
      } catch { /* broken files vote for nothing */ }
    }
    let best = null;
    for (const id of this.data.order) if (votes.has(id) && (best === null || votes.get(id) > votes.get(best))) best = id;
    if (best) this.select.value = best;
  }

  render() {
    const ladder = this.data.ladders[this.select.value];
    const fig = aggregate(ladder, this.files);
    const has = this.files.length > 0;
    this.$(".lk-group-results").hidden = !has;
    this.$(".lk-group-files").hidden = !has;
    if (!has) return;
    const links = this.links[ladder.id];
    const bridgeName = (id) => ladder.bridges.find((b) => b.id === id).name;
    const cell = (v) => (v === null ? "—" : String(v));
    this.$(".lk-participants").textContent = `${fig.participants} participant${fig.participants === 1 ? "" : "s"} counted on ${ladder.title}` +
      (fig.skipped.length ? `; ${fig.skipped.length} file${fig.skipped.length === 1 ? "" : "s"} skipped (listed below).` : ".");
    const row = (id, name, s) => `<tr data-bridge="${esc(id)}"><th scope="row">${name}</th><td class="lk-mean">${cell(s.mean)}</td>` +
      `<td class="lk-lowest">${cell(s.lowest)}</td><td class="lk-highest">${cell(s.highest)}</td><td class="lk-scored">${s.scored}</td></tr>`;
    this.$(".lk-group-bridges").innerHTML = `<div class="lk-table-wrap"><table class="lk-group-table"><caption>Scores per bridge</caption><thead><tr>` +
      `<th scope="col">Bridge</th><th scope="col">Mean</th><th scope="col">Lowest</th><th scope="col">Highest</th><th scope="col">Scored by</th></tr></thead><tbody>` +
      row("", "Overall", fig.overall) +
      ladder.bridges.map((b) => row(b.id, `<a href="${esc(links[b.id])}">${esc(b.name)}</a>`, fig.bridges[b.id])).join("") + "</tbody></table></div>";
    this.$(".lk-group-rungs").innerHTML = `<table class="lk-rung-table"><caption>Where each participant's ladder stops</caption><thead><tr><th scope="col">Customers get as far as</th><th scope="col">Participants</th></tr></thead><tbody>` +
      [...ladder.rungs].reverse().map((r) => `<tr data-rung="${esc(r.id)}"><th scope="row">${esc(r.name)}</th><td>${fig.rungs[r.id]}</td></tr>`).join("") + "</tbody></table>";
    this.$(".lk-group-focus").innerHTML = `<h3>Focus bridges, most common first</h3>` + (fig.focus.length
      ? `<ol>${fig.focus.map((f) => `<li data-bridge="${esc(f.id)}" data-count="${f.count}"><a href="${esc(links[f.id])}">${esc(bridgeName(f.id))}</a>: ${f.count}</li>`).join("")}</ol>`
      : "<p>Nobody has a focus bridge: every participant's ladder carries customers to the top.</p>");
    this.$(".lk-group-flags").innerHTML = `<h3>Warnings raised, most common first</h3>` + (fig.flags.length
      ? `<ol>${fig.flags.map((f) => `<li data-flag="${esc(f.id)}" data-count="${f.count}">${esc(ladder.flags.find((x) => x.id === f.id).message)} <strong>(${f.count})</strong></li>`).join("")}</ol>`
      : "<p>No warnings raised.</p>");
    this.$(".lk-included").innerHTML = `<h3>Counted</h3><ul>${fig.included.map((i) => `<li class="lk-file-ok" data-file="${esc(i.file)}">${esc(i.file)}${i.name ? ` — ${esc(i.name)}` : ""}</li>`).join("") || "<li>none</li>"}</ul>`;
    this.$(".lk-skipped").innerHTML = fig.skipped.length
      ? `<h3>Skipped, not counted</h3><ul>${fig.skipped.map((s) => `<li class="lk-file-skipped" data-file="${esc(s.file)}"><strong>${esc(s.file)}</strong>: <span class="lk-reason">${esc(s.reason)}</span></li>`).join("")}</ul>`
      : "";
  }
}

onPage("[data-lk-group]", (root) => new Group(root).start());
