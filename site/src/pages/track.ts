/** track.html: a signal or question by number (public view, or the sender's through the access link), subscribe, reopen. */
import type { ApiDoc } from "../docview";
import { problemMessage, request, type ApiResult } from "../api";
import { catUnitName, getCatalogue, kindLabel, statusLabel, unitAnchor } from "../catalogue";
import { attachmentList, dueDetails, numberLink, outcomeText, photoItem, placeView, renderTimeline } from "../docview";
import { $, clear, el, setNotice, trackHref } from "../dom";
import { onLangChange, pick, t } from "../i18n";
import { showTrackNumberError } from "../trackform";
import type { Catalogue, DocumentView, Photo, Ref } from "../types";
import type { Subscription, Subscriptions } from "./subscriptions";

/** `PUT` and `DELETE /api/me/subscriptions/{number}`: how many follow it now. Not yet described by the API document. */
interface Followed { number: string; subscribed: boolean; subscribers?: number }
import { authRequest, isSignedIn, loginHref, storeGet, storeRemove, storeSet } from "../session";
import { authJson } from "../forms";

/**
 * The sender's access token of `number`: the link's (`#token=…`), which then leaves the address bar — not kept in
 * the history, a bookmark or a shared screen — and is kept for this tab, so a reload still shows the sender's
 * view; or the one kept for this tab before.
 */
function accessToken(number: string, fromLink: string): string {
  const key = "scc-access-" + number;
  if (fromLink) {
    if (number) storeSet(key, fromLink);
    try { window.history.replaceState(null, "", window.location.pathname + window.location.search); } catch (e) { /* ignore */ }
    return fromLink;
  }
  const kept = number ? storeGet(key) : null;
  return typeof kept === "string" ? kept : "";
}

