// The self-audit in the browser: reads the server-rendered form, scores it live with
// scoring.mjs (the only scoring code in the browser), and keeps answers in this browser.
// Loaded by ladderkit.js on audit pages only; starts through onPage (instant navigation, once).
import { score, bridgeTally, validateAnswers, ANSWERS_FORMAT } from "./scoring.mjs";
import { change, readResult } from "./reading.mjs";
import { bridgeRef } from "./wording.mjs";
import { attachReport } from "./report.js";
import { attachGuide } from "./guide.js";
import { attachExport } from "./participant.js";
import { confirmTwice, esc, keep, notice, onPage, place, setAside, storage, typedNumber } from "./common.js";
import { answersDocumentProblem, decodeShare, encodeShare, parseJson, tooBig } from "./clientfiles.mjs";
import { numberProblem, readNumber } from "./rules.js";
import { date, number, t, tn } from "./i18n.mjs";

const MAX_FRAGMENT = 100000;
const MAX_ATTEMPTS = 50; // saved attempts kept in this browser; the list says when older ones go
const DAY = (iso) => iso.slice(0, 10);
const sameAnswers = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
// An attempt's day (its UTC date, as saved) written in the site's language; noon of that day
// here, so that the browser's time zone cannot move it to the day before or after.
const longDate = (iso) => {
  const [y, m, d] = DAY(iso).split("-").map(Number);
  return date(new Date(y, m - 1, d, 12));
};

// The range a number question accepts, as a whole sentence for each case.
function outOfRange(q) {
  const min = q.min === null ? null : number(q.min, 6), max = q.max === null ? null : number(q.max, 6);
  if (min !== null && max !== null) return t("Please enter a number from {min} up to {max}.", { min, max });
  if (min !== null) return t("Please enter a number from {min}.", { min });
  if (max !== null) return t("Please enter a number up to {max}.", { max });
  return t("Please enter a number.");
}

function readJson(root, name) {
  return JSON.parse(root.dataset[name]);
}

class Audit {
  constructor(root) {
    this.root = root;
    this.ladder = readJson(root, "ladder");
    this.links = readJson(root, "links");
    this.hash = root.dataset.ladderHash;
    this.key = `ladderkit:${this.ladder.id}`;
    this.attemptsKey = `${this.key}:attempts`; // earlier answers: finished audits and sets that were replaced
    this.store = storage();
    this.form = root.querySelector(".lk-form");
    this.questions = new Map();
    for (const b of this.ladder.bridges) for (const q of b.questions) this.questions.set(q.id, q);
    this.answers = {};
    this.liveTimer = null;
    this.warnedUnsaved = false;
  }

  start() {
    // The form works before this script arrives: anything already entered wins over the save.
    const early = this.read();
    if (!this.store) this.unsaved();
    const kept = this.loadSaved();
    // Answered on the full form before this script arrived (not a browser restoring the saved ones).
    const began = Object.entries(early).some(([id, v]) => JSON.stringify(kept[id]) !== JSON.stringify(v));
    this.answers = { ...kept, ...early };
    this.loadFragment();
    this.fill();
    if (Object.keys(early).length) this.save();
    this.form.addEventListener("submit", (e) => e.preventDefault()); // answers never leave the page
    this.form.addEventListener("change", (e) => { this.exclusive(e.target); this.changed(); });
    this.form.addEventListener("input", (e) => { if (e.target.closest(".lk-number")) this.changed(); });
    const on = (cls, fn) => this.root.querySelector(cls).addEventListener("click", fn);
    confirmTwice(this.root.querySelector(".lk-restart"), t("Click again to erase all answers"), () => this.restart());
    attachExport(this); // "Export answers" asks for the optional participant name first
    on(".lk-share", () => this.share());
    on(".lk-print", () => window.print());
    this.root.querySelector(".lk-attempts").addEventListener("click", (e) => {
      const b = e.target.closest("[data-restore]");
      if (b) this.restore(Number(b.dataset.restore));
    });
    this.root.querySelector(".lk-import").addEventListener("change", (e) => this.importFile(e.target));
    // A share link opened in a tab that already shows this page changes only the fragment.
    const onHash = () => {
      if (!document.contains(this.root)) return window.removeEventListener("hashchange", onHash);
      if (location.hash.startsWith("#answers=")) { this.loadFragment(); this.fill(); this.render(true); }
    };
    window.addEventListener("hashchange", onHash);
    // The same audit open in another tab: take its answers, or this tab's next save would
    // overwrite them with an older set.
    // Only a readable set is taken: a removed or unreadable save changes nothing here.
    const onStorage = (e) => {
      if (!document.contains(this.root)) return window.removeEventListener("storage", onStorage);
      if (e.key === this.attemptsKey) return this.renderAttempts();
      if (e.key !== this.key && e.key !== null) return;
      const theirs = this.peekSaved();
      if (theirs === null) return;
      this.answers = this.sift(theirs).kept;
      this.fill();
      this.render(true);
    };
    window.addEventListener("storage", onStorage);
    this.renderAttempts();
    this.render(false);
    attachReport(this); // "Print or save as PDF" (the report view loads when pressed) and "Send to my coach"
    this.guide = attachGuide(this, began); // start screen, one bridge per step, check your answers
  }

