/** The queue panel: the unit chooser, the status tabs with their counts, the queue itself and "open by number". */
import { kindLabel, statusLabel } from "../../catalogue";
import { problemMessage } from "../../api";
import { dueNode, fmtDateTime } from "../../docview";
import { $, clear, el, fmtInt, setNotice } from "../../dom";
import { t } from "../../i18n";
import { authRequest } from "../../session";
import { buildTable, noData } from "../home";
import type { Queue } from "../../types";
import { QUEUE_STATUSES, remember, staffHref, staffProblemKey, type Panels, type QueueState, type StaffState } from "./state";

/** `GET /api/staff/queues/{unit}/counts`: how many wait in each status. Not yet described by the API document. */
interface QueueCounts { unit: string; counts: Record<string, number> }

export function initQueue(s: StaffState, p: Panels) {
  const unitSel = $("staff-unit");
  const tabsBox = $("staff-status-tabs");
  const more = $("staff-more");
  let counts: Record<string, number> | null = null;
  let queue: QueueState = { items: [], cursor: null, result: null, loading: false };
  let queueSeq = 0;

  // ---- unit chooser
  function renderUnits() {
    const ids = s.roles.all ? (s.catalogue ? s.catalogue.units.map(function (u) { return u.id; }) : ["contact-center"]) : s.roles.units.slice();
    if (ids.indexOf(s.unit) < 0) ids.unshift(s.unit);
    clear(unitSel);
    ids.forEach(function (id: string) {
      const o = el("option", null, s.unitName(id));
      o.value = id;
      unitSel.appendChild(o);
    });
    unitSel.value = s.unit;
  }
  unitSel.addEventListener("change", function () {
    s.unit = unitSel.value;
    remember(s);
    loadCounts();
    loadQueue(false);
  });

  // ---- status tabs (ARIA tabs: arrows move between them)
  function renderTabs() {
    clear(tabsBox);
    QUEUE_STATUSES.forEach(function (st) {
      const b = el("button", "tab", t("staff.tab", { status: statusLabel(st), n: counts && counts[st] !== undefined ? fmtInt(counts[st]) : "…" }));
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
    const i = QUEUE_STATUSES.indexOf(s.status);
    let next = null;
    if (ev.key === "ArrowRight" || ev.key === "ArrowDown") next = (i + 1) % QUEUE_STATUSES.length;
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") next = (i - 1 + QUEUE_STATUSES.length) % QUEUE_STATUSES.length;
    else if (ev.key === "Home") next = 0;
    else if (ev.key === "End") next = QUEUE_STATUSES.length - 1;
    if (next === null) return;
    ev.preventDefault();
    selectTab(QUEUE_STATUSES[next], true);
  });
  function selectTab(st: string, focus: boolean) {
    if (st !== s.status) {
      s.status = st;
      remember(s);
      loadQueue(false);
    }
    renderTabs();
    if (focus) $("staff-tab-" + st).focus();
  }

  async function loadCounts() {
    const forUnit = s.unit;
    const res = await authRequest<QueueCounts>("/api/staff/queues/" + encodeURIComponent(forUnit) + "/counts");
    if (res.signedOut || forUnit !== s.unit) return;
    counts = res.ok && res.data && res.data.counts && typeof res.data.counts === "object" ? res.data.counts : null;
    renderTabs();
  }

  // ---- the queue
  async function loadQueue(append: boolean) {
    const seq = ++queueSeq;
    if (!append) queue = { items: [], cursor: null, result: null, loading: true };
    queue.loading = true;
    renderQueue();
    const url = "/api/staff/queues/" + encodeURIComponent(s.unit) + "?status=" + encodeURIComponent(s.status) + "&limit=50" +
      (append && queue.cursor ? "&cursor=" + encodeURIComponent(queue.cursor) : "");
    const res = await authRequest<Queue>(url);
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
    renderQueue(append ? from : undefined);
  }
  more.addEventListener("click", function () { loadQueue(true); });

  function renderQueue(focusFrom?: number) {
    const box = $("staff-queue-box");
    clear(box);
    const failed = queue.result;
    const key = failed ? staffProblemKey(failed) : "";
    setNotice($("staff-queue-error"), !failed ? null : key ? t(key) : problemMessage(failed));
    const st = $("staff-queue-status");
    if (queue.loading) st.textContent = t("staff.queue.loading");
    else if (!queue.result && !queue.items.length) st.textContent = t("staff.queue.empty");
    else {
      const overdue = queue.items.filter(function (i) { return i.overdue || (i.due && i.due.standing !== "on_time"); }).length;
      const long = queue.items.filter(function (i) { return i.due && i.due.standing === "long_overdue"; }).length;
      const n = fmtInt(queue.items.length);
      st.textContent = !queue.items.length ? "" : long
        ? t("staff.queue.count.long", { n: n, late: fmtInt(overdue), long: fmtInt(long) })
        : overdue ? t("staff.queue.count.overdue", { n: n, late: fmtInt(overdue) }) : t("staff.queue.count", { n: n });
    }
    more.hidden = !queue.cursor || queue.loading;
    if (!queue.items.length) return;
    const rows = queue.items.map(function (item) {
      const a = el("a", null, item.number);
      a.href = staffHref(s, item.number);
      a.className = "queue-open";
      a.setAttribute("data-number", item.number);
      if (s.doc && s.doc.number === item.number) a.setAttribute("aria-current", "true");
      const due: Node = (item.due && item.due.date) || item.overdue ? dueNode(item.due, item.overdue) : noData();
      return [a, kindLabel(item.kind), fmtDateTime(item.registered_at), due];
    });
    const wrap = buildTable("staff-queue", t("staff.queue.caption", { unit: s.unitName(s.unit), status: statusLabel(s.status) }),
      [t("col.number"), t("col.kind"), t("track.date"), t("col.due.staff")], rows, 99);
    box.appendChild(wrap);
    if (focusFrom !== undefined) {
      const links = box.querySelectorAll<HTMLElement>("a.queue-open");
      if (links[focusFrom]) links[focusFrom].focus();
    }
  }

  $("staff-queue-box").addEventListener("click", function (ev) {
    const a = ev.target instanceof Element ? ev.target.closest("a.queue-open") : null;
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    p.openDoc(a.getAttribute("data-number") || "", true);
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

  return { renderUnits, renderTabs, renderQueue, loadCounts, loadQueue };
}
