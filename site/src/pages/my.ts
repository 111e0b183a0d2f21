/** my.html: "My signals", everything the user filed, with status, answer and due date. */
import type { MyDocument, MyDocuments } from "../types";
import { kindLabel, statusLabel } from "../catalogue";
import { problemMessage, type ApiResult } from "../api";
import { dueNode } from "../docview";
import { $, clear, el, fmtInt, setNotice } from "../dom";
import { onLangChange, pick, t } from "../i18n";
import { buildTable, noData } from "./home";
import { authRequest, goToLogin, isSignedIn } from "../session";

// -------------------------------------------------------------- my page
export function initMy() {
  if (!isSignedIn()) { goToLogin(false); return; }
  let docs: MyDocument[] = [];
  let cursor: string | null = null;
  let lastFailure: Pick<ApiResult,"status"|"retryAfter">|null = null;
  let loading = false;
  let loadedOnce = false;
  const more = $("my-more");
  const box = $("my-documents-box");

  function render(focusFrom?: number) {
    clear(box);
    setNotice($("my-error"), lastFailure ? problemMessage(lastFailure) : null);
    $("my-status").textContent = loading ? t("my.loading") : (docs.length ? t("my.count", { n: fmtInt(docs.length) }) : "");
    $("my-empty").hidden = !(loadedOnce && !docs.length && !lastFailure);
    more.hidden = !cursor;
    if (!docs.length) return;
    const rows = docs.map(function (d) {
      const a = el("a", null, d.number);
      a.href = "mydoc.html?number=" + encodeURIComponent(d.number);
      const due: Node = (d.due && d.due.date ? dueNode(d.due) : null) || noData();
      return [a, pick(d.kind_label) || kindLabel(d.kind), pick(d.about), d.registered_on || "",
        el("span", "status-label", pick(d.status_label) || statusLabel(d.status)), t(d.answered ? "yes" : "no"), due];
    });
    const wrap = buildTable("my-documents", t("my.caption"),
      [t("col.number"), t("col.kind"), t("col.about"), t("col.date"), t("col.status"), t("col.answered"), t("col.due")], rows, 99);
    box.appendChild(wrap);
    if (focusFrom !== undefined && focusFrom < docs.length) {
      const links = box.querySelectorAll<HTMLAnchorElement>("tbody a");
      if (links[focusFrom]) links[focusFrom].focus();
    }
  }

  async function load(append: boolean) {
    if (loading) return;
    loading = true;
    more.disabled = true;
    render();
    const url = "/api/me/documents?limit=20" + (append && cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    const res = await authRequest<MyDocuments>(url);
    loading = false;
    more.disabled = false;
    if (res.signedOut) return;
    const from = docs.length;
    if (res.ok && res.data && Array.isArray(res.data.documents)) {
      lastFailure = null;
      docs = append ? docs.concat(res.data.documents) : res.data.documents;
      cursor = res.data.next_cursor || null;
    } else {
      lastFailure = res;
    }
    loadedOnce = true;
    render(append ? from : undefined);
  }

  more.addEventListener("click", function () { load(true); });
  onLangChange(function () { render(); });
  load(false);
}