  notice(text, kind = "info") {
    notice(this.root.querySelector(".lk-notices"), text, kind);
  }

  // --- keeping answers ------------------------------------------------------------

  loadSaved() {
    if (!this.store) return {};
    const raw = this.store.getItem(this.key);
    if (raw === null) return {};
    let doc;
    try {
      doc = JSON.parse(raw);
      if (!doc || typeof doc !== "object" || doc.format !== ANSWERS_FORMAT || typeof doc.answers !== "object" || doc.answers === null) throw new Error("shape");
    } catch {
      this.setAside(raw, "unreadable");
      return {};
    }
    // Answers saved for another audit are set aside, as Import refuses a file for another ladder
    // (a save that names no ladder is taken as this audit's: it is kept under this audit's key).
    if (doc.ladder !== undefined && doc.ladder !== this.ladder.id) {
      this.setAside(raw, "other", JSON.stringify(String(doc.ladder).slice(0, 40)));
      return {};
    }
    const { kept, dropped } = this.sift(doc.answers);
    if (dropped.length) {
      const why = doc.ladder_hash !== this.hash ? `${t("The audit has been updated since you last saved.")} ` : "";
      this.notice(why + tn("{n} saved answer no longer fits and was dropped: {ids}.", "{n} saved answers no longer fit and were dropped: {ids}.", dropped.length, { ids: dropped.join(", ") }));
      this.answers = kept;
      this.save();
    }
    return kept;
  }

  // why: "unreadable", or "other" (saved for another audit, `ladder` quoted): whole sentences each.
  setAside(raw, why, ladder = "") {
    const aside = setAside(this.store, this.key, raw);
    if (aside) {
      return this.notice(why === "other"
        ? t("Your saved answers are for another audit ({ladder}), so they were set aside (kept in this browser as \"{key}\") and the audit starts afresh.", { ladder, key: aside })
        : t("Your saved answers could not be read, so they were set aside (kept in this browser as \"{key}\") and the audit starts afresh.", { key: aside }), "warning");
    }
    this.frozen = true; // the original is still under this.key: never save over it
    this.notice(why === "other"
      ? t("Your saved answers are for another audit ({ladder}), and this browser has no room to set them aside, so they were left as they are. New answers will not be saved here: use Export answers to keep them.", { ladder })
      : t("Your saved answers could not be read, and this browser has no room to set them aside, so they were left as they are. New answers will not be saved here: use Export answers to keep them."), "warning");
  }

  // The saved answers as another tab left them, without touching storage; null when unusable.
  peekSaved() {
    try {
      const doc = JSON.parse(this.store.getItem(this.key));
      if (doc && doc.format === ANSWERS_FORMAT && doc.ladder === this.ladder.id && doc.answers && typeof doc.answers === "object" && !Array.isArray(doc.answers)) return doc.answers;
    } catch { /* unreadable: ignored */ }
    return null;
  }

  // --- attempts: earlier sets of answers, newest last ----------------------------------

