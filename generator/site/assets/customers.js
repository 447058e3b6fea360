// The customer-placement page: the client lists customers, each row shows its rung live
// (classify from scoring.mjs, the only rules in the browser), a chart counts customers per
// rung, and the list is kept in this browser only. Imports check a file the way
// `ladderkit classify` does, with the same messages.
import { classify } from "./scoring.mjs";
import { confirmTwice, download, esc, keep, notice, onPage, place, setAside, storage, typedNumber } from "./common.js";
import { checkRecord, customersIn, parseJson, textProblem, tooBig } from "./clientfiles.mjs";
import { csvText, numberProblem, readCustomersCsv, readNumber, trim } from "./rules.js";
import { number, t, tn } from "./i18n.mjs";

const FORMAT = "ladder-customers/1";

class Customers {
  constructor(root) {
    this.root = root;
    this.ladder = JSON.parse(root.dataset.ladder);
    this.links = JSON.parse(root.dataset.links);
    this.max = Number(root.dataset.max);
    this.fields = this.ladder.classifier.fields;
    this.key = `ladderkit:customers:${this.ladder.id}`;
    this.store = storage();
    this.list = [];
    this.$ = (s) => root.querySelector(s);
    this.body = this.$(".lk-customer-table tbody");
    this.warnedUnsaved = false;
  }

  start() {
    if (!this.store) this.unsaved();
    this.list = this.loadSaved();
    this.$(".lk-add").addEventListener("submit", (e) => { e.preventDefault(); this.addFromForm(); });
    // A field marked as wrong is unmarked as soon as it is changed.
    this.$(".lk-add").addEventListener("input", (e) => { if (e.target.getAttribute("aria-invalid") === "true") this.markField(e.target, ""); });
    this.body.addEventListener("input", (e) => this.edited(e.target));
    this.body.addEventListener("change", (e) => this.edited(e.target));
    this.body.addEventListener("click", (e) => { const b = e.target.closest(".lk-delete"); if (b) this.remove(Number(b.closest("tr").dataset.index)); });
    this.$(".lk-list-status").addEventListener("click", (e) => { if (e.target.closest(".lk-undo")) this.undoRemoval(); });
    this.$(".lk-import").addEventListener("change", (e) => this.importFile(e.target));
    this.$(".lk-export-csv").addEventListener("click", () => download(`${this.ladder.id}-customers.csv`, this.toCsv(), "text/csv"));
    this.$(".lk-export-json").addEventListener("click", () => download(`${this.ladder.id}-customers.json`, JSON.stringify(this.doc(), null, 2), "application/json"));
    this.$(".lk-print").addEventListener("click", () => window.print());
    confirmTwice(this.$(".lk-clear"), t("Click again to remove every customer"), () => this.clearAll());
    // The same list open in another tab: take its list, or this tab's next save would
    // overwrite it with an older one.
    const onStorage = (e) => {
      if (!document.contains(this.root)) return window.removeEventListener("storage", onStorage);
      if (e.key !== this.key && e.key !== null) return;
      this.list = this.loadSaved();
      this.renderTable();
    };
    window.addEventListener("storage", onStorage);
    this.renderTable();
  }

  // Messages go beside what they are about: `say` under the file buttons (imports, storage),
  // `sayAdded` under the add form's button, `sayListed` under the list (removals, with Undo).
  say(text, kind) { notice(this.$(".lk-notices"), text, kind); }
  sayAdded(text, kind) { notice(this.$(".lk-add-status"), text, kind); }

  // A field's own message, right under it, and the field marked for sight and screen readers.
  markField(input, message) {
    const box = document.getElementById(input.getAttribute("aria-describedby"));
    input.setAttribute("aria-invalid", String(Boolean(message)));
    if (box) box.textContent = message;
  }

  rungName(id) { return this.ladder.rungs.find((r) => r.id === id).name; }

  // --- keeping the list -----------------------------------------------------------

  doc() { return { format: FORMAT, ladder: this.ladder.id, customers: this.list }; }

  save() {
    if (this.frozen) return this.unsaved(); // an unreadable saved list could not be set aside: never save over it
    if (this.store && !keep(this.store, this.key, JSON.stringify(this.doc()))) this.unsaved();
  }

  // Said once per page: edits save on every keystroke.
  unsaved() {
    if (this.warnedUnsaved) return;
    this.warnedUnsaved = true;
    this.say(t("This browser is not saving your customers (its storage is full or turned off): they will be lost when you leave. Export them to keep a copy."), "warning");
  }

