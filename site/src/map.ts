/**
 * The map (Leaflet, bundled): at low zooms the server's clusters (a cell's count, split open/resolved/other, a
 * focusable button that zooms into its cell), at high zooms the signals as markers, each with an accessible
 * title (category type and registry number) and a popup linking to its page; signals placed by address only as a count in their
 * district; the 24 district boundaries drawn from the catalogue's open data with their names, so the map still
 * means something when no tiles load (a closed network). On the report form a point can be placed by keyboard
 * (arrows move the map under a crosshair, Enter places it). A small still map shows a document's point. The
 * tile URL is set at build time (SITE_TILE_URL; empty: no tiles). Loaded on demand by the pages with a map (its
 * own chunk).
 */
import L from "leaflet";
import geohash from "ngeohash";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import districts from "../../functions/core/data/districts.geojson";
import { onLangChange, pick, t } from "./i18n";

declare const __TILE_URL__: string;
declare const __TILE_ATTRIBUTION__: string;

export const SOFIA_CENTRE: [number, number] = [42.6977, 23.3219];
const SOFIA_BOUNDS = L.latLngBounds([42.45, 22.95], [42.9, 23.65]);

export interface MapMarker {
  number: string;
  lat: number;
  lon: number;
  /** The marker's accessible title, e.g. "Дупка в пътното платно — № 2026-000012". */
  title: string;
  /** The popup's lines: the first is the link to the signal, the rest plain text. */
  lines: string[];
  href: string;
  /** "open", "resolved" or "closed": the marker's colour (with its shape, never colour alone). */
  tone: string;
  /** A badge the popup shows under the lines: "Просрочен", "Дълго просрочен" (docview.ts's standingBadge). */
  badge?: HTMLElement;
  /** A small photo of the signal (same origin, /media/…), and its text alternative. */
  thumbnail?: string;
  thumbnailAlt?: string;
}

/** Signals placed by address only in one district: a count at a point inside it. */
export interface UnplacedMarker {
  lat: number;
  lon: number;
  count: number;
  /** The marker's accessible title and its popup's text, e.g. "1 сигнал в район Оборище е без точка на картата". */
  text: string;
}

/** A cell's signals counted (the server's cluster): drawn at the cell's centre, opening into the cell. */
export interface MapCluster {
  /** The geohash cell (the element's data-cell). */
  cell: string;
  lat: number;
  lon: number;
  /** The cell, [west, south, east, north]. */
  bbox: number[];
  total: number;
  open: number;
  resolved: number;
  closed: number;
  /** The cluster's accessible title, e.g. "Група от 12 сигнала: 8 отворени, 3 решени, 1 друг — …". */
  text: string;
}

/**
 * What the map shows at a zoom, as the API answers it (`GET /api/map`, MapLevel): clusters read by geohash tiles
 * of `tile` characters (32 cells each) up to zoom 15, then markers by tiles of 6. `zoom` is the one zoom asked for the whole
 * band, so a tile's answer is one URL (cached by the browser and in memory) at every zoom of the band.
 */
export interface MapLevel { kind: "clusters" | "markers"; tile: number; zoom: number; next: number }
const LEVELS: Array<MapLevel & { upTo: number }> = [
  { kind: "clusters", tile: 4, zoom: 12, next: 13, upTo: 12 },
  { kind: "clusters", tile: 5, zoom: 14, next: 15, upTo: 14 },
  { kind: "clusters", tile: 6, zoom: 15, next: 16, upTo: 15 },
  { kind: "markers", tile: 6, zoom: 16, next: 16, upTo: 99 }
];
export function levelAt(zoom: number): MapLevel {
  return LEVELS.filter(function (l) { return zoom <= l.upTo; })[0];
}

/** A geohash tile in view and its bbox, `west,south,east,north`, a hair inside its edges (one tile, no more). */
export interface MapTile { hash: string; bbox: string }

export interface SignalMap {
  map: L.Map;
  /** The level of the current zoom and the tiles that cover the view (within Sofia). */
  view(): { level: MapLevel; tiles: MapTile[] };
  setMarkers(markers: MapMarker[]): void;
  setClusters(clusters: MapCluster[]): void;
  /** The counts of signals placed by address only, each at its district. */
  setUnplaced(counts: UnplacedMarker[]): void;
  /** The chosen point (report page), or null to remove it. */
  setPin(point: [number, number] | null, pan?: boolean): void;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c] || c;
  });
}