  attempts() {
    try {
      const list = JSON.parse(this.store && this.store.getItem(this.attemptsKey));
      return Array.isArray(list) ? list.filter((a) => a && typeof a.date === "string" && a.answers && typeof a.answers === "object") : [];
    } catch {
      return [];
    }
  }

  // Keep `answers` as an attempt; false when this browser cannot (nothing is replaced then).
  keepAttempt(answers, kind) {
    if (!Object.keys(answers).length) return true;
    let list = this.attempts();
    const now = new Date().toISOString();
    if (list.some((a) => sameAnswers(a.answers, answers) && (kind !== "finished" || a.kind === "finished"))) return true;
    // A finished audit changed again the same day is one attempt, not many.
    if (kind === "finished") list = list.filter((a) => !(a.kind === "finished" && DAY(a.date) === DAY(now) && a.live));
    list.push({ date: now, kind, answers, ...(kind === "finished" ? { live: true } : {}) });
    if (list.length > MAX_ATTEMPTS) {
      list = list.slice(-MAX_ATTEMPTS);
      this.notice(t("Only the {n} latest saved attempts are kept; the oldest was removed.", { n: number(MAX_ATTEMPTS) }));
    }
    if (!keep(this.store, this.attemptsKey, JSON.stringify(list))) return false;
    this.renderAttempts();
    return true;
  }

  // The latest finished attempt from an earlier day: what "since" compares with.
  previous() {
    const today = DAY(new Date().toISOString());
    return this.attempts().filter((a) => a.kind === "finished" && DAY(a.date) < today && this.sift(a.answers).dropped.length === 0).pop() || null;
  }

  // Replace the current answers, keeping them as an attempt first; refused when they cannot be kept.
  replaceWith(answers, kind, said) {
    if (this.frozen || !this.keepAttempt(this.answers, kind)) {
      return this.notice(t("This browser has no room to keep your current answers, so they were not replaced. Export them first, then try again."), "warning");
    }
    this.answers = answers;
    this.save();
    this.fill();
    this.render(true);
    this.notice(said);
    // Answers from a link, a file or an earlier attempt are there to be read: on to their result.
    if (kind !== "cleared") {
      if (this.guide) this.guide.show("result");
      else this.toResult = true; // a share link read before the steps are set up
    }
  }

  // Ask before answers from outside replace different saved ones (a share link, an import).
  ask(question, yes, incoming, said) {
    if (!Object.keys(this.answers).length || sameAnswers(this.answers, incoming)) return this.replaceWith(incoming, "replaced", said);
    const box = this.root.querySelector(".lk-notices");
    for (const old of box.querySelectorAll(".lk-ask")) old.remove();
    const div = document.createElement("div");
    div.className = "lk-notice lk-ask";
    div.setAttribute("role", "group");
    div.innerHTML = `<p>${esc(question)}</p><button type="button" class="md-button md-button--primary lk-ask-yes">${esc(yes)}</button> ` +
      `<button type="button" class="md-button lk-ask-no">${esc(t("Keep my answers"))}</button>`;
    box.append(div);
    div.querySelector(".lk-ask-yes").addEventListener("click", () => { div.remove(); this.replaceWith(incoming, "replaced", `${said} ${t("Your previous answers are kept under Saved attempts.")}`); });
    div.querySelector(".lk-ask-no").addEventListener("click", () => { div.remove(); this.notice(t("Your answers were kept; nothing was replaced.")); });
    div.querySelector(".lk-ask-yes").focus({ preventScroll: false });
  }

  restore(i) {
    const a = this.attempts()[i];
    if (!a) return;
    const { kept } = this.sift(a.answers);
    this.replaceWith(kept, "replaced", t("Answers from {date} restored.", { date: longDate(a.date) }));
  }

  renderAttempts() {
    const box = this.root.querySelector(".lk-attempts");
    const list = this.attempts();
    box.hidden = !list.length;
    const kinds = { finished: t("finished audit"), replaced: t("replaced"), cleared: t("cleared by Start over") };
    box.innerHTML = `<summary>${esc(t("Saved attempts ({n})", { n: number(list.length) }))}</summary><ol reversed>` + list.map((a, i) => ({ a, i })).reverse().map(({ a, i }) => {
      const r = score(this.ladder, this.sift(a.answers).kept);
      const overall = r.overall === null ? t("overall not scored") : t("overall {score}", { score: number(r.overall) });
      return `<li data-attempt="${i}">${esc(longDate(a.date))} · ${esc(kinds[a.kind] || t("saved"))} · ${esc(overall)}` +
        ` (${esc(t("{answered} of {total} answered", { answered: number(r.answered), total: number(r.questions) }))}) <button type="button" class="md-button lk-restore" data-restore="${i}">${esc(t("Restore"))}</button></li>`;
    }).join("") + "</ol>";
  }

