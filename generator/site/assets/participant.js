// "Export answers" asks for an optional name before the file is written: the answers file's
// `name` (ladder-answers/1), which `ladderkit aggregate` and the group view list, and with which
// they tell two participants with the same answers apart. A blank name writes no `name` at all.
// The name is checked as the readers check it (textProblem, clientfiles.mjs) and remembered in
// this browser for the next export. A form inside the "Save or share" menu (GOV.UK's pattern:
// label, hint, error message above the field), not a dialog: it stays where the client was.
import { download, esc, keep, storage } from "./common.js";
import { textProblem } from "./clientfiles.mjs";
import { t } from "./i18n.mjs";

// What this module says, in the site's language.
const SAY = {
  label: t("Your name on the file"),
  hint: t("Optional — lets your facilitator tell files apart. Leave it blank to leave your name out."),
  save: t("Download answers file"),
  error: t("Error:"),
  saved: (file) => t("Your answers were saved as {file}.", { file }),
};
const KEY = "ladderkit:participant-name"; // one name for every audit of this site

export function attachExport(audit) {
  const button = audit.root.querySelector(".lk-export");
  const form = document.createElement("form");
  form.className = "lk-export-form";
  form.hidden = true;
  form.noValidate = true;
  form.innerHTML = `<label class="lk-label" for="lk-export-name">${esc(SAY.label)}</label>` +
    `<p class="lk-hint" id="lk-export-name-hint">${esc(SAY.hint)}</p>` +
    '<p class="lk-error" id="lk-export-name-error" hidden></p>' +
    '<input type="text" id="lk-export-name" class="lk-export-name" autocomplete="name" spellcheck="false" aria-describedby="lk-export-name-hint">' +
    `<button type="submit" class="md-button md-button--primary lk-export-save">${esc(SAY.save)}</button>`;
  button.closest(".lk-toolbar").after(form);
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "lk-export-form");
  form.id = "lk-export-form";
  const field = form.querySelector(".lk-export-name");
  const store = storage();
  button.addEventListener("click", () => {
    const open = form.hidden;
    form.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (!open) return;
    field.value = (store && store.getItem(KEY)) || "";
    showProblem(form, field, "");
    field.focus();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = field.value.trim();
    const problem = name && textProblem(name);
    showProblem(form, field, problem);
    if (problem) return field.focus();
    if (store) name ? keep(store, KEY, name) : store.removeItem(KEY);
    const file = `${audit.ladder.id}-answers.json`;
    const { format, ladder, ...rest } = audit.document();
    download(file, JSON.stringify({ format, ladder, ...(name ? { name } : {}), ...rest }, null, 2) + "\n", "application/json");
    form.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
    audit.notice(SAY.saved(file));
  });
}

// The reader's words beside the field, which is marked and described by them (or cleared).
function showProblem(form, field, problem) {
  const error = form.querySelector(".lk-error");
  error.hidden = !problem;
  error.innerHTML = problem ? `<span class="lk-sr">${esc(SAY.error)} </span>${esc(problem)}` : "";
  field.setAttribute("aria-invalid", problem ? "true" : "false");
  field.setAttribute("aria-describedby", problem ? "lk-export-name-hint lk-export-name-error" : "lk-export-name-hint");
}
