import type { ApiDoc } from "../docview";
import { problemErrors, problemMessage, request } from "../api";
import { catCategoryName, catDistrictName, catTypeName, getCatalogue } from "../catalogue";
import { $, clear, el, fmtDate, fmtDecimal, fmtInt, fmtPercent, locale, statusLabel, trackHref } from "../dom";
import { fillOptions } from "../forms";
import { onLangChange, pick, t } from "../i18n";
import { Catalogue } from "../types";

// ------------------------------------------------------------ home page
/** A table with a caption, a header row and body rows; cells are text or nodes; first cell is a row header. */
export function buildTable(id: string, caption: unknown, headers: any[], rows: any[], numericFrom: number) {
  var wrap = el("div", "table-wrap");
  var table = el("table", "data-table");
  table.id = id;
  var cap = el("caption", null, caption);
  cap.id = id + "-caption";
  table.appendChild(cap);
  var thead = el("thead");
  var hr = el("tr");
  headers.forEach(function (h: unknown, i: number) {
    var th = el("th", i >= numericFrom ? "num" : null, h);
    th.scope = "col";
    hr.appendChild(th);
  });
  thead.appendChild(hr);
  table.appendChild(thead);
  var tbody = el("tbody");
  rows.forEach(function (cells: any[]) {
    var tr = el("tr");
    cells.forEach(function (cell: unknown, i: number) {
      var c = el(i === 0 ? "th" : "td", i >= numericFrom ? "num" : null);
      if (i === 0) c.scope = "row";
      if (cell instanceof Node) c.appendChild(cell);
      else c.textContent = String(cell === undefined || cell === null ? "" : cell);
      tr.appendChild(c);
    });
    tbody.appendChild(tr);
  });
  table.appendChild(tbody);
  wrap.appendChild(table);
  // A table wider than the screen scrolls; make that reachable from the keyboard.
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-labelledby", cap.id);
  return wrap;
}

/** "—" for sighted readers, "no data" for screen readers. */
export function noData() {
  var span = el("span");
  var dash = el("span", null, "—");
  dash.setAttribute("aria-hidden", "true");
  span.appendChild(dash);
  span.appendChild(el("span", "visually-hidden", t("ov.no-data")));
  return span;
}