function markerIcon(tone: string): L.DivIcon {
  return L.divIcon({
    className: "map-marker map-marker-" + tone,
    html: '<span class="map-marker-shape" aria-hidden="true"><span class="map-marker-dot"></span></span>',
    iconSize: [26, 26],
    iconAnchor: [13, 26],
    popupAnchor: [0, -24]
  });
}

function localiseControls(container: HTMLElement): void {
  const zin = container.querySelector<HTMLElement>(".leaflet-control-zoom-in");
  const zout = container.querySelector<HTMLElement>(".leaflet-control-zoom-out");
  if (zin) { zin.title = t("map.zoom-in"); zin.setAttribute("aria-label", t("map.zoom-in")); }
  if (zout) { zout.title = t("map.zoom-out"); zout.setAttribute("aria-label", t("map.zoom-out")); }
}

/** The id of the district whose boundary holds the point (the catalogue's simplified open data), or null. */
export function districtAt(lat: number, lon: number): string | null {
  const fc = districts as unknown as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { id: string }>;
  const hit = fc.features.filter(function (f) { return booleanPointInPolygon([lon, lat], f); })[0];
  return hit ? hit.properties.id : null;
}

/** Whether a point lies in the area the API accepts (Sofia Municipality's bounding box). */
export function inSofia(lat: number, lon: number): boolean {
  return lat >= 42.45 && lat <= 42.9 && lon >= 23.05 && lon <= 23.65;
}

type DistrictFeature = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, { id: string; name: { bg: string; en: string } }>;

/** A district's name in the page's language (the boundaries' open data has both). */
function districtLabel(feature: DistrictFeature | undefined): string {
  const name = feature && feature.properties && feature.properties.name;
  return name ? pick(name) : "";
}

/** The district's name by its id, in the page's language ("" for none). */
export function districtName(id: string | null | undefined): string {
  const fc = districts as unknown as GeoJSON.FeatureCollection<DistrictFeature["geometry"], DistrictFeature["properties"]>;
  return districtLabel(fc.features.filter(function (f) { return f.properties.id === id; })[0] as DistrictFeature | undefined);
}

/**
 * Tiles (if the build has them), the district boundaries with their names as permanent labels (a name is shown
 * while its district is wide enough on screen for it), and the attribution: a map that means something without
 * tiles.
 */
function baseLayers(map: L.Map, container: HTMLElement): void {
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
  if (__TILE_URL__) {
    L.tileLayer(__TILE_URL__, { maxZoom: 19, attribution: __TILE_ATTRIBUTION__ }).addTo(map);
  } else {
    container.classList.add("map-no-tiles");
  }
  // District boundaries: context without tiles, and where the district administrations' areas end.
  const boundaries = L.geoJSON(districts as unknown as GeoJSON.FeatureCollection, {
    interactive: false,
    style: function () { return { color: "#2c5d8f", weight: 1.5, opacity: 0.7, fill: true, fillColor: "#dfe9f3", fillOpacity: __TILE_URL__ ? 0.05 : 0.35 }; },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(districtLabel(feature as DistrictFeature), {
        permanent: true, direction: "center", className: "district-label", interactive: false, opacity: 1
      });
    }
  }).addTo(map);
  map.attributionControl.addAttribution('<a href="https://urbandata.sofia.bg">Sofiaplan</a>');

  /** Names wider than their district on screen would cover the neighbours' names: hidden until zoomed in. */
  function fitLabels() {
    boundaries.eachLayer(function (layer) {
      const tip = layer.getTooltip();
      const el = tip && tip.getElement();
      if (!el) return;
      const b = (layer as L.Polygon).getBounds();
      const width = map.latLngToContainerPoint(b.getNorthEast()).x - map.latLngToContainerPoint(b.getSouthWest()).x;
      el.classList.toggle("district-label-hidden", width < el.offsetWidth * 0.9 + 8);
    });
  }
  map.on("zoomend", fitLabels);
  map.whenReady(function () { setTimeout(fitLabels, 0); });

  // Leaflet names its controls in English, and the labels come in one language: give them the page's.
  localiseControls(container);
  onLangChange(function () {
    localiseControls(container);
    boundaries.eachLayer(function (layer) {
      layer.setTooltipContent(districtLabel((layer as L.GeoJSON & { feature: DistrictFeature }).feature));
    });
    fitLabels();
  });
}

