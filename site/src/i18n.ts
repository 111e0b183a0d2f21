/** Bulgarian (default) and English: t() for the current language, the switch on every page, listeners that re-render. */
import { T } from "./strings";

const LANG_KEY = "scc-lang";
export let lang: "bg" | "en" = "bg";
try {
  if (window.localStorage.getItem(LANG_KEY) === "en") lang = "en";
} catch (e) { /* storage unavailable: stay in Bulgarian */ }

const langListeners: Array<() => void> = [];

export function t(key: string, vars?: Record<string, unknown> | null): string {
  const entry = T[key];
  let s = entry ? entry[lang === "en" ? 1 : 0] : key;
  if (vars) {
    s = s.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
    });
  }
  return s;
}

/** Pick the current language from an API name object {bg, en}. */
export function pick(obj: unknown): string {
  if (!obj || typeof obj !== "object") return typeof obj === "string" ? obj : "";
  const names = obj as Partial<Record<"bg" | "en", unknown>>;
  const v = names[lang] || names.bg || names.en || "";
  return typeof v === "string" ? v : "";
}

export function applyI18n() {
  document.documentElement.lang = lang;
  const nodes = document.querySelectorAll("[data-i18n]");
  for (let i = 0; i < nodes.length; i++) {
    nodes[i].textContent = t(nodes[i].getAttribute("data-i18n") || "");
  }
  const labelled = document.querySelectorAll("[data-i18n-aria-label]");
  for (let j = 0; j < labelled.length; j++) {
    labelled[j].setAttribute("aria-label", t(labelled[j].getAttribute("data-i18n-aria-label") || ""));
  }
  const sw = document.getElementById("lang-switch");
  if (sw) {
    sw.textContent = t("lang.switch");
    sw.lang = lang === "en" ? "bg" : "en";
    sw.setAttribute("aria-label", t("lang.switch.label"));
  }
}

export function setLang(next: string): void {
  lang = next === "en" ? "en" : "bg";
  try { window.localStorage.setItem(LANG_KEY, lang); } catch (e) { /* ignore */ }
  applyI18n();
  langListeners.forEach(function (fn) { fn(); });
}

export function onLangChange(fn: () => void): void { langListeners.push(fn); }