export function initHome() {
  var catalogue: Catalogue|null = null;
  var mapSeq = 0;
  var mapState: { result: any; }|null = null;       // {result}
  var overviewState: { result: any; }|null = null;  // {result}
  var catSel = $("map-category");
  var statusSel = $("map-status");
  var districtSel = $("map-district");
  var filterForm = $("map-filter");

  function renderFilterSelects() {
    if (!catalogue) return;
    fillOptions(catSel, catalogue.signal_categories || [], "recent.all-categories", catSel.value);
    var districts = (catalogue.districts || []).slice().sort(function (a: { name: unknown; }, b: { name: unknown; }) {
      return pick(a.name).localeCompare(pick(b.name), locale());
    });
    fillOptions(districtSel, districts, "recent.all-districts", districtSel.value);
  }

  // ---- recent signals (the list view beside the future map)
  async function loadMap() {
    var seq = ++mapSeq;
    var url = "/api/map?days=30";
    if (catSel.value) url += "&category=" + encodeURIComponent(catSel.value);
    if (statusSel.value) url += "&status=" + encodeURIComponent(statusSel.value);
    if (districtSel.value) url += "&district=" + encodeURIComponent(districtSel.value);
    $("recent-list").setAttribute("aria-busy", "true");
    $("recent-status").textContent = t("recent.loading");
    var res = await request(url);
    if (seq !== mapSeq) return;
    $("recent-list").removeAttribute("aria-busy");
    mapState = { result: res };
    renderMap();
  }

  function renderMap() {
    var list = $("recent-list");
    var status = $("recent-status");
    var errBox = $("recent-error");
    clear(list);
    clear(errBox);
    errBox.hidden = true;
    if (!mapState) return;
    var res = mapState.result;
    if (!(res.ok && res.data && Array.isArray(res.data.features))) {
      status.textContent = "";
      errBox.appendChild(el("p", null, res.status === 400 && problemErrors(res) ? t("recent.bad-filter") : problemMessage(res)));
      errBox.hidden = false;
      return;
    }
    var markers = res.data.features
      .map(function (f: { properties: any; }) { return f && f.properties; })
      .filter(function (p: { number: any; }) { return p && p.number; })
      .sort(function (a: { date: any; number: any; }, b: { date: any; number: any; }) {
        var d = String(b.date || "").localeCompare(String(a.date || ""));
        return d || String(b.number).localeCompare(String(a.number));
      });
    var shown = markers.slice(0, 20);
    if (!markers.length) status.textContent = t("recent.none");
    else status.textContent = t(res.data.truncated ? "recent.count.more" : "recent.count", { shown: shown.length, total: fmtInt(markers.length) });
    shown.forEach(function (p: { category: string|null|undefined; type: string|null|undefined; number: string|null|undefined; status: unknown; date: unknown; district: string|null|undefined; }) {
      var li = el("li");
      var a = el("a", null, catTypeName(catalogue, p.category, p.type) + " — " + t("track.no") + " " + p.number);
      a.href = trackHref(p.number);
      li.appendChild(a);
      var meta = el("p", "meta");
      meta.appendChild(el("span", "status-label", statusLabel(p.status)));
      var bits = [fmtDate(p.date)];
      if (p.district) bits.push(catDistrictName(catalogue, p.district));
      meta.appendChild(document.createTextNode(" · " + bits.join(" · ")));
      li.appendChild(meta);
      list.appendChild(li);
    });
  }

  filterForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    loadMap();
  });
  [catSel, statusSel, districtSel].forEach(function (s) { s.addEventListener("change", loadMap); });

  // ---- overview
  async function loadOverview() {
    $("overview-status").textContent = t("ov.loading");
    var res = await request("/api/overview");
    overviewState = { result: res };
    renderOverview();
  }

  function periodRows(o: ApiDoc): Array<Array<string | Node>> {
    var periods = [o.last_30_days || {}, o.this_year || {}, o.all_time || {}];
    function line(key: string, fn: (p: ApiDoc) => string | Node): Array<string | Node> { return [t(key) as string | Node].concat(periods.map(fn)); }
    return [
      line("ov.total", function (p: ApiDoc) { return fmtInt(p.total || 0); }),
      line("ov.open", function (p: ApiDoc) { return fmtInt(p.open || 0); }),
      line("ov.resolved", function (p: ApiDoc) { return fmtInt(p.resolved || 0); }),
      line("ov.share", function (p: ApiDoc) { return p.total ? fmtPercent(p.resolved_share || 0) : noData(); })
    ];
  }

  function renderOverview() {
    var body = $("overview-body");
    var errBox = $("overview-error");
    clear(body);
    clear(errBox);
    errBox.hidden = true;
    if (!overviewState) return;
    $("overview-status").textContent = "";
    var res = overviewState.result;
    var o = res.data;
    if (!(res.ok && o && typeof o === "object")) {
      errBox.appendChild(el("p", null, problemMessage(res)));
      errBox.hidden = false;
      return;
    }
    var all = o.all_time || {};
    if (!all.total) {
      body.appendChild(el("p", null, t("ov.empty")));
      return;
    }
    body.appendChild(buildTable("overview-periods", t("ov.periods.caption"),
      [t("ov.indicator"), t("ov.last30"), t("ov.year"), t("ov.all")], periodRows(o), 1));

    var medians: Record<string, ApiDoc> = {};
    (Array.isArray(o.median_days_to_resolution) ? o.median_days_to_resolution : []).forEach(function (m: ApiDoc) {
      if (m && m.category) medians[m.category] = m;
    });
    var catRows = (Array.isArray(all.by_category) ? all.by_category : []).map(function (c: ApiDoc) {
      var m = medians[c.id];
      return [
        pick(c.name) || catCategoryName(catalogue, c.id),
        fmtInt(c.total || 0),
        fmtInt(c.resolved || 0),
        m && m.median_days !== null && m.median_days !== undefined && isFinite(Number(m.median_days)) ? fmtDecimal(m.median_days) : noData()
      ];
    });
    if (catRows.length) {
      body.appendChild(buildTable("overview-categories", t("ov.categories.caption"),
        [t("f.category"), t("ov.total"), t("ov.resolved"), t("ov.median")], catRows, 1));
    }

    var districtRows = (Array.isArray(all.by_district) ? all.by_district : []).map(function (d: { id: string|null|undefined; name: unknown; total: any; open: any; resolved: any; }) {
      return [
        d.id === "unknown" ? t("district.unknown") : (pick(d.name) || catDistrictName(catalogue, d.id)),
        fmtInt(d.total || 0),
        fmtInt(d.open || 0),
        fmtInt(d.resolved || 0)
      ];
    });
    if (districtRows.length) {
      body.appendChild(buildTable("overview-districts", t("ov.districts.caption"),
        [t("f.district"), t("ov.total"), t("ov.open"), t("ov.resolved")], districtRows, 1));
    }
  }

  onLangChange(function () {
    renderFilterSelects();
    renderMap();
    renderOverview();
    if (mapState === null && $("recent-status").textContent) $("recent-status").textContent = t("recent.loading");
    if (overviewState === null && $("overview-status").textContent) $("overview-status").textContent = t("ov.loading");
  });

  (async function () {
    var got = await getCatalogue();
    catalogue = got.catalogue;
    renderFilterSelects();
    renderMap(); // names may have arrived after the markers
  })();
  loadMap();
  loadOverview();
}