  sift(answers) {
    const problems = validateAnswers(this.ladder, answers);
    const bad = new Set(problems.map((p) => p.question));
    const kept = {};
    if (answers && typeof answers === "object" && !Array.isArray(answers)) {
      for (const [id, v] of Object.entries(answers)) if (!bad.has(id) && v !== null) kept[id] = v;
    }
    return { kept, dropped: problems.map((p) => (p.question ? p.question.slice(0, 40) : "answers")).slice(0, 10) };
  }

  save() {
    if (!this.store) return;
    if (this.frozen) return this.unsaved();
    const doc = { format: ANSWERS_FORMAT, ladder: this.ladder.id, ladder_hash: this.hash, answers: this.answers };
    if (!keep(this.store, this.key, JSON.stringify(doc))) this.unsaved();
  }

  // Said once per page: a notice on every keystroke would bury everything else.
  unsaved() {
    if (this.warnedUnsaved) return;
    this.warnedUnsaved = true;
    this.notice(t("This browser is not saving your answers (its storage is full or turned off): they will be lost when you leave. Use Export answers or Copy share link to keep them."), "warning");
  }

  loadFragment() {
    const hash = location.hash;
    if (!hash.startsWith("#answers=")) return;
    history.replaceState(null, "", location.pathname + location.search);
    if (hash.length > MAX_FRAGMENT) return this.notice(t("That share link is too long to be a real set of answers, so it was ignored."), "warning");
    let doc;
    try { doc = decodeShare(hash.slice("#answers=".length)); } catch { return this.notice(t("That share link is damaged and could not be read; your saved answers are unchanged."), "warning"); }
    if (!doc || doc.ladder !== this.ladder.id || typeof doc.answers !== "object") return this.notice(t("That share link is for a different audit, so it was ignored."), "warning");
    const { kept, dropped } = this.sift(doc.answers);
    if (!Object.keys(kept).length) {
      return this.notice(dropped.length
        ? tn("That share link brought no answers that fit this audit ({n} did not fit); nothing was changed.", "That share link brought no answers that fit this audit ({n} did not fit); nothing was changed.", dropped.length)
        : t("That share link brought no answers that fit this audit; nothing was changed."), "warning");
    }
    const said = dropped.length
      ? tn("Answers loaded from a shared link; {n} that did not fit was dropped.", "Answers loaded from a shared link; {n} that did not fit were dropped.", dropped.length)
      : t("Answers loaded from a shared link.");
    this.ask(t("This share link carries answers different from those saved in this browser. Replace yours with the link’s?"), t("Use the link’s answers"), kept, said);
  }

  // --- the form -------------------------------------------------------------------

  fill() {
    for (const [id, q] of this.questions) {
      const value = this.answers[id];
      const inputs = this.form.querySelectorAll(`[name="${CSS.escape(id)}"]`);
      for (const input of inputs) {
        if (q.type === "number") { input.value = typedNumber(value); this.showError(input, ""); } // a kept answer is never wrong
        else if (q.type === "checklist") input.checked = Array.isArray(value) && (input.value === "none" ? value.length === 0 : value.includes(Number(input.value)));
        else if (q.type === "yesno") input.checked = value !== undefined && String(value) === input.value;
        else input.checked = value !== undefined && Number(input.value) === value;
      }
    }
  }

