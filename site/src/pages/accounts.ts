/**
 * accounts.html: the public account of every unit and district (`GET /api/accounts`) — a sortable table of units and
 * one of districts for the chosen period, shares where they mean something, and a chosen unit's or district's last
 * 12 months as a chart (inline SVG, hidden from screen readers) and as a table (the accessible form).
 */
import { problemMessage, request, type ApiResult } from "../api";
import { catDistrictName, catUnitName, getCatalogue } from "../catalogue";
import { $, clear, el, fmtInt, fmtPercent, locale, scrollingTable, setNotice } from "../dom";
import { onLangChange, pick, t } from "../i18n";
import type { Catalogue, Figures, MonthFigures, PublicAccount, ScopeAccount, WorkingDays } from "../types";
import { buildTable, noData } from "./home";

type Period = "this_month" | "last_12_months" | "all_time";
const PERIODS: Period[] = ["this_month", "last_12_months", "all_time"];
type Kind = "unit" | "district";

/** A column of the account tables: its heading, how its rows sort (null: no figure, always last) and its cell. */
interface Column {
  key: string;
  heading: string;
  numeric: boolean;
  sortValue: (a: ScopeAccount, f: Figures) => number | string | null;
  cell: (a: ScopeAccount, f: Figures) => string | Node;
}

interface Sort { key: string; dir: "asc" | "desc" }

/** `part` of `whole` as a percentage with the counts under it; "no data" when there is nothing to divide. */
function shareCell(part: number, whole: number): Node {
  if (!(whole > 0)) return noData();
  const span = el("span", "share");
  span.appendChild(el("span", "share-value", fmtPercent(part / whole)));
  const of = el("span", "share-of");
  of.appendChild(el("span", "visually-hidden", ", "));
  of.appendChild(document.createTextNode(t("acc.of", { part: fmtInt(part), whole: fmtInt(whole) })));
  span.appendChild(of);
  return span;
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Working days as "median / p90", read out in words. */
function daysCell(days: WorkingDays): Node {
  if (days.median === null || days.median === undefined) return noData();
  const p90 = days.p90 === null || days.p90 === undefined ? days.median : days.p90;
  const span = el("span");
  const shown = el("span", null, fmtInt(days.median) + " / " + fmtInt(p90));
  shown.setAttribute("aria-hidden", "true");
  span.appendChild(shown);
  span.appendChild(el("span", "visually-hidden", t("acc.days.text", { median: fmtInt(days.median), p90: fmtInt(p90) })));
  return span;
}

function count(n: number | null | undefined): string | Node {
  return n === null || n === undefined ? noData() : fmtInt(n);
}

/**
 * "2026-03" in words: "март 2026 г." (long) or "мар" (short, without the year: the long name's first three letters,
 * as Bulgarian abbreviates months; Intl's short Bulgarian month is a number).
 */
function monthName(month: string, style: "long" | "short"): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  try {
    if (style === "long") return new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
    return new Intl.DateTimeFormat(locale(), { month: "long", timeZone: "UTC" }).format(date).slice(0, 3);
  } catch (e) {
    return month;
  }
}

// ---------------------------------------------------------------- the trend as a chart (inline SVG)
const SVG_NS = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
  if (text !== undefined) node.textContent = text;
  return node;
}

type TrendField = "received" | "answered" | "answered_by_due" | "fixed";
/** Each line differs by colour, dash and marker, so none is told apart by colour alone. */
const SERIES: Array<{ field: TrendField; labelKey: string; color: string; dash: string; marker: "circle" | "square" | "triangle" | "diamond" }> = [
  { field: "received", labelKey: "acc.col.received", color: "#1b4571", dash: "", marker: "circle" },
  { field: "answered", labelKey: "acc.trend.answered", color: "#b34d00", dash: "7 4", marker: "square" },
  { field: "answered_by_due", labelKey: "acc.col.by-due", color: "#6a3d9a", dash: "2 3", marker: "triangle" },
  { field: "fixed", labelKey: "acc.col.fixed", color: "#1e6b3a", dash: "10 3 2 3", marker: "diamond" }
];

