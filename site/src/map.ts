/**
 * The map (Leaflet, bundled): signals as clustered markers, each with an accessible title (category type and
 * registry number) and a popup linking to its page; signals placed by address only as a count in their
 * district; the 24 district boundaries drawn from the catalogue's open data with their names, so the map still
 * means something when no tiles load (a closed network). On the report form a point can be placed by keyboard
 * (arrows move the map under a crosshair, Enter places it). A small still map shows a document's point. The
 * tile URL is set at build time (SITE_TILE_URL; empty: no tiles). Loaded on demand by the pages with a map (its
 * own chunk).
 */
import L from "./leaflet-global";
import "leaflet.markercluster";
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

export interface SignalMap {
  map: L.Map;
  setMarkers(markers: MapMarker[]): void;
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

  const clusters = L.markerClusterGroup({
    maxClusterRadius: 30,
    disableClusteringAtZoom: 16,
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      const n = cluster.getChildCount();
      const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      const label = escapeHtml(t("map.cluster", { n: n }));
      return L.divIcon({
        html: '<div><span aria-hidden="true">' + n + '</span><span class="visually-hidden">' + label + "</span></div>",
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40)
      });
    }
  });
  map.addLayer(clusters);

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
    setMarkers: function (markers) {
      clusters.clearLayers();
      clusters.addLayers(markers.map(function (m) {
        const marker = L.marker([m.lat, m.lon], { title: m.title, icon: markerIcon(m.tone), keyboard: true, riseOnHover: true });
        marker.bindPopup(function () { return popupContent(m); });
        return marker;
      }));
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