  read() {
    const answers = {};
    for (const [id, q] of this.questions) {
      const inputs = [...this.form.querySelectorAll(`[name="${CSS.escape(id)}"]`)];
      if (q.type === "number") {
        const input = inputs[0];
        const n = readNumber(input.value);
        let message = "";
        if (n.problem) message = `${numberProblem(input.value, n.problem, t)}.`;
        else if (n.value !== null && validateAnswers(this.ladder, { [id]: n.value }).length) message = outOfRange(q);
        else if (n.value !== null) answers[id] = n.value;
        this.showError(input, message);
      } else if (q.type === "checklist") {
        const ticked = inputs.filter((i) => i.checked && i.value !== "none").map((i) => Number(i.value));
        if (ticked.length || inputs.some((i) => i.checked && i.value === "none")) answers[id] = ticked;
      } else {
        const chosen = inputs.find((i) => i.checked);
        if (chosen) answers[id] = q.type === "yesno" ? chosen.value === "true" : Number(chosen.value);
      }
    }
    return answers;
  }

  showError(input, message) {
    const error = this.root.querySelector(`#${CSS.escape(input.id)}-error`);
    error.hidden = !message;
    error.textContent = message;
    input.setAttribute("aria-invalid", message ? "true" : "false");
    if (message) input.setAttribute("aria-errormessage", error.id); else input.removeAttribute("aria-errormessage");
  }

  // "None of these" and the options of a checklist exclude each other.
  exclusive(input) {
    if (input.type !== "checkbox" || !input.checked) return;
    for (const other of this.form.querySelectorAll(`input[name="${CSS.escape(input.name)}"]`)) {
      if (other !== input && (input.value === "none" || other.value === "none")) other.checked = false;
    }
  }

  changed() {
    this.answers = this.read();
    this.save();
    // A finished audit is kept as a dated attempt: next quarter's results compare with it.
    if (Object.keys(this.answers).length === this.questions.size && !this.frozen) this.keepAttempt(this.answers, "finished");
    this.render(true);
  }

  restart() {
    this.replaceWith({}, "cleared", t("All answers were cleared. They are kept under Saved attempts, should you want them back."));
  }

  // --- export, import, share ------------------------------------------------------

  document() {
    // history: the finished audits of earlier days, dated (ladder-answers/1, optional; readers that score ignore it).
    const today = DAY(new Date().toISOString());
    const history = this.attempts().filter((a) => a.kind === "finished" && DAY(a.date) < today).map((a) => ({ date: DAY(a.date), answers: a.answers }));
    return { format: ANSWERS_FORMAT, ladder: this.ladder.id, answers: this.answers, result: score(this.ladder, this.answers), ...(history.length ? { history } : {}) };
  }

  async importFile(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    // Refused as `ladderkit score` refuses it, in its words (clientfiles.mjs); answers that do
    // not fit are then dropped, not refused, and named.
    const refuse = (why) => this.notice(t("{file}: {problem}. Nothing was changed.", { file: file.name, problem: why }), "warning");
    if (tooBig(file.size)) return refuse(tooBig(file.size));
    let doc;
    try { doc = parseJson(new Uint8Array(await file.arrayBuffer())); } catch (err) { return refuse(err.message); }
    const problem = answersDocumentProblem(doc, this.ladder.id);
    if (problem) return refuse(problem);
    const { kept, dropped } = this.sift(doc.answers);
    const history = this.importHistory(doc.history);
    if (!Object.keys(kept).length) {
      const parts = [t("That file holds no answers that fit this audit; nothing was changed.")];
      if (dropped.length) parts.push(tn("{n} answer did not fit.", "{n} answers did not fit.", dropped.length));
      if (history) parts.push(tn("{n} earlier attempt was added to Saved attempts.", "{n} earlier attempts were added to Saved attempts.", history));
      return this.notice(parts.join(" "), "warning");
    }
    const imported = Object.keys(kept).length;
    const said = dropped.length
      ? tn("Imported {n} answer; {dropped} that did not fit were dropped ({ids}).", "Imported {n} answers; {dropped} that did not fit were dropped ({ids}).", imported, { dropped: number(dropped.length), ids: dropped.join(", ") })
      : tn("Imported {n} answer.", "Imported {n} answers.", imported);
    this.ask(t("This file’s answers differ from those saved in this browser. Replace yours with the file’s?"), t("Use the file’s answers"), kept, said);
  }