function pinIcon(): L.DivIcon { return markerIcon("pin"); }

/**
 * A small still map of one point (a document's place): no dragging, zooming or keyboard until `enable()` (the
 * page's "explore the map" button); the district names and boundaries are there without tiles too.
 */
export function createPointMap(container: HTMLElement, lat: number, lon: number): { map: L.Map; enable(): void } {
  const map = L.map(container, {
    center: [lat, lon], zoom: 15, minZoom: 9, maxZoom: 18, maxBounds: SOFIA_BOUNDS.pad(0.3),
    zoomControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false,
    touchZoom: false, keyboard: false
  });
  baseLayers(map, container);
  L.marker([lat, lon], { icon: pinIcon(), interactive: false, keyboard: false }).addTo(map);
  return {
    map: map,
    enable: function () {
      [map.dragging, map.scrollWheelZoom, map.doubleClickZoom, map.boxZoom, map.touchZoom, map.keyboard].forEach(function (h) { h.enable(); });
      L.control.zoom().addTo(map);
      localiseControls(container);
    }
  };
}

/**
 * Creates the map in `container`; onPick (report page) receives the point clicked or chosen. With onPick the
 * map is also a keyboard picker: a crosshair marks its centre, the arrow keys move the map under it, Enter or
 * the space bar places the point there, and onAim (if given) hears where the crosshair is after each move made
 * by keyboard.
 */
