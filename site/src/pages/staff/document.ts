/** The document panel: opening, reloading and closing a document, its details and history, and which action forms apply. */
import { kindLabel, statusLabel } from "../../catalogue";
import { problemMessage } from "../../api";
import { detailRow, renderDocDetails, renderTimeline } from "../../docview";
import { $, clear, el } from "../../dom";
import { pick, t } from "../../i18n";
import { authRequest } from "../../session";
import type { Photo } from "../../types";
import { fillSelect, forwardTargets, remember, staffHref, staffProblemKey, type Panels, type StaffDocument, type StaffState } from "./state";

export function initDocument(s: StaffState, p: Panels) {
  const panel = $("staff-doc");
  const href = function (number: string) { return staffHref(s, number); };

  async function openDoc(number: string, focus: boolean) {
    s.done = null;
    $("action-result").textContent = "";
    clear($("error-summary"));
    s.doc = { number: number, result: null, data: null, loading: true };
    remember(s);
    panel.hidden = false;
    renderDoc(true);
    p.renderQueue();
    if (focus) panel.focus();
    await reloadDoc();
  }

  async function reloadDoc() {
    if (!s.doc) return;
    const number = s.doc.number;
    s.doc.loading = true;
    $("staff-doc-status").textContent = t("staff.doc.loading");
    const res = await authRequest<StaffDocument>("/api/staff/documents/" + encodeURIComponent(number));
    if (res.signedOut || !s.doc || s.doc.number !== number) return;
    s.doc.loading = false;
    s.doc.result = res;
    s.doc.data = res.ok && res.data && res.data.document ? res.data : null;
    renderDoc(true);
  }

  $("staff-doc-reload").addEventListener("click", function () {
    clear($("error-summary"));
    reloadDoc();
  });
  $("staff-doc-close").addEventListener("click", function () {
    s.doc = null;
    panel.hidden = true;
    remember(s);
    p.renderQueue();
    const tab = $("staff-tab-" + s.status);
    if (tab) tab.focus();
  });

  function renderDoc(fresh: boolean) {
    const doc = s.doc;
    const body = $("staff-doc-body");
    clear(body);
    $("staff-doc-status").textContent = doc && doc.loading ? t("staff.doc.loading") : "";
    $("action-result").textContent = s.done ? t("staff.done", { what: t(s.done) }) : "";
    if (!doc) return;
    const v = doc.data;
    const d = v ? v.document : null;
    $("staff-doc-heading").textContent = t("staff.doc.heading", { kind: d ? (pick(d.kind_label) || kindLabel(d.kind)) : t("track.label"), number: doc.number });
    $("staff-history").hidden = !v;
    $("staff-actions").hidden = !v;
    if (!v) {
      if (doc.result) {
        const box = el("div", "notice notice-error");
        box.setAttribute("role", "alert");
        const key = staffProblemKey(doc.result);
        box.appendChild(el("p", null, key ? t(key) : (doc.result.status === 400 ? t("err.number.invalid") : problemMessage(doc.result))));
        body.appendChild(box);
      }
      return;
    }
    renderDocDetails(body, d!, {
      idPrefix: "staff-doc", staff: true, href: href, original: v.original_description,
      hiddenCount: Array.isArray(v.hidden_photos) ? v.hidden_photos.length : 0, overdue: !!v.overdue, catalogue: s.catalogue
    });
    const dl = $("staff-doc-details");
    if (dl) {
      detailRow(dl, "intake.channel", v.channel ? t("channel." + v.channel) : "");
      detailRow(dl, "person.assignee", v.assignee || t("person.nobody"));
    }
    renderTimeline($("staff-history-list"), v.history, { staff: true, href: href, unitName: s.unitName });
    renderActions(fresh);
  }

  /** Shows the forms that apply and fills their choices; fresh = after (re)loading, when inputs are reset. */
  function renderActions(fresh: boolean) {
    if (!s.doc || !s.doc.data) return;
    const v = s.doc.data;
    const d = v.document;
    const next = (Array.isArray(v.next_statuses) ? v.next_statuses : []).map(String);
    const statuses = next.filter(function (st: string) { return st !== "duplicate"; });
    const isSignal = d.kind === "signal";
    $("action-status-form").hidden = !statuses.length;
    $("action-assign-form").hidden = next.indexOf("forwarded") < 0;
    $("action-duplicate-form").hidden = !(isSignal && next.indexOf("duplicate") >= 0);
    $("action-moderate-form").hidden = !isSignal;

    if (fresh) {
      $("action-status").value = "";
      $("action-assign-unit").value = "";
      ["action-status-note", "action-competent-body", "action-assign-note", "action-reply-text", "action-note-text", "action-duplicate-of", "action-extension-days"].forEach(function (id) { $(id).value = ""; });
      $("action-moderate-description").value = d.description || "";
      $("action-moderate-photo").value = "";
    }
    fillSelect($("action-status"), statuses, "staff.choose-status", statusLabel);
    fillSelect($("action-assign-unit"), forwardTargets(s), "staff.choose-unit", s.unitName);
    const photos = Array.isArray(d.photos) ? d.photos : [];
    const photoIds: string[] = photos.map(function (ph: Photo) { return String(ph.id); });
    fillSelect($("action-moderate-photo"), photoIds, "staff.no-photo", function (id: string) { return t("staff.photo.option", { n: photoIds.indexOf(id) + 1 }); });
    $("action-moderate-photo").disabled = !photoIds.length;
    renderPeople(fresh);
    p.syncStatusForm();
  }

  // ---- "assign to": me, a clerk of the document's unit, or nobody (the unit's clerks read once per unit)
  const peopleByUnit: Record<string, string[]> = {};
  function renderPeople(fresh: boolean) {
    if (!s.doc || !s.doc.data) return;
    const unit = s.doc.data.document.unit ? String(s.doc.data.document.unit.id || "") : "";
    const sel = $("action-person");
    const people = peopleByUnit[unit] || [];
    // "Me" only for a clerk of the document's unit: no one else may be named.
    const mine = s.roles.units.indexOf(unit) >= 0 ? ["me"] : [];
    fillSelect(sel, mine.concat(["none"], people), "person.choose", function (id) {
      return id === "me" ? t("person.me") : id === "none" ? t("person.none") : id;
    });
    if (fresh) sel.value = "";
    if (unit && !peopleByUnit[unit]) {
      peopleByUnit[unit] = [];
      authRequest<{ unit: string; people: string[] }>("/api/staff/people?unit=" + encodeURIComponent(unit), { quiet: true }).then(function (res) {
        peopleByUnit[unit] = res.ok && res.data && Array.isArray(res.data.people) ? res.data.people.map(String) : [];
        renderPeople(false);
      });
    }
  }

  return { openDoc, reloadDoc, renderDoc };
}
