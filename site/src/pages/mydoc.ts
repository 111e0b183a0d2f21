/** mydoc.html: one of the user's own documents in full. */
import type { ApiResult } from "../api";
import { problemMessage } from "../api";
import { getCatalogue, kindLabel } from "../catalogue";
import { renderDocDetails, renderTimeline, unitNamer } from "../docview";
import { $, clear, el, setNotice, trackHref } from "../dom";
import { queryParam } from "../forms";
import { onLangChange, pick, t } from "../i18n";
import { authRequest, goToLogin, isSignedIn } from "../session";
import type { Catalogue, DocumentView } from "../types";

// ----------------------------------------------------------- mydoc page
export function initMyDoc() {
  if (!isSignedIn()) { goToLogin(false); return; }
  const number = queryParam("number").trim();
  let state: { result: ApiResult<DocumentView> } | null = null;
  let catalogue: Catalogue|null = null;

  function render() {
    const errBox = $("mydoc-error");
    const box = $("mydoc");
    setNotice(errBox, null);
    clear(box);
    $("mydoc-status").textContent = state ? "" : t("mydoc.loading");
    if (!number) {
      $("mydoc-status").textContent = "";
      setNotice(errBox, t("mydoc.no-number"));
      return;
    }
    if (!state) return;
    const res = state.result;
    if (!(res.ok && res.data)) {
      setNotice(errBox, res.status === 404 || res.status === 400 ? t("mydoc.not-found") : problemMessage(res));
      return;
    }
    const d = res.data;
    $("mydoc-heading").textContent = (pick(d.kind_label) || kindLabel(d.kind)) + " " + t("track.no") + " " + d.number;
    const details = el("div", "card");
    box.appendChild(details);
    renderDocDetails(details, d, { idPrefix: "mydoc", href: trackHref, catalogue: catalogue });
    if (d.kind === "signal" || d.kind === "question") {
      const pub = el("p");
      const a = el("a", null, t("mydoc.public-link"));
      a.href = trackHref(d.number);
      pub.appendChild(a);
      box.appendChild(pub);
    }
    const hist = el("section", "history");
    hist.id = "mydoc-history";
    const h = el("h2", null, t("history.heading"));
    h.id = "mydoc-history-heading";
    hist.setAttribute("aria-labelledby", h.id);
    hist.appendChild(h);
    const ol = el("ol", "timeline");
    ol.id = "mydoc-history-list";
    hist.appendChild(ol);
    box.appendChild(hist);
    renderTimeline(ol, d.history, { staff: false, href: trackHref, unitName: unitNamer(function () { return catalogue; }) });
  }

  onLangChange(render);
  render();
  if (!number) return;
  getCatalogue().then(function (got) { catalogue = got.catalogue; if (state) render(); });
  (async function () {
    const res = await authRequest<DocumentView>("/api/me/documents/" + encodeURIComponent(number));
    if (res.signedOut) return;
    state = { result: res };
    render();
  })();
}