function marker(kind: string, x: number, y: number, color: string): SVGElement {
  const r = 4.5;
  if (kind === "square") return svg("rect", { x: x - r + 0.5, y: y - r + 0.5, width: 2 * r - 1, height: 2 * r - 1, fill: color });
  if (kind === "triangle") return svg("path", { d: `M${x} ${y - r - 0.5}L${x + r} ${y + r - 1}L${x - r} ${y + r - 1}Z`, fill: color });
  if (kind === "diamond") return svg("path", { d: `M${x} ${y - r - 1}L${x + r + 1} ${y}L${x} ${y + r + 1}L${x - r - 1} ${y}Z`, fill: color });
  return svg("circle", { cx: x, cy: y, r: r, fill: color });
}

/** The smallest round top of the scale (4 steps of 1, 2 or 5 × 10ⁿ) at or above `max`. */
function scaleTop(max: number): number {
  if (max <= 4) return 4;
  const raw = max / 4;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(function (m) { return m * magnitude; }).filter(function (s) { return s >= raw; })[0];
  return step * 4;
}

function trendChart(trend: MonthFigures[]): SVGSVGElement {
  const W = 720, H = 270, left = 44, right = 14, top = 12, bottom = 46;
  const plotW = W - left - right, plotH = H - top - bottom;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "trend-svg", "aria-hidden": "true", focusable: "false" });
  const max = scaleTop(trend.reduce(function (m, month) {
    return Math.max(m, ...SERIES.map(function (s) { return Number(month[s.field]) || 0; }));
  }, 0));
  const x = function (i: number) { return left + plotW * (i + 0.5) / Math.max(trend.length, 1); };
  const y = function (v: number) { return top + plotH * (1 - v / max); };
  for (let i = 0; i <= 4; i++) {
    const value = max * i / 4;
    chart.appendChild(svg("line", { x1: left, x2: W - right, y1: y(value), y2: y(value), stroke: i === 0 ? "#4a5560" : "#d5dde4", "stroke-width": 1 }));
    chart.appendChild(svg("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end", "font-size": 12, fill: "#4a5560" }, fmtInt(value)));
  }
  trend.forEach(function (month, i) {
    const label = svg("text", { x: x(i), y: H - bottom + 18, "text-anchor": "middle", "font-size": 12, fill: "#1f2328" }, monthName(month.month, "short"));
    chart.appendChild(label);
    if (i === 0 || /-01$/.test(month.month)) {
      chart.appendChild(svg("text", { x: x(i), y: H - bottom + 34, "text-anchor": "middle", "font-size": 12, fill: "#4a5560" }, month.month.slice(0, 4)));
    }
  });
  SERIES.forEach(function (s) {
    const points = trend.map(function (month, i) { return x(i).toFixed(1) + "," + y(Number(month[s.field]) || 0).toFixed(1); });
    const attrs: Record<string, string | number> = { points: points.join(" "), fill: "none", stroke: s.color, "stroke-width": 2.5, "stroke-linejoin": "round" };
    if (s.dash) attrs["stroke-dasharray"] = s.dash;
    chart.appendChild(svg("polyline", attrs));
    trend.forEach(function (month, i) { chart.appendChild(marker(s.marker, x(i), y(Number(month[s.field]) || 0), s.color)); });
  });
  return chart;
}

/** The chart's legend: a sample of each line beside its name (the table says the same in words). */
function trendLegend(): HTMLElement {
  const legend = el("ul", "chart-legend");
  legend.setAttribute("aria-hidden", "true");
  SERIES.forEach(function (s) {
    const li = el("li");
    const sample = svg("svg", { viewBox: "0 0 32 12", width: 32, height: 12, focusable: "false" });
    const attrs: Record<string, string | number> = { x1: 1, x2: 31, y1: 6, y2: 6, stroke: s.color, "stroke-width": 2.5 };
    if (s.dash) attrs["stroke-dasharray"] = s.dash;
    sample.appendChild(svg("line", attrs));
    sample.appendChild(marker(s.marker, 16, 6, s.color));
    li.appendChild(sample);
    li.appendChild(document.createTextNode(t(s.labelKey)));
    legend.appendChild(li);
  });
  return legend;
}

