// The one script every page loads: it imports a page's own module only on the pages that
// show it, so the audit page does not carry the customers or group code. Each module then
// initialises itself through common.js's onPage (Material's document$, never twice).
const PAGES = [
  ["[data-lk-audit]", "./audit.js"],
  ["[data-lk-customers]", "./customers.js"],
  ["[data-lk-group]", "./group.js"],
];

// A tool page defers the site search (theme/partials/search.html: no index, no worker).
// Material sets its search up once per full page load, so a link from such a page is
// followed as a full load too (Material's instant navigation listens below the window and
// never sees it); otherwise search would stay off on every page after it.
if (document.querySelector("[data-lk-search-deferred]")) {
  addEventListener(
    "click",
    (ev) => {
      const link = ev.target instanceof Element ? ev.target.closest("a[href]") : null;
      if (!link || link.origin !== location.origin || link.target || link.hasAttribute("download")) return;
      if (link.pathname === location.pathname) return; // a link within the page stays with it
      ev.stopImmediatePropagation();
    },
    true,
  );
}

function load() {
  for (const [selector, module] of PAGES) {
    if (document.querySelector(selector)) import(module).catch((err) => console.error(err));
  }
}

// Now: on a tool page this script may run before Material's bundle (an async copy sits just
// before it, site/preload.py), with the page above it parsed. Then on every page Material's
// instant navigation shows, once its document$ exists (common.js's onPage does the same).
load();
const theme = () => window.document$ && typeof window.document$.subscribe === "function" && window.document$.subscribe(load);
if (!theme() && document.readyState === "loading") document.addEventListener("DOMContentLoaded", theme, { once: true });
