/** subscriptions.html — "My subscriptions": the signals followed and the area alerts, each removable; new alerts. */
import { problemMessage, type ApiResult } from "../api";
import { catCategoryName, catDistrictName, catUnitName, getCatalogue, statusLabel } from "../catalogue";
import { describeChange } from "../docview";
import { $, clear, el, locale, setNotice, trackHref } from "../dom";
import { authJson, fillOptions, formParts, makeForm } from "../forms";
import { onLangChange, pick, t } from "../i18n";
import { authRequest, goToLogin, isSignedIn } from "../session";
import type { Catalogue, Change, Names, Ref } from "../types";

/**
 * One line of `GET /api/me/subscriptions`: a followed signal or an area alert (also what `POST /api/unsubscribe`
 * answers as `unsubscribed`). Not yet described by the API document.
 */
export interface Subscription {
  type: "signal" | "area";
  number?: string;
  /** An area alert's district and category ids; a followed signal's district and category as {id, name}. */
  district?: string | Ref | null;
  category?: string | Ref | null;
  status?: string;
  status_label?: Names;
  registered_on?: string;
  kind_label?: Names;
  /** A followed signal's type. */
  signal_type?: Ref | null;
  /** The address the sender gave, if any. */
  address?: string | null;
  /** A followed signal's last public change ("registered" when nothing has happened since). */
  last_change?: { at: string; on: string; change: Change | { type: "registered" }; by: string };
}

/** A followed signal's district or category (the API's {id, name}), in words. */
function refName(v: unknown): string {
  if (!v || typeof v !== "object") return "";
  const r = v as Ref;
  return pick(r.name) || r.id || "";
}

/** `GET /api/me/subscriptions`: a page of them. Not yet described by the API document. */
export interface Subscriptions {
  subscriptions: Subscription[];
  next_cursor?: string | null;
}