// ---------------------------------------------------------------- the page
export function initAccountability() {
  const params = new URLSearchParams(window.location.search);
  let period: Period = PERIODS.indexOf(params.get("period") as Period) >= 0 ? params.get("period") as Period : "last_12_months";
  let chosen = params.get("scope") || "";
  let state: { result: ApiResult<PublicAccount> } | null = null;
  let catalogue: Catalogue | null = null;
  const sorts: Record<Kind, Sort> = { unit: { key: "name", dir: "asc" }, district: { key: "name", dir: "asc" } };
  const select = $<HTMLSelectElement>("trend-scope");
  const radios = document.querySelectorAll<HTMLInputElement>("input[name='period']");

  function nameOf(a: ScopeAccount): string {
    return pick(a.name) || (a.kind === "district" ? catDistrictName(catalogue, a.id) : catUnitName(catalogue, a.id)) || a.id;
  }

  function scopeValue(a: ScopeAccount): string { return a.kind + ":" + a.id; }

  function accounts(): ScopeAccount[] {
    const res = state ? state.result : null;
    return res && res.ok && res.data && Array.isArray(res.data.accounts) ? res.data.accounts : [];
  }

  function ofKind(kind: Kind): ScopeAccount[] {
    return accounts().filter(function (a) { return a.kind === kind; });
  }

  /** Keeps the period and the chosen unit in the address, so a view can be linked to. */
  function remember() {
    const q = new URLSearchParams();
    if (period !== "last_12_months") q.set("period", period);
    if (chosen) q.set("scope", chosen);
    const query = q.toString();
    try { window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "")); } catch (e) { /* ignore */ }
  }

  function columns(kind: Kind): Column[] {
    return [
      {
        key: "name", heading: kind === "unit" ? "acc.col.unit" : "acc.col.district", numeric: false,
        sortValue: function (a) { return nameOf(a); },
        cell: function (a) {
          const b = el("button", "name-button", nameOf(a));
          b.type = "button";
          b.addEventListener("click", function () { choose(scopeValue(a), true); });
          return b;
        }
      },
      { key: "received", heading: "acc.col.received", numeric: true, sortValue: function (a, f) { return f.received; }, cell: function (a, f) { return fmtInt(f.received); } },
      {
        key: "ack", heading: "acc.col.ack", numeric: true,
        sortValue: function (a, f) { return share(f.acknowledged_in_time, f.acknowledged); },
        cell: function (a, f) { return shareCell(f.acknowledged_in_time, f.acknowledged); }
      },
      {
        key: "by-due", heading: "acc.col.by-due", numeric: true,
        sortValue: function (a, f) { return share(f.answered_by_due, f.answered); },
        cell: function (a, f) { return shareCell(f.answered_by_due, f.answered); }
      },
      { key: "fixed", heading: "acc.col.fixed", numeric: true, sortValue: function (a, f) { return f.fixed; }, cell: function (a, f) { return fmtInt(f.fixed); } },
      {
        key: "confirmed", heading: "acc.col.confirmed", numeric: true,
        sortValue: function (a, f) { return share(f.confirmed_fixed, f.fixed); },
        cell: function (a, f) { return shareCell(f.confirmed_fixed, f.fixed); }
      },
      { key: "closed", heading: "acc.col.closed", numeric: true, sortValue: function (a, f) { return f.closed_without_fix; }, cell: function (a, f) { return fmtInt(f.closed_without_fix); } },
      { key: "forwarded", heading: "acc.col.forwarded", numeric: true, sortValue: function (a, f) { return f.forwarded_elsewhere; }, cell: function (a, f) { return fmtInt(f.forwarded_elsewhere); } },
      {
        key: "days-answer", heading: "acc.col.days-answer", numeric: true,
        sortValue: function (a, f) { return f.days_to_answer.median ?? null; },
        cell: function (a, f) { return daysCell(f.days_to_answer); }
      },
      {
        key: "days-fix", heading: "acc.col.days-fix", numeric: true,
        sortValue: function (a, f) { return f.days_to_fix.median ?? null; },
        cell: function (a, f) { return daysCell(f.days_to_fix); }
      },
      { key: "open", heading: "acc.col.open", numeric: true, sortValue: function (a) { return a.open_now; }, cell: function (a) { return fmtInt(a.open_now); } },
      { key: "overdue", heading: "acc.col.overdue", numeric: true, sortValue: function (a) { return a.overdue_now; }, cell: function (a) { return fmtInt(a.overdue_now); } },
      { key: "oldest", heading: "acc.col.oldest", numeric: true, sortValue: function (a) { return a.oldest_open_days ?? null; }, cell: function (a) { return count(a.oldest_open_days); } }
    ];
  }

  function sorted(rows: ScopeAccount[], column: Column, sort: Sort): ScopeAccount[] {
    const collator = new Intl.Collator(locale());
    return rows.slice().sort(function (a, b) {
      const va = column.sortValue(a, a[period]), vb = column.sortValue(b, b[period]);
      // No figure goes last whichever the direction; ties keep the names' order.
      if (va === null && vb !== null) return 1;
      if (vb === null && va !== null) return -1;
      let d = 0;
      if (va !== null && vb !== null) d = typeof va === "string" || typeof vb === "string" ? collator.compare(String(va), String(vb)) : va - vb;
      if (sort.dir === "desc") d = -d;
      return d || collator.compare(nameOf(a), nameOf(b));
    });
  }

  function renderTable(kind: Kind, focusKey?: string) {
    const box = $<HTMLElement>(kind === "unit" ? "acc-units" : "acc-districts");
    clear(box);
    const rows = ofKind(kind);
    if (!rows.length) return;
    const cols = columns(kind);
    const sort = sorts[kind];
    const column = cols.filter(function (c) { return c.key === sort.key; })[0] || cols[0];
    const id = kind === "unit" ? "accounts-units" : "accounts-districts";

    const wrap = el("div", "table-wrap account-wrap");
    const table = el("table", "data-table account-table");
    table.id = id;
    const cap = el("caption", null, t(kind === "unit" ? "acc.units.caption" : "acc.districts.caption", { period: t("acc.period." + period) }));
    cap.id = id + "-caption";
    table.appendChild(cap);
    const thead = el("thead");
    const hr = el("tr");
    cols.forEach(function (c) {
      const th = el("th", c.numeric ? "num" : null);
      th.scope = "col";
      const active = c.key === column.key;
      if (active) th.setAttribute("aria-sort", sort.dir === "asc" ? "ascending" : "descending");
      const b = el("button", "sort-button", t(c.heading));
      b.type = "button";
      b.dataset.sort = c.key;
      const mark = el("span", "sort-mark" + (active ? " sort-active" : ""), active ? (sort.dir === "asc" ? " ▲" : " ▼") : " ↕");
      mark.setAttribute("aria-hidden", "true");
      b.appendChild(mark);
      b.addEventListener("click", function () {
        if (sort.key === c.key) sort.dir = sort.dir === "asc" ? "desc" : "asc";
        else {
          sort.key = c.key;
          sort.dir = c.numeric ? "desc" : "asc";
        }
        renderTable(kind, c.key);
        $("acc-sorted").textContent = t("acc.sorted", { column: t(c.heading), direction: t(sort.dir === "asc" ? "acc.sort.asc" : "acc.sort.desc") });
      });
      th.appendChild(b);
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);
    const tbody = el("tbody");
    sorted(rows, column, sort).forEach(function (a) {
      const tr = el("tr");
      const f = a[period];
      cols.forEach(function (c, i) {
        const cell = el(i === 0 ? "th" : "td", c.numeric ? "num" : null);
        if (i === 0) cell.scope = "row";
        const content = c.cell(a, f);
        if (typeof content === "string") cell.textContent = content;
        else cell.appendChild(content);
        tr.appendChild(cell);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(scrollingTable(wrap, table, cap.id));
    if (focusKey) {
      const again = box.querySelector<HTMLButtonElement>("button[data-sort='" + focusKey + "']");
      if (again) again.focus();
    }
  }

  function renderSelect() {
    const keep = chosen;
    while (select.options.length > 1) select.remove(1);
    ([["unit", "acc.units.heading"], ["district", "acc.districts.heading"]] as Array<[Kind, string]>).forEach(function (pair) {
      const rows = ofKind(pair[0]);
      if (!rows.length) return;
      const group = el("optgroup");
      group.label = t(pair[1]);
      const collator = new Intl.Collator(locale());
      rows.slice().sort(function (a, b) { return collator.compare(nameOf(a), nameOf(b)); }).forEach(function (a) {
        const o = el("option", null, nameOf(a));
        o.value = scopeValue(a);
        group.appendChild(o);
      });
      select.appendChild(group);
    });
    select.value = keep;
    if (select.value !== keep) select.value = "";
  }

  function renderTrend() {
    const body = $<HTMLElement>("trend-body");
    clear(body);
    const a = accounts().filter(function (x) { return scopeValue(x) === chosen; })[0];
    if (!a) return;
    const name = nameOf(a);
    const trend = Array.isArray(a.trend) ? a.trend : [];
    const h = el("h3", null, name);
    h.id = "trend-name";
    body.appendChild(h);
    const fig = el("figure", "chart trend-chart");
    fig.appendChild(el("figcaption", null, t("acc.trend.chart", { name: name })));
    fig.appendChild(trendLegend());
    fig.appendChild(trendChart(trend));
    body.appendChild(fig);
    const rows = trend.map(function (m) {
      return [monthName(m.month, "long"), fmtInt(m.received), fmtInt(m.answered), fmtInt(m.answered_by_due), fmtInt(m.fixed)] as Array<string | Node>;
    });
    body.appendChild(buildTable("trend-table", t("acc.trend.caption", { name: name }),
      [t("acc.month"), t("acc.col.received"), t("acc.trend.answered"), t("acc.col.by-due"), t("acc.col.fixed")], rows, 1));
  }

  /** Shows a unit's or district's trend; from its name in a table, the trend is brought into view. */
  function choose(value: string, bringIntoView: boolean) {
    chosen = value;
    select.value = value;
    remember();
    renderTrend();
    if (bringIntoView) {
      const heading = $<HTMLElement>("trend-heading");
      heading.scrollIntoView();
      heading.focus();
    }
  }

  function render() {
    const errBox = $<HTMLElement>("acc-error");
    setNotice(errBox, null);
    if (!state) return;
    $("acc-status").textContent = "";
    const res = state.result;
    if (!(res.ok && res.data && Array.isArray(res.data.accounts))) {
      clear($<HTMLElement>("acc-units"));
      clear($<HTMLElement>("acc-districts"));
      setNotice(errBox, problemMessage(res));
      return;
    }
    renderTable("unit");
    renderTable("district");
    renderSelect();
    renderTrend();
  }

  Array.prototype.forEach.call(radios, function (radio: HTMLInputElement) {
    radio.checked = radio.value === period;
    radio.addEventListener("change", function () {
      if (!radio.checked || PERIODS.indexOf(radio.value as Period) < 0) return;
      period = radio.value as Period;
      remember();
      renderTable("unit");
      renderTable("district");
    });
  });
  select.addEventListener("change", function () { choose(select.value, false); });

  onLangChange(function () {
    render();
    if (!state) $("acc-status").textContent = t("acc.loading");
  });

  (async function () {
    $("acc-status").textContent = t("acc.loading");
    const res = await request<PublicAccount>("/api/accounts");
    state = { result: res };
    render();
  })();
  // Names missing from an account come from the catalogue.
  getCatalogue().then(function (got) {
    catalogue = got.catalogue;
    if (catalogue && accounts().some(function (a) { return !pick(a.name); })) render();
  });
}
