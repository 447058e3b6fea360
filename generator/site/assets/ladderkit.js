// The one script every page loads: it imports a page's own module only on the pages that
// show it, so the audit page does not carry the customers or group code. Each module then
// initialises itself through common.js's onPage (Material's document$, never twice).
const PAGES = [
  ["[data-lk-audit]", "./audit.js"],
  ["[data-lk-customers]", "./customers.js"],
  ["[data-lk-group]", "./group.js"],
];

function load() {
  for (const [selector, module] of PAGES) {
    if (document.querySelector(selector)) import(module).catch((err) => console.error(err));
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(load);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
else load();
