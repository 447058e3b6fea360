// The group view: a facilitator loads a room's exported answers files; aggregate.mjs scores
// each one with scoring.mjs (never trusting an embedded result) by the rules of
// generator/inputs/aggregate.py, so the figures equal `ladderkit aggregate` on the same files.
// "Present to the room" shows the same figures large, for a projector: a one-line headline,
// participants per rung, each bridge's mean with its lowest–highest range against the pass
// mark, and the focus bridges (with those who have none). Names and file names stay off it.
import { aggregate } from "./aggregate.mjs";
import { MAX_FILE_BYTES } from "./clientfiles.mjs";
import { esc, notice, onPage, place } from "./common.js";
import { number, t, tn } from "./i18n.mjs";
import { bridgeRef } from "./wording.mjs";

// A score, mean or count as the language writes it; "—" where nobody scored.
const cell = (v) => (v === null ? "—" : number(v));

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
    this.$(".lk-clear").addEventListener("click", () => { this.files = []; this.render(); this.say(t("Every file was cleared from the group view.")); });
    this.$(".lk-print").addEventListener("click", () => window.print());
    this.$(".lk-present-open").addEventListener("click", () => this.present(true));
    this.$(".lk-present-close").addEventListener("click", () => this.present(false));
    // Escape leaves the present view wherever focus is (a projector's remote sends it too).
    document.addEventListener("keydown", (e) => { if (e.key === "Escape" && this.presenting()) this.present(false); });
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
    const fig = this.render();
    // The figures appear without a page change: say so where screen readers listen, and name
    // the files that were the same as one already counted (found by content, not file name).
    if (!chosen.length) return;
    const [duplicate] = t("duplicate: {why}").split("{why}"); // aggregate.mjs's message for a file counted already
    const twins = fig.skipped.filter((s) => s.reason.startsWith(duplicate));
    const files = twins.map((s) => `${s.file} (${s.reason.slice(duplicate.length)})`).join("; ");
    const once = twins.length ? ` ${t("Counted once, not again: {files}.", { files })}` : "";
    this.say(`${tn("{n} file loaded.", "{n} files loaded.", chosen.length)} ${this.$(".lk-participants").textContent}${once}`);
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
    if (!has) {
      if (this.presenting()) this.present(false);
      return fig;
    }
    const links = this.links[ladder.id];
    const bridgeName = (id) => ladder.bridges.find((b) => b.id === id).name;
    const skipped = tn("{n} file", "{n} files", fig.skipped.length);
    this.$(".lk-participants").textContent = fig.skipped.length
      ? tn("{n} participant counted on {ladder}; {skipped} skipped (listed below).", "{n} participants counted on {ladder}; {skipped} skipped (listed below).", fig.participants,
        { ladder: ladder.title, skipped })
      : tn("{n} participant counted on {ladder}.", "{n} participants counted on {ladder}.", fig.participants, { ladder: ladder.title });
    const named = fig.included.map((i) => i.name).filter(Boolean);
    const unnamed = fig.included.length - named.length;
    // Each name isolated (U+2068 … U+2069): a right-to-left mark or override inside one name
    // must not reorder the others and the commas after it.
    const names = named.map((name) => `\u2068${name}\u2069`).join(", ");
    this.$(".lk-names").textContent = !named.length ? "" : unnamed
      ? tn("Participants: {names}, and {n} without a name.", "Participants: {names}, and {n} without a name.", unnamed, { names })
      : t("Participants: {names}.", { names });
    const row = (id, name, s) => `<tr data-bridge="${esc(id)}"><th scope="row">${name}</th><td class="lk-mean">${cell(s.mean)}</td>` +
      `<td class="lk-lowest">${cell(s.lowest)}</td><td class="lk-highest">${cell(s.highest)}</td><td class="lk-scored">${number(s.scored)}</td></tr>`;
    this.$(".lk-group-bridges").innerHTML = `<div class="lk-table-wrap"><table class="lk-group-table"><caption>${esc(t("Scores per bridge"))}</caption><thead><tr>` +
      `<th scope="col">${esc(t("Bridge"))}</th><th scope="col">${esc(t("Mean"))}</th><th scope="col">${esc(t("Lowest"))}</th><th scope="col">${esc(t("Highest"))}</th><th scope="col">${esc(t("Scored by"))}</th></tr></thead><tbody>` +
      row("", esc(t("Overall")), fig.overall) +
      ladder.bridges.map((b) => row(b.id, `<a href="${esc(links[b.id])}">${esc(b.name)}</a>`, fig.bridges[b.id])).join("") + "</tbody></table></div>";
    this.$(".lk-group-rungs").innerHTML = `<table class="lk-rung-table"><caption>${esc(t("Where each participant’s ladder stops"))}</caption><thead><tr><th scope="col">${esc(t("Customers get as far as"))}</th><th scope="col">${esc(t("Participants"))}</th></tr></thead><tbody>` +
      [...ladder.rungs].reverse().map((r) => `<tr data-rung="${esc(r.id)}"><th scope="row">${esc(r.name)}</th><td>${number(fig.rungs[r.id])}</td></tr>`).join("") + "</tbody></table>";
    this.$(".lk-group-focus").innerHTML = `<h3>${esc(t("Focus bridges, most common first"))}</h3>` + (fig.focus.length
      ? `<ol>${fig.focus.map((f) => `<li data-bridge="${esc(f.id)}" data-count="${f.count}"><a href="${esc(links[f.id])}">${esc(bridgeName(f.id))}</a>: ${number(f.count)}</li>`).join("")}</ol>`
      : `<p>${esc(t("Nobody has a focus bridge: every participant’s ladder carries customers to the top."))}</p>`) +
      (fig.focus.length && this.topCount(fig) ? `<p class="lk-no-focus" data-count="${this.topCount(fig)}">${esc(t("No focus, at the top of the ladder: {n}", { n: number(this.topCount(fig)) }))}</p>` : "");
    this.$(".lk-group-flags").innerHTML = `<h3>${esc(t("Warnings raised, most common first"))}</h3>` + (fig.flags.length
      ? `<ol>${fig.flags.map((f) => `<li data-flag="${esc(f.id)}" data-count="${f.count}">${esc(ladder.flags.find((x) => x.id === f.id).message)} <strong>(${number(f.count)})</strong></li>`).join("")}</ol>`
      : `<p>${esc(t("No warnings raised."))}</p>`);
    this.$(".lk-included").innerHTML = `<h3>${esc(t("Counted"))}</h3><ul>${fig.included.map((i) => `<li class="lk-file-ok" data-file="${esc(i.file)}">${esc(i.file)}${i.name ? ` — ${esc(i.name)}` : ""}</li>`).join("") || `<li>${esc(t("none"))}</li>`}</ul>`;
    this.$(".lk-skipped").innerHTML = fig.skipped.length
      ? `<h3>${esc(t("Skipped, not counted"))}</h3><ul>${fig.skipped.map((s) => `<li class="lk-file-skipped" data-file="${esc(s.file)}"><strong>${esc(s.file)}</strong>: <span class="lk-reason">${esc(s.reason)}</span></li>`).join("")}</ul>`
      : "";
    this.renderPresent(ladder, fig);
    return fig;
  }

  // Every participant has one focus bridge, except those at the top of the ladder.
  topCount(fig) { return fig.participants - fig.focus.reduce((n, f) => n + f.count, 0); }

  // --- the present view -------------------------------------------------------------

  presenting() { return document.documentElement.classList.contains("lk-presenting"); }

  present(on) {
    document.documentElement.classList.toggle("lk-presenting", on);
    this.$(".lk-present").hidden = !on;
    if (on) {
      window.scrollTo(0, 0);
      this.$(".lk-present-headline").focus();
      // Back to another page (instant navigation keeps <html>): it must not inherit the hidden menus.
      window.addEventListener("popstate", () => document.documentElement.classList.remove("lk-presenting"), { once: true });
    } else this.$(".lk-present-open").focus();
  }

  // One line a room can read: how many, where most stand, and the bridge most have to cross.
  headline(ladder, fig) {
    const n = fig.participants;
    if (!n) return t("Nobody counted yet");
    // The largest group; a tie goes to the lower rung, furthest from loyalty.
    const most = ladder.rungs.reduce((best, r) => (fig.rungs[r.id] > fig.rungs[best.id] ? r : best), ladder.rungs[0]);
    const where = `${tn("{n} participant", "{n} participants", n)} · ${t("most on {rung} ({count})", { rung: most.name, count: number(fig.rungs[most.id]) })}`;
    const top = fig.focus[0];
    if (!top) return `${where} · ${t("all at the top of the ladder")}`;
    return `${where} · ${t("focus: {bridge} ({count} of {total})", { bridge: bridgeRef(ladder.bridges.find((b) => b.id === top.id).name), count: number(top.count), total: number(n) })}`;
  }

  // The charts are HTML, not SVG: names of any length wrap instead of running off the side.
  renderPresent(ladder, fig) {
    this.$(".lk-present-headline").textContent = this.headline(ladder, fig);
    const rungs = [...ladder.rungs].reverse(); // highest first, as on the ladder
    const most = Math.max(1, ...rungs.map((r) => fig.rungs[r.id]));
    this.$(".lk-present-rungs").innerHTML = `<figcaption id="lk-pr-title">${esc(t("Participants on each rung"))}</figcaption>` +
      `<ul class="lk-pchart" aria-labelledby="lk-pr-title">${rungs.map((r) => `<li data-rung="${esc(r.id)}"><span class="lk-pl">${esc(r.name)}</span>` +
        `<span class="lk-ptrack" aria-hidden="true"><span class="lk-pbar" style="width:${(100 * fig.rungs[r.id]) / most}%"></span></span>` +
        `<strong class="lk-n">${number(fig.rungs[r.id])}</strong></li>`).join("")}</ul>`;
    // Each bridge: the mean as a bar, the lowest–highest range as a line across it, the pass mark as a dashed rule.
    const pass = ladder.pass_mark;
    const bridges = ladder.bridges;
    this.$(".lk-present-bridges").innerHTML =
      `<figcaption id="lk-pb-title">${esc(t("Each bridge: the mean (bar), lowest to highest (line) and the pass mark of {pass_mark} (dashed)", { pass_mark: number(pass) }))}</figcaption>` +
      `<ul class="lk-pchart" aria-labelledby="lk-pb-title">${bridges.map((b) => {
        const s = fig.bridges[b.id];
        if (s.mean === null) return `<li data-bridge="${esc(b.id)}"><span class="lk-pl">${esc(b.name)}</span><span class="lk-none">${esc(t("nobody scored it"))}</span></li>`;
        return `<li data-bridge="${esc(b.id)}" class="lk-${esc(b.direction)}${s.mean < pass ? " lk-under" : ""}"><span class="lk-pl">${esc(b.name)}</span>` +
          `<span class="lk-ptrack" aria-hidden="true"><span class="lk-pbar" style="width:${s.mean}%"></span>` +
          `<span class="lk-prange" style="inset-inline-start:${s.lowest}%;width:${s.highest - s.lowest}%"></span><span class="lk-ppass" style="inset-inline-start:${pass}%"></span></span>` +
          `<strong class="lk-n">${number(s.mean)}</strong><span class="lk-sr">${esc(t(", lowest {lowest}, highest {highest}", { lowest: number(s.lowest), highest: number(s.highest) }))}</span></li>`;
      }).join("")}</ul>`;
    const atTop = this.topCount(fig);
    const focus = fig.focus.map((f) => `<li data-bridge="${esc(f.id)}" data-count="${f.count}">${esc(bridges.find((b) => b.id === f.id).name)}: <strong>${number(f.count)}</strong></li>`);
    if (atTop) focus.push(`<li class="lk-no-focus" data-count="${atTop}">${place(t("No focus, at the top of the ladder: {n}"), { n: `<strong>${number(atTop)}</strong>` })}</li>`);
    this.$(".lk-present-focus").innerHTML = `<h3>${esc(t("Focus bridges"))}</h3><ul>${focus.join("")}</ul>`;
  }
}

onPage("[data-lk-group]", (root) => new Group(root).start());
