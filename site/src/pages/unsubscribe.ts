/**
 * unsubscribe.html?token=… — the page the "unsubscribe" link of every notification opens. The one-click route
 * (RFC 8058) is a POST, sent when the person presses the button, so a mail scanner that fetches the link
 * unsubscribes nobody.
 */
import { problemErrors, problemMessage, request, type ApiResult } from "../api";
import { catCategoryName, catDistrictName, getCatalogue } from "../catalogue";
import { $, clear, el } from "../dom";
import { onLangChange, t } from "../i18n";
import type { Catalogue } from "../types";
import type { Subscription } from "./subscriptions";

/** `POST /api/unsubscribe`: what the link followed. Not yet described by the API document. */
interface Unsubscribed { unsubscribed?: Partial<Subscription> | null }

export function initUnsubscribe(): void {
  const token = new URLSearchParams(window.location.search).get("token") || "";
  const button = $<HTMLButtonElement>("unsub-button");
  const statusEl = $<HTMLElement>("unsub-status");
  const doneBox = $<HTMLElement>("unsub-done");
  const errBox = $<HTMLElement>("unsub-error");
  let catalogue: Catalogue | null = null;
  let state: { busy?: boolean; done?: Partial<Subscription>; failed?: ApiResult; invalid?: boolean } = token ? {} : { invalid: true };

  function what(target: Partial<Subscription>): string {
    if (!target || typeof target !== "object") return "";
    if (target.type === "signal") return t("unsub.what.signal", { number: target.number });
    const parts: string[] = [];
    if (typeof target.district === "string" && target.district) parts.push(catDistrictName(catalogue, target.district));
    if (typeof target.category === "string" && target.category) parts.push(catCategoryName(catalogue, target.category));
    return parts.length ? t("unsub.what.area", { area: parts.join(", ") }) : t("unsub.what.all");
  }

  function render(): void {
    clear(doneBox);
    clear(errBox);
    doneBox.hidden = !state.done;
    errBox.hidden = !(state.failed || state.invalid);
    button.hidden = !!(state.done || state.invalid);
    button.disabled = !!state.busy;
    statusEl.textContent = state.busy ? t("unsub.sending") : "";
    if (state.done) {
      doneBox.appendChild(el("p", null, t("unsub.done")));
      const w = what(state.done);
      if (w) doneBox.appendChild(el("p", null, w));
    }
    if (state.invalid) errBox.appendChild(el("p", null, t("unsub.invalid")));
    else if (state.failed) errBox.appendChild(el("p", null, problemMessage(state.failed)));
  }

  button.addEventListener("click", async function () {
    if (state.busy) return;
    state = { busy: true };
    render();
    const res = await request<Unsubscribed>("/api/unsubscribe?token=" + encodeURIComponent(token), { method: "POST" });
    if (res.ok) state = { done: res.data ? res.data.unsubscribed || {} : {} };
    else if (res.status === 400 && problemErrors(res)) state = { invalid: true };
    else state = { failed: res };
    render();
    if (state.done) doneBox.focus();
  });

  onLangChange(render);
  getCatalogue().then(function (got) { catalogue = got.catalogue; render(); });
  render();
}
