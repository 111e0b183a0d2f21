/**
 * The working-day calendar (admins): this year's and next year's days off with their reason and the weekend days
 * worked (`GET /api/calendar?year=`), and the government's changes — weekdays declared days off, Saturdays or Sundays
 * declared working days — edited as two lists of rows and saved whole (`PUT /api/admin/calendar`). Each date is
 * checked here as the API checks it, so a mistake is shown beside its row; an error the API names for a list
 * (`days_off`) or a row (`days_off[0].date`) is shown beside that list or row.
 */
import { problemErrors, problemMessage, request, type ApiResult } from "../../api";
import { $, clear, el, fmtDate, isRecord, locale } from "../../dom";
import { authJson } from "../../forms";
import { storeGet, storeSet } from "../../session";
import { onLangChange, pick, t } from "../../i18n";
import type { CalendarAnswer, CalendarChanges, ChangedDay } from "../../types";
import { buildTable } from "../home";
import type { StaffState } from "./state";

type ListName = "days_off" | "working_days";
const LISTS: ListName[] = ["days_off", "working_days"];
/**
 * The changes this tab saved last, and when: each function reads the calendar at most once a minute and the public
 * read may be cached for five, so for a few minutes after a save the editor starts from these rather than from a
 * read that may not have them yet (saving that would undo the edit).
 */
const SAVED_KEY = "scc-calendar-saved";
const SAVED_FOR_MS = 5 * 60 * 1000;

/** An error shown beside a row (its place in the list on the page) or, without a row, beside the list. */
interface CalendarError { list: ListName; row: number | null; key: string; vars?: Record<string, unknown> }

/** "2026-05-04" as "04.05.2026 (понеделник)". */
function dayText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  try {
    const weekday = new Intl.DateTimeFormat(locale(), { weekday: "long", timeZone: "UTC" })
      .format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    return fmtDate(iso) + " (" + weekday + ")";
  } catch (e) {
    return fmtDate(iso);
  }
}

/** Saturday or Sunday; null for a date that is not one. */
function isWeekend(iso: string): boolean | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCMonth() !== Number(m[2]) - 1) return null;
  const day = d.getUTCDay();
  return day === 0 || day === 6;
}

/** The changes this tab saved within the last few minutes, if any (see SAVED_KEY). */
function savedHere(): CalendarChanges | null {
  const mine = storeGet(SAVED_KEY);
  if (!isRecord(mine) || typeof mine.at !== "number" || !(Date.now() - mine.at < SAVED_FOR_MS)) return null;
  const changes = mine.changes;
  if (!isRecord(changes)) return null;
  const days = function (list: unknown): ChangedDay[] | null {
    if (!Array.isArray(list)) return null;
    const out: ChangedDay[] = [];
    list.forEach(function (d) {
      if (isRecord(d) && typeof d.date === "string") out.push({ date: d.date, note: typeof d.note === "string" ? d.note : "" });
    });
    return out;
  };
  const off = days(changes.days_off), work = days(changes.working_days);
  return off && work ? { days_off: off, working_days: work } : null;
}

