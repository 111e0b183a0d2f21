/**
 * The entry point: the language's strings (a chunk of their own), then header, track form and the page's own module
 * chosen by <body data-page>; pages that name statuses or kinds start once the catalogue is in.
 */
import { initAccountability } from "./pages/accounts";
import { initSubscriptions } from "./pages/subscriptions";
import { initUnsubscribe } from "./pages/unsubscribe";
import { initAccountNav } from "./accountnav";
import { getCatalogue } from "./catalogue";
import { $ } from "./dom";
import { applyI18n, lang, loadStrings, setLang } from "./i18n";
import { initConfirm, initForgot, initLogin, initRegister, initReset } from "./pages/auth";
import { initFixed } from "./pages/fixed";
import { initHome } from "./pages/home";
import { initLetter } from "./pages/letter";
import { initMy } from "./pages/my";
import { initMyDoc } from "./pages/mydoc";
import { initProfile } from "./pages/profile";
import { initQuestion } from "./pages/question";
import { initReport } from "./pages/report";
import { initStaff } from "./pages/staff/index";
import { initTrack } from "./pages/track";
import { initUnits } from "./pages/units";
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
  const page = document.body.dataset.page || "";
  const pages: Record<string, () => void> = {
    report: initReport, question: initQuestion, track: initTrack, home: initHome, units: initUnits,
    login: initLogin, register: initRegister, confirm: initConfirm, forgot: initForgot, reset: initReset,
    profile: initProfile, my: initMy, mydoc: initMyDoc, letter: initLetter, staff: initStaff,
    unsubscribe: initUnsubscribe, subscriptions: initSubscriptions, accounts: initAccountability, fixed: initFixed
  };
  if (!Object.prototype.hasOwnProperty.call(pages, page)) return;
  if (catalogueLoaded) catalogueLoaded.then(function () { pages[page](); });
  else pages[page]();
}

// The strings are fetched at once, the page started when both they and the document are there. Should they fail
// to load, the page still starts: its markup keeps its Bulgarian texts, and t() answers with keys.
const stringsLoaded = loadStrings().catch(function () { /* see above */ });
function start() {
  // The catalogue is asked for at once too, beside the strings.
  const catalogueLoaded = LABELLED_PAGES.indexOf(document.body.dataset.page || "") >= 0 ? getCatalogue() : null;
  stringsLoaded.then(function () { boot(catalogueLoaded); });
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
