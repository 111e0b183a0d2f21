/** report.html: filing a signal — category and type, district and address or a map pin, nearby signals, photos. */
import type { Payload } from "../forms";
import { request, type FieldError } from "../api";
import { catCategory, catTypeName, catUnitName, findById, getCatalogue, statusLabel } from "../catalogue";
import { $, clear, el, fmtDate, fmtInt, trackHref } from "../dom";
import { addSenderFields, fillOptions, makeFilingForm, useProfileForFiling } from "../forms";
import { onLangChange, t } from "../i18n";
import type { Catalogue, Route, SignalCategory, SignalType, Urgent } from "../types";
import type { SignalMap } from "../map";
import { problemMessage } from "../api";
import { authJson } from "../forms";
import { isSignedIn, loginHref } from "../session";
import { pick } from "../i18n";
import { locale } from "../dom";

/** `GET /api/signals/nearby`: open signals within 250 m, nearest first. Not yet described by the API document. */
interface NearbyAnswer { signals: NearbySignal[] }
interface NearbySignal {
  number: string;
  category: string;
  type: string;
  status: string;
  date?: string;
  distance_m?: number | null;
}
import { MAX_PHOTOS, checkPhotos, checkedFiles, makePhotoUploader, tokenFromFollowUrl } from "../upload";

