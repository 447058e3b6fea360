// The guided audit: a start screen, one bridge per step, "Check your answers", then the result
// (GOV.UK's question pages and check-answers pattern; Typeform and ScoreApp scorecards).
// The server renders the whole form with these parts hidden, so without JavaScript the page is
// the full single-page form; "Show all questions" keeps that form as a choice here too.
// Answers, saving and scoring stay in audit.js: this module only shows one part at a time.
// The view is kept in the address (#step-2, #check, #result, #all): a reload stays on it and
// the browser's Back button goes back a step.
import { esc, typedNumber } from "./common.js";
import { number, t, tn } from "./i18n.mjs";

const HASH = /^#(?:(start|check|result|all)|step-(\d+))$/;

export function attachGuide(audit, early) {
  const guide = new Guide(audit);
  guide.start(early);
  return guide;
}

class Guide {
  constructor(audit) {
    this.audit = audit;
    this.root = audit.root;
    this.steps = [...this.root.querySelectorAll(".lk-form > .lk-bridge")]; // bridges without questions are not rendered
    this.bridges = this.steps.map((f) => audit.ladder.bridges.find((b) => b.id === f.dataset.bridge));
    this.view = null;
    this.returning = false; // came to a step through a Change link: Next goes back to the check page
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  start(early) {
    for (const el of this.root.querySelectorAll(".lk-menu, .lk-start, .lk-step-nav, .lk-check, .lk-result-nav, .lk-all-nav")) el.hidden = false;
    this.steps.forEach((f, i) => {
      // "Step 2 of 6" on its own line; the hidden colon keeps it apart from the name when read out.
      f.querySelector(".lk-step-count").innerHTML = `${esc(t("Step {n} of {total}", { n: number(i + 1), total: number(this.steps.length) }))}<span class="lk-sr">: </span>`;
    });
    // Headings receive focus on each change of view, so screen readers start reading there.
    for (const h of this.root.querySelectorAll(".lk-bridge-title, #lk-start-title, #lk-check-title, #lk-results-title")) h.tabIndex = -1;
    this.menu();
    const on = (selector, fn) => { for (const el of this.root.querySelectorAll(selector)) el.addEventListener("click", fn); };
    on(".lk-begin", () => this.show(this.resume()));
    on(".lk-back", () => this.show(this.view === 0 ? "start" : this.view - 1));
    on(".lk-next", () => this.show(this.returning || this.view === this.steps.length - 1 ? "check" : this.view + 1));
    on(".lk-check-back", () => this.show(this.steps.length - 1));
    on(".lk-see-result", () => this.show("result"));
    on(".lk-to-check", () => this.show("check"));
    on(".lk-show-all", () => this.show("all"));
    on(".lk-one-by-one", () => this.show(this.resume() === "check" ? 0 : this.resume()));
    this.$(".lk-check-body").addEventListener("click", (e) => {
      const link = e.target.closest("[data-change]");
      if (!link) return;
      // Ours alone: Material's instant navigation would otherwise follow the link too and
      // take focus back to the page (the link's href is the step, for a new tab or a copy).
      e.preventDefault();
      e.stopPropagation();
      this.change(link.dataset.change);
    });
    const onPop = () => {
      if (!document.contains(this.root)) return window.removeEventListener("popstate", onPop);
      const view = this.fromHash();
      if (view !== null) this.show(view, { push: false });
      else if (!location.hash) this.show("start", { push: false });
    };
    window.addEventListener("popstate", onPop);
    // A visitor who began on the full form before this script arrived stays on it.
    const view = this.fromHash() ?? (this.audit.toResult ? "result" : early ? "all" : "start");
    this.show(view, { push: false, focus: false });
  }

  // The "Save or share" menu: a disclosure button (WAI-ARIA disclosure pattern) that Escape closes.
  menu() {
    const button = this.$(".lk-menu-button");
    const panel = this.$(".lk-menu-panel");
    const toggle = (open) => {
      button.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
    };
    button.addEventListener("click", () => toggle(button.getAttribute("aria-expanded") !== "true"));
    this.$(".lk-menu").addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || panel.hidden) return;
      e.stopPropagation();
      toggle(false);
      button.focus();
    });
  }

  fromHash() {
    const m = HASH.exec(location.hash);
    if (!m) return null;
    if (m[1]) return m[1];
    const i = Number(m[2]) - 1;
    return i >= 0 && i < this.steps.length ? i : null;
  }

  // Where Start or Continue leads: the first step with a question left, or the check page.
  resume() {
    const i = this.bridges.findIndex((b) => b.questions.some((q) => !(q.id in this.audit.answers)));
    return i === -1 ? "check" : i;
  }

  // view: a step's index, "start", "check", "result" or "all".
  show(view, { push = true, focus = true } = {}) {
    const step = typeof view === "number";
    if (view === "check" || view === "start" || view === "all") this.returning = false;
    this.view = view;
    this.root.dataset.view = step ? "step" : view;
    this.steps.forEach((f, i) => f.classList.toggle("lk-current", i === view));
    if (step) {
      this.$(".lk-next").textContent = this.returning ? t("Back to your answers") : view === this.steps.length - 1 ? t("Check your answers") : t("Next");
    }
    this.refresh();
    const hash = step ? `#step-${view + 1}` : `#${view}`;
    if (push && location.hash !== hash) history.pushState(null, "", location.pathname + location.search + hash);
    if (focus) this.focusHeading();
  }

  focusHeading() {
    const heading = typeof this.view === "number"
      ? this.steps[this.view].querySelector(".lk-bridge-title")
      : { start: "#lk-start-title", check: "#lk-check-title", result: "#lk-results-title", all: ".lk-one-by-one" }[this.view];
    const el = typeof heading === "string" ? this.$(heading) : heading;
    this.root.scrollIntoView({ block: "start" });
    el.focus();
  }

  // Called after every render: the start and check screens show the current answers.
  refresh() {
    if (this.view === "start") this.renderStart();
    if (this.view === "check") this.renderCheck();
  }

  counts() {
    const total = this.audit.questions.size;
    const answered = [...this.audit.questions.keys()].filter((id) => id in this.audit.answers).length;
    return { total, answered };
  }

  renderStart() {
    const { total, answered } = this.counts();
    const saved = this.$(".lk-start-saved");
    saved.hidden = answered === 0;
    const values = { answered: number(answered), total: number(total) };
    saved.textContent = answered ? tn("You have answered {answered} of {total} question; your answers are saved in this browser.", "You have answered {answered} of {total} questions; your answers are saved in this browser.", total, values) : "";
    this.$(".lk-begin").textContent = answered ? t("Continue ({answered} of {total} answered)", values) : t("Start");
  }

  renderCheck() {
    const { total, answered } = this.counts();
    const missing = total - answered;
    const values = { answered: number(answered), total: number(total) };
    const intro = missing
      ? `${tn("You have answered {answered} of {total} question.", "You have answered {answered} of {total} questions.", total, values)} ` +
        tn("{n} is marked “Not answered”: answer it now, or see a result that rests on the answers you gave.", "{n} are marked “Not answered”: answer them now, or see a result that rests on the answers you gave.", missing)
      : tn("You have answered the {n} question. Change the answer, or see your result.", "You have answered all {n} questions. Change any answer, or see your result.", total);
    const lists = this.bridges.map((b, i) => {
      const rows = b.questions.map((q) => {
        const shown = this.answerText(q, this.audit.answers[q.id]);
        const value = shown === null ? `<strong class="lk-unanswered">${esc(t("Not answered"))}</strong>`
          : Array.isArray(shown) ? `<ul>${shown.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>` : esc(shown);
        return `<div class="lk-summary-row${shown === null ? " lk-missing" : ""}" data-question="${esc(q.id)}"><dt>${esc(q.text)}</dt>` +
          `<dd class="lk-summary-value">${value}</dd><dd class="lk-summary-action"><a href="#step-${i + 1}" data-change="${esc(q.id)}">` +
          `${esc(shown === null ? t("Answer") : t("Change"))}<span class="lk-sr"> ${esc(t("your answer to: {question}", { question: q.text }))}</span></a></dd></div>`;
      }).join("");
      return `<h3>${esc(b.name)}</h3><dl class="lk-summary">${rows}</dl>`;
    }).join("");
    this.$(".lk-check-body").innerHTML = `<p class="lk-check-intro">${esc(intro)}</p>${lists}`;
  }

  // An answer as the client chose it: the label they clicked, a list of ticks, or the number typed.
  answerText(q, value) {
    if (value === undefined || value === null) return null;
    if (q.type === "number") {
      return q.unit ? `${typedNumber(value)} ${q.unit}` : typedNumber(value);
    }
    if (q.type === "yesno") return value ? t("Yes") : t("No");
    if (q.type === "scale") return q.choices[value].label;
    return value.length ? value.map((i) => q.options[i]) : [t("None of these")];
  }

  // A Change link: the question's step, with focus on the question itself.
  change(qid) {
    const i = this.bridges.findIndex((b) => b.questions.some((q) => q.id === qid));
    if (i === -1) return;
    this.returning = true;
    this.show(i, { focus: false });
    const box = this.root.querySelector(`.lk-question[data-question="${CSS.escape(qid)}"]`);
    const input = box.querySelector("input:checked") || box.querySelector("input");
    box.scrollIntoView({ block: "center" });
    input.focus();
  }
}