  // A file's dated history joins Saved attempts (finished audits); returns how many were new.
  importHistory(history) {
    if (!Array.isArray(history)) return 0;
    const list = this.attempts();
    let added = 0;
    for (const h of history.slice(0, MAX_ATTEMPTS)) {
      if (!h || typeof h.date !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(h.date) || !h.answers || typeof h.answers !== "object") continue;
      const { kept } = this.sift(h.answers);
      if (!Object.keys(kept).length || list.some((a) => DAY(a.date) === DAY(h.date) && sameAnswers(a.answers, kept))) continue;
      list.push({ date: `${DAY(h.date)}T00:00:00.000Z`, kind: "finished", answers: kept });
      added += 1;
    }
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    if (added && keep(this.store, this.attemptsKey, JSON.stringify(list.slice(-MAX_ATTEMPTS)))) this.renderAttempts();
    return added;
  }

  shareUrl() {
    const payload = encodeShare({ ladder: this.ladder.id, answers: this.answers });
    return `${location.origin}${location.pathname}#answers=${payload}`;
  }

  async share() {
    const url = this.shareUrl();
    const box = this.root.querySelector(".lk-share-box");
    const field = box.querySelector(".lk-share-url");
    field.value = url;
    box.hidden = false;
    try {
      await navigator.clipboard.writeText(url);
      this.notice(t("Share link copied. It carries your answers in the link itself; nothing is stored on a server."));
    } catch {
      field.select();
      this.notice(t("Copy the share link below. It carries your answers in the link itself; nothing is stored on a server."));
    }
  }

  // --- results --------------------------------------------------------------------

  render(announce) {
    const r = score(this.ladder, this.answers);
    const read = readResult(this.ladder, r); // what each number rests on, and the sentences around it
    const $ = (cls) => this.root.querySelector(cls);
    const bridge = (id) => this.ladder.bridges.find((b) => b.id === id);
    $(".lk-progress-text").textContent = t("{answered} of {total} answered", { answered: number(r.answered), total: number(r.questions) });
    $(".lk-progress-bar").value = r.answered;
    $(".lk-overall-value").textContent = read.overall.shown;
    $(".lk-overall-basis").textContent = r.overall === null ? "" : `(${read.overall.basis})`;
    for (const g of this.root.querySelectorAll(".lk-position [data-rung]")) g.classList.toggle("lk-here", g.dataset.rung === read.position);
    for (const g of this.root.querySelectorAll(".lk-position [data-bridge]")) {
      g.classList.toggle("lk-focus", g.dataset.bridge === read.focus);
      g.classList.toggle("lk-at-risk", read.risks.includes(g.dataset.bridge));
    }
    // The change since the latest finished audit of an earlier day, where both are scored.
    const prev = this.previous();
    const before = prev && score(this.ladder, this.sift(prev.answers).kept);
    const since = (now, then) => (change(now, then) && `<span class="lk-change" data-change="${now - then}">${esc(t("{change} since {date}", { change: change(now, then), date: longDate(prev.date) }))}</span>`);
    $(".lk-overall-change").innerHTML = before ? since(r.overall, before.overall) : "";
    $(".lk-bars").innerHTML = this.ladder.bridges.filter((b) => b.questions.length).map((b) => {
      const s = r.bridges[b.id], shown = read.bridges[b.id];
      const risk = read.risks.includes(b.id);
      const cls = `lk-${b.direction}${risk ? " lk-at-risk" : ""}${shown.provisional ? " lk-provisional" : ""}`;
      return `<li class="${cls}" data-bridge="${esc(b.id)}"><a href="${esc(this.links.bridges[b.id])}">${esc(b.name)}</a>` +
        `<span class="lk-bar" aria-hidden="true"><span style="width:${s.score ?? 0}%"></span></span>` +
        `<span class="lk-score">${esc(shown.shown)}</span><span class="lk-count">${esc(shown.basis)}` +
        `${b.direction === "down" ? ` · ${esc(t("a way customers are lost"))}` : ""}</span>` +
        (risk ? `<span class="lk-risk-note">${esc(t("At risk: under the pass mark of {pass_mark}", { pass_mark: number(this.ladder.pass_mark) }))}</span>` : "") +
        (before ? since(s.score, before.bridges[b.id].score) : "") + "</li>";
    }).join("");
    const focus = read.focus && bridge(read.focus);
    const where = `<h3>${esc(t("Where you stand"))}</h3>`;
    const focusLink = focus && `<a href="${esc(this.links.bridges[focus.id])}"><strong class="lk-focus-name">${esc(bridgeRef(focus.name))}</strong></a>`;
    $(".lk-focus-panel").innerHTML = !read.started
      ? `${where}<p>${esc(t("Answer the questions to see where you stand on the ladder."))}</p>`
      : `${where}<p class="lk-standing lk-reason">${esc(read.reason)}</p>` + (focus
        ? `<p>${place(t("Focus next on {bridge}."), { bridge: focusLink })}</p>` +
          (focus.planks.length ? `<ul>${focus.planks.map((p) => `<li><strong>${esc(p.title)}</strong>${p.detail ? ` — ${esc(p.detail)}` : ""}</li>`).join("")}</ul>` : "")
        : `<p>${esc(t("Keep every bridge strong."))}</p>`);
    $(".lk-risks").innerHTML = read.risks.length
      ? `<h3>${esc(t("Risks"))}</h3><ul>${read.risks.map((id) => `<li class="lk-risk">${place(t("{bridge}: scores {score}, below {pass_mark}", { score: number(r.bridges[id].score), pass_mark: number(this.ladder.pass_mark) }), { bridge: `<a href="${esc(this.links.bridges[id])}">${esc(bridge(id).name)}</a>` })}</li>`).join("")}</ul>`
      : "";
    $(".lk-flags").innerHTML = read.flags.length
      ? `<h3>${esc(t("Warnings"))}</h3><ul>${read.flags.map((id) => `<li class="lk-flag" data-flag="${esc(id)}">${esc(this.ladder.flags.find((f) => f.id === id).message)}</li>`).join("")}</ul>`
      : "";
    $(".lk-why-body").innerHTML = this.why(r, read);
    const summary = read.started ? t("Overall {score}, {basis}. {reason}", { score: read.overall.shown, basis: read.overall.basis, reason: read.reason }) : "";
    if (this.guide) this.guide.refresh();
    clearTimeout(this.liveTimer);
    if (announce) this.liveTimer = setTimeout(() => { $(".lk-live").textContent = summary; }, 600);
  }

