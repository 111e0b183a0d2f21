/** my.html: "My signals", everything the user filed, with status, answer and due date. */
import type { MyDocument } from "../types";
import { ApiResult, problemMessage } from "../api";
import { dueNode } from "../docview";
import { $, clear, el, fmtInt, statusLabel } from "../dom";
import { onLangChange, pick, t } from "../i18n";
import { buildTable, noData } from "./home";
import { authRequest, goToLogin, isSignedIn } from "../session";

// -------------------------------------------------------------- my page
export function initMy() {
  if (!isSignedIn()) { goToLogin(false); return; }
  var docs: MyDocument[] = [];
  var cursor: string | null = null;
  var lastFailure: Pick<ApiResult,"status"|"retryAfter">|null = null;
  var loading = false;
  var loadedOnce = false;
  var more = $("my-more");
  var box = $("my-documents-box");

  function render(focusFrom?: number) {
    clear(box);
    var errBox = $("my-error");
    clear(errBox);
    errBox.hidden = !lastFailure;
    if (lastFailure) errBox.appendChild(el("p", null, problemMessage(lastFailure)));
    $("my-status").textContent = loading ? t("my.loading") : (docs.length ? t("my.count", { n: fmtInt(docs.length) }) : "");
    $("my-empty").hidden = !(loadedOnce && !docs.length && !lastFailure);
    more.hidden = !cursor;
    if (!docs.length) return;
    var rows = docs.map(function (d) {
      var a = el("a", null, d.number);
      a.href = "mydoc.html?number=" + encodeURIComponent(d.number);
      var due: Node = (d.due && d.due.date ? dueNode(d.due) : null) || noData();
      return [a, pick(d.kind_label) || t("kind." + d.kind), pick(d.about), d.registered_on || "",
        el("span", "status-label", pick(d.status_label) || statusLabel(d.status)), t(d.answered ? "yes" : "no"), due];
    });
    var wrap = buildTable("my-documents", t("my.caption"),
      [t("col.number"), t("col.kind"), t("col.about"), t("col.date"), t("col.status"), t("col.answered"), t("col.due")], rows, 99);
    box.appendChild(wrap);
    if (focusFrom !== undefined && focusFrom < docs.length) {
      var links = box.querySelectorAll<HTMLAnchorElement>("tbody a");
      if (links[focusFrom]) links[focusFrom].focus();
    }
  }

  async function load(append: boolean) {
    if (loading) return;
    loading = true;
    more.disabled = true;
    render();
    var url = "/api/me/documents?limit=20" + (append && cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    var res = await authRequest(url);
    loading = false;
    more.disabled = false;
    if (res.signedOut) return;
    var from = docs.length;
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