export function initSubscriptions(): void {
  if (!isSignedIn()) { goToLogin(false); return; }
  let catalogue: Catalogue | null = null;
  let items: Subscription[] = [];
  let loading = true;
  let failure: ApiResult | null = null;
  let note = ""; // string key of the last change, announced in #subs-status
  const districtSel = $("alert-district");
  const categorySel = $("alert-category");

  function areaText(s: Subscription): string {
    const parts: string[] = [];
    if (typeof s.district === "string" && s.district) parts.push(t("subs.area.district", { name: catDistrictName(catalogue, s.district) }));
    if (typeof s.category === "string" && s.category) parts.push(t("subs.area.category", { name: catCategoryName(catalogue, s.category) }));
    return parts.length ? parts.join(", ") : t("subs.area.all");
  }

  function removeButton(label: string, onClick: () => Promise<ApiResult>): HTMLButtonElement {
    const b = el("button", "button button-secondary button-small", label);
    b.type = "button";
    b.addEventListener("click", async function () {
      b.disabled = true;
      const res = await onClick();
      if (res.signedOut) return;
      if (!res.ok) { failure = res; b.disabled = false; render(); return; }
      failure = null;
      await load();
      $<HTMLElement>("subs-status").focus();
    });
    return b;
  }

  function render(): void {
    const st = $<HTMLElement>("subs-status");
    st.textContent = loading ? t("subs.loading") : note ? t(note) : "";
    setNotice($<HTMLElement>("subs-error"), failure ? problemMessage(failure) : null);

    const signals = items.filter(function (s) { return s && s.type === "signal"; });
    const alerts = items.filter(function (s) { return s && s.type === "area"; });
    const sigList = $<HTMLElement>("subs-signals");
    clear(sigList);
    signals.forEach(function (s) {
      const number = s.number || "";
      const li = el("li");
      const a = el("a", null, t("subs.signal", { number: s.number }));
      a.href = trackHref(s.number);
      li.appendChild(a);
      const meta = [];
      if (s.status) meta.push(pick(s.status_label) || statusLabel(s.status));
      if (s.registered_on) meta.push(t("subs.registered", { date: s.registered_on }));
      if (meta.length) li.appendChild(el("span", "meta", " · " + meta.join(" · ")));
      // What it is, where, and what happened last: enough to tell the signals apart without opening them.
      const details = el("dl", "subs-details");
      function detail(key: string, value: string | Node[]): void {
        if (!value || (Array.isArray(value) && !value.length)) return;
        const row = el("div");
        row.appendChild(el("dt", null, t(key)));
        const dd = el("dd");
        if (typeof value === "string") dd.textContent = value;
        else value.forEach(function (n) { dd.appendChild(n); });
        row.appendChild(dd);
        details.appendChild(row);
      }
      const about = [refName(s.category), refName(s.signal_type)].filter(Boolean).join(" — ");
      detail("subs.about", [pick(s.kind_label), about].filter(Boolean).join(": "));
      detail("subs.place", [s.address || "", refName(s.district) ? t("subs.place.district", { name: refName(s.district) }) : ""].filter(Boolean).join(" · "));
      if (s.last_change) {
        const last = s.last_change;
        const when = el("time", null, last.on);
        when.dateTime = last.at;
        const what: Node[] = last.change.type === "registered"
          ? [document.createTextNode(t("subs.last.registered"))]
          : describeChange(last.change as Change, { staff: false, href: trackHref, unitName: function (id: string) { return catUnitName(catalogue, id); } });
        detail("subs.last", ([when, document.createTextNode(" — ")] as Node[]).concat(what));
      }
      if (details.firstChild) li.appendChild(details);
      li.appendChild(removeButton(t("subs.unfollow", { number: s.number }), function () {
        note = "subs.removed.signal";
        return authJson("/api/me/subscriptions/" + encodeURIComponent(number), "DELETE");
      }));
      sigList.appendChild(li);
    });
    $("subs-signals-empty").hidden = loading || !!failure || signals.length > 0;

    const alertList = $<HTMLElement>("subs-alerts");
    clear(alertList);
    alerts.forEach(function (s) {
      const li = el("li");
      const text = areaText(s);
      li.appendChild(el("span", null, text));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(removeButton(t("subs.alert.remove", { area: text }), function () {
        note = "subs.removed.alert";
        const q = new URLSearchParams();
        if (typeof s.district === "string" && s.district) q.set("district", s.district);
        if (typeof s.category === "string" && s.category) q.set("category", s.category);
        return authRequest("/api/me/alerts?" + q.toString(), { method: "DELETE" });
      }));
      alertList.appendChild(li);
    });
    $("subs-alerts-empty").hidden = loading || !!failure || alerts.length > 0;
  }

  function renderSelects(): void {
    if (!catalogue) return;
    const districts = catalogue.districts.slice().sort(function (a, b) { return pick(a.name).localeCompare(pick(b.name), locale()); });
    fillOptions(districtSel, districts, "subs.any-district", districtSel.value);
    fillOptions(categorySel, catalogue.signal_categories, "subs.any-category", categorySel.value);
  }

  async function load(): Promise<void> {
    loading = true;
    render();
    let all: Subscription[] = [];
    let cursor = "";
    let res: ApiResult<Subscriptions> | null = null;
    for (let page = 0; page < 20; page++) {
      res = await authRequest<Subscriptions>("/api/me/subscriptions" + (cursor ? "?cursor=" + encodeURIComponent(cursor) : ""));
      if (res.signedOut) return;
      if (!(res.ok && res.data && Array.isArray(res.data.subscriptions))) break;
      all = all.concat(res.data.subscriptions);
      cursor = res.data.next_cursor || "";
      if (!cursor) break;
    }
    loading = false;
    if (res && !res.ok) failure = res;
    else items = all;
    render();
  }

  makeForm({
    ...formParts("alert"),
    fields: { district: "alert-district", category: "alert-category" },
    build: function () {
      const body: Record<string, unknown> = {};
      if (districtSel.value) body.district = districtSel.value;
      if (categorySel.value) body.category = categorySel.value;
      return body;
    },
    send: function (body) { return authJson("/api/me/alerts", "PUT", body); },
    done: function (res) {
      if (!res.ok) return false;
      note = "subs.added.alert";
      load().then(function () { $<HTMLElement>("subs-status").focus(); });
      return true;
    }
  });

  $<HTMLElement>("subs-status").tabIndex = -1;
  onLangChange(function () { renderSelects(); render(); });
  getCatalogue().then(function (got) { catalogue = got.catalogue; renderSelects(); render(); });
  load();
}
