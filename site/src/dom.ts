/** DOM and formatting helpers. `el()` only ever sets textContent: user text is never parsed as HTML. */
import { lang } from "./i18n";

// ------------------------------------------------------------- helpers
/**
 * What `$` answers by default: the pages look controls and links up by id and use their common members
 * (value, checked, files, options, href, disabled, …). Pass a type (`$<HTMLElement>(id)`) to be stricter.
 */
export type Control = HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement & HTMLAnchorElement;

/** The element with this id (the pages' markup is static and names every id they use). */
export function $<E extends HTMLElement = Control>(id: string): E {
  return document.getElementById(id) as E;
}

/** Create an element with optional class and text (always textContent). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string | null, text?: unknown): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Narrows a value read from JSON to an object whose fields are still unknown. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A notice box: one paragraph of `text`, shown; or, without text, empty and hidden. */
export function setNotice(box: HTMLElement, text: string | null): void {
  clear(box);
  box.hidden = !text;
  if (text) box.appendChild(el("p", null, text));
}

/** Shows a hidden box (a confirmation, a notice) and moves the focus to it. */
export function reveal(box: HTMLElement): void {
  box.hidden = false;
  box.focus();
}

/** An absolute http(s) URL for an address from the API, or "" if it is anything else. */
export function safeUrl(value: unknown): string {
  if (!value || typeof value !== "string") return "";
  try {
    const u = new URL(value, window.location.href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : "";
  } catch (e) {
    return "";
  }
}

export function trackHref(number: string | null | undefined): string {
  return "track.html?number=" + encodeURIComponent(number || "");
}

export function locale() { return lang === "en" ? "en-GB" : "bg-BG"; }

export function fmtInt(n: unknown): string {
  const v = Number(n);
  if (!isFinite(v)) return "0";
  try { return new Intl.NumberFormat(locale()).format(v); } catch (e) { return String(v); }
}

export function fmtDecimal(n: unknown): string {
  const v = Number(n);
  try { return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v); } catch (e) { return String(v); }
}

export function fmtPercent(share: unknown): string {
  let v = Number(share);
  if (!isFinite(v)) v = 0;
  try {
    return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(v);
  } catch (e) {
    return Math.round(v * 100) + " %";
  }
}

/** "2026-03-01" → "01.03.2026" (the registry's own date style). */
export function fmtDate(iso: unknown): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
  return m ? m[3] + "." + m[2] + "." + m[1] : String(iso || "");
}

/** Puts a table in its box, which scrolls when the table is wider than the screen and is reachable from the
 * keyboard, named by the table's caption. */
export function scrollingTable(box: HTMLElement, table: HTMLElement, captionId: string): HTMLElement {
  box.appendChild(table);
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  box.setAttribute("aria-labelledby", captionId);
  return box;
}
