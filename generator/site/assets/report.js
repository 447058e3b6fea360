// The audit page's "Print or save as PDF" and "Send to my coach" buttons. The report itself is
// laid out by report-view.js, imported when the button is pressed: a client who never asks for
// it does not download it, and the first question comes sooner on a phone. "Send to my coach"
// is a mailto: link with a short summary and the share link (shown only when the brand has an
// e-mail address).
import { score } from "./scoring.mjs";
import { standing } from "./wording.mjs";
import { number, t } from "./i18n.mjs";

// What this module says, in the site's language.
const SAY = {
  print: t("Print or save as PDF"),
  send: t("Send to my coach"),
  notLoaded: t("The report could not be loaded (is this device offline?). Try again in a moment."),
};

function mailto(audit, brand) {
  const r = score(audit.ladder, audit.answers);
  const L = audit.ladder;
  const name = (id) => L.bridges.find((b) => b.id === id).name;
  const answered = t("{answered} of {total} answered", { answered: number(r.answered), total: number(r.questions) });
  const lines = [t("My results on “{ladder}”:", { ladder: L.title }),
    r.overall === null ? t("Overall score: not yet scored ({answered})", { answered }) : t("Overall score: {score} out of 100 ({answered})", { score: number(r.overall), answered }),
    standing(L, r)];
  if (r.focus) lines.push(t("Focus: {bridge}", { bridge: name(r.focus) }));
  for (const b of L.bridges) if (b.questions.length && r.bridges[b.id].score !== null) lines.push(`- ${b.name}: ${number(r.bridges[b.id].score)} (${r.bridges[b.id].band})`);
  lines.push("", t("My answers (this link opens them on the self-audit):"), audit.shareUrl());
  const subject = t("Self-audit results: {ladder}", { ladder: L.title });
  return `mailto:${encodeURIComponent(brand.email).replace(/%40/g, "@")}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(lines.join("\n"))}`;
}

export function attachReport(audit) {
  const brand = JSON.parse(audit.root.dataset.brand || "{}");
  const toolbar = audit.root.querySelector(".lk-toolbar");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button lk-report";
  button.textContent = SAY.print;
  // Fetched once the menu holding the button opens, so it is usually there by the press (and
  // still there if the phone then goes offline); a failed fetch is tried again on the next press.
  let view = null;
  const load = () => (view ||= import("./report-view.js").catch((err) => { view = null; throw err; }));
  const menu = audit.root.querySelector(".lk-menu-button");
  if (menu) menu.addEventListener("click", () => load().catch(() => {}), { once: true });
  button.addEventListener("click", () => {
    load().then(({ showReport }) => showReport(audit, brand)).catch((err) => {
      audit.notice(SAY.notLoaded, "warning");
      console.error(err);
    });
  });
  toolbar.append(button);
  if (brand.email) {
    const send = document.createElement("a");
    send.className = "md-button lk-send";
    send.textContent = SAY.send;
    send.href = `mailto:${brand.email}`;
    const refresh = () => { send.href = mailto(audit, brand); };
    for (const ev of ["focus", "pointerenter", "click"]) send.addEventListener(ev, refresh);
    toolbar.append(send);
  }
}
