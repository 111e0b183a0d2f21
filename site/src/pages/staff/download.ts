/** A CSV the API serves to staff: it wants the bearer token, so the file is fetched and saved from a Blob. */
import { problemMessage } from "../../api";
import { el } from "../../dom";
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

/** Fetches `url` and saves it as `fileName`, saying in `line` how it went. */
export async function downloadCsv(url: string, fileName: string, line: HTMLElement): Promise<void> {
  line.textContent = t("view.csv.loading");
  const res = await fetchCsv(url);
  if (!res || !res.ok) {
    line.textContent = res && res.status === 403 ? t("staff.not-your-unit") : problemMessage({ status: res ? res.status : 0, retryAfter: res ? res.headers.get("Retry-After") : null });
    return;
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = el("a");
  a.href = href;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  window.setTimeout(function () { URL.revokeObjectURL(href); }, 10000);
  line.textContent = t("view.csv.done");
}
