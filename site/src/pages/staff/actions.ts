/** The actions on the open document: status (with the extension of an access request), assign, reply, note, duplicate, moderate. */
import type { FieldError } from "../../api";
import { $, clear } from "../../dom";
import { authJson, idempotency, makeForm, requireValue, type Payload } from "../../forms";
import { t } from "../../i18n";
import { staffProblemKey, text, type Panels, type StaffState } from "./state";

const NOTE_REQUIRED: Record<string, boolean> = { rejected: true, access_refused: true, not_competent: true, forwarded_elsewhere: true };
const EXTENSION_MAX: Record<string, number> = { large_volume: 10, third_party: 14 };

export function initActions(s: StaffState, p: Panels) {
  function syncExtension() {
    p.renderTemplateHint();
    const on = $("action-status").value === "extended";
    $("action-extension").hidden = !on;
    $("action-extension-days").max = String(EXTENSION_MAX[$("action-extension-ground").value] || 14);
  }
  $("action-status").addEventListener("change", syncExtension);
  $("action-extension-ground").addEventListener("change", syncExtension);

  /** One action form: build(errors) → body without version. */
  function actionForm(name: string, path: string, fields: Record<string, string>, build: (errors: FieldError[]) => Payload, doneKey: string, labels?: Record<string, string>) {
    const keyFor = idempotency();
    makeForm({
      form: $<HTMLFormElement>("action-" + name + "-form"),
      submit: $<HTMLButtonElement>("action-submit-" + name),
      status: $("staff-doc-status"),
      summary: $("error-summary"),
      fields: fields,
      labels: labels,
      headingKey: "staff.action.heading",
      failedKey: "staff.action.failed",
      build: function (errors) {
        s.done = null;
        $("action-result").textContent = "";
        const body = build(errors);
        body.version = s.doc && s.doc.data ? s.doc.data.version : 0;
        return body;
      },
      send: function (body) {
        const url = "/api/staff/documents/" + encodeURIComponent(s.doc ? s.doc.number : "") + "/" + path;
        return authJson(url, "POST", body, keyFor([url, body]));
      },
      done: function (res) {
        if (!res.ok) return false;
        clear($("error-summary"));
        s.done = doneKey;
        $("action-result").textContent = t("staff.done", { what: t(doneKey) });
        p.reloadDoc();
        p.loadCounts();
        p.loadQueue(false);
        return true;
      },
      problemKey: staffProblemKey
    });
  }

  actionForm("status", "status",
    { status: "action-status", note: "action-status-note", extension: "action-extension-days", extension_ground: "action-extension-ground", extension_days: "action-extension-days" },
    function (errors: FieldError[]) {
      const st = $("action-status").value;
      const body: Payload = { status: st };
      const note = text("action-status-note");
      if (note) body.note = note;
      requireValue(errors, "status", st);
      if (NOTE_REQUIRED[st] && !note) errors.push({ field: "note", code: "required" });
      if (st === "extended") {
        const ground = $("action-extension-ground").value;
        const raw = text("action-extension-days");
        const days = Number(raw);
        body.extension_ground = ground;
        if (!raw) errors.push({ field: "extension_days", code: "required" });
        else if (!(Math.floor(days) === days && days >= 1 && days <= (EXTENSION_MAX[ground] || 14))) errors.push({ field: "extension_days", code: "invalid" });
        else body.extension_days = days;
      }
      return body;
    }, "act.done.status");

  actionForm("assign", "assign", { unit: "action-assign-unit", note: "action-assign-note" }, function (errors: FieldError[]) {
    const unitId = $("action-assign-unit").value;
    const body: Payload = { unit: unitId };
    const note = text("action-assign-note");
    if (note) body.note = note;
    requireValue(errors, "unit", unitId);
    return body;
  }, "act.done.assign");

  actionForm("reply", "replies", { text: "action-reply-text" }, function (errors: FieldError[]) {
    const body = { text: text("action-reply-text") };
    requireValue(errors, "text", body.text);
    return body;
  }, "act.done.reply");

  actionForm("note", "notes", { text: "action-note-text" }, function (errors: FieldError[]) {
    const body = { text: text("action-note-text") };
    requireValue(errors, "text", body.text);
    return body;
  }, "act.done.note");

  actionForm("duplicate", "duplicate", { of: "action-duplicate-of" }, function (errors: FieldError[]) {
    const of = text("action-duplicate-of");
    const body: Payload = { of: of };
    if (!of) errors.push({ field: "of", code: "required" });
    else if (!/^\d{4}-\d{1,6}$/.test(of)) errors.push({ field: "of", code: "invalid" });
    return body;
  }, "act.done.duplicate");

  actionForm("moderate", "moderate", { description: "action-moderate-description", hide_photo: "action-moderate-photo" }, function (errors: FieldError[]) {
    const body: Payload = {};
    const current = s.doc && s.doc.data ? String(s.doc.data.document.description || "") : "";
    const edited = $("action-moderate-description").value;
    if (edited.trim() && edited.trim() !== current.trim()) body.description = edited.trim();
    const photo = $("action-moderate-photo").value;
    if (photo) body.hide_photo = photo;
    if (!body.description && !body.hide_photo) errors.push({ field: "description", code: "required" });
    return body;
  }, "act.done.moderate", { description: "moderate" });

  return { syncExtension };
}
