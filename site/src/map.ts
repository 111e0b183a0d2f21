/**
 * The map (Leaflet, bundled): signals as clustered markers, each with an accessible title (category type and
 * registry number) and a popup linking to its page; the 24 district boundaries drawn from the catalogue's
 * open data, so the map still means something when no tiles load (a closed network). The tile URL is set at
 * build time (SITE_TILE_URL; empty: no tiles). Loaded on demand by the pages with a map (its own chunk).
 */
import L from "./leaflet-global";
import "leaflet.markercluster";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import districts from "../../functions/core/data/districts.geojson";
import { onLangChange, t } from "./i18n";

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

export interface SignalMap {
  map: L.Map;
  setMarkers(markers: MapMarker[]): void;
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

/** Creates the map in `container`; onPick (report page) receives the point clicked or chosen. */
export function createMap(container: HTMLElement, onPick?: (lat: number, lon: number) => void): SignalMap {
  const map = L.map(container, {
    center: SOFIA_CENTRE,
    zoom: 11,
    minZoom: 9,
    maxZoom: 18,
    maxBounds: SOFIA_BOUNDS.pad(0.3),
    zoomControl: true
  });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
  if (__TILE_URL__) {
    L.tileLayer(__TILE_URL__, { maxZoom: 19, attribution: __TILE_ATTRIBUTION__ }).addTo(map);
  } else {
    container.classList.add("map-no-tiles");
  }
  // District boundaries: context without tiles, and where the district administrations' areas end.
  const boundaries = L.geoJSON(districts as unknown as GeoJSON.FeatureCollection, {
    interactive: false,
    style: function () { return { color: "#2c5d8f", weight: 1.5, opacity: 0.7, fill: true, fillColor: "#dfe9f3", fillOpacity: __TILE_URL__ ? 0.05 : 0.35 }; }
  }).addTo(map);
  map.attributionControl.addAttribution('<a href="https://urbandata.sofia.bg">Sofiaplan</a>');
  void boundaries;

  // Leaflet names its controls in English: give them the page's language.
  localiseControls(container);
  onLangChange(function () { localiseControls(container); });

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

  let pin: L.Marker | null = null;
  if (onPick) {
    map.on("click", function (ev: L.LeafletMouseEvent) {
      onPick(ev.latlng.lat, ev.latlng.lng);
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
    setPin: function (point, pan) {
      if (!point) {
        if (pin) { map.removeLayer(pin); pin = null; }
        return;
      }
      if (!pin) {
        pin = L.marker(point, { icon: markerIcon("pin"), draggable: true, keyboard: false, title: t("map.pin") });
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