  why(r, read) {
    // Earned and possible points per bridge come from the scorer's own tally.
    const tally = bridgeTally(this.ladder, this.answers);
    const rows = this.ladder.bridges.filter((b) => b.questions.length).map((b) => {
      const count = tally[b.id], s = r.bridges[b.id];
      return `<tr><th scope="row">${esc(b.name)}</th><td>${count.possible ? esc(t("{earned} of {possible}", { earned: number(count.earned), possible: number(count.possible) })) : "—"}</td>` +
        `<td>${s.score === null ? "—" : number(s.score)}</td><td>${esc(read.bridges[b.id].provisional ? t("provisional") : s.band ?? "—")}</td></tr>`;
    }).join("");
    const bands = this.ladder.bands.map((b) => t("{band} from {min}", { band: b.label, min: number(b.min) })).join(", ");
    return `<p>${esc(t("Each answer earns points × its weight (a question marked ×2 counts twice). A bridge’s score is 100 × earned ÷ possible, rounded half up; a bridge scoring {pass_mark} or more is crossed. A score resting on fewer than half of its questions is provisional, so no band is given for it. Bands: {bands}.", { pass_mark: number(this.ladder.pass_mark), bands }))}</p>` +
      `<table class="lk-why-table"><thead><tr><th scope="col">${esc(t("Bridge"))}</th><th scope="col">${esc(t("Points earned"))}</th><th scope="col">${esc(t("Score"))}</th><th scope="col">${esc(t("Band"))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

}

// Printing shows the working too: a closed <details> would print as its summary alone.
window.addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll("details.lk-why:not([open])")) { d.open = true; d.dataset.lkPrintOpened = "1"; }
});
window.addEventListener("afterprint", () => {
  for (const d of document.querySelectorAll("details[data-lk-print-opened]")) { d.open = false; delete d.dataset.lkPrintOpened; }
});

onPage("[data-lk-audit]", (root) => new Audit(root).start());