export function initCalendar(s: StaffState) {
  let years: Array<ApiResult<CalendarAnswer>> = [];
  let loading = false;
  let loaded = false;
  let errors: CalendarError[] = [];
  /** A failure that is not about a date: a translated message. */
  let failure: string | null = null;
  let sending = false;
  let saved = false;
  /** The rows sent last: the API's `days_off[i]` is the i-th of these, which need not be the i-th on the page. */
  let sent: Record<ListName, number[]> = { days_off: [], working_days: [] };

  function rowsBox(list: ListName) { return $<HTMLOListElement>("cal-" + list + "-rows"); }
  function dateId(list: ListName, i: number) { return "cal-" + list + "-" + i + "-date"; }

  /** The rows as they are on the page (their inputs' values). */
  function readRows(list: ListName): ChangedDay[] {
    const rows: ChangedDay[] = [];
    const items = rowsBox(list).querySelectorAll<HTMLLIElement>("li.cal-row");
    for (let i = 0; i < items.length; i++) {
      const date = items[i].querySelector<HTMLInputElement>("input[type='date']");
      const note = items[i].querySelector<HTMLInputElement>("input[type='text']");
      rows.push({ date: date ? date.value : "", note: note ? note.value : "" });
    }
    return rows;
  }

  function rowLabel(text: string, n: number, forId: string): HTMLLabelElement {
    const label = el("label", null, text);
    label.htmlFor = forId;
    label.appendChild(el("span", "visually-hidden", ", " + t("cal.row", { n: n })));
    return label;
  }

  function renderRows(list: ListName, rows: ChangedDay[]) {
    const box = rowsBox(list);
    clear(box);
    if (!rows.length) box.appendChild(el("li", "cal-empty", t("cal.empty-list")));
    rows.forEach(function (row, i) {
      const li = el("li", "cal-row");
      const id = dateId(list, i);
      const errorId = "cal-" + list + "-" + i + "-error";
      const dateField = el("div", "field cal-date");
      dateField.appendChild(rowLabel(t("cal.date"), i + 1, id));
      const date = el("input");
      date.type = "date";
      date.id = id;
      date.min = "2020-01-01";
      date.max = "2100-12-31";
      date.value = row.date;
      date.setAttribute("aria-describedby", errorId);
      dateField.appendChild(date);
      li.appendChild(dateField);
      const noteField = el("div", "field cal-note");
      const noteId = "cal-" + list + "-" + i + "-note";
      noteField.appendChild(rowLabel(t("cal.note"), i + 1, noteId));
      const note = el("input");
      note.type = "text";
      note.id = noteId;
      note.maxLength = 300;
      note.autocomplete = "off";
      note.value = row.note;
      noteField.appendChild(note);
      li.appendChild(noteField);
      const remove = el("button", "button button-secondary button-small cal-remove", t("cal.remove"));
      remove.type = "button";
      remove.setAttribute("aria-label", t("cal.remove.row", { n: i + 1 }));
      remove.addEventListener("click", function () {
        const rest = readRows(list);
        rest.splice(i, 1);
        errors = errors.filter(function (e) { return e.list !== list; });
        renderRows(list, rest);
        renderErrors(false);
        // The focus stays in the list: on the row that took this one's place, or on the add button.
        const next = $<HTMLInputElement>(dateId(list, Math.min(i, rest.length - 1)));
        (next || $("cal-" + list + "-add")).focus();
      });
      li.appendChild(remove);
      const err = el("p", "field-error");
      err.id = errorId;
      li.appendChild(err);
      box.appendChild(li);
    });
  }

  function fillEditor(changes: CalendarChanges) {
    LISTS.forEach(function (list) {
      const rows = (Array.isArray(changes[list]) ? changes[list] : []).slice().sort(function (a, b) { return a.date.localeCompare(b.date); });
      renderRows(list, rows);
    });
  }

  function message(e: CalendarError): string { return t(e.key, e.vars); }

  function renderErrors(moveFocus: boolean) {
    const summary = $<HTMLElement>("cal-summary");
    clear(summary);
    LISTS.forEach(function (list) {
      $("cal-" + list + "-error").textContent = "";
      const inputs = rowsBox(list).querySelectorAll("input");
      for (let i = 0; i < inputs.length; i++) inputs[i].removeAttribute("aria-invalid");
      const boxes = rowsBox(list).querySelectorAll(".field-error");
      for (let i = 0; i < boxes.length; i++) boxes[i].textContent = "";
    });
    if (failure) {
      summary.appendChild(el("h2", null, t("form.failed")));
      summary.appendChild(el("p", null, failure));
      if (moveFocus) summary.focus();
      return;
    }
    if (!errors.length) return;
    const ul = el("ul");
    errors.forEach(function (e) {
      const legend = t("cal." + e.list);
      const input = e.row !== null ? $<HTMLInputElement>(dateId(e.list, e.row)) : null;
      const li = el("li");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        const box = $("cal-" + e.list + "-" + e.row + "-error");
        box.textContent = (box.textContent ? box.textContent + " " : "") + message(e);
        const a = el("a", null, legend + ", " + t("cal.row", { n: (e.row || 0) + 1 }) + ": " + message(e));
        a.href = "#" + input.id;
        a.addEventListener("click", function (ev) { ev.preventDefault(); input.focus(); });
        li.appendChild(a);
      } else {
        const box = $("cal-" + e.list + "-error");
        box.textContent = (box.textContent ? box.textContent + " " : "") + message(e);
        li.textContent = legend + ": " + message(e);
      }
      ul.appendChild(li);
    });
    summary.appendChild(el("h2", null, t("form.heading")));
    summary.appendChild(ul);
    if (moveFocus) {
      const first = $("cal-form").querySelector<HTMLElement>("[aria-invalid='true']");
      (first || summary).focus();
    }
  }

  /** The checks the API makes: a date in 2020–2100, a day off on a weekday, a working day on a weekend, none twice. */
  function check(): { body: CalendarChanges; errors: CalendarError[] } {
    const found: CalendarError[] = [];
    const seen: Record<string, boolean> = {};
    const body: CalendarChanges = { days_off: [], working_days: [] };
    sent = { days_off: [], working_days: [] };
    LISTS.forEach(function (list) {
      readRows(list).forEach(function (row, i) {
        const date = row.date.trim();
        const note = row.note.trim();
        if (!date && !note) return; // an added row left empty is left out
        const weekend = date ? isWeekend(date) : null;
        if (!date || weekend === null) found.push({ list: list, row: i, key: date ? "cal.err.date" : "cal.err.required" });
        else if (Number(date.slice(0, 4)) < 2020 || Number(date.slice(0, 4)) > 2100) found.push({ list: list, row: i, key: "cal.err.range" });
        else if (seen[date]) found.push({ list: list, row: i, key: "cal.err.twice", vars: { date: fmtDate(date) } });
        else if (list === "days_off" && weekend) found.push({ list: list, row: i, key: "cal.err.weekday", vars: { date: fmtDate(date) } });
        else if (list === "working_days" && !weekend) found.push({ list: list, row: i, key: "cal.err.weekend", vars: { date: fmtDate(date) } });
        if (date) seen[date] = true;
        body[list].push({ date: date, note: note });
        sent[list].push(i);
      });
    });
    return { body: body, errors: found };
  }

  /** The API's field errors: `days_off[2].date` beside that row, `days_off` beside the list. */
  function apiErrors(res: ApiResult): CalendarError[] | null {
    const list = problemErrors(res);
    if (!list) return null;
    const out: CalendarError[] = [];
    list.forEach(function (e) {
      const m = /^(days_off|working_days)(?:\[(\d+)\])?/.exec(e.field);
      if (!m) return;
      const name = m[1] as ListName;
      const row = m[2] !== undefined && sent[name][Number(m[2])] !== undefined ? sent[name][Number(m[2])] : null;
      out.push({ list: name, row: row, key: row !== null ? "cal.err.date" : "cal.err.list" });
    });
    return out.length ? out : null;
  }

  function renderYears() {
    const box = $<HTMLElement>("cal-years");
    clear(box);
    const st = $("cal-status");
    st.textContent = loading ? t("cal.loading") : "";
    years.forEach(function (res, i) {
      if (!(res.ok && res.data)) {
        if (!st.textContent) st.textContent = problemMessage(res);
        return;
      }
      const y = res.data;
      const details = el("details", "table-details cal-year");
      if (i === 0) details.open = true;
      details.appendChild(el("summary", null, t("cal.year", { year: y.year, off: y.days_off.length, work: y.working_days.length })));
      const offRows = y.days_off.map(function (d) { return [dayText(d.date), pick(d.why)] as Array<string | Node>; });
      const workRows = y.working_days.map(function (d) { return [dayText(d.date), d.note || ""] as Array<string | Node>; });
      details.appendChild(offRows.length
        ? buildTable("cal-off-" + y.year, t("cal.off.caption", { year: y.year }), [t("cal.date"), t("cal.why")], offRows, 99)
        : el("p", null, t("cal.off.caption", { year: y.year }) + ": " + t("cal.none")));
      details.appendChild(workRows.length
        ? buildTable("cal-work-" + y.year, t("cal.work.caption", { year: y.year }), [t("cal.date"), t("cal.note")], workRows, 99)
        : el("p", null, t("cal.work.caption", { year: y.year }) + ": " + t("cal.none")));
      box.appendChild(details);
    });
  }

  /**
   * This year (the API's) and the next; the first load also fills the editor with the changes kept. After a save,
   * this year is the save's answer (`fresh`), which has them already.
   */
  async function loadCalendar(fresh?: ApiResult<CalendarAnswer>) {
    if (!s.roles.admin) return;
    loading = true;
    renderYears();
    const first = fresh || await request<CalendarAnswer>("/api/calendar");
    const next = first.ok && first.data ? await request<CalendarAnswer>("/api/calendar?year=" + (first.data.year + 1)) : null;
    loading = false;
    years = next ? [first, next] : [first];
    if (!loaded && first.ok && first.data) {
      loaded = true;
      fillEditor(savedHere() || first.data.changes);
    }
    // The lists are saved whole: without the changes kept there is nothing to edit (saving would drop them).
    $<HTMLFormElement>("cal-form").hidden = !loaded;
    renderYears();
  }

  function renderCalendar() {
    if (!s.roles.admin) return;
    if (loaded) LISTS.forEach(function (list) { renderRows(list, readRows(list)); });
    renderYears();
    renderErrors(false);
    $("cal-form-status").textContent = sending ? t("form.sending") : saved ? t("cal.saved") : "";
  }

  if (s.roles.admin) {
    LISTS.forEach(function (list) {
      $("cal-" + list + "-add").addEventListener("click", function () {
        const rows = readRows(list);
        rows.push({ date: "", note: "" });
        renderRows(list, rows);
        renderErrors(false);
        $(dateId(list, rows.length - 1)).focus();
      });
    });
    const form = $<HTMLFormElement>("cal-form");
    form.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      if (sending) return;
      saved = false;
      failure = null;
      const checked = check();
      errors = checked.errors;
      if (errors.length) {
        $("cal-form-status").textContent = "";
        renderErrors(true);
        return;
      }
      renderErrors(false);
      sending = true;
      const submit = $<HTMLButtonElement>("cal-submit");
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      $("cal-form-status").textContent = t("form.sending");
      const res = await authJson<CalendarAnswer>("/api/admin/calendar", "PUT", checked.body);
      sending = false;
      submit.disabled = false;
      form.removeAttribute("aria-busy");
      $("cal-form-status").textContent = "";
      if (res.signedOut) return;
      if (res.ok && res.data) {
        saved = true;
        storeSet(SAVED_KEY, { at: Date.now(), changes: res.data.changes });
        fillEditor(res.data.changes);
        $("cal-form-status").textContent = t("cal.saved");
        loadCalendar(res);
        return;
      }
      const named = res.status === 422 || res.status === 400 ? apiErrors(res) : null;
      if (named) errors = named;
      else failure = res.status === 403 ? t("staff.staff-only") : problemMessage(res);
      renderErrors(true);
    });
    onLangChange(renderCalendar);
  }

  return { loadCalendar, renderCalendar };
}
