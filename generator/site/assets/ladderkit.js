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

// Below Material's 76.25em the site's navigation is a drawer, opened by a <label> in the header
// that no keyboard reaches; while it is closed its links are out of the Tab order as well
// (ladderkit.css), so Tab from the top comes to the page after a few presses, not some seventy
// hidden links. A real button takes the label's place: pressed from the keyboard it opens the
// drawer with focus on its first link; Escape, or focus leaving the drawer, closes it (Escape
// returns focus to the button).
// The button is named as Material names the navigation it opens, in the site's language
// ("Navigation", "Navegación"); the catalogue is not loaded on every page for one word.
const drawerLabel = () => document.querySelector(".md-nav--primary")?.getAttribute("aria-label") || "Navigation";
const narrow = matchMedia("(max-width: 76.234375em)");

function drawerButton() {
  const toggle = document.getElementById("__drawer");
  const label = document.querySelector('.md-header label[for="__drawer"]');
  if (!toggle || !label) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon lk-drawer-button";
  button.innerHTML = label.innerHTML; // Material's menu icon
  button.setAttribute("aria-label", drawerLabel());
  label.before(button);
  label.hidden = true;
  const sync = () => button.setAttribute("aria-expanded", String(toggle.checked));
  sync();
  toggle.addEventListener("change", sync);
  const close = () => { if (toggle.checked) toggle.click(); };
  button.addEventListener("click", (ev) => {
    toggle.click(); // Material follows the checkbox's change (scroll lock, overlay)
    if (toggle.checked && ev.detail === 0) document.querySelector(".md-sidebar--primary .md-nav__link")?.focus(); // from the keyboard
  });
  addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape" || !toggle.checked || !narrow.matches) return;
    close();
    button.focus();
  });
  addEventListener("focusin", (ev) => {
    if (toggle.checked && narrow.matches && ev.target !== button && !ev.target.closest?.(".md-sidebar--primary")) close();
  });
}
drawerButton();

// "Skip to content" (Material's) moves focus to the heading it names, and nothing else: followed
// as a link, its new address would make Material's instant navigation fetch the page again and
// swap it in (focus then falls back to the top, and a tool page starts over), and it would
// replace the audit's own place in the address (#step-2).
addEventListener(
  "click",
  (ev) => {
    const skip = ev.target instanceof Element ? ev.target.closest("a.md-skip") : null;
    const here = skip && skip.hash && skip.pathname === location.pathname; // Material may make the href absolute
    const target = here && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
    if (!target) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    if (!target.hasAttribute("tabindex")) target.tabIndex = -1;
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  },
  true,
);

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
