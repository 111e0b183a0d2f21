/**
 * The entry point: the language's strings (a chunk of their own), then header, track form and the page's own module
 * chosen by <body data-page>.
 */
import { initSubscriptions } from "./pages/subscriptions";
import { initUnsubscribe } from "./pages/unsubscribe";
import { initAccountNav } from "./accountnav";
import { $ } from "./dom";
import { applyI18n, lang, loadStrings, setLang } from "./i18n";
import { initConfirm, initForgot, initLogin, initRegister, initReset } from "./pages/auth";
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

export function boot() {
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
    unsubscribe: initUnsubscribe, subscriptions: initSubscriptions
  };
  if (Object.prototype.hasOwnProperty.call(pages, page)) pages[page]();
}

// The strings are fetched at once, the page started when both they and the document are there. Should they fail
// to load, the page still starts: its markup keeps its Bulgarian texts, and t() answers with keys.
const stringsLoaded = loadStrings().catch(function () { /* see above */ });
function start() { stringsLoaded.then(boot); }
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
