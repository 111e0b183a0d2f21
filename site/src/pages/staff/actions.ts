/**
 * The actions on the open document: status (with the extension of an access request), assign to a unit, assign to
 * a clerk, reply, note, duplicate, moderate.
 */
import type { FieldError } from "../../api";
import { $, clear } from "../../dom";
import { authJson, idempotency, makeForm, requireValue, type Payload } from "../../forms";
import { t } from "../../i18n";
import { staffProblemKey, text, type Panels, type StaffState } from "./state";

const EXTENSION_MAX: Record<string, number> = { large_volume: 10, third_party: 14 };

/**
 * What a status asks of the form, as the API checks it (422 naming `note` or `competent_body`): sending a document
 * to another body names that body and says where the citizen should turn; closing without a fix and refusing say why.
 */
type NoteNeed = "where" | "reason" | "";
function noteNeed(status: string): NoteNeed {
  if (status === "not_competent" || status === "forwarded_elsewhere") return "where";
  if (status === "closed_unfixed" || status === "rejected" || status === "access_refused") return "reason";
  return "";
}

export function initActions(s: StaffState, p: Panels) {
  /** The status form's messages name the note by what it must say (labels are read at each render). */
  const statusLabels: Record<string, string> = { note: "status_note" };

  /** The fields the chosen status needs: the extension (ЗДОИ), the competent body, the note and its hint. */
  function syncStatusForm() {
    p.renderTemplateHint();
    const status = $("action-status").value;
    const on = status === "extended";
    $("action-extension").hidden = !on;
    $("action-extension-days").max = String(EXTENSION_MAX[$("action-extension-ground").value] || 14);
    const need = noteNeed(status);
    $("action-competent-body-field").hidden = need !== "where";
    $("action-status-note-required").hidden = !need;
    const note = $("action-status-note");
    if (need) note.setAttribute("aria-required", "true");
    else note.removeAttribute("aria-required");
    const hintKey = need === "where" ? "act.status.note.hint.where" : need === "reason" ? "act.status.note.hint.reason" : "act.status.note.hint";
    const hint = $("action-status-note-hint");
    // The key goes on the element, so a change of language writes the hint that applies.
    hint.setAttribute("data-i18n", hintKey);
    hint.textContent = t(hintKey);
    statusLabels.note = need === "where" ? "status_note_where" : "status_note";
  }
  $("action-status").addEventListener("change", syncStatusForm);
  $("action-extension-ground").addEventListener("change", syncStatusForm);

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
    {
      status: "action-status", competent_body: "action-competent-body", note: "action-status-note",
      extension: "action-extension-days", extension_ground: "action-extension-ground", extension_days: "action-extension-days"
    },
    function (errors: FieldError[]) {
      const st = $("action-status").value;
      const body: Payload = { status: st };
      const need = noteNeed(st);
      const note = text("action-status-note");
      if (note) body.note = note;
      requireValue(errors, "status", st);
      if (need === "where") {
        const competentBody = text("action-competent-body");
        if (competentBody) body.competent_body = competentBody;
        else errors.push({ field: "competent_body", code: "required" });
      }
      if (need && !note) errors.push({ field: "note", code: "required" });
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
    }, "act.done.status", statusLabels);

  actionForm("assign", "assign", { unit: "action-assign-unit", note: "action-assign-note" }, function (errors: FieldError[]) {
    const unitId = $("action-assign-unit").value;
    const body: Payload = { unit: unitId };
    const note = text("action-assign-note");
    if (note) body.note = note;
    requireValue(errors, "unit", unitId);
    return body;
  }, "act.done.assign");

  actionForm("person", "assignee", { assignee: "action-person" }, function (errors: FieldError[]) {
    const who = $("action-person").value;
    requireValue(errors, "assignee", who);
    return { assignee: who === "none" ? null : who };
  }, "act.done.person");

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

  return { syncStatusForm };
}