  loadSaved() {
    const raw = this.store && this.store.getItem(this.key);
    if (!raw) return [];
    let other = null; // the ladder a saved list is for, when it is another one
    try {
      const doc = JSON.parse(raw);
      if (!doc || doc.format !== FORMAT || !Array.isArray(doc.customers)) throw new Error("shape");
      // Refused as an import of the same data would be.
      if (doc.ladder !== undefined && doc.ladder !== null && doc.ladder !== this.ladder.id) {
        other = JSON.stringify(String(doc.ladder).slice(0, 40));
        throw new Error("ladder");
      }
      const list = this.checkRecords(doc.customers, "saved list");
      // Never cut silently: a longer list is kept whole; adding stays refused until it is shorter.
      if (list.length > this.max) this.say(t("Your saved list holds {n} customers, more than the {max} this page is made for. All of them are kept and shown; use `ladderkit classify` for lists this long.", { n: number(list.length), max: number(this.max) }), "warning");
      return list;
    } catch {
      const aside = setAside(this.store, this.key, raw);
      if (aside) {
        this.say(other === null
          ? t("Your saved customers could not be read, so they were set aside (kept in this browser as \"{key}\") and the list starts empty.", { key: aside })
          : t("Your saved customers are for ladder {ladder}, not this one, so they were set aside (kept in this browser as \"{key}\") and the list starts empty.", { key: aside, ladder: other }), "warning");
      } else {
        this.frozen = true;
        this.say(other === null
          ? t("Your saved customers could not be read, and this browser has no room to set them aside, so they were left as they are and nothing you add here will be saved over them. Free some space (or export what you add) to keep new customers.")
          : t("Your saved customers are for ladder {ladder}, not this one, and this browser has no room to set them aside, so they were left as they are and nothing you add here will be saved over them. Free some space (or export what you add) to keep new customers.", { ladder: other }), "warning");
      }
      return [];
    }
  }

  // --- checking records, as generator/inputs/answers.py does ------------------------------

  checkRecords(records, file) {
    return records.map((r, i) => checkRecord(r, this.fields, `${file}: customers[${i}]`));
  }

