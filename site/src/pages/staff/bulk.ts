/**
 * The bulk bar (`POST /api/staff/bulk`): shown while rows of the view are ticked; one action on all of them — a
 * status the selection may take (with its public note), forwarding to a unit (operators), or assigning to a clerk
 * (or to oneself) — sent with the versions read, so a document changed meanwhile is refused, not overwritten. The
 * answer is listed per document (done, or why not); then the view is loaded again.
 */
import { fieldErrorMessage, fieldLabel, type FieldError } from "../../api";
import { statusLabel } from "../../catalogue";
import { $, clear, el } from "../../dom";
import { authJson, idempotency, makeForm, requireValue, type Payload } from "../../forms";
import { onLangChange, t } from "../../i18n";
import { authRequest } from "../../session";
import type { BulkAnswer, BulkResult } from "../../types";
import { countText, fillSelect, forwardTargets, staffProblemKey, text, type Panels, type StaffDocument, type StaffState } from "./state";

/** The most documents one bulk action takes (the API's limit). */
const BULK_MAX = 100;

/** What a status asks of the note, as the single status form does (the API checks the same). */
function noteNeed(status: string): "where" | "reason" | "" {
  if (status === "not_competent" || status === "forwarded_elsewhere") return "where";
  if (status === "closed_unfixed" || status === "rejected" || status === "access_refused") return "reason";
  return "";
}

