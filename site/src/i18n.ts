/**
 * Bulgarian (default) and English: t() for the current language, the switch on every page, listeners that re-render.
 * Each language's strings are a chunk of their own (src/strings/bg.ts, en.ts): loadStrings() fetches the page's
 * language before anything renders, and the switch fetches the other one. The staff console's strings are a part of
 * their own (src/strings/console.bg.ts, console.en.ts), fetched beside them by the staff page only.
 */
type Lang = "bg" | "en";

const LANG_KEY = "scc-lang";
export let lang: Lang = "bg";
try {
  if (window.localStorage.getItem(LANG_KEY) === "en") lang = "en";
} catch (e) { /* storage unavailable: stay in Bulgarian */ }

const loaders: Record<Lang, () => Promise<{ STRINGS: Record<string, string> }>> = {
  bg: function () { return import("./strings/bg"); },
  en: function () { return import("./strings/en"); }
};
/** The parts of the strings a page may need besides the common ones. */
export type StringPart = "console";
const partLoaders: Record<StringPart, Record<Lang, () => Promise<{ STRINGS: Record<string, string> }>>> = {
  console: {
    bg: function () { return import("./strings/console.bg"); },
    en: function () { return import("./strings/console.en"); }
  }
};
let parts: StringPart[] = [];
let strings: Record<string, string> = {};

/** A language's strings: the common ones and the page's parts, fetched side by side. */
async function tableOf(which: Lang): Promise<Record<string, string>> {
  const loaded = await Promise.all([loaders[which]()].concat(parts.map(function (part) { return partLoaders[part][which](); })));
  return Object.assign({}, ...loaded.map(function (m) { return m.STRINGS; }));
}

const langListeners: Array<() => void> = [];

/** Loads the current language's strings (with the page's parts); the page is started once this settles. */
export async function loadStrings(pageParts: StringPart[] = []): Promise<void> {
  parts = pageParts;
  strings = await tableOf(lang);
}

/** Whether the UI strings have this key (both languages have the same keys). */
export function hasString(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(strings, key) && !!strings[key];
}

/** Every key of the UI strings. */
export function stringKeys(): string[] {
  return Object.keys(strings);
}

export function t(key: string, vars?: Record<string, unknown> | null): string {
  let s = hasString(key) ? strings[key] : key;
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
  const names = obj as Partial<Record<Lang, unknown>>;
  const v = names[lang] || names.bg || names.en || "";
  return typeof v === "string" ? v : "";
}

export function applyI18n() {
  if (!stringKeys().length) return; // the strings could not be loaded: leave the markup's Bulgarian as it is
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

/** Switches the language once its strings are loaded (if they cannot be, the page stays as it is). */
export async function setLang(next: string): Promise<void> {
  const want: Lang = next === "en" ? "en" : "bg";
  let table: Record<string, string>;
  try { table = await tableOf(want); } catch (e) { return; }
  lang = want;
  strings = table;
  try { window.localStorage.setItem(LANG_KEY, lang); } catch (e) { /* ignore */ }
  applyI18n();
  langListeners.forEach(function (fn) { fn(); });
}

export function onLangChange(fn: () => void): void { langListeners.push(fn); }
