/** index.html: the map and list of the last 30 days with filters, and the public overview as bars and tables. */
import { problemErrors, problemMessage, request, type ApiResult } from "../api";
import { catCategoryName, catDistrictName, catTypeName, getCatalogue, statusLabel } from "../catalogue";
import { $, clear, el, fmtDate, fmtDecimal, fmtInt, fmtPercent, locale, safeUrl, scrollingTable, setNotice, trackHref } from "../dom";
import { standingBadge } from "../docview";
import { fillOptions } from "../forms";
import { onLangChange, pick, t } from "../i18n";
import type { Catalogue, Count, MapAnswer, MapFeature, Overview, PeriodOverview } from "../types";
import type { MapCluster, MapMarker, SignalMap, UnplacedMarker } from "../map";

type Unplaced = MapAnswer["unplaced"][number];
type Cluster = MapAnswer["clusters"][number];

/** What the map shows now: the answers of the tiles in view, together. */
interface MapView {
  kind: "clusters" | "markers";
  total: number;
  clusters: Cluster[];
  features: MapFeature[];
  unplaced: Unplaced[];
}

/** "N signals in district X have no point on the map" (or of no known district: "are not on the map"). */
function unplacedText(catalogue: Catalogue | null, u: Unplaced): string {
  const n = Number(u.count) || 0;
  if (!u.district) return t(n === 1 ? "map.unplaced.unknown.one" : "map.unplaced.unknown", { n: fmtInt(n) });
  return t(n === 1 ? "map.unplaced.one" : "map.unplaced", { n: fmtInt(n), district: catDistrictName(catalogue, u.district) });
}

/** The answer's counts of signals placed by address only (an older answer has none). */
function unplacedOf(answer: MapView | null | undefined): Unplaced[] {
  return answer && Array.isArray(answer.unplaced) ? answer.unplaced.filter(function (u) { return u && Number(u.count) > 0; }) : [];
}

const OPEN_STATUSES = ["new", "registered", "forwarded", "in_progress", "clarification_requested", "extended"];

interface Bar {
  name: string;
  /** Segments left to right: value and tone (resolved, open, other). */
  parts: Array<{ value: number; tone: string }>;
  total: number;
  /** The row in words, for screen readers. */
  text: string;
}

/** A bar chart as a list (each bar's figures in words for screen readers), with a legend. */
function barChart(id: string, caption: string, bars: Bar[], tones: string[]): HTMLElement {
  const fig = el("figure", "chart");
  fig.id = id;
  const cap = el("figcaption", null, caption);
  cap.id = id + "-caption";
  fig.appendChild(cap);
  const legend = el("ul", "chart-legend");
  legend.setAttribute("aria-hidden", "true");
  tones.forEach(function (tone) {
    const li = el("li");
    li.appendChild(el("span", "swatch bar-" + tone));
    li.appendChild(document.createTextNode(t("ov.legend." + tone)));
    legend.appendChild(li);
  });
  fig.appendChild(legend);
  const max = bars.reduce(function (m, b) { return Math.max(m, b.total); }, 0) || 1;
  const list = el("ul", "bars");
  list.setAttribute("aria-labelledby", cap.id);
  bars.forEach(function (b) {
    const li = el("li", "bar-row");
    const label = el("span", "bar-label", b.name);
    label.setAttribute("aria-hidden", "true");
    const track = el("span", "bar-track");
    track.setAttribute("aria-hidden", "true");
    b.parts.forEach(function (part) {
      if (!(part.value > 0)) return;
      const seg = el("span", "bar bar-" + part.tone);
      seg.style.width = (100 * part.value / max).toFixed(2) + "%";
      track.appendChild(seg);
    });
    const value = el("span", "bar-value", fmtInt(b.total));
    value.setAttribute("aria-hidden", "true");
    li.appendChild(label);
    li.appendChild(track);
    li.appendChild(value);
    li.appendChild(el("span", "visually-hidden", b.text));
    list.appendChild(li);
  });
  fig.appendChild(list);
  return fig;
}

/** A table behind a disclosure: the exact figures of a chart. */
function tableDetails(table: HTMLElement): HTMLElement {
  const d = el("details", "table-details");
  d.appendChild(el("summary", null, t("ov.table.show")));
  d.appendChild(table);
  return d;
}