export function initBulk(s: StaffState, p: Panels) {
  const form = $<HTMLFormElement>("bulk-form");
  const actionSel = $("bulk-action");
  /** The statuses a document may move to, by kind and status ("signal/new"), read from one document of each. */
  const nextByState: Record<string, string[]> = {};
  const peopleByUnit: Record<string, string[]> = {};
  let statusChoices: string[] | null = [];
  let people: string[] = [];
  /** Whether the ticked documents are all of the user's own units, so "me" may be named. */
  let mayTakeThem = false;
  let last: BulkAnswer | null = null;
  /** The note's messages name it by what the chosen status needs it to say. */
  const labels: Record<string, string> = { note: "note" };

  function selectedRows() {
    return s.rows.filter(function (r) { return s.selected.has(r.number); });
  }

  /** The statuses offered: those every ticked document may take (a duplicate and an extension are single actions). */
  async function loadStatusChoices() {
    const rows = selectedRows();
    const states: Record<string, string> = {};
    rows.forEach(function (r) { if (!states[r.kind + "/" + r.status]) states[r.kind + "/" + r.status] = r.number; });
    const missing = Object.keys(states).filter(function (k) { return !nextByState[k]; });
    if (missing.length) {
      statusChoices = null;
      renderChoices();
      await Promise.all(missing.map(async function (k) {
        const res = await authRequest<StaffDocument>("/api/staff/documents/" + encodeURIComponent(states[k]), { quiet: true });
        if (res.ok && res.data && Array.isArray(res.data.next_statuses)) nextByState[k] = res.data.next_statuses.map(String);
      }));
    }
    const keys = Object.keys(states);
    let choices: string[] | null = null;
    keys.forEach(function (k) {
      const next = nextByState[k] || [];
      choices = choices === null ? next.slice() : choices.filter(function (x) { return next.indexOf(x) >= 0; });
    });
    statusChoices = (choices || [] as string[]).filter(function (x: string) { return x !== "duplicate" && x !== "extended"; });
    renderChoices();
  }

  /** The clerks one may assign to: those of the ticked documents' unit, when they share one. */
  async function loadPeople() {
    const units = selectedRows().map(function (r) { return r.unit.id; }).filter(function (u, i, a) { return a.indexOf(u) === i; });
    const unit = units.length === 1 ? units[0] : "";
    if (unit && !peopleByUnit[unit]) {
      const res = await authRequest<{ unit: string; people: string[] }>("/api/staff/people?unit=" + encodeURIComponent(unit), { quiet: true });
      peopleByUnit[unit] = res.ok && res.data && Array.isArray(res.data.people) ? res.data.people.map(String) : [];
    }
    people = unit ? peopleByUnit[unit] || [] : [];
    mayTakeThem = units.length > 0 && units.every(function (u) { return s.roles.units.indexOf(u) >= 0; });
    renderChoices();
  }

  function renderChoices() {
    const actions = ["status", "assign", "assign_person"];
    fillSelect(actionSel, actions, "", function (a) { return t("bulk.action." + a); });
    if (!actionSel.value) actionSel.value = "status";
    const statusSel = $("bulk-status");
    if (statusChoices === null) {
      clear(statusSel);
      const o = el("option", null, t("f.loading"));
      o.value = "";
      statusSel.appendChild(o);
    } else {
      fillSelect(statusSel, statusChoices, statusChoices.length ? "staff.choose-status" : "bulk.no-status", statusLabel);
    }
    fillSelect($("bulk-unit"), forwardTargets(s), "staff.choose-unit", s.unitName);
    fillSelect($("bulk-assignee"), (mayTakeThem ? ["me"] : []).concat(["none"], people), "person.choose", personLabel);
    syncFields();
  }

  /** The fields of the chosen action, and what the chosen status needs. */
  function syncFields() {
    const action = actionSel.value;
    const status = action === "status" ? $("bulk-status").value : "";
    const need = noteNeed(status);
    $("bulk-status-field").hidden = action !== "status";
    $("bulk-unit-field").hidden = action !== "assign";
    $("bulk-assignee-field").hidden = action !== "assign_person";
    $("bulk-note-field").hidden = action === "assign_person";
    $("bulk-competent-body-field").hidden = need !== "where";
    $("bulk-note-required").hidden = !need;
    const note = $("bulk-note");
    if (need) note.setAttribute("aria-required", "true"); else note.removeAttribute("aria-required");
    const hintKey = need === "where" ? "act.status.note.hint.where" : need === "reason" ? "act.status.note.hint.reason" : "bulk.note.hint";
    const hint = $("bulk-note-hint");
    hint.setAttribute("data-i18n", hintKey);
    hint.textContent = t(hintKey);
    labels.note = need === "where" ? "status_note_where" : need ? "status_note" : "note";
  }
  actionSel.addEventListener("change", syncFields);
  $("bulk-status").addEventListener("change", syncFields);

  /** After the rows or the ticks changed: the bar shows while something is ticked, and says how many. */
  let shownFor = "";
  function syncBulk() {
    const n = s.selected.size;
    form.hidden = n === 0;
    $("bulk-count").textContent = n ? countText("bulk.count", n) : "";
    const key = Array.from(s.selected).sort().join(",");
    if (n && key !== shownFor) {
      shownFor = key;
      loadStatusChoices();
      loadPeople();
    }
    if (!n) shownFor = "";
  }

  function personLabel(id: string): string {
    if (id === "me") return t("person.me");
    if (id === "none") return t("person.none");
    return id;
  }

  // ---- the results, per document
  function problemText(result: BulkResult): string {
    const problem = result.problem;
    if (!problem) return "";
    const errors = Array.isArray(problem.errors) ? problem.errors : [];
    const key = staffProblemKey({ ok: false, status: problem.status, data: problem, retryAfter: null });
    const parts: string[] = [];
    if (key) parts.push(t(key));
    errors.forEach(function (e) {
      const field = String(e.field || "");
      parts.push((field && field !== "version" ? fieldLabel(field) + ": " : "") + fieldErrorMessage(field, String(e.code || "")));
    });
    if (!parts.length) parts.push(t("bulk.refused.other"));
    return parts.join(" ");
  }
  function renderResults() {
    const box = $("bulk-results");
    const list = $("bulk-results-list");
    clear(list);
    box.hidden = !last;
    if (!last) return;
    $("bulk-results-heading").textContent = countText("bulk.results.done", last.done) + " " + countText("bulk.results.refused", last.refused);
    last.results.forEach(function (r) {
      const li = el("li", r.done ? "bulk-done" : "bulk-refused");
      li.appendChild(el("strong", null, r.number + ": "));
      li.appendChild(document.createTextNode(r.done ? t("bulk.result.done") : t("bulk.result.refused") + " " + problemText(r)));
      list.appendChild(li);
    });
  }
  onLangChange(function () { renderChoices(); renderResults(); $("bulk-count").textContent = s.selected.size ? countText("bulk.count", s.selected.size) : ""; });

  const keyFor = idempotency();
  makeForm<BulkAnswer>({
    form: form,
    submit: $<HTMLButtonElement>("bulk-submit"),
    status: $("bulk-form-status"),
    summary: $("bulk-summary"),
    fields: {
      numbers: "bulk-action", action: "bulk-action", status: "bulk-status", unit: "bulk-unit", assignee: "bulk-assignee",
      competent_body: "bulk-competent-body", note: "bulk-note"
    },
    labels: labels,
    headingKey: "staff.action.heading",
    failedKey: "staff.action.failed",
    build: function (errors: FieldError[]) {
      const rows = selectedRows();
      const action = actionSel.value;
      const body: Payload = { numbers: rows.map(function (r) { return r.number; }), action: action };
      const versions: Record<string, number> = {};
      rows.forEach(function (r) { versions[r.number] = r.version; });
      body.versions = versions;
      if (rows.length > BULK_MAX) errors.push({ field: "numbers", code: "out_of_range", vars: { max: BULK_MAX } });
      const note = text("bulk-note");
      if (action === "status") {
        const status = $("bulk-status").value;
        body.status = status;
        requireValue(errors, "status", status);
        const need = noteNeed(status);
        if (need === "where") {
          const competent = text("bulk-competent-body");
          if (competent) body.competent_body = competent; else errors.push({ field: "competent_body", code: "required" });
        }
        if (note) body.note = note;
        if (need && !note) errors.push({ field: "note", code: "required" });
      } else if (action === "assign") {
        body.unit = $("bulk-unit").value;
        requireValue(errors, "unit", body.unit);
        if (note) body.note = note;
      } else if (action === "assign_person") {
        const who = $("bulk-assignee").value;
        requireValue(errors, "assignee", who);
        body.assignee = who === "none" ? null : who;
      }
      return body;
    },
    send: function (body) { return authJson<BulkAnswer>("/api/staff/bulk", "POST", body, keyFor(body)); },
    done: function (res) {
      if (!res.ok || !res.data || !Array.isArray(res.data.results)) return false;
      last = res.data;
      clear($("bulk-summary"));
      $("bulk-note").value = "";
      $("bulk-competent-body").value = "";
      renderResults();
      $("bulk-results").focus();
      p.loadCounts();
      p.loadQueue(false);
      if (s.doc) p.reloadDoc();
      return true;
    },
    problemKey: staffProblemKey
  });

  return { syncBulk };
}
