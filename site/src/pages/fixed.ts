/**
 * fixed.html?number=…&answer=fixed|not_fixed#token=… — the page the two links of the "is it fixed?" e-mail open.
 * The answer is sent at once (one click from the mail) with `POST /api/documents/{number}/fixed-check`. The token is
 * in the address's fragment, which browsers never send to a server: it is read once, taken out of the address bar
 * (history, bookmarks, a shared screen) and kept in this page's memory only, to go in that request's body and
 * nowhere else — never stored, logged or put in a link.
 */
import { problemErrors, problemMessage, type ApiResult } from "../api";
import { $, clear, el, isRecord, trackHref } from "../dom";
import { postJson } from "../forms";
import { onLangChange, t } from "../i18n";
import { storeGet, storeSet } from "../session";
import type { FixedAnswer, FixedAnswered, FixedCheckBody } from "../types";

const NUMBER = /^\d{4}-\d{1,6}$/;
/** The last answer recorded in this tab (number and answer, never the token), so a reload still says thank you. */
const DONE_KEY = "scc-fixed-answered";

type View =
  | { kind: "sending" }
  | { kind: "done" }
  | { kind: "already" }
  | { kind: "conflict" }
  | { kind: "invalid" }
  | { kind: "not-found" }
  | { kind: "failed"; result: ApiResult };

/** Failures worth another try with the same link: no connection, too busy, a server error, a write that lost a race. */
function retryable(view: View): boolean {
  if (view.kind === "conflict") return true;
  if (view.kind !== "failed") return false;
  const s = view.result.status;
  return s === 0 || s === 429 || s >= 500;
}

export function initFixed() {
  const params = new URLSearchParams(window.location.search);
  const number = (params.get("number") || "").trim();
  const given = params.get("answer");
  const answer: FixedAnswer | null = given === "fixed" || given === "not_fixed" ? given : null;
  let token = new URLSearchParams(window.location.hash.replace(/^#/, "")).get("token") || "";
  if (window.location.hash) {
    try { window.history.replaceState(null, "", window.location.pathname + window.location.search); } catch (e) { /* ignore */ }
  }
  // Another link of the same signal opened in this tab changes only the fragment: start again with it.
  window.addEventListener("hashchange", function () { window.location.reload(); });

  const valid = NUMBER.test(number) && answer !== null;
  const doneBox = $<HTMLElement>("fixed-done");
  const errBox = $<HTMLElement>("fixed-error");
  const retry = $<HTMLButtonElement>("fixed-retry");
  let view: View;

  function signalLink(): HTMLElement {
    const p = el("p");
    const a = el("a", null, t("fixed.view", { number: number }));
    a.href = trackHref(number);
    p.appendChild(a);
    return p;
  }

  function render() {
    $<HTMLElement>("fixed-what").hidden = !valid;
    if (valid && answer) {
      $("fixed-number").textContent = t("fixed.signal", { number: number });
      $("fixed-answer").textContent = t("fixed.answer." + answer);
    }
    $("fixed-status").textContent = view.kind === "sending" ? t("fixed.sending") : "";
    clear(doneBox);
    clear(errBox);
    doneBox.hidden = view.kind !== "done";
    errBox.hidden = view.kind === "done" || view.kind === "sending";
    retry.hidden = !retryable(view) || !token;
    if (view.kind === "done") {
      doneBox.appendChild(el("p", null, t("fixed.done." + answer)));
      doneBox.appendChild(signalLink());
      return;
    }
    if (view.kind === "sending") return;
    const message = view.kind === "already" ? t("fixed.already")
      : view.kind === "conflict" ? t("fixed.conflict")
      : view.kind === "invalid" ? t("fixed.invalid")
      : view.kind === "not-found" ? t("track.not-found")
      : problemMessage(view.result);
    errBox.appendChild(el("p", null, message));
    if (NUMBER.test(number) && view.kind !== "not-found") errBox.appendChild(signalLink());
  }

  function viewOf(res: ApiResult<FixedAnswered>): View {
    if (res.ok) return { kind: "done" };
    const fields = (problemErrors(res) || []).map(function (e) { return e.field; });
    if (res.status === 409) return fields.indexOf("answer") >= 0 ? { kind: "already" } : { kind: "conflict" };
    if ((res.status === 422 || res.status === 400) && (fields.indexOf("token") >= 0 || fields.indexOf("number") >= 0)) return { kind: "invalid" };
    if (res.status === 404) return { kind: "not-found" };
    return { kind: "failed", result: res };
  }

  async function send() {
    if (!answer || !token) return;
    view = { kind: "sending" };
    render();
    const body: FixedCheckBody = { answer: answer, token: token };
    const res = await postJson<FixedAnswered>("/api/documents/" + encodeURIComponent(number) + "/fixed-check", body);
    view = viewOf(res);
    // Once answered (or refused for good), the token has done its work: it is dropped from memory too.
    if (!retryable(view)) token = "";
    if (view.kind === "done") storeSet(DONE_KEY, { number: number, answer: answer });
    render();
    if (view.kind === "done") doneBox.focus();
  }

  retry.addEventListener("click", function () { send(); });
  onLangChange(render);

  const last = storeGet(DONE_KEY);
  const answeredHere = isRecord(last) && last.number === number && last.answer === answer;
  if (!valid || (!token && !answeredHere)) {
    view = { kind: "invalid" };
    render();
  } else if (!token) {
    // This tab recorded the answer already (the page was reloaded without the token).
    view = { kind: "done" };
    render();
  } else {
    send();
  }
}
