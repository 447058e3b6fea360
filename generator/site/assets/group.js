// The group view: a facilitator loads a room's exported answers files; aggregate.mjs scores
// each one with scoring.mjs (never trusting an embedded result) by the rules of
// generator/inputs/aggregate.py, so the figures equal `ladderkit aggregate` on the same files.
import { aggregate } from "./aggregate.mjs";
import { MAX_FILE_BYTES } from "./clientfiles.mjs";
import { esc, notice, onPage } from "./common.js";

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
      let bytes = null; // null: listed as "cannot be read", or too large (not read at all)
      if (f.size <= MAX_FILE_BYTES) {
        try { bytes = new Uint8Array(await f.arrayBuffer()); } catch { bytes = null; }
      }
      this.files.push({ name: f.name, bytes, size: f.size });
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