// ------------------------------------------------------------ home page
/** A table with a caption, a header row and body rows; cells are text or nodes; first cell is a row header. */
export function buildTable(id: string, caption: string, headers: string[], rows: Array<Array<string | Node>>, numericFrom: number): HTMLElement {
  const wrap = el("div", "table-wrap");
  const table = el("table", "data-table");
  table.id = id;
  const cap = el("caption", null, caption);
  cap.id = id + "-caption";
  table.appendChild(cap);
  const thead = el("thead");
  const hr = el("tr");
  headers.forEach(function (h: unknown, i: number) {
    const th = el("th", i >= numericFrom ? "num" : null, h);
    th.scope = "col";
    hr.appendChild(th);
  });
  thead.appendChild(hr);
  table.appendChild(thead);
  const tbody = el("tbody");
  rows.forEach(function (cells) {
    const tr = el("tr");
    cells.forEach(function (cell: unknown, i: number) {
      const c = el(i === 0 ? "th" : "td", i >= numericFrom ? "num" : null);
      if (i === 0) c.scope = "row";
      if (cell instanceof Node) c.appendChild(cell);
      else c.textContent = String(cell === undefined || cell === null ? "" : cell);
      tr.appendChild(c);
    });
    tbody.appendChild(tr);
  });
  table.appendChild(tbody);
  return scrollingTable(wrap, table, cap.id);
}

/** "—" for sighted readers, "no data" for screen readers. */
export function noData() {
  const span = el("span");
  const dash = el("span", null, "—");
  dash.setAttribute("aria-hidden", "true");
  span.appendChild(dash);
  span.appendChild(el("span", "visually-hidden", t("ov.no-data")));
  return span;
}