// ---------------------------------------------------------- report page
export function initReport() {
  const form = $<HTMLFormElement>("report-form");
  const catSel = $("category");
  const typeSel = $("type");
  const latIn = $("lat");
  const lonIn = $("lon");
  const photos = checkedFiles($("photos"), "photos", checkPhotos);   // checked as soon as they are chosen
  const routeInfo = $("route-info");
  const urgentNotice = $("urgent-notice");
  const submitUrgent = $("submit-urgent");
  const submitButton = $<HTMLButtonElement>("submit");
  const nearbyBox = $("nearby");
  let catalogue: Catalogue|null = null;
  let catalogueFailed = false;
  let nearbySeq = 0;
  let nearbyItems: NearbySignal[] | null = null;  // the last nearby answer's signals
  const subscribed: Record<string, string> = {}; // number → "ok" or a failure message key/text
  const districtSel = $("district");
  const pickStatus = $<HTMLElement>("pick-status");
  const pickClear = $<HTMLButtonElement>("pick-clear");
  let pickMap: SignalMap | null = null;
  let mapModule: typeof import("../map") | null = null;
  let pickNote: { key: string; vars?: Record<string, unknown> } | null = null;

  const filing = makeFilingForm({
    form: form,
    endpoint: "/api/signals",
    meEndpoint: "/api/me/signals",
    fieldMap: {
      category: "category",
      type: "type",
      location: ["address", "location-error"],   // the place as a whole: its error box is the fieldset's
      "location.lat": "lat",
      "location.lon": "lon",
      "location.address": "address",
      description: "description",
      photos: "photos",
      name: "name",
      email: "email"
    },
    inputOrder: ["category", "type", "district", "address", "lat", "lon", "description", "photos", "name", "email"],
    invalidInputs: function (field, code) {
      if (field !== "location") return null;
      return code === "outside_sofia" ? ["lat", "lon"] : ["address", "lat", "lon"];
    },
    sumHeadingKey: "sum.heading",
    sumFailedKey: "sum.failed",
    catalogueErrorKey: "report.catalogue-error",
    buildPayload: buildPayload,
    onCreated: function (data) {
      const files = photos.files().slice(0, MAX_PHOTOS);
      if (!files.length) return;
      makePhotoUploader(data.number, tokenFromFollowUrl(data.follow_url), files).start();
    }
  });

  function currentCategory() {
    return catCategory(catalogue, catSel.value);
  }

  function renderSelects() {
    if (!catalogue) {
      fillOptions(catSel, [], catalogueFailed ? "f.category.first" : "f.loading");
      return;
    }
    fillOptions(catSel, catalogue.signal_categories || [], "f.category.first", catSel.value);
    markUrgent(catSel, catalogue.signal_categories || [], null);
    const districts = (catalogue.districts || []).slice().sort(function (a, b) {
      return pick(a.name).localeCompare(pick(b.name), locale());
    });
    fillOptions(districtSel, districts, "f.district.choose", districtSel.value);
    renderTypes(typeSel.value);
  }

  function renderTypes(keep: string|null|undefined) {
    const cat = currentCategory();
    if (!cat) {
      fillOptions(typeSel, [], "f.type.first");
      typeSel.disabled = true;
    } else {
      fillOptions(typeSel, cat.types || [], "f.type.choose", keep);
      markUrgent(typeSel, cat.types || [], cat);
      typeSel.disabled = false;
    }
    renderRoute();
  }

  // ---- urgent categories and types: the catalogue says whom to call, and they are not filed
  /** Whom to call instead of filing the chosen category and type: the type's own entry, else its category's. */
  function currentUrgency(): { field: "category" | "type"; call: Urgent } | null {
    const cat = currentCategory();
    if (!cat) return null;
    const type = findById(cat.types, typeSel.value);
    if (type && type.urgent) return { field: "type", call: type.urgent };
    return cat.urgent ? { field: "category", call: cat.urgent } : null;
  }

  /** Options of urgent entries say so, with the number, before they are chosen. */
  function markUrgent(select: HTMLSelectElement, items: Array<SignalCategory | SignalType>, cat: SignalCategory | null) {
    Array.prototype.forEach.call(select.options, function (opt: HTMLOptionElement) {
      const item = findById(items, opt.value);
      const call = item && (item.urgent || (cat && cat.urgent));
      if (item && call) opt.textContent = t("urgent.option", { name: pick(item.name), phone: call.phone });
    });
  }

  function telLink(phone: string): HTMLAnchorElement {
    const a = el("a", "phone", phone);
    a.href = "tel:" + phone.replace(/[^0-9+]/g, "");
    return a;
  }

  /** The notice "Urgent: call 112" (or the named service), and no submit for that choice, with the reason beside it. */
  function renderUrgent() {
    const urgent = currentUrgency();
    clear(urgentNotice);
    submitUrgent.textContent = "";
    submitUrgent.hidden = !urgent;
    submitButton.disabled = !!urgent;
    if (!urgent) {
      submitButton.removeAttribute("aria-describedby");
      return;
    }
    submitButton.setAttribute("aria-describedby", "submit-urgent");
    const heading = el("h2", null, t("urgent.call") + " ");
    heading.appendChild(telLink(urgent.call.phone));
    urgentNotice.appendChild(heading);
    urgentNotice.appendChild(el("p", "urgent-service", pick(urgent.call.service)));
    urgentNotice.appendChild(el("p", null, t("urgent.text")));
    submitUrgent.textContent = t("urgent.not-filed", { phone: urgent.call.phone });
  }

  /** Which unit will handle the chosen type (a type's own route overrides its category's). */
  function renderRoute() {
    clear(routeInfo);
    renderUrgent();
    if (currentUrgency()) return; // no unit handles it: it is not filed
    const cat = currentCategory();
    const type = cat ? findById(cat.types, typeSel.value) : null;
    if (!type) return;
    const route: Route | null = (type.route && typeof type.route === "object") ? type.route : (cat!.route || null);
    let text = "";
    if (route && typeof route.unit === "string" && route.unit) text = catUnitName(catalogue, route.unit);
    else if (route && route.district === true) text = t("route.district");
    if (!text) return;
    routeInfo.appendChild(el("span", "label", t("route.label")));
    routeInfo.appendChild(document.createTextNode(" "));
    routeInfo.appendChild(el("strong", null, text));
  }

  async function loadCatalogue() {
    const got = await getCatalogue();
    if (got.catalogue && Array.isArray(got.catalogue.signal_categories)) {
      catalogue = got.catalogue;
      catalogueFailed = false;
      filing.clearCatalogueFailure();
    } else {
      catalogueFailed = true;
      filing.catalogueFailure();
    }
    renderSelects();
    renderNearby();
  }

  catSel.addEventListener("change", function () {
    renderTypes("");
    checkNearby();
  });
  typeSel.addEventListener("change", renderRoute);

  // ---- nearby signals
  /** A coordinate input's value when it is a number in range, else null. */
  function coordinate(input: HTMLInputElement) {
    if (input.validity && input.validity.badInput) return null;
    const v = input.value.trim();
    if (v === "") return null;
    const n = Number(v);
    if (!isFinite(n)) return null;
    if (input.min !== "" && n < Number(input.min)) return null;
    if (input.max !== "" && n > Number(input.max)) return null;
    return n;
  }

  async function checkNearby() {
    const lat = coordinate(latIn);
    const lon = coordinate(lonIn);
    const seq = ++nearbySeq;
    if (lat === null || lon === null) {
      nearbyItems = null;
      renderNearby();
      return;
    }
    let url = "/api/signals/nearby?lat=" + encodeURIComponent(lat) + "&lon=" + encodeURIComponent(lon);
    if (catSel.value) url += "&category=" + encodeURIComponent(catSel.value);
    const res = await request<NearbyAnswer>(url);
    if (seq !== nearbySeq) return; // a newer question is on its way
    // A failed look-up only means no hint: filing works without it.
    nearbyItems = res.ok && res.data && Array.isArray(res.data.signals) ? res.data.signals : null;
    renderNearby();
  }

  function renderNearby() {
    clear(nearbyBox);
    if (!nearbyItems || !nearbyItems.length) return;
    const h = el("h2", null, t("nearby.heading"));
    h.id = "nearby-heading";
    nearbyBox.appendChild(h);
    const signedIn = isSignedIn();
    nearbyBox.appendChild(el("p", null, t(signedIn ? "nearby.text.signed-in" : "nearby.text")));
    if (!signedIn) {
      const p = el("p", "hint");
      const login = el("a", null, t("nearby.text.anonymous"));
      login.href = loginHref(null);
      p.appendChild(login);
      nearbyBox.appendChild(p);
    }
    const list = el("ul", "nearby-list");
    nearbyItems.forEach(function (s) {
      if (!s || !s.number) return;
      const li = el("li");
      li.setAttribute("data-number", String(s.number));
      const a = el("a", null, catTypeName(catalogue, s.category, s.type) + " — " + t("track.no") + " " + s.number);
      a.href = trackHref(s.number);
      li.appendChild(a);
      const meta = el("p", "meta");
      meta.appendChild(el("span", "status-label", statusLabel(s.status)));
      const bits = [];
      if (s.distance_m !== undefined && s.distance_m !== null) bits.push(t("nearby.distance", { m: fmtInt(Math.round(Number(s.distance_m))) }));
      if (s.date) bits.push(t("nearby.date", { date: fmtDate(s.date) }));
      if (bits.length) meta.appendChild(document.createTextNode(" · " + bits.join(" · ")));
      li.appendChild(meta);
      if (signedIn) li.appendChild(subscribeInstead(String(s.number)));
      list.appendChild(li);
    });
    nearbyBox.appendChild(list);
  }

  /** "Subscribe instead": follows the existing signal (signed in); the answer is announced in place. */
  function subscribeInstead(number: string): HTMLElement {
    const box = el("div", "nearby-subscribe");
    const state = subscribed[number];
    const msg = el("p", "status");
    msg.setAttribute("role", "status");
    if (state === "ok") {
      msg.textContent = t("nearby.subscribed", { number: number });
      box.appendChild(msg);
      return box;
    }
    const b = el("button", "button button-secondary", t("nearby.subscribe", { number: number }));
    b.type = "button";
    b.addEventListener("click", async function () {
      b.disabled = true;
      const res = await authJson("/api/me/subscriptions/" + encodeURIComponent(number), "PUT");
      if (res.signedOut) return;
      subscribed[number] = res.ok ? "ok" : t("nearby.subscribe.failed", { reason: problemMessage(res) });
      renderNearby();
      const again = nearbyBox.querySelector<HTMLElement>("[data-number='" + number + "'] .status");
      if (again) { again.tabIndex = -1; again.focus(); }
    });
    box.appendChild(b);
    if (state) {
      msg.textContent = state;
      box.appendChild(msg);
    }
    return box;
  }

  // ---- the map: a point chosen on it fills the coordinates and the district
  function fmtCoord(n: number): string { return n.toFixed(5); }

  function renderPickStatus() {
    pickStatus.textContent = pickNote ? t(pickNote.key, pickNote.vars) : "";
  }

  function placePoint(lat: number, lon: number, fromMap: boolean) {
    if (!mapModule) return;
    if (!mapModule.inSofia(lat, lon)) {
      pickNote = { key: "f.map.outside" };
      renderPickStatus();
      return;
    }
    if (fromMap) {
      latIn.value = fmtCoord(lat);
      lonIn.value = fmtCoord(lon);
      latIn.removeAttribute("aria-invalid");
      lonIn.removeAttribute("aria-invalid");
    }
    if (pickMap) pickMap.setPin([lat, lon], !fromMap);
    const d = mapModule.districtAt(lat, lon);
    if (d) districtSel.value = d;
    pickClear.hidden = false;
    const districtName = d && catalogue ? pick((findById(catalogue.districts, d) || { name: "" }).name) : "";
    pickNote = districtName
      ? { key: "f.map.placed.district", vars: { lat: fmtCoord(lat), lon: fmtCoord(lon), district: districtName } }
      : { key: "f.map.placed", vars: { lat: fmtCoord(lat), lon: fmtCoord(lon) } };
    renderPickStatus();
    checkNearby();
  }

  /** Moved by keyboard: says which district the crosshair is in, and how to place the point there. */
  function aimAt(lat: number, lon: number) {
    if (!mapModule) return;
    const d = mapModule.districtAt(lat, lon);
    const name = d ? (catalogue ? pick((findById(catalogue.districts, d) || { name: "" }).name) : "") || mapModule.districtName(d) : "";
    pickNote = name ? { key: "f.map.aim", vars: { district: name } } : { key: "f.map.aim.none" };
    renderPickStatus();
  }

  function coordsChanged() {
    const lat = coordinate(latIn), lon = coordinate(lonIn);
    if (lat !== null && lon !== null) placePoint(lat, lon, false);
    else {
      if (pickMap) pickMap.setPin(null);
      pickClear.hidden = true;
      checkNearby();
    }
  }

  pickClear.addEventListener("click", function () {
    latIn.value = "";
    lonIn.value = "";
    if (pickMap) pickMap.setPin(null);
    pickClear.hidden = true;
    pickNote = { key: "f.map.cleared" };
    renderPickStatus();
    checkNearby();
    districtSel.focus();
  });

  import("../map").then(function (mod) {
    mapModule = mod;
    pickMap = mod.createMap($<HTMLElement>("pick-map"), function (lat, lon) { placePoint(lat, lon, true); }, aimAt);
    coordsChanged();
  }).catch(function () {
    const box = $<HTMLElement>("pick-map");
    box.classList.add("map-failed");
    box.textContent = t("map.failed.report");
  });

  latIn.addEventListener("change", coordsChanged);
  lonIn.addEventListener("change", coordsChanged);

  function buildPayload(localErrors: FieldError[]) {
    const payload: Payload = {};
    const urgent = currentUrgency();
    if (urgent) localErrors.push({ field: urgent.field, code: "urgent" }); // the submit is disabled; a submit by script stops here
    if (catSel.value) payload.category = catSel.value;
    if (typeSel.value) payload.type = typeSel.value;

    const location: Payload = {};
    ([[latIn, "lat"], [lonIn, "lon"]] as Array<[HTMLInputElement, string]>).forEach(function (pair) {
      const input = pair[0];
      if (input.validity && input.validity.badInput) {
        localErrors.push({ field: "location." + pair[1], code: "invalid" });
      } else if (input.value.trim() !== "") {
        const n = Number(input.value);
        if (isFinite(n)) location[pair[1]] = n;
        else localErrors.push({ field: "location." + pair[1], code: "invalid" });
      }
    });
    const address = $("address").value.trim();
    if (address) location.address = address;
    // Without a point the chosen district routes the signal (a point is placed in its district by the API).
    if (!("lat" in location && "lon" in location) && districtSel.value) location.district = districtSel.value;
    if (Object.keys(location).length) payload.location = location;

    addSenderFields(payload);

    // Photos are not part of the signal itself, but a wrong choice must be fixed before filing.
    photos.check().forEach(function (e) { localErrors.push(e); });
    return payload;
  }

  onLangChange(function () {
    renderSelects();
    renderNearby();
    renderPickStatus();
    // photo problems found on choosing (before any submit) are not in the filing form's state
    if (!form.hidden) photos.showAgain();
  });

  renderSelects();
  loadCatalogue();
  useProfileForFiling();
}