// ----------------------------------------------------------- track page
export function initTrack() {
  const params = new URLSearchParams(window.location.search);
  const number = (params.get("number") || "").trim();
  const hash = window.location.hash.replace(/^#/, "");
  const token = accessToken(number, new URLSearchParams(hash).get("token") || "");
  const input = $("track-number");
  let state: { result: ApiResult<DocumentView> } | null = null;

  if (number) input.value = number;
  if (!number) return;

  function hideAll() {
    ["signal", "not-found", "invalid-link", "track-error", "sender-data", "signal-photos", "signal-attachments", "signal-history", "reopen"].forEach(function (id) {
      $(id).hidden = true;
    });
    showTrackNumberError("");
  }

  function row(id: string, show: boolean) { $(id + "-row").hidden = !show; }

  function nameOf(codeAndName: Ref | null | undefined): string {
    return codeAndName ? (pick(codeAndName.name) || codeAndName.id || "") : "";
  }

  function renderLocation(l: DocumentView["location"]) {
    const loc = $("signal-location");
    clear(loc);
    const place = placeView(l, "signal");
    if (place) loc.appendChild(place);
    else loc.textContent = t("track.no-location");
  }

  function renderPhotos(data: ApiDoc) {
    const list = $("signal-photo-list");
    clear(list);
    const photos = Array.isArray(data.photos) ? data.photos : [];
    let shown = 0;
    photos.forEach(function (photo: Photo) {
      const item = photoItem(photo, t("track.photo.alt", { n: shown + 1, number: data.number || "" }));
      if (!item) return;
      shown += 1;
      item.img.decoding = "async";
      list.appendChild(item.li);
    });
    $("signal-photos").hidden = shown === 0;
  }

  function renderSignal(data: ApiDoc) {
    const isQuestion = data.kind === "question";
    $("signal-kind").textContent = pick(data.kind_label) || kindLabel(data.kind);
    $("signal-number").textContent = data.number || "";
    $("signal-date").textContent = data.registered_on || "";
    $("signal-status").textContent = pick(data.status_label) || statusLabel(data.status);
    const outcome = outcomeText(data.outcome);
    $("signal-outcome").textContent = outcome;
    row("signal-outcome", !!outcome);

    $("signal-topic").textContent = nameOf(data.topic);
    row("signal-topic", !!data.topic);

    // Only the fields of its kind: a signal has a category, a type and a place (said even when it has none);
    // letters, complaints, proposals and requests have them only when given, questions never.
    $("signal-category").textContent = nameOf(data.category);
    $("signal-type").textContent = nameOf(data.type);
    row("signal-category", !!nameOf(data.category));
    row("signal-type", !!nameOf(data.type));
    const place = data.location;
    const hasPlace = data.kind === "signal" || !!(place && (place.address || place.point));
    row("signal-location", hasPlace);
    if (hasPlace) renderLocation(place);
    else clear($("signal-location"));

    $("signal-district").textContent = nameOf(data.district);
    row("signal-district", !!(data.district && (data.district.id || data.district.name)));

    const unitBox = $("signal-unit");
    clear(unitBox);
    if (data.unit && (data.unit.id || data.unit.name)) {
      const ua = el("a", null, nameOf(data.unit));
      ua.href = "units.html#" + unitAnchor(data.unit.id);
      unitBox.appendChild(ua);
    }
    row("signal-unit", !!unitBox.firstChild);

    // A question's text is not public: the API sends it only to its sender.
    const hasDescription = typeof data.description === "string" && data.description !== "";
    $("signal-description-label").textContent = t(isQuestion ? "track.question" : "track.description");
    $("signal-description").textContent = hasDescription ? data.description || "" : "";
    row("signal-description", hasDescription);

    if (!isQuestion) renderPhotos(data);

    $("signal-title").textContent = data.title || "";
    row("signal-title", !!data.title);
    const dueBox = $("signal-due");
    clear(dueBox);
    if (data.due && data.due.date) dueBox.appendChild(dueDetails(data.due, "signal"));
    row("signal-due", !!dueBox.firstChild);
    const dupOf = $("signal-duplicate-of");
    clear(dupOf);
    if (data.duplicate_of) dupOf.appendChild(numberLink(data.duplicate_of, trackHref(data.duplicate_of)));
    row("signal-duplicate-of", !!data.duplicate_of);
    const dups = $("signal-duplicates");
    clear(dups);
    (Array.isArray(data.duplicates) ? data.duplicates : []).forEach(function (n: string, i: number) {
      if (i) dups.appendChild(document.createTextNode(", "));
      dups.appendChild(numberLink(n, trackHref(n)));
    });
    row("signal-duplicates", !!dups.firstChild);

    const attachments = Array.isArray(data.attachments) ? data.attachments : [];
    const attList = $("signal-attachment-list");
    clear(attList);
    const built = attachmentList(attachments)!;
    while (built.firstChild) attList.appendChild(built.firstChild);
    $("signal-attachments").hidden = !attachments.length;

    if (data.viewer === "sender" && data.sender) {
      $("sender-email").textContent = data.sender.email || t("track.not-given");
      $("sender-name").textContent = data.sender.name || t("track.not-given");
      $("sender-phone").textContent = data.sender.phone || "";
      $("sender-address").textContent = data.sender.address || "";
      $("sender-phone-row").hidden = !data.sender.phone;
      $("sender-address-row").hidden = !data.sender.address;
      $("sender-data").hidden = false;
    }

    const history = Array.isArray(data.history) ? data.history : [];
    renderTimeline($("signal-history-list"), history, { staff: false, href: trackHref, unitName: trackUnitName });
    $("signal-history").hidden = !history.length;

    if (typeof data.subscribers === "number") follow.count = data.subscribers;
    $("follow").hidden = data.kind !== "signal";
    if (data.kind === "signal") renderFollow();
    $("reopen").hidden = !(data.viewer === "sender" && token && data.status === "resolved" && data.kind === "signal");
    renderReopen();
    if (token && data.viewer !== "sender") {
      $("invalid-link").hidden = false;
      // A token that does not open it is not kept for the next reload.
      storeRemove("scc-access-" + number);
    }
    $("signal").hidden = false;
  }

  function render() {
    hideAll();
    if (!state) return;
    const res = state.result;
    if (res.ok && res.data) {
      renderSignal(res.data);
    } else if (res.status === 404) {
      $("not-found").hidden = false;
    } else if (res.status === 400) {
      showTrackNumberError("track.bad-number");
    } else {
      const box = $("track-error");
      clear(box);
      box.appendChild(el("p", null, problemMessage(res)));
      box.hidden = false;
    }
  }

  onLangChange(render);

  // Unit names in the history come from the catalogue.
  let trackCatalogue: Catalogue|null = null;
  function trackUnitName(id: string|null|undefined) { return catUnitName(trackCatalogue, id); }
  getCatalogue().then(function (got) {
    trackCatalogue = got.catalogue;
    if (state && state.result.ok) render();
  });

  // ---- reopen (the sender, a resolved signal, within 30 days)
  let reopenState: { sending?: boolean; result?: ApiResult } | null = null;
  function renderReopen() {
    const st = $("reopen-status");
    const err = $("reopen-error");
    setNotice(err, null);
    st.textContent = "";
    $("reopen-button").disabled = !!(reopenState && reopenState.sending);
    if (!reopenState) return;
    if (reopenState.sending) st.textContent = t("reopen.sending");
    else if (reopenState.result) {
      const r = reopenState.result;
      setNotice(err, r.status === 409 ? t("reopen.conflict") : (r.status === 403 || r.status === 401 ? t("reopen.forbidden") : problemMessage(r)));
    }
  }
  $("reopen-button").addEventListener("click", async function () {
    if (reopenState && reopenState.sending) return;
    reopenState = { sending: true };
    renderReopen();
    const res = await request("/api/documents/" + encodeURIComponent(number) + "/reopen", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Access-Token": token },
      body: "{}"
    });
    if (res.ok) {
      reopenState = null;
      await load();
      $("track-status").textContent = t("reopen.done");
      const heading = $("signal-heading");
      heading.tabIndex = -1;
      heading.focus();
    } else {
      reopenState = { result: res };
      renderReopen();
    }
  });

  // ---- subscribe / unsubscribe (signed in; any public signal)
  interface FollowState { known: boolean; on: boolean; busy: boolean; doneKey: string; result: ApiResult | null; count: number | null }
  const follow: FollowState = { known: false, on: false, busy: false, doneKey: "", result: null, count: null };

  function renderFollow() {
    const button = $<HTMLButtonElement>("follow-button");
    const login = $<HTMLAnchorElement>("follow-login");
    const text = $<HTMLElement>("follow-text");
    const st = $<HTMLElement>("follow-status");
    const count = $<HTMLElement>("follow-count");
    count.textContent = follow.count !== null ? t("follow.count", { n: follow.count }) : "";
    setNotice($<HTMLElement>("follow-error"), follow.result ? problemMessage(follow.result) : null);
    if (!isSignedIn()) {
      text.textContent = t("follow.text.anonymous");
      login.href = loginHref(null);
      login.textContent = t("follow.login");
      login.hidden = false;
      button.hidden = true;
      st.textContent = "";
      return;
    }
    login.hidden = true;
    text.textContent = t(follow.on ? "follow.text.on" : "follow.text.off");
    button.textContent = t(follow.on ? "follow.unsubscribe" : "follow.subscribe");
    button.hidden = !follow.known;
    button.disabled = follow.busy;
    st.textContent = follow.busy ? t("follow.saving") : follow.doneKey ? t(follow.doneKey) : "";
  }

  /** Whether the signed-in user follows this number: "My subscriptions", page by page. */
  async function loadFollow() {
    if (!isSignedIn()) return;
    let cursor = "";
    for (let page = 0; page < 20; page++) {
      const res = await authRequest<Subscriptions>("/api/me/subscriptions" + (cursor ? "?cursor=" + encodeURIComponent(cursor) : ""), { quiet: true });
      if (!(res.ok && res.data && Array.isArray(res.data.subscriptions))) break;
      if (res.data.subscriptions.some(function (s: Subscription) { return s && s.type === "signal" && s.number === number; })) {
        follow.on = true;
        break;
      }
      cursor = res.data.next_cursor || "";
      if (!cursor) break;
    }
    follow.known = true;
    renderFollow();
  }

  $("follow-button").addEventListener("click", async function () {
    if (follow.busy) return;
    follow.busy = true;
    follow.doneKey = "";
    follow.result = null;
    renderFollow();
    const res = await authJson<Followed>("/api/me/subscriptions/" + encodeURIComponent(number), follow.on ? "DELETE" : "PUT");
    follow.busy = false;
    if (res.signedOut) return;
    if (res.ok) {
      if (res.data && typeof res.data.subscribers === "number") follow.count = res.data.subscribers;
      follow.on = !follow.on;
      follow.doneKey = follow.on ? "follow.done.on" : "follow.done.off";
    } else {
      follow.result = res;
    }
    renderFollow();
    $("follow-button").focus();
  });

  async function load() {
    const status = $("track-status");
    status.textContent = t("track.loading");
    const headers: Record<string, string> = {};
    if (token) headers["X-Access-Token"] = token;
    const res = await request<DocumentView>("/api/documents/" + encodeURIComponent(number), { headers: headers });
    status.textContent = "";
    state = { result: res };
    render();
    if (res.status === 400) input.focus();
  }
  load();
  loadFollow();
  // The same page opened with an access link (#token=…) does not reload by itself.
  window.addEventListener("hashchange", function () { window.location.reload(); });
}
