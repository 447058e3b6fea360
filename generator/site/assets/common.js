// Small page helpers shared by the audit, customers, group and report modules. No rules live
// here: scores and rungs come from scoring.mjs, numbers, CSV and the formula guard from rules.js.
import { DECIMAL, fill, t } from "./i18n.mjs";
import { numberText } from "./rules.js";

export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A translated sentence as HTML with marked-up pieces in its places: `text` is t("… {name} …")
// with those names left unfilled; the text is escaped, the pieces (already HTML) are not.
export const place = (text, pieces) => fill(esc(text), pieces);

// This browser's localStorage, or null where pages may not use it at all (disabled, blocked).
// Only reading is probed: a store that is full still holds earlier answers worth showing;
// each write is guarded where it happens (keep() below; the pages' unsaved() says so once).
export function storage() {
  try {
    localStorage.getItem("ladderkit:probe");
    return localStorage;
  } catch {
    return null;
  }
}

// Write `value` under `key`; false when the browser refuses (storage full or disabled).
export function keep(store, key, value) {
  if (!store) return false;
  try {
    store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

// Saved data that cannot be used is copied aside before the original is removed; when the
// copy fails (storage full) the original stays where it is. Returns the copy's key, or null
// when nothing was moved (the caller must then not save over `key`).
export function setAside(store, key, raw) {
  const aside = `${key}:corrupt:${Date.now()}`;
  if (!keep(store, aside, raw)) return null;
  store.removeItem(key);
  return aside;
}

// A destructive button asks for a second, separate click within five seconds; one timer per button,
// so an earlier click's timer never cuts a later confirmation short.
export function confirmTwice(button, question, act) {
  const label = button.textContent;
  let timer = null;
  const disarm = () => {
    clearTimeout(timer);
    timer = null;
    delete button.dataset.confirming;
    button.textContent = label;
  };
  button.addEventListener("click", (e) => {
    if (e.detail > 1) return; // the second click of a double-click is not a considered "yes"
    if (timer === null) {
      button.dataset.confirming = "1";
      button.textContent = question;
      timer = setTimeout(disarm, 5000);
      return;
    }
    disarm();
    act();
  });
}

// A number a person typed, shown back (in a box, on the check page): every digit kept, the
// language's decimal sign, never grouped (readNumber would refuse "12.345" as ambiguous).
export const typedNumber = (value) => (typeof value === "number" ? numberText(value).replace(".", DECIMAL) : "");

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A confirmation replaces the one before it, so adding customer after customer does not push
// the page down line by line; warnings stay, they say what went wrong.
export function notice(box, text, kind = "info") {
  if (kind === "info") for (const old of box.querySelectorAll(".lk-info")) old.remove();
  const p = document.createElement("p");
  p.className = `lk-notice lk-${kind}`;
  p.textContent = text;
  box.append(p);
}

// Run `start(root)` once per element matching `selector`: at once (a tool page's script may run
// before Material's bundle, see site/preload.py), then on every page Material's instant
// navigation shows (document$, once the bundle has run). Never binds an element twice.
export function onPage(selector, start) {
  const init = () => {
    for (const root of document.querySelectorAll(selector)) {
      if (root.dataset.lkReady) continue;
      root.dataset.lkReady = "1";
      try {
        start(root);
        performance.mark("ladderkit:ready"); // the first question can be answered (python -m bench phone)
      } catch (err) {
        const box = root.querySelector(".lk-notices");
        if (box) box.textContent = t("This page could not start in this browser.");
        console.error(err);
      }
    }
  };
  init();
  const theme = () => window.document$ && typeof window.document$.subscribe === "function" && window.document$.subscribe(init);
  if (!theme() && document.readyState === "loading") document.addEventListener("DOMContentLoaded", theme, { once: true });
}