export function createMap(container: HTMLElement, onPick?: (lat: number, lon: number) => void,
  onAim?: (lat: number, lon: number) => void): SignalMap {
  const map = L.map(container, {
    center: SOFIA_CENTRE,
    zoom: 11,
    minZoom: 9,
    maxZoom: 18,
    maxBounds: SOFIA_BOUNDS.pad(0.3),
    zoomControl: true
  });
  baseLayers(map, container);

  const markerLayer = L.layerGroup().addTo(map);
  const clusterLayer = L.layerGroup().addTo(map);

  const unplacedLayer = L.layerGroup().addTo(map);

  let pin: L.Marker | null = null;
  if (onPick) {
    map.on("click", function (ev: L.LeafletMouseEvent) {
      onPick(ev.latlng.lat, ev.latlng.lng);
    });
    const crosshair = document.createElement("div");
    crosshair.className = "map-crosshair";
    crosshair.setAttribute("aria-hidden", "true");
    container.appendChild(crosshair);
    let keyboardMove = false;
    container.addEventListener("keydown", function (ev: KeyboardEvent) {
      if (ev.target !== container) return; // a marker or a control has its own keys
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        const c = map.getCenter();
        onPick(c.lat, c.lng);
      } else if (/^(Arrow|\+|-|=|_)/.test(ev.key)) {
        keyboardMove = true;
      }
    });
    map.on("moveend", function () {
      if (!keyboardMove) return;
      keyboardMove = false;
      const c = map.getCenter();
      if (onAim) onAim(c.lat, c.lng);
    });
  }

  function popupContent(m: MapMarker): HTMLElement {
    const box = document.createElement("div");
    box.className = "map-popup";
    const a = document.createElement("a");
    a.href = m.href;
    a.textContent = m.lines[0] || m.number;
    box.appendChild(a);
    if (m.thumbnail) {
      const img = document.createElement("img");
      img.src = m.thumbnail;
      img.alt = m.thumbnailAlt || "";
      img.className = "map-popup-photo";
      img.loading = "lazy";
      box.appendChild(img);
    }
    m.lines.slice(1).forEach(function (line) {
      const p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    if (m.badge) {
      const p = document.createElement("p");
      p.appendChild(m.badge.cloneNode(true));
      box.appendChild(p);
    }
    return box;
  }

  return {
    map: map,
    view: function () {
      const level = levelAt(map.getZoom());
      const b = map.getBounds();
      const south = Math.max(b.getSouth(), 42.45), west = Math.max(b.getWest(), 23.05);
      const north = Math.min(b.getNorth(), 42.9), east = Math.min(b.getEast(), 23.65);
      if (south >= north || west >= east) return { level: level, tiles: [] };
      const tiles = geohash.bboxes(south, west, north, east, level.tile).map(function (hash) {
        const box = geohash.decode_bbox(hash); // [south, west, north, east]
        const hair = 1e-6;
        const bbox = [box[1] + hair, box[0] + hair, box[3] - hair, box[2] - hair];
        return { hash: hash, bbox: bbox.map(function (v) { return v.toFixed(6); }).join(",") };
      });
      return { level: level, tiles: tiles };
    },
    setMarkers: function (markers) {
      markerLayer.clearLayers();
      markers.forEach(function (m) {
        const marker = L.marker([m.lat, m.lon], { title: m.title, icon: markerIcon(m.tone), keyboard: true, riseOnHover: true });
        marker.bindPopup(function () { return popupContent(m); });
        markerLayer.addLayer(marker);
      });
    },
    setClusters: function (clusters) {
      clusterLayer.clearLayers();
      clusters.forEach(function (c) {
        const size = c.total < 10 ? "small" : c.total < 100 ? "medium" : c.total < 1000 ? "large" : "huge";
        const px = { small: 34, medium: 40, large: 48, huge: 56 }[size];
        // The ring tells the split as the markers' colours do (open, resolved, other); the title says it in words.
        const openTo = (100 * c.open) / c.total, resolvedTo = openTo + (100 * c.resolved) / c.total;
        const ring = document.createElement("span");
        ring.className = "map-cluster-ring";
        ring.setAttribute("data-cell", c.cell);
        // Set through the CSSOM: the site's CSP allows no inline style attributes.
        ring.style.background = "conic-gradient(#b34d00 0 " + openTo + "%, #1e6b3a " + openTo + "% " + resolvedTo + "%, #4a5560 " + resolvedTo + "% 100%)";
        const count = document.createElement("span");
        count.className = "map-cluster-count";
        count.setAttribute("aria-hidden", "true");
        count.textContent = String(c.total);
        const label = document.createElement("span");
        label.className = "visually-hidden";
        label.textContent = c.text;
        ring.appendChild(count);
        ring.appendChild(label);
        const icon = L.divIcon({ className: "map-cluster map-cluster-" + size, html: ring, iconSize: [px, px] });
        const marker = L.marker([c.lat, c.lon], { title: c.text, icon: icon, keyboard: true, riseOnHover: true });
        // Opening a cluster (click, or Enter or the space bar on a focused one) zooms into its cell, at least to the
        // next level's zoom.
        function open() {
          const cell = L.latLngBounds([c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]);
          const zoom = Math.max(map.getBoundsZoom(cell), levelAt(map.getZoom()).next);
          map.setView(cell.getCenter(), Math.min(zoom, map.getMaxZoom()));
        }
        marker.on("click", open);
        marker.on("keypress", function (ev: L.LeafletKeyboardEvent) {
          const key = ev.originalEvent.key;
          if (key === "Enter" || key === " ") { ev.originalEvent.preventDefault(); open(); }
        });
        clusterLayer.addLayer(marker);
      });
    },
    setUnplaced: function (counts) {
      unplacedLayer.clearLayers();
      counts.forEach(function (u) {
        const icon = L.divIcon({
          className: "map-unplaced",
          html: '<span class="map-unplaced-count" aria-hidden="true">' + u.count + "</span>",
          iconSize: [30, 30],
          iconAnchor: [15, -6],
          popupAnchor: [0, 6]
        });
        const marker = L.marker([u.lat, u.lon], { title: u.text, icon: icon, keyboard: true, zIndexOffset: -100 });
        marker.bindPopup(function () {
          const box = document.createElement("div");
          box.className = "map-popup";
          const p = document.createElement("p");
          p.textContent = u.text;
          box.appendChild(p);
          return box;
        });
        unplacedLayer.addLayer(marker);
      });
    },
    setPin: function (point, pan) {
      if (!point) {
        if (pin) { map.removeLayer(pin); pin = null; }
        return;
      }
      if (!pin) {
        pin = L.marker(point, { icon: pinIcon(), draggable: true, keyboard: false, title: t("map.pin") });
        pin.on("dragend", function () {
          const ll = pin!.getLatLng();
          if (onPick) onPick(ll.lat, ll.lng);
        });
        pin.addTo(map);
      } else {
        pin.setLatLng(point);
      }
      if (pan) map.panTo(point);
    }
  };
}
