/**
 * The queue panel: the back office's one view (`GET /api/staff/documents`) — the unit chooser (or the whole city),
 * the status tabs with their counts, the filters and the search box (kept in the address), the rows a clerk
 * triages from with their checkboxes for a bulk action, "more", the CSV of the view, and "open by number".
 */
import { catCategory, kindLabel, statusLabel } from "../../catalogue";
import { fieldErrorMessage, fieldLabel, problemErrors, problemMessage } from "../../api";
import { dueNode } from "../../docview";
import { $, clear, el, fmtInt, scrollingTable, setNotice } from "../../dom";
import { pick, t } from "../../i18n";
import { authRequest } from "../../session";
import { noData } from "../home";
import { downloadCsv } from "./download";
import type { DeskFigures, DeskPage, DeskRow } from "../../types";
import {
  CHANNELS, OPEN_STATUSES, QUEUE_STATUSES, VIEW_TABS, countText, fillSelect, noFilters, remember, staffHref, staffProblemKey, viewParams,
  type Panels, type QueueState, type StaffState
} from "./state";

/** The filters' inputs, by the filter they set. */
const SELECTS = { kind: "view-kind", category: "view-category", type: "view-type", district: "view-district", channel: "view-channel", sort: "view-sort" } as const;

export function initQueue(s: StaffState, p: Panels) {
  const unitSel = $("staff-unit");
  const tabsBox = $("staff-status-tabs");
  const more = $("staff-more");
  let counts: Record<string, number> | null = null;
  let queue: QueueState = { items: [], cursor: null, result: null, loading: false };
  let queueSeq = 0;

  // ---- unit chooser: operators and admins may look at the whole city ("")
  function renderUnits() {
    const ids = s.roles.all ? [""].concat(s.catalogue ? s.catalogue.units.map(function (u) { return u.id; }) : ["contact-center"]) : s.roles.units.slice();
    if (ids.indexOf(s.unit) < 0) ids.push(s.unit);
    clear(unitSel);
    ids.forEach(function (id: string) {
      const o = el("option", null, id ? s.unitName(id) : t("view.city"));
      o.value = id;
      unitSel.appendChild(o);
    });
    unitSel.value = s.unit;
  }
  unitSel.addEventListener("change", function () {
    s.unit = unitSel.value;
    counts = null;
    renderTabs();
    viewChanged();
    loadCounts();
  });

  // ---- status tabs (ARIA tabs: arrows move between them)
  function tabCount(st: string): number | null {
    if (!counts) return null;
    const c = counts;
    const sum = function (list: string[]) { return list.reduce(function (n, x) { return n + (Number(c[x]) || 0); }, 0); };
    if (st === "open") return sum(OPEN_STATUSES);
    if (st === "decided") return sum(QUEUE_STATUSES.filter(function (x) { return OPEN_STATUSES.indexOf(x) < 0; }));
    if (st === "all") return sum(QUEUE_STATUSES);
    return c[st] !== undefined ? Number(c[st]) : null;
  }
  function tabLabel(st: string): string {
    return st === "open" || st === "decided" || st === "all" ? t("view.tab." + st) : statusLabel(st);
  }
  /**
   * The tabs shown: the open group and each open status, the decided group and everything, and a decided status
   * only when documents are in it (or it is the one chosen): a district needs no tabs for ЗДОИ outcomes it never
   * gives, and a status with documents always has its tab.
   */
  function shownTabs(): string[] {
    return VIEW_TABS.filter(function (st) {
      if (st === s.status || OPEN_STATUSES.indexOf(st) >= 0 || QUEUE_STATUSES.indexOf(st) < 0) return true;
      return counts !== null && (counts[st] || 0) > 0;
    });
  }
  function renderTabs() {
    clear(tabsBox);
    shownTabs().forEach(function (st) {
      const n = tabCount(st);
      const label = t("staff.tab", { status: tabLabel(st), n: n === null ? "…" : fmtInt(n) });
      const b = el("button", "tab", label);
      b.type = "button";
      b.id = "staff-tab-" + st;
      b.setAttribute("role", "tab");
      b.setAttribute("aria-controls", "staff-queue-panel");
      b.setAttribute("aria-selected", st === s.status ? "true" : "false");
      b.tabIndex = st === s.status ? 0 : -1;
      b.addEventListener("click", function () { selectTab(st, false); });
      tabsBox.appendChild(b);
    });
    $("staff-queue-panel").setAttribute("aria-labelledby", "staff-tab-" + s.status);
  }
  tabsBox.addEventListener("keydown", function (ev) {
    const tabs = shownTabs();
    const i = tabs.indexOf(s.status);
    let next = null;
    if (ev.key === "ArrowRight" || ev.key === "ArrowDown") next = (i + 1) % tabs.length;
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") next = (i - 1 + tabs.length) % tabs.length;
    else if (ev.key === "Home") next = 0;
    else if (ev.key === "End") next = tabs.length - 1;
    if (next === null) return;
    ev.preventDefault();
    selectTab(tabs[next], true);
  });
  function selectTab(st: string, focus: boolean) {
    if (st !== s.status) {
      s.status = st;
      viewChanged();
    }
    renderTabs();
    if (focus) $("staff-tab-" + st).focus();
  }

  /** Of the open documents in the view's scope: how many of each kind, category, district and channel. */
  let facets: Record<string, Record<string, number>> | null = null;
  /** An option's label with how many open documents it has, once the counts are known. */
  function counted(facet: string, label: (id: string) => string) {
    return function (id: string) {
      if (!facets) return label(id);
      return t("view.option.count", { label: label(id), n: fmtInt((facets[facet] || {})[id] || 0) });
    };
  }

  /**
   * The tabs' and the filters' counts for the view's scope (a unit or the whole city), from the counters the stream
   * keeps (`GET /api/staff/counts`, which leaves out what nothing is in).
   */
  async function loadCounts() {
    const forUnit = s.unit;
    const res = await authRequest<DeskFigures>("/api/staff/counts" + (forUnit ? "?unit=" + encodeURIComponent(forUnit) : ""));
    if (res.signedOut || forUnit !== s.unit) return;
    const got = res.ok && res.data && res.data.counts && typeof res.data.counts === "object" ? res.data.counts : null;
    counts = null;
    facets = null;
    if (got) {
      const byStatus = got.status || {};
      const all: Record<string, number> = {};
      QUEUE_STATUSES.forEach(function (st) { all[st] = Number(byStatus[st]) || 0; });
      counts = all;
      facets = got.open && typeof got.open === "object" ? got.open : null;
    }
    renderTabs();
    renderFilters();
    renderStatusLine();
  }

  // ---- the filters and the search box (their values are s.filters; the address keeps them)
  const older = $("view-older");
  function renderFilters() {
    const cat = s.catalogue;
    const f = s.filters;
    const named = function (list: Array<{ id: string; name: unknown }> | undefined) {
      return function (id: string) { const x = (list || []).filter(function (i) { return i.id === id; })[0]; return x ? pick(x.name) : id; };
    };
    const keepValue = function (id: string, value: string) { $(id).value = value; };
    fillSelect($("view-kind"), cat ? cat.kinds.map(function (k) { return k.id; }) : (f.kind ? [f.kind] : []), "view.any", counted("kind", kindLabel));
    keepValue("view-kind", f.kind);
    fillSelect($("view-category"), cat ? cat.signal_categories.map(function (c) { return c.id; }) : (f.category ? [f.category] : []), "view.any",
      counted("category", named(cat ? cat.signal_categories : [])));
    keepValue("view-category", f.category);
    const category = catCategory(cat, f.category);
    const types = category ? category.types : [];
    fillSelect($("view-type"), types.map(function (x) { return x.id; }).concat(!category && f.type ? [f.type] : []), category ? "view.any" : "f.type.first",
      counted("type", named(types)));
    keepValue("view-type", f.type);
    $("view-type").disabled = !category && !f.type;
    fillSelect($("view-district"), cat ? cat.districts.map(function (d) { return d.id; }) : (f.district ? [f.district] : []), "view.any",
      counted("district", named(cat ? cat.districts : [])));
    keepValue("view-district", f.district);
    fillSelect($("view-channel"), CHANNELS, "view.any", counted("channel", function (id) { return t("channel." + id); }));
    keepValue("view-channel", f.channel);
    $("view-sort").value = f.sort;
    $("view-overdue").checked = f.overdue;
    $("view-mine").checked = f.mine;
    $("view-followed").checked = f.followed;
    if (document.activeElement !== older) older.value = f.older;
    const q = $("view-q");
    if (document.activeElement !== q) q.value = f.q;
    updateCsvLink();
  }
  function readFilters(): boolean {
    const f = s.filters;
    (Object.keys(SELECTS) as Array<keyof typeof SELECTS>).forEach(function (name) { f[name] = $(SELECTS[name]).value; });
    if (!f.sort) f.sort = "due";
    // A type belongs to its category: a new category drops a type of another.
    const category = catCategory(s.catalogue, f.category);
    if (f.type && category && !category.types.some(function (x) { return x.id === f.type; })) f.type = "";
    if (f.type && !category && s.catalogue) f.type = "";
    f.overdue = $("view-overdue").checked;
    f.mine = $("view-mine").checked;
    f.followed = $("view-followed").checked;
    const raw = older.value.trim();
    const err = $("view-older-error");
    if (raw && !/^\d{1,4}$/.test(raw) || Number(raw) > 3660) {
      err.textContent = fieldErrorMessage("older_than", "out_of_range");
      older.setAttribute("aria-invalid", "true");
      return false;
    }
    err.textContent = "";
    older.removeAttribute("aria-invalid");
    f.older = raw;
    return true;
  }
  const viewForm = $<HTMLFormElement>("view-form");
  viewForm.addEventListener("change", function (ev) {
    const target = ev.target as HTMLElement;
    // The search box and the age apply with Enter or the button; the choices at once.
    if (target.id === "view-q" || target.id === "view-older") return;
    if (!readFilters()) return;
    renderFilters();
    viewChanged();
  });
  viewForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!readFilters()) { older.focus(); return; }
    const q = $("view-q").value.trim();
    // A search looks in every status, as the API does, unless a tab other than the default was chosen.
    if (q && q !== s.filters.q && s.status === "open") s.status = "all";
    s.filters.q = q;
    renderTabs();
    renderFilters();
    viewChanged();
  });
  $("view-clear").addEventListener("click", function () {
    s.filters = noFilters();
    older.value = "";
    $("view-q").value = "";
    $("view-older-error").textContent = "";
    older.removeAttribute("aria-invalid");
    renderFilters();
    viewChanged();
  });

  function viewChanged() {
    remember(s);
    updateCsvLink();
    loadQueue(false);
  }

  // ---- CSV of the view: the API wants the bearer token, so the file is fetched and saved from a Blob
  const csv = $<HTMLAnchorElement>("view-csv");
  function csvUrl(): string {
    const q = viewParams(s);
    q.set("format", "csv");
    q.set("limit", "200");
    return "/api/staff/documents?" + q.toString();
  }
  function updateCsvLink() { csv.href = csvUrl(); }
  csv.addEventListener("click", function (ev) {
    ev.preventDefault();
    downloadCsv(csvUrl(), "kc-sofia-documents.csv", $("view-csv-status"));
  });

  // ---- the view
  async function loadQueue(append: boolean) {
    const seq = ++queueSeq;
    if (!append) {
      queue = { items: [], cursor: null, result: null, loading: true };
      s.rows = [];
      s.selected.clear();
    }
    queue.loading = true;
    renderQueue();
    const q = viewParams(s);
    q.set("limit", "50");
    if (append && queue.cursor) q.set("cursor", queue.cursor);
    const res = await authRequest<DeskPage>("/api/staff/documents?" + q.toString());
    if (res.signedOut || seq !== queueSeq) return;
    queue.loading = false;
    const from = queue.items.length;
    if (res.ok && res.data && Array.isArray(res.data.items)) {
      queue.result = null;
      queue.items = queue.items.concat(res.data.items);
      queue.cursor = res.data.next_cursor || null;
    } else {
      queue.result = res;
    }
    s.rows = queue.items;
    renderQueue(append ? from : undefined);
  }
  more.addEventListener("click", function () { loadQueue(true); });

  /** The view's failure in words: a known problem, the parameters the API named, or a general message. */
  function failureText(failed: NonNullable<QueueState["result"]>): string {
    const key = staffProblemKey(failed);
    if (key) return t(key);
    const errors = problemErrors(failed);
    if (failed.status === 400 && errors) {
      return errors.map(function (e) { return fieldLabel(e.field) + ": " + fieldErrorMessage(e.field, e.code); }).join(" ");
    }
    return problemMessage(failed);
  }

  function caption(): string {
    return t("staff.queue.caption", { unit: s.unit ? s.unitName(s.unit) : t("view.city"), status: tabLabel(s.status) });
  }

  /** The line above the rows: how many are shown (of how many, when the tab's count is the view's), the order, the late ones. */
  function renderStatusLine() {
    const st = $("staff-queue-status");
    // A search lists what it finds newest first, whatever the order chosen for the view.
    const order = s.filters.q ? "search" : s.filters.sort === "age" || s.filters.sort === "followers" ? s.filters.sort : "due";
    // With no filter but the tab, the tab's count is the view's whole: say how much of it is shown.
    const f = s.filters;
    // (The followers order lists only followed documents, so it narrows the view too.)
    const unfiltered = !f.kind && !f.category && !f.type && !f.district && !f.channel && !f.mine && !f.overdue && !f.followed && !f.older && !f.q && f.sort !== "followers";
    const total = unfiltered ? tabCount(s.status) : null;
    if (queue.loading) st.textContent = t("staff.queue.loading");
    else if (!queue.result && !queue.items.length) st.textContent = t("view.empty");
    else {
      const overdue = queue.items.filter(function (i) { return i.days_overdue > 0 || (i.due && i.due.standing && i.due.standing !== "on_time"); }).length;
      const long = queue.items.filter(function (i) { return i.due && i.due.standing === "long_overdue"; }).length;
      const shown = total !== null && total > queue.items.length
        ? t("view.count.of", { n: fmtInt(queue.items.length), total: fmtInt(total) })
        : countText("view.count", queue.items.length);
      st.textContent = !queue.items.length ? "" : shown + " " + t("view.order." + order) +
        (overdue ? " " + t(long ? "view.late.long" : "view.late", { late: fmtInt(overdue), long: fmtInt(long) }) : "");
    }
  }
  function renderQueue(focusFrom?: number) {
    const box = $("staff-queue-box");
    clear(box);
    const failed = queue.result;
    setNotice($("staff-queue-error"), failed ? failureText(failed) : null);
    renderStatusLine();
    more.hidden = !queue.cursor || queue.loading;
    p.syncBulk();
    if (!queue.items.length) return;
    box.appendChild(buildRows(queue.items));
    if (focusFrom !== undefined) {
      const links = box.querySelectorAll<HTMLElement>("a.queue-open");
      if (links[focusFrom]) links[focusFrom].focus();
    }
  }

  function cellText(parts: Array<string | null | undefined>): Node {
    const shown = parts.filter(function (x) { return !!x; }) as string[];
    if (!shown.length) return noData();
    const span = el("span");
    shown.forEach(function (x, i) {
      if (i) span.appendChild(el("br"));
      span.appendChild(document.createTextNode(x));
    });
    return span;
  }

  /** The rows: a checkbox (named by the number), the number (opens the document), and what a clerk triages by. */
  function buildRows(items: DeskRow[]): HTMLElement {
    const wrap = el("div", "table-wrap");
    const table = el("table", "data-table desk-table");
    table.id = "staff-queue";
    const cap = el("caption", null, caption());
    cap.id = "staff-queue-caption";
    table.appendChild(cap);
    const thead = el("thead");
    const hr = el("tr");
    const pickAll = el("th", "pick");
    pickAll.scope = "col";
    const all = el("input");
    all.type = "checkbox";
    all.id = "pick-all";
    all.className = "pick-all";
    const allLabel = el("label", "visually-hidden", t("bulk.pick-all"));
    allLabel.htmlFor = all.id;
    const picked = items.filter(function (i) { return s.selected.has(i.number); }).length;
    all.checked = picked > 0 && picked === items.length;
    all.indeterminate = picked > 0 && picked < items.length;
    pickAll.appendChild(all);
    pickAll.appendChild(allLabel);
    hr.appendChild(pickAll);
    // The whole city's view says which unit holds each document; a unit's view needs no such column.
    const city = !s.unit;
    const columns: Array<{ head: string; cell: (item: DeskRow) => Node; className?: string }> = [
      { head: t("col.kind"), cell: function (item) { return document.createTextNode(pick(item.kind_label) || kindLabel(item.kind)); } },
      { head: t("col.status"), cell: function (item) { return document.createTextNode(pick(item.status_label) || statusLabel(item.status)); } },
      { head: t("view.col.category"), cell: function (item) { return cellText([item.category ? pick(item.category.name) || item.category.id : "", item.type ? pick(item.type.name) || item.type.id : ""]); } },
      { head: t("view.col.subject"), className: "subject", cell: function (item) { return cellText([item.subject]); } },
      { head: t("view.col.place"), cell: function (item) { return cellText([item.district ? (item.district.id === "unknown" ? t("district.unknown") : pick(item.district.name) || item.district.id) : "", item.address]); } },
      { head: t("track.date"), cell: function (item) { return document.createTextNode(item.registered_on); } },
      { head: t("col.due.staff"), cell: function (item) { return (item.due && item.due.date) ? dueNode(item.due) : noData(); } },
      { head: t("view.col.late"), className: "num", cell: function (item) { return document.createTextNode(fmtInt(item.days_overdue)); } },
      { head: t("view.col.followers"), className: "num", cell: function (item) { return document.createTextNode(fmtInt(item.followers)); } },
      { head: t("view.col.assignee"), cell: function (item) { return item.assignee ? document.createTextNode(item.assignee) : cellText([t("person.nobody")]); } }
    ];
    if (city) columns.splice(1, 0, { head: t("view.col.unit"), cell: function (item) { return document.createTextNode(pick(item.unit.name) || s.unitName(item.unit.id)); } });
    const numberHead = el("th", null, t("col.number"));
    numberHead.scope = "col";
    hr.appendChild(numberHead);
    columns.forEach(function (c) {
      const th = el("th", c.className === "num" ? "num" : null, c.head);
      th.scope = "col";
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);
    const tbody = el("tbody");
    items.forEach(function (item) {
      const tr = el("tr");
      const pickCell = el("td", "pick");
      const box = el("input");
      box.type = "checkbox";
      box.id = "pick-" + item.number;
      box.className = "pick-one";
      box.value = item.number;
      box.checked = s.selected.has(item.number);
      const label = el("label", "visually-hidden", t("bulk.pick", { number: item.number }));
      label.htmlFor = box.id;
      pickCell.appendChild(box);
      pickCell.appendChild(label);
      tr.appendChild(pickCell);
      const th = el("th");
      th.scope = "row";
      const a = el("a", null, item.number);
      a.href = staffHref(s, item.number);
      a.className = "queue-open";
      a.setAttribute("data-number", item.number);
      if (s.doc && s.doc.number === item.number) a.setAttribute("aria-current", "true");
      th.appendChild(a);
      tr.appendChild(th);
      columns.forEach(function (c) {
        const td = el("td", c.className || null);
        td.appendChild(c.cell(item));
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    return scrollingTable(wrap, table, cap.id);
  }

  const queueBox = $("staff-queue-box");
  queueBox.addEventListener("click", function (ev) {
    const a = ev.target instanceof Element ? ev.target.closest("a.queue-open") : null;
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    p.openDoc(a.getAttribute("data-number") || "", true);
  });
  queueBox.addEventListener("change", function (ev) {
    const input = ev.target instanceof HTMLInputElement ? ev.target : null;
    if (!input) return;
    if (input.classList.contains("pick-all")) {
      queue.items.forEach(function (i) { if (input.checked) s.selected.add(i.number); else s.selected.delete(i.number); });
      queueBox.querySelectorAll<HTMLInputElement>("input.pick-one").forEach(function (b) { b.checked = input.checked; });
    } else if (input.classList.contains("pick-one")) {
      if (input.checked) s.selected.add(input.value); else s.selected.delete(input.value);
      const all = $("pick-all");
      const picked = queue.items.filter(function (i) { return s.selected.has(i.number); }).length;
      all.checked = picked > 0 && picked === queue.items.length;
      all.indeterminate = picked > 0 && picked < queue.items.length;
    } else return;
    p.syncBulk();
  });

  // ---- open by number
  const openIn = $("staff-open-number");
  $("staff-open-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    const v = openIn.value.trim();
    const err = $("staff-open-number-error");
    if (!/^\d{4}-\d{1,6}$/.test(v)) {
      err.textContent = t("err.number.invalid");
      openIn.setAttribute("aria-invalid", "true");
      openIn.focus();
      return;
    }
    err.textContent = "";
    openIn.removeAttribute("aria-invalid");
    p.openDoc(v, true);
  });

  function renderView() {
    renderFilters();
    renderQueue();
  }

  return { renderUnits, renderTabs, renderQueue: renderView, loadCounts, loadQueue };
}