  async importFile(input) {
    const file = input.files[0];
    input.value = "";
    if (!file) return;
    if (tooBig(file.size)) return this.say(t("{file}: {problem}. Nothing was imported.", { file: file.name, problem: tooBig(file.size) }), "warning");
    let records;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (/\.json$/i.test(file.name)) {
        let doc;
        try { doc = parseJson(bytes); } catch (err) { throw new Error(`${file.name}: ${err.message}`); }
        records = customersIn(doc, this.ladder.id, this.fields, file.name);
      } else {
        let text;
        // ignoreBOM keeps a byte-order mark in the text: readCustomersCsv skips one, as Python does.
        try { text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes); } catch { throw new Error(t("{file}: not UTF-8 text; export the CSV as UTF-8", { file: file.name })); }
        records = readCustomersCsv(text, this.fields, file.name, textProblem, t);
      }
    } catch (err) {
      return this.say(t("{problem}. Nothing was imported.", { problem: err.message }), "warning");
    }
    const room = Math.max(0, this.max - this.list.length);
    const taken = records.slice(0, room);
    this.list.push(...taken);
    if (taken.length < records.length) this.say(t("{file}: only {taken} of {total} customers were imported; this page holds up to {max}. Use `ladderkit classify` for longer lists.", { file: file.name, taken: number(taken.length), total: number(records.length), max: number(this.max) }), "warning");
    else this.say(tn("{file}: {n} customer imported.", "{file}: {n} customers imported.", taken.length, { file: file.name }));
    this.save();
    this.renderTable();
  }

  // --- editing ----------------------------------------------------------------------

  addFromForm() {
    const form = this.$(".lk-add");
    if (this.list.length >= this.max) return this.sayAdded(t("This page holds up to {max} customers.", { max: number(this.max) }), "warning");
    const rec = { name: trim(form.elements.name.value) };
    if (!rec.name) return form.elements.name.focus();
    for (const f of this.fields) {
      const input = form.elements[f.id];
      if (f.type === "yesno") { rec[f.id] = input.checked; continue; }
      const n = readNumber(input.value);
      if (n.problem) { // dropping it would place the customer on the wrong rung
        const why = numberProblem(input.value, n.problem, t);
        this.markField(input, `${why}.`);
        input.focus();
        return this.sayAdded(t("{field}: {problem}. The customer was not added yet.", { field: f.label, problem: why }), "warning");
      }
      if (n.value !== null) rec[f.id] = n.value;
    }
    this.list.push(rec);
    this.save();
    this.renderTable();
    form.reset();
    form.elements.name.focus();
    // The warning about a field just put right is old news once the customer is added.
    for (const old of this.$(".lk-add-status").querySelectorAll(".lk-warning")) old.remove();
    this.sayAdded(t("{name} added: {rung}.", { name: rec.name, rung: this.rungName(classify(this.ladder, rec)) }));
  }

  edited(input) {
    const tr = input.closest("tr[data-index]");
    if (!tr) return;
    const rec = this.list[Number(tr.dataset.index)];
    const fid = input.dataset.field;
    if (fid === "name") rec.name = input.value;
    else if (input.type === "checkbox") rec[fid] = input.checked;
    else if (readNumber(input.value).value != null) rec[fid] = readNumber(input.value).value;
    else delete rec[fid];
    // Text that is not a number counts as blank: say so on the field rather than let it pass.
    const problem = readNumber(input.value).problem;
    if (input.classList.contains("lk-num")) this.markField(input, problem ? t("{problem}; until it is, it counts as blank.", { problem: numberProblem(input.value, problem, t) }) : "");
    const rung = classify(this.ladder, rec);
    const cell = tr.querySelector(".lk-rung");
    cell.dataset.rung = rung;
    cell.textContent = this.rungName(rung);
    this.save();
    this.renderSpread();
  }

  remove(index) {
    const [gone] = this.list.splice(index, 1);
    this.removed = [[index, gone]];
    this.save();
    this.renderTable();
    // The row, and the focused button with it, are gone: keep a keyboard user in the table.
    const next = this.body.querySelectorAll(".lk-delete")[Math.min(index, this.list.length - 1)];
    (next || this.$("#lk-new-name")).focus();
    this.offerUndo(gone.name ? t("{name} removed.", { name: gone.name }) : t("Customer removed."));
  }

  clearAll() {
    this.removed = this.list.map((rec, i) => [i, rec]);
    this.list = [];
    this.save();
    this.renderTable();
    this.offerUndo(t("Every customer was removed."));
  }

  // The last removal can be taken back: the message under the list carries an Undo button.
  offerUndo(text) {
    const box = this.$(".lk-list-status");
    box.replaceChildren();
    const p = document.createElement("p");
    p.className = "lk-notice lk-info";
    p.textContent = `${text} `;
    const undo = document.createElement("button");
    undo.type = "button";
    undo.className = "md-button lk-undo";
    undo.textContent = t("Undo");
    p.append(undo);
    box.append(p);
  }

  undoRemoval() {
    const back = this.removed || [];
    this.removed = null;
    // Back where each stood, in the order they were (customers added since stay after them).
    for (const [index, rec] of back) this.list.splice(Math.min(index, this.list.length), 0, rec);
    this.save();
    this.renderTable();
    const box = this.$(".lk-list-status");
    box.replaceChildren();
    const one = back.length === 1 && back[0][1].name;
    notice(box, one ? t("{name} is back.", { name: one }) : tn("{n} customer is back.", "{n} customers are back.", back.length));
    const first = this.body.querySelectorAll('[data-field="name"]')[back.length ? back[0][0] : 0];
    (first || this.$("#lk-new-name")).focus();
  }

  // --- showing ----------------------------------------------------------------------

  renderTable() {
    this.body.innerHTML = this.list.map((rec, i) => {
      const who = rec.name || t("customer {n}", { n: i + 1 });
      // Each cell carries its column's name, shown only where a row is a card (phones) and
      // hidden from screen readers, which have the column header and the control's label.
      const cells = this.fields.map((f) => {
        const label = esc(`${f.label} (${who})`);
        const head = `<span class="lk-cell-label" aria-hidden="true">${esc(f.label)}</span>`;
        return f.type === "yesno"
          ? `<td class="lk-yesno-cell"><label class="lk-cell">${head}<input type="checkbox" data-field="${esc(f.id)}" aria-label="${label}"${rec[f.id] === true ? " checked" : ""}></label></td>`
          : `<td><label class="lk-cell">${head}<input type="text" class="lk-num" inputmode="decimal" autocomplete="off" data-field="${esc(f.id)}" aria-label="${label}" aria-describedby="lk-error-${i}-${esc(f.id)}" value="${esc(typedNumber(rec[f.id]))}"></label>` +
            `<p class="lk-error" id="lk-error-${i}-${esc(f.id)}"></p></td>`;
      }).join("");
      const rung = classify(this.ladder, rec);
      const nameLabel = t("Name (row {n})", { n: i + 1 }), removeLabel = t("Remove {name}", { name: who });
      return `<tr data-index="${i}"><th scope="row"><input type="text" data-field="name" maxlength="200" aria-label="${esc(nameLabel)}" value="${esc(rec.name)}"></th>` +
        `<td class="lk-rung-cell"><span class="lk-cell-label" aria-hidden="true">${esc(t("Rung"))}</span><span class="lk-rung" data-rung="${esc(rung)}">${esc(this.rungName(rung))}</span></td>${cells}` +
        `<td class="lk-delete-cell"><button type="button" class="md-button lk-delete" aria-label="${esc(removeLabel)}">${esc(t("Remove"))}</button></td></tr>`;
    }).join("");
    this.$(".lk-empty").hidden = this.list.length > 0;
    this.renderSpread();
  }

  counts() {
    const counts = Object.fromEntries(this.ladder.rungs.map((r) => [r.id, 0]));
    for (const rec of this.list) counts[classify(this.ladder, rec)] += 1;
    return counts;
  }

  renderSpread() {
    const counts = this.counts();
    const rungs = [...this.ladder.rungs].reverse(); // highest first, as on the ladder
    const most = Math.max(1, ...Object.values(counts));
    const rowH = 34, labelW = 190, barW = 360, width = labelW + barW + 50;
    // Right to left (the page's dir), the chart is mirrored: labels on the right, bars growing
    // leftwards. Text anchors are logical (start/end of the reading direction), so they stay.
    const rtl = getComputedStyle(this.root).direction === "rtl";
    const x = (v) => (rtl ? width - v : v);
    const bars = rungs.map((r, i) => {
      const w = Math.round((barW * counts[r.id]) / most);
      return `<g data-rung="${esc(r.id)}"><text x="${x(labelW - 8)}" y="${i * rowH + 22}" text-anchor="end">${esc(r.name)}</text>` +
        `<rect x="${rtl ? width - labelW - w : labelW}" y="${i * rowH + 6}" width="${w}" height="${rowH - 12}" rx="3"></rect>` +
        `<text x="${x(labelW + w + 6)}" y="${i * rowH + 22}" class="lk-n">${counts[r.id]}</text></g>`;
    }).join("");
    const summary = rungs.map((r) => `${r.name}: ${counts[r.id]}`).join(", ");
    this.$(".lk-chart").innerHTML =
      `<svg class="lk-bar-chart" viewBox="0 0 ${width} ${rungs.length * rowH + 8}" role="img" aria-labelledby="lk-chart-title lk-chart-desc">` +
      `<title id="lk-chart-title">${esc(t("Customers on each rung"))}</title><desc id="lk-chart-desc">${esc(summary)}</desc>${bars}</svg>`;
    this.$(".lk-counts").innerHTML = `<table class="lk-count-table"><caption>${esc(t("Customers per rung (the chart as a table)"))}</caption>` +
      `<thead><tr><th scope="col">${esc(t("Rung"))}</th><th scope="col">${esc(t("Customers"))}</th></tr></thead><tbody>` +
      rungs.map((r) => `<tr data-rung="${esc(r.id)}"><th scope="row">${esc(r.name)}</th><td>${counts[r.id]}</td></tr>`).join("") + "</tbody></table>";
    this.$(".lk-advice").innerHTML = this.advice(counts);
  }

  advice(counts) {
    if (!this.list.length) return "";
    // The largest group; a tie goes to the lower rung, where customers are furthest from loyalty.
    const largest = this.ladder.rungs.reduce((best, r) => (counts[r.id] > counts[best.id] ? r : best), this.ladder.rungs[0]);
    const up = this.ladder.bridges.find((b) => b.direction === "up" && b.from === largest.id);
    const largestGroup = t("Your largest group, {count} of {total}, stands on {rung}.", { total: number(this.list.length) });
    const head = `<p>${place(largestGroup, {
      count: `<strong>${number(counts[largest.id])}</strong>`,
      rung: `<strong class="lk-largest" data-rung="${esc(largest.id)}">${esc(largest.name)}</strong>`,
    })}</p>`;
    if (!up) return `${head}<p>${esc(t("They are at the top of the ladder: keep them there by watching the bridges down."))}</p>`;
    const playbook = this.links.playbooks[up.id];
    const bridge = `<a href="${esc(this.links.bridges[up.id])}">${esc(up.name)}</a>`;
    const sentence = playbook
      ? place(t("The bridge to work on: {bridge} ({playbook})."), { bridge, playbook: `<a class="lk-playbook" href="${esc(playbook)}">${esc(t("its playbook, PDF"))}</a>` })
      : place(t("The bridge to work on: {bridge}."), { bridge });
    return `${head}<p class="lk-work-on" data-bridge="${esc(up.id)}">${sentence}</p>`;
  }

  toCsv() {
    const cells = (rec) => this.fields.map((f) => {
      const v = rec[f.id];
      return f.type === "yesno" && typeof v === "boolean" ? (v ? "yes" : "no") : v;
    });
    return csvText(["name", ...this.fields.map((f) => f.id)], this.list.map((rec) => [rec.name, ...cells(rec)]));
  }
}

onPage("[data-lk-customers]", (root) => new Customers(root).start());
