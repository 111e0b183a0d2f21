/**
 * The entry point: the language's strings (a chunk of their own), then header, track form and the page's own module
 * chosen by <body data-page>; pages that name statuses or kinds start once the catalogue is in. Each page's module
 * is a chunk of its own, fetched beside the strings: a page loads its own code only (and the map's chunk only
 * where it shows a map).
 */
import { initAccountNav } from "./accountnav";
import { getCatalogue } from "./catalogue";
import { $ } from "./dom";
import { applyI18n, lang, loadStrings, setLang } from "./i18n";
import { wireTrackForm } from "./trackform";

// ----------------------------------------------------------------- boot
export function markCurrentPage() {
  const here = (window.location.pathname.split("/").pop() || "index.html").toLowerCase();
  const links = document.querySelectorAll(".site-footer a[href$='.html']");
  for (let i = 0; i < links.length; i++) {
    if ((links[i].getAttribute("href") || "").toLowerCase() === here) links[i].setAttribute("aria-current", "page");
  }
}

/**
 * Pages that show the names of statuses or kinds: those names live in the catalogue answer only, so these pages
 * start once it is in (one request, which the browser keeps for 5 minutes). Should it fail, they show the ids.
 */
const LABELLED_PAGES = ["home", "track", "report", "letter", "my", "mydoc", "subscriptions", "staff"];

export function boot(catalogueLoaded?: Promise<unknown> | null) {
  const sw = $("lang-switch");
  if (sw) {
    sw.hidden = false;
    sw.addEventListener("click", function () { setLang(lang === "en" ? "bg" : "en"); });
  }
  applyI18n();
  wireTrackForm();
  markCurrentPage();
  initAccountNav();
  if (!pageLoaded) return;
  if (catalogueLoaded) Promise.all([pageLoaded, catalogueLoaded]).then(function (loaded) { loaded[0](); });
  else pageLoaded.then(function (run) { run(); });
}

/** Each page's module, loaded on demand: its start function. */
const PAGES: Record<string, () => Promise<() => void>> = {
  report: function () { return import("./pages/report").then(function (m) { return m.initReport; }); },
  question: function () { return import("./pages/question").then(function (m) { return m.initQuestion; }); },
  track: function () { return import("./pages/track").then(function (m) { return m.initTrack; }); },
  home: function () { return import("./pages/home").then(function (m) { return m.initHome; }); },
  units: function () { return import("./pages/units").then(function (m) { return m.initUnits; }); },
  login: function () { return import("./pages/auth").then(function (m) { return m.initLogin; }); },
  register: function () { return import("./pages/auth").then(function (m) { return m.initRegister; }); },
  confirm: function () { return import("./pages/auth").then(function (m) { return m.initConfirm; }); },
  forgot: function () { return import("./pages/auth").then(function (m) { return m.initForgot; }); },
  reset: function () { return import("./pages/auth").then(function (m) { return m.initReset; }); },
  profile: function () { return import("./pages/profile").then(function (m) { return m.initProfile; }); },
  my: function () { return import("./pages/my").then(function (m) { return m.initMy; }); },
  mydoc: function () { return import("./pages/mydoc").then(function (m) { return m.initMyDoc; }); },
  letter: function () { return import("./pages/letter").then(function (m) { return m.initLetter; }); },
  staff: function () { return import("./pages/staff/index").then(function (m) { return m.initStaff; }); },
  unsubscribe: function () { return import("./pages/unsubscribe").then(function (m) { return m.initUnsubscribe; }); },
  subscriptions: function () { return import("./pages/subscriptions").then(function (m) { return m.initSubscriptions; }); },
  accounts: function () { return import("./pages/accounts").then(function (m) { return m.initAccountability; }); },
  fixed: function () { return import("./pages/fixed").then(function (m) { return m.initFixed; }); }
};

// The page's module is asked for at once, beside the strings (a page without one has none to load).
const pageName = document.body ? document.body.dataset.page || "" : "";
const pageLoaded: Promise<() => void> | null =
  Object.prototype.hasOwnProperty.call(PAGES, pageName) ? PAGES[pageName]() : null;

// The strings are fetched at once, the page started when both they and the document are there. Should they fail
// to load, the page still starts: its markup keeps its Bulgarian texts, and t() answers with keys.
const stringsLoaded = loadStrings(pageName === "staff" ? ["console"] : []).catch(function () { /* see above */ });
function start() {
  // The catalogue is asked for at once too, beside the strings.
  const catalogueLoaded = LABELLED_PAGES.indexOf(document.body.dataset.page || "") >= 0 ? getCatalogue() : null;
  stringsLoaded.then(function () { boot(catalogueLoaded); });
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
