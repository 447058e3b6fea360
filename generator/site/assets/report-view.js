// The audit's report view, loaded only when the client asks for it ("Print or save as PDF";
// report.js adds the button): it lays out the same sections as `ladderkit report`
// (generator/print/report.py) from the same result, computed by scoring.mjs, and prints it;
// nothing goes to a server. The button is named for what it does: the browser's print dialog,
// where "Save as PDF" keeps the report as a file (a PDF library in the browser would weigh more
// than the whole audit). While the report prints, only the report and the boxes around it are
// laid out (ladderkit.css, html.lk-printing-report), so no page is blank.
import { score } from "./scoring.mjs";
import { readResult } from "./reading.mjs";
import { esc } from "./common.js";
import { bridgeRef, plainText } from "./wording.mjs";

function reportHtml(audit, r, brand) {
  const L = audit.ladder;
  const rung = (id) => L.rungs.find((x) => x.id === id);
  const bridge = (id) => L.bridges.find((b) => b.id === id);
  const date = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
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
  if (focus) steps.push(`Work on ${esc(bridgeRef(focus.name))}: pick one plank above and start this week.`);
  if (r.risks.length) steps.push("Shore up the bridges at risk, so the customers you have do not slip back down.");
  if (r.answered < r.questions) steps.push(`Answer the remaining ${r.questions - r.answered} questions for a complete picture.`);
  steps.push("Take the self-audit again in three months and compare.");
  const contact = [brand.email, brand.phone, brand.website].filter(Boolean).map(esc).join(" · ");
  return `<div class="lk-r-head"><span class="lk-r-brand">${esc(brand.name || "")}</span></div>` +
    `<h2 class="lk-r-title">${esc(L.title)}</h2><p class="lk-r-who">Your personal report · ${esc(date)}</p>` +
    `<p class="lk-r-overall">Overall score: <strong>${esc(read.overall.shown)}</strong> (${esc(read.overall.basis)})</p>` +
    (read.started
      ? `<p class="lk-r-position">${esc(read.reason)}</p>`
      : `<p class="lk-r-position">No question is answered yet, so there is no position.</p>`) +
    (L.source ? `<p class="lk-r-source">About this ladder: ${esc(plainText(L.source))}</p>` : "") +
    (svg ? `<div class="lk-r-diagram">${svg.outerHTML.replace(/ id="lk-audit-diagram/g, ' id="lk-report-diagram').replace(/lk-audit-diagram-/g, "lk-report-diagram-")}</div>` : "") +
    `<h3>Bridge by bridge</h3><div class="lk-table-wrap"><table class="lk-r-bars"><thead><tr><th scope="col">Bridge</th><th scope="col">Score</th><th scope="col">Score — band</th><th scope="col">Rests on</th></tr></thead><tbody>${rows}</tbody></table></div>` +
    (!read.started ? "<h3>Your focus</h3><p>No question is answered yet, so there is no focus to suggest.</p>" : focus
      ? `<h3>Your focus: ${esc(focus.name)}</h3><p class="lk-r-focus">Focus next on <strong>${esc(bridgeRef(focus.name))}</strong> (${fs === null ? "not scored yet" : `scoring ${fs}; ${L.pass_mark} crosses it`}), from ${esc(rung(focus.from).name)} to ${esc(rung(focus.to).name)}.</p>` +
        (focus.summary ? `<p>${esc(focus.summary)}</p>` : "") +
        (focus.planks.length ? `<h4>The planks of this bridge</h4><ul>${focus.planks.map((p) => `<li><strong>${esc(p.title)}</strong>${p.detail ? ` — ${esc(p.detail)}` : ""}</li>`).join("")}</ul>` : "")
      : "<h3>Your focus</h3><p>You are at the top of the ladder. Keep every bridge strong.</p>") +
    (read.risks.length ? `<h3>Risks</h3><ul>${read.risks.map((id) => `<li class="lk-r-risk">${esc(bridge(id).name)}: scores ${r.bridges[id].score}, below ${L.pass_mark}</li>`).join("")}</ul>` : "") +
    (read.flags.length ? `<h3>Warnings</h3><ul>${read.flags.map((id) => `<li class="lk-r-flag" data-flag="${esc(id)}">${esc(L.flags.find((f) => f.id === id).message)}</li>`).join("")}</ul>` : "") +
    `<h3>Next steps</h3><ol>${steps.map((s) => `<li>${s}</li>`).join("")}</ol>` +
    (brand.cta_text ? `<div class="lk-r-cta"><p><a href="${esc(brand.cta_link)}">${esc(brand.cta_text)}</a></p>${contact ? `<p>${esc(brand.name)}: ${contact}</p>` : ""}</div>` : "");
}

// Lay the report out below the results (one view per audit), bring it into view, and print it.
export function showReport(audit, brand) {
  let view = audit.root.querySelector(".lk-report-view");
  if (!view) {
    view = document.createElement("section");
    view.className = "lk-report-view";
    view.id = "lk-report-view"; // the print stylesheet keeps this element and its ancestors only
    view.setAttribute("aria-label", "Your report, ready to print");
    audit.root.append(view);
  }
  view.innerHTML = reportHtml(audit, score(audit.ladder, audit.answers), brand) +
    '<p class="lk-r-actions"><button type="button" class="md-button lk-report-print">Print or save as PDF</button></p>';
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
