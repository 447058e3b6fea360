// The audit's report view, loaded only when the client asks for it ("Print or save as PDF";
// report.js adds the button): it lays out the same sections as `ladderkit report`
// (generator/print/report.py) from the same result, computed by scoring.mjs, and prints it;
// nothing goes to a server. The button is named for what it does: the browser's print dialog,
// where "Save as PDF" keeps the report as a file (a PDF library in the browser would weigh more
// than the whole audit). While the report prints, only the report and the boxes around it are
// laid out (ladderkit.css, html.lk-printing-report), so no page is blank.
import { score } from "./scoring.mjs";
import { readResult } from "./reading.mjs";
import { esc, place } from "./common.js";
import { date as longDate, t, number, tn } from "./i18n.mjs";
import { bridgeRef, plainText } from "./wording.mjs";

function reportHtml(audit, r, brand) {
  const L = audit.ladder;
  const rung = (id) => L.rungs.find((x) => x.id === id);
  const bridge = (id) => L.bridges.find((b) => b.id === id);
  const date = longDate(new Date());
  const svg = audit.root.querySelector(".lk-position svg");
  const read = readResult(L, r);
  const rows = L.bridges.filter((b) => b.questions.length).map((b) => {
    const s = r.bridges[b.id];
    return `<tr class="lk-r-${b.direction}${read.bridges[b.id].risk ? " lk-r-risk-bar" : ""}" data-bridge="${esc(b.id)}"><th scope="row">${esc(b.name)}</th>` +
      `<td><span class="lk-bar" aria-hidden="true"><span style="width:${s.score ?? 0}%"></span></span></td>` +
      `<td class="lk-r-score">${esc(read.bridges[b.id].shown)}</td><td>${esc(read.bridges[b.id].basis)}</td></tr>`;
  }).join("");
  const focus = read.focus && bridge(read.focus);
  const fs = focus && r.bridges[focus.id].score;
  const steps = [];
  if (focus) steps.push(esc(t("Work on {bridge}: pick one plank above and start this week.", { bridge: bridgeRef(focus.name) })));
  if (r.risks.length) steps.push(esc(t("Shore up the bridges at risk, so the customers you have do not slip back down.")));
  if (r.answered < r.questions) steps.push(esc(tn("Answer the remaining question for a complete picture.", "Answer the remaining {n} questions for a complete picture.", r.questions - r.answered)));
  steps.push(esc(t("Take the self-audit again in three months and compare.")));
  const contact = [brand.email, brand.phone, brand.website].filter(Boolean).map(esc).join(" · ");
  // Translated sentences first: the extractor reads t() calls, not calls inside other calls' arguments.
  const overall = t("Overall score: {score} ({basis})", { basis: read.overall.basis });
  const focusSentence = focus && (fs === null
    ? t("Focus next on {bridge} (not scored yet), from {from} to {to}.", { from: rung(focus.from).name, to: rung(focus.to).name })
    : t("Focus next on {bridge} (scoring {score}; {pass_mark} crosses it), from {from} to {to}.", { score: number(fs), pass_mark: number(L.pass_mark), from: rung(focus.from).name, to: rung(focus.to).name }));
  return `<div class="lk-r-head"><span class="lk-r-brand">${esc(brand.name || "")}</span></div>` +
    `<h2 class="lk-r-title">${esc(L.title)}</h2><p class="lk-r-who">${esc(t("Your personal report · {date}", { date }))}</p>` +
    `<p class="lk-r-overall">${place(overall, { score: `<strong>${esc(read.overall.shown)}</strong>` })}</p>` +
    (read.started
      ? `<p class="lk-r-position">${esc(read.reason)}</p>`
      : `<p class="lk-r-position">${esc(t("No question is answered yet, so there is no position."))}</p>`) +
    (L.source ? `<p class="lk-r-source">${esc(t("About this ladder: {source}", { source: plainText(L.source) }))}</p>` : "") +
    (svg ? `<div class="lk-r-diagram">${svg.outerHTML.replace(/ id="lk-audit-diagram/g, ' id="lk-report-diagram').replace(/lk-audit-diagram-/g, "lk-report-diagram-")}</div>` : "") +
    `<h3>${esc(t("Bridge by bridge"))}</h3><div class="lk-table-wrap"><table class="lk-r-bars"><thead><tr><th scope="col">${esc(t("Bridge"))}</th><th scope="col">${esc(t("Score"))}</th><th scope="col">${esc(t("Score — band"))}</th><th scope="col">${esc(t("Rests on"))}</th></tr></thead><tbody>${rows}</tbody></table></div>` +
    (!read.started ? `<h3>${esc(t("Your focus"))}</h3><p>${esc(t("No question is answered yet, so there is no focus to suggest."))}</p>` : focus
      ? `<h3>${esc(t("Your focus: {bridge}", { bridge: focus.name }))}</h3><p class="lk-r-focus">${place(focusSentence, { bridge: `<strong>${esc(bridgeRef(focus.name))}</strong>` })}</p>` +
        (focus.summary ? `<p>${esc(focus.summary)}</p>` : "") +
        (focus.planks.length ? `<h4>${esc(t("The planks of this bridge"))}</h4><ul>${focus.planks.map((p) => `<li><strong>${esc(p.title)}</strong>${p.detail ? ` — ${esc(p.detail)}` : ""}</li>`).join("")}</ul>` : "")
      : `<h3>${esc(t("Your focus"))}</h3><p>${esc(t("You are at the top of the ladder. Keep every bridge strong."))}</p>`) +
    (read.risks.length ? `<h3>${esc(t("Risks"))}</h3><ul>${read.risks.map((id) => `<li class="lk-r-risk">${esc(t("{bridge}: scores {score}, below {pass_mark}", { bridge: bridge(id).name, score: number(r.bridges[id].score), pass_mark: number(L.pass_mark) }))}</li>`).join("")}</ul>` : "") +
    (read.flags.length ? `<h3>${esc(t("Warnings"))}</h3><ul>${read.flags.map((id) => `<li class="lk-r-flag" data-flag="${esc(id)}">${esc(L.flags.find((f) => f.id === id).message)}</li>`).join("")}</ul>` : "") +
    `<h3>${esc(t("Next steps"))}</h3><ol>${steps.map((s) => `<li>${s}</li>`).join("")}</ol>` +
    (brand.cta_text ? `<div class="lk-r-cta"><p><a href="${esc(brand.cta_link)}">${esc(brand.cta_text)}</a></p>${contact ? `<p>${esc(brand.name)}: ${contact}</p>` : ""}</div>` : "");
}

// Lay the report out below the results (one view per audit), bring it into view, and print it.
export function showReport(audit, brand) {
  let view = audit.root.querySelector(".lk-report-view");
  if (!view) {
    view = document.createElement("section");
    view.className = "lk-report-view";
    view.id = "lk-report-view"; // the print stylesheet keeps this element and its ancestors only
    view.setAttribute("aria-label", t("Your report, ready to print"));
    audit.root.append(view);
  }
  view.innerHTML = reportHtml(audit, score(audit.ladder, audit.answers), brand) +
    `<p class="lk-r-actions"><button type="button" class="md-button lk-report-print">${esc(t("Print or save as PDF"))}</button></p>`;
  view.querySelector(".lk-report-print").addEventListener("click", printReport);
  // Screen readers follow the focus to the report's title.
  const title = view.querySelector(".lk-r-title");
  title.tabIndex = -1;
  title.focus();
  printReport();
}

function printReport() {
  // Only the report prints: the class hides the rest of the page for print (ladderkit.css).
  document.documentElement.classList.add("lk-printing-report");
  window.addEventListener("afterprint", () => document.documentElement.classList.remove("lk-printing-report"), { once: true });
  window.print();
}