export function initHome() {
  let catalogue: Catalogue|null = null;
  let mapSeq = 0;
  /** The view's answer, or the first failed tile's answer. */
  let mapState: { result: ApiResult<MapView> } | null = null;
  let overviewState: { result: ApiResult<Overview> } | null = null;
  const catSel = $("map-category");
  const statusSel = $("map-status");
  const districtSel = $("map-district");
  const filterForm = $("map-filter");
  let signalMap: SignalMap | null = null;
  /**
   * Tile answers by URL, kept as the user pans and zooms (the same tile and filters are not asked again while the
   * page is open; the browser's cache keeps them for the route's max-age too).
   */
  const tiles = new Map<string, Promise<ApiResult<MapAnswer>>>();

  // The map's code (Leaflet) is its own chunk: the list and the overview do not wait for it.
  import("../map").then(function (mod) {
    const box = $<HTMLElement>("signal-map");
    signalMap = mod.createMap(box);
    // A view in the address (#map=zoom/lat/lon) opens there, and moving the map keeps it there to share.
    const at = /^#map=(\d+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(location.hash);
    if (at) signalMap.map.setView([Number(at[2]), Number(at[3])], Number(at[1]));
    signalMap.map.on("moveend", function () {
      const m = signalMap!.map, c = m.getCenter();
      history.replaceState(null, "", "#map=" + m.getZoom() + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5));
      loadMap();
    });
    loadMap();
  }).catch(function () {
    const box = $<HTMLElement>("signal-map");
    box.classList.add("map-failed");
    box.textContent = t("map.failed");
  });

  /** The clusters or the markers of the view, and the counts of signals placed by address only. */
  function renderMarkers() {
    if (!signalMap) return;
    const res = mapState ? mapState.result : null;
    const view = res && res.ok && res.data ? res.data : null;
    const markers: MapMarker[] = [];
    (view ? view.features : []).forEach(function (f) {
      const p = f && f.properties;
      const c = f && f.geometry && Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : null;
      if (!p || !p.number || !c || !isFinite(Number(c[0])) || !isFinite(Number(c[1]))) return;
      const typeName = catTypeName(catalogue, p.category, p.type);
      const title = t("map.marker", { type: typeName, number: p.number });
      const meta = [statusLabel(p.status), fmtDate(p.date)];
      if (p.district) meta.push(catDistrictName(catalogue, p.district));
      markers.push({
        number: String(p.number),
        lat: Number(c[1]),
        lon: Number(c[0]),
        title: title,
        lines: [title, catCategoryName(catalogue, p.category), meta.join(" · ")],
        href: trackHref(p.number),
        thumbnail: safeUrl(p.thumbnail) || undefined,
        thumbnailAlt: t("map.photo", { number: p.number }),
        tone: OPEN_STATUSES.indexOf(p.status) >= 0 ? "open" : p.status === "resolved" ? "resolved" : "closed",
        badge: standingBadge(p.standing) || undefined
      });
    });
    signalMap.setMarkers(markers);
    const clusters: MapCluster[] = (view ? view.clusters : []).map(function (c) {
      return {
        cell: c.cell, lat: c.coordinates[1], lon: c.coordinates[0], bbox: c.bbox, total: c.total, open: c.open, resolved: c.resolved, closed: c.closed,
        text: t("map.cluster.split", { n: fmtInt(c.total), open: fmtInt(c.open), resolved: fmtInt(c.resolved), closed: fmtInt(c.closed) })
      };
    });
    signalMap.setClusters(clusters);
    // Signals placed by address only: their count at their district (those of no district are only listed).
    const counts: UnplacedMarker[] = [];
    unplacedOf(view).forEach(function (u) {
      const c = Array.isArray(u.coordinates) ? u.coordinates : null;
      if (!c || !isFinite(Number(c[0])) || !isFinite(Number(c[1]))) return;
      counts.push({ lat: Number(c[1]), lon: Number(c[0]), count: Number(u.count), text: unplacedText(catalogue, u) });
    });
    signalMap.setUnplaced(counts);
  }

  function renderFilterSelects() {
    if (!catalogue) return;
    fillOptions(catSel, catalogue.signal_categories || [], "recent.all-categories", catSel.value);
    const districts = (catalogue.districts || []).slice().sort(function (a, b) {
      return pick(a.name).localeCompare(pick(b.name), locale());
    });
    fillOptions(districtSel, districts, "recent.all-districts", districtSel.value);
  }

  // ---- recent signals: the map's tiles in view, and the list of what it shows
  /** The tile URLs the view needs: the map's tiles, or before the map (or without it) the whole city's clusters. */
  function tileUrls(filters: string): string[] {
    if (!signalMap) return ["/api/map?" + filters + "&zoom=12"];
    const view = signalMap.view();
    return view.tiles.map(function (tile) { return "/api/map?" + filters + "&zoom=" + view.level.zoom + "&bbox=" + tile.bbox; });
  }

  function tile(url: string): Promise<ApiResult<MapAnswer>> {
    let answer = tiles.get(url);
    if (!answer) {
      answer = request<MapAnswer>(url);
      tiles.set(url, answer);
      // A failed answer is not kept: the next move asks again.
      answer.then(function (res) { if (!res.ok) tiles.delete(url); });
    }
    return answer;
  }

  async function loadMap() {
    const seq = ++mapSeq;
    let filters = "days=30";
    if (catSel.value) filters += "&category=" + encodeURIComponent(catSel.value);
    if (statusSel.value) filters += "&status=" + encodeURIComponent(statusSel.value);
    if (districtSel.value) filters += "&district=" + encodeURIComponent(districtSel.value);
    // The feed follows the same filters, for a feed reader.
    $("map-feed").setAttribute("href", "/api/feed.atom?" + filters);
    $("recent-list").setAttribute("aria-busy", "true");
    if (!mapState) $("recent-status").textContent = t("recent.loading");
    const answers = await Promise.all(tileUrls(filters).map(tile));
    if (seq !== mapSeq) return;
    $("recent-list").removeAttribute("aria-busy");
    const failed = answers.filter(function (a) { return !(a.ok && a.data); })[0];
    if (failed) {
      mapState = { result: failed as unknown as ApiResult<MapView> };
    } else {
      const view: MapView = { kind: "clusters", total: 0, clusters: [], features: [], unplaced: [] };
      answers.forEach(function (a) {
        const d = a.data as MapAnswer;
        view.kind = d.kind;
        view.total += Number(d.total) || 0;
        view.clusters = view.clusters.concat(Array.isArray(d.clusters) ? d.clusters : []);
        view.features = view.features.concat(Array.isArray(d.features) ? d.features : []);
        view.unplaced = view.unplaced.concat(Array.isArray(d.unplaced) ? d.unplaced : []);
      });
      mapState = { result: { ok: true, status: answers[0].status, data: view, retryAfter: null } };
    }
    renderMap();
  }

  function renderMap() {
    const list = $("recent-list");
    const status = $("recent-status");
    const errBox = $("recent-error");
    clear(list);
    setNotice(errBox, null);
    if (!mapState) return;
    renderMarkers();
    const res = mapState.result;
    if (!(res.ok && res.data)) {
      status.textContent = "";
      setNotice(errBox, res.status === 400 && problemErrors(res) ? t("recent.bad-filter") : problemMessage(res));
      return;
    }
    const answer = res.data;
    const markers = answer.features
      .map(function (f) { return f && f.properties; })
      .filter(function (p) { return p && p.number; })
      .sort(function (a, b) {
        const d = String(b.date || "").localeCompare(String(a.date || ""));
        return d || String(b.number).localeCompare(String(a.number));
      });
    const shown = markers.slice(0, 20);
    const unplaced = unplacedOf(answer);
    const unplacedTotal = unplaced.reduce(function (sum, u) { return sum + (Number(u.count) || 0); }, 0);
    if (!answer.total) status.textContent = t("recent.none");
    else if (answer.kind === "clusters") {
      // Clusters at this zoom: the list names no signal until the map is zoomed in (the counts say how many).
      status.textContent = unplacedTotal ? t("recent.count.clusters", {
        total: fmtInt(answer.total), placed: fmtInt(answer.total - unplacedTotal), unplaced: fmtInt(unplacedTotal)
      }) : t("recent.count.clusters.placed", { total: fmtInt(answer.total) });
    } else if (unplacedTotal) {
      status.textContent = t("recent.count.unplaced", {
        total: fmtInt(markers.length + unplacedTotal), placed: fmtInt(markers.length), unplaced: fmtInt(unplacedTotal), shown: shown.length
      });
    } else status.textContent = t("recent.count", { shown: shown.length, total: fmtInt(markers.length) });
    shown.forEach(function (p) {
      const li = el("li");
      const a = el("a", null, catTypeName(catalogue, p.category, p.type) + " — " + t("track.no") + " " + p.number);
      a.href = trackHref(p.number);
      li.appendChild(a);
      const meta = el("p", "meta");
      meta.appendChild(el("span", "status-label", statusLabel(p.status)));
      const flag = standingBadge(p.standing);
      if (flag) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(flag);
      }
      const bits = [fmtDate(p.date)];
      if (p.district) bits.push(catDistrictName(catalogue, p.district));
      meta.appendChild(document.createTextNode(" · " + bits.join(" · ")));
      li.appendChild(meta);
      list.appendChild(li);
    });
    // The signals without a point, by district: listed as a count, as the map shows them.
    unplaced.forEach(function (u) {
      const li = el("li", "unplaced", unplacedText(catalogue, u));
      li.setAttribute("data-district", u.district || "unknown");
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
    const res = await request<Overview>("/api/overview");
    overviewState = { result: res };
    renderOverview();
  }

  function periodRows(o: Overview): Array<Array<string | Node>> {
    const periods: Array<Partial<PeriodOverview>> = [o.last_30_days || {}, o.this_year || {}, o.all_time || {}];
    function line(key: string, fn: (p: Partial<PeriodOverview>) => string | Node): Array<string | Node> { return [t(key) as string | Node].concat(periods.map(fn)); }
    return [
      line("ov.total", function (p) { return fmtInt(p.total || 0); }),
      line("ov.open", function (p) { return fmtInt(p.open || 0); }),
      line("ov.resolved", function (p) { return fmtInt(p.resolved || 0); }),
      line("ov.fixed", function (p) { return fmtInt(p.fixed || 0); }),
      line("ov.confirmed", function (p) { return fmtInt(p.confirmed_fixed || 0); }),
      line("ov.confirmed-share", function (p) { return p.fixed ? fmtPercent(p.confirmed_share || 0) : noData(); }),
      line("ov.closed-without-fix", function (p) { return fmtInt(p.closed_without_fix || 0); }),
      line("ov.share", function (p) { return p.total ? fmtPercent(p.resolved_share || 0) : noData(); }),
      line("ov.fixed-share", function (p) { return p.total ? fmtPercent(p.fixed_share || 0) : noData(); })
    ];
  }

  function renderOverview() {
    const body = $("overview-body");
    const errBox = $("overview-error");
    clear(body);
    setNotice(errBox, null);
    if (!overviewState) return;
    $("overview-status").textContent = "";
    const res = overviewState.result;
    const o = res.data;
    if (!(res.ok && o && typeof o === "object")) {
      setNotice(errBox, problemMessage(res));
      return;
    }
    const all: Partial<PeriodOverview> = o.all_time || {};
    if (!all.total) {
      body.appendChild(el("p", null, t("ov.empty")));
      return;
    }
    body.appendChild(buildTable("overview-periods", t("ov.periods.caption"),
      [t("ov.indicator"), t("ov.last30"), t("ov.year"), t("ov.all")], periodRows(o), 1));
    body.appendChild(el("p", "hint", t("ov.fixed.note")));
    body.appendChild(el("p", "hint", t("ov.confirmed.note")));

    const medians: Record<string, Overview["median_days_to_resolution"][number]> = {};
    (Array.isArray(o.median_days_to_resolution) ? o.median_days_to_resolution : []).forEach(function (m) {
      if (m && m.category) medians[m.category] = m;
    });
    const catRows = (Array.isArray(all.by_category) ? all.by_category : []).map(function (c: Count) {
      const m = medians[c.id];
      return [
        pick(c.name) || catCategoryName(catalogue, c.id),
        fmtInt(c.total || 0),
        fmtInt(c.resolved || 0),
        m && m.median_days !== null && m.median_days !== undefined && isFinite(Number(m.median_days)) ? fmtDecimal(m.median_days) : noData()
      ];
    });
    const catBars: Bar[] = (Array.isArray(all.by_category) ? all.by_category : []).map(function (c: Count) {
      const name = pick(c.name) || catCategoryName(catalogue, c.id);
      const total = Number(c.total) || 0, resolved = Number(c.resolved) || 0;
      return {
        name: name, total: total,
        parts: [{ value: resolved, tone: "resolved" }, { value: total - resolved, tone: "unresolved" }],
        text: t("ov.chart.row", { name: name, total: fmtInt(total), resolved: fmtInt(resolved) })
      };
    });
    if (catBars.length) body.appendChild(barChart("chart-categories", t("ov.chart.categories"), catBars, ["resolved", "unresolved"]));
    if (catRows.length) {
      body.appendChild(buildTable("overview-categories", t("ov.categories.caption"),
        [t("f.category"), t("ov.total"), t("ov.resolved"), t("ov.median")], catRows, 1));
    }

    const districtRows = (Array.isArray(all.by_district) ? all.by_district : []).map(function (d: Count) {
      return [
        d.id === "unknown" ? t("district.unknown") : (pick(d.name) || catDistrictName(catalogue, d.id)),
        fmtInt(d.total || 0),
        fmtInt(d.open || 0),
        fmtInt(d.resolved || 0)
      ];
    });
    const districtBars: Bar[] = (Array.isArray(all.by_district) ? all.by_district : []).map(function (d: Count) {
      const name = d.id === "unknown" ? t("district.unknown") : (pick(d.name) || catDistrictName(catalogue, d.id));
      const total = Number(d.total) || 0, open = Number(d.open) || 0, resolved = Number(d.resolved) || 0;
      return {
        name: name, total: total,
        parts: [{ value: resolved, tone: "resolved" }, { value: open, tone: "open" }, { value: total - open - resolved, tone: "other" }],
        text: t("ov.chart.row.open", { name: name, total: fmtInt(total), open: fmtInt(open), resolved: fmtInt(resolved) })
      };
    });
    if (districtBars.length) body.appendChild(barChart("chart-districts", t("ov.chart.districts"), districtBars, ["resolved", "open", "other"]));
    if (districtRows.length) {
      body.appendChild(tableDetails(buildTable("overview-districts", t("ov.districts.caption"),
        [t("f.district"), t("ov.total"), t("ov.open"), t("ov.resolved")], districtRows, 1)));
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
    const got = await getCatalogue();
    catalogue = got.catalogue;
    renderFilterSelects();
    renderMap(); // names may have arrived after the markers
  })();
  loadMap();
  loadOverview();
}
