/** A CSV the API serves to staff: it wants the bearer token, so the file is fetched and saved from a Blob. */
import { problemMessage } from "../../api";
import { el, fmtInt } from "../../dom";
import { t } from "../../i18n";
import { getTokens, refreshSession } from "../../session";

async function fetchCsv(url: string): Promise<Response | null> {
  const send = function () {
    const tk = getTokens();
    return fetch(url, { headers: { "Authorization": "Bearer " + (tk ? tk.access_token : ""), "Accept": "text/csv" }, cache: "no-store", credentials: "same-origin" });
  };
  try {
    let res = await send();
    if (res.status === 401 && (await refreshSession()) === "ok") res = await send();
    return res;
  } catch (e) {
    return null;
  }
}

/** The most pages of a view one file takes (of 200 rows each). */
const MAX_PAGES = 50;

function failed(res: Response | null): string {
  return res && res.status === 403 ? t("staff.not-your-unit") : problemMessage({ status: res ? res.status : 0, retryAfter: res ? res.headers.get("Retry-After") : null });
}

/**
 * Fetches `url` and saves it as `fileName`, saying in `line` how it went. A view's CSV comes a page at a time
 * (`x-next-cursor`): the pages are followed and joined under one header, up to MAX_PAGES, and the line says when
 * the file holds only the first of them.
 */
export async function downloadCsv(url: string, fileName: string, line: HTMLElement): Promise<void> {
  line.textContent = t("view.csv.loading");
  const parts: string[] = [];
  let rows = 0;
  let next: string | null = null;
  let pages = 0;
  do {
    const res = await fetchCsv(next === null ? url : url + (url.indexOf("?") < 0 ? "?" : "&") + "cursor=" + encodeURIComponent(next));
    if (!res || !res.ok) {
      line.textContent = failed(res);
      return;
    }
    const text = await res.text();
    // Every page starts with the header; the file keeps the first page's.
    const body = pages === 0 ? text : text.slice(text.indexOf("\n") + 1);
    parts.push(body);
    rows += Number(res.headers.get("x-row-count")) || 0;
    next = res.headers.get("x-next-cursor");
    pages += 1;
    if (next) line.textContent = t("view.csv.progress", { n: fmtInt(rows) });
  } while (next && pages < MAX_PAGES);
  // Reading a page as text drops its byte-order mark; the file gets it back, or Excel misreads the Cyrillic.
  const blob = new Blob(["\uFEFF"].concat(parts), { type: "text/csv;charset=utf-8" });
  const href = URL.createObjectURL(blob);
  const a = el("a");
  a.href = href;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  window.setTimeout(function () { URL.revokeObjectURL(href); }, 10000);
  line.textContent = next ? t("view.csv.cut", { n: fmtInt(rows) }) : t("view.csv.done");
}
