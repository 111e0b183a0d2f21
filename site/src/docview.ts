/** What the public, the sender's, the owner's and the staff views of a document share: details, photos, attachments, due dates, history. */
import { catUnitName, statusLabel, unitAnchor } from "./catalogue";
import { clear, el, fmtDate, fmtDecimal, fmtInt, isRecord, safeUrl } from "./dom";
import { pick, t } from "./i18n";
import type { Attachment, Catalogue, Change, DocumentView, Due, Outcome, Photo, PublicEvent, ReminderStep, Standing } from "./types";

/**
 * One event of the whole history, as `GET /api/staff/documents/{number}` gives it (with who did it and whether it is
 * internal). Not yet described by the API document: the staff document is a plain object there.
 */
export interface StaffEvent {
  at: string;
  actor?: { type?: string; name?: string | null };
  change: Change;
  text?: string | null;
  internal?: boolean;
}

/** An event of a document's history: the public's (and the sender's) or staff's. */
export type HistoryEvent = PublicEvent | StaffEvent;

// ------------------------------------------------- shared document views
/**
 * An instant as the registry writes it, in Sofia's time and in either language: "05.12.2026 14:03" (dd.mm.yyyy, as
 * the registry's dates and fmtDate, never the English "05/12/2026").
 */
export function fmtDateTime(iso: unknown): string {
  const d = new Date(String(iso || ""));
  if (isNaN(d.getTime())) return String(iso || "");
  try {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Sofia", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(d);
    const part = function (type: Intl.DateTimeFormatPartTypes): string {
      const found = parts.find(function (p) { return p.type === type; });
      return found ? found.value : "";
    };
    return part("day") + "." + part("month") + "." + part("year") + " " + part("hour") + ":" + part("minute");
  } catch (e) {
    return d.toISOString();
  }
}

/**
 * "Регистриран / Регистрирана / Регистрирано на" as the kind's noun needs it (сигнал; жалба; писмо, искане,
 * предложение, заявление); in English "Registered on" for all.
 */
export function registeredOnKey(kind: string | null | undefined): string {
  if (kind === "complaint") return "doc.registered.f";
  if (kind === "signal") return "doc.registered";
  return "doc.registered.n";
}

export function fmtSize(bytes: unknown): string {
  const n = Number(bytes) || 0;
  if (n >= 1024 * 1024) return t("size.mb", { n: fmtDecimal(n / (1024 * 1024)) });
  return t("size.kb", { n: fmtInt(Math.max(1, Math.round(n / 1024))) });
}

/**
 * Where a document stands against its due date, as a warning badge: "Просрочен" or "Дълго просрочен" in words with
 * a mark beside them (never colour alone); null when it is on time (or decided, which is never overdue).
 */
export function standingBadge(standing: Standing | null | undefined): HTMLElement | null {
  if (standing !== "overdue" && standing !== "long_overdue") return null;
  const long = standing === "long_overdue";
  const badge = el("span", "badge badge-overdue" + (long ? " badge-long-overdue" : ""));
  const mark = el("span", "badge-mark", "!");
  mark.setAttribute("aria-hidden", "true");
  badge.appendChild(mark);
  badge.appendChild(document.createTextNode(long ? t("standing.long_overdue") : t("standing.overdue")));
  return badge;
}

/** The badge of a due date: its standing, or "overdue" when only the flag says so. */
function dueBadge(due: Due | null | undefined, overdue?: boolean): HTMLElement | null {
  return standingBadge(due ? due.standing : null) || (overdue || (due && due.overdue) ? standingBadge("overdue") : null);
}

/**
 * A due date as a line of a list: "dd.mm.yyyy" and, when it passed on an open document, the badge. `overdue` is a
 * list's own flag (the staff queue's), for an item without a standing.
 */
export function dueNode(due: Due | null | undefined, overdue?: boolean): HTMLElement {
  const span = el("span", "due");
  if (due && due.date) {
    const date = el("time", "due-date", fmtDate(due.date));
    date.dateTime = due.date;
    span.appendChild(date);
  }
  const badge = dueBadge(due, overdue);
  if (badge) {
    if (span.firstChild) span.appendChild(document.createTextNode(" "));
    span.appendChild(badge);
  }
  return span;
}

/**
 * A due date on a document's page: the date and its badge, with how the date was computed beside them (the API's
 * sentence, e.g. "14 дни от 10.12.2027 (…); 24.12.2027 е официален празник …"). Ids: PREFIX-due-explanation.
 */
export function dueDetails(due: Due, idPrefix: string): HTMLElement {
  const box = el("span", "due-details");
  box.appendChild(dueNode(due));
  const why = pick(due.explanation);
  if (why) {
    const explanation = el("span", "due-explanation", why);
    explanation.id = idPrefix + "-due-explanation";
    box.appendChild(document.createTextNode(" "));
    box.appendChild(explanation);
  }
  return box;
}

/** How a document ended, in words ("Резултат"); "" while it has not ended. */
export function outcomeText(outcome: Outcome | null | undefined): string {
  return outcome ? pick(outcome.text) : "";
}

export function numberLink(number: string, href: string): HTMLAnchorElement {
  const a = el("a", null, t("track.no") + " " + number);
  a.href = href;
  return a;
}

/** A change of the history in words: an array of nodes. ctx: unitName(id), href(number). */
export function describeChange(change: Change | null | undefined, ctx: TimelineContext): Node[] {
  const nodes: Node[] = [];
  function text(s: string) { nodes.push(document.createTextNode(s)); }
  function link(number: string) {
    const a = el("a", null, String(number));
    a.href = ctx.href(number);
    nodes.push(a);
  }
  if (!change) change = null;
  if (change && change.type === "assigned") text(t("history.assigned", { to: ctx.unitName(change.to || "") }));
  else if (change && change.type === "assigned_to") text(change.assignee ? t("history.assigned_to", { who: change.assignee }) : t("history.unassigned"));
  else if (change && change.type === "status_changed") text(t("history.status", { from: statusLabel(change.from), to: statusLabel(change.to) }));
  else if (change && change.type === "reply") text(t("history.reply"));
  else if (change && change.type === "marked_duplicate" && change.of) {
    text(t("history.marked_duplicate"));
    link(change.of);
  } else if (change && change.type === "duplicate_linked" && change.duplicate) {
    text(t("history.duplicate_linked"));
    link(change.duplicate);
  } else if (change && change.type === "reopened") text(t("history.reopened"));
  else if (change && change.type === "reminded") text(reminderText(change.step));
  else if (change && change.type === "fixed_confirmed") text(t("history.fixed_confirmed"));
  else if (change && change.type === "not_fixed") text(t("history.not_fixed"));
  else if (change && change.type === "internal_note") text(t("history.internal_note"));
  else if (change && change.type === "moderated") {
    const bits = [];
    if (change.description_edited) bits.push(t("history.moderated.description"));
    if (change.hidden_photo) bits.push(t("history.moderated.photo"));
    text(t("history.moderated") + (bits.length ? ": " + bits.join(", ") : ""));
  } else text(t("history.other"));
  return nodes;
}

/**
 * A step of the due date that the system recorded (and told the unit, or the operators and the unit's head, of), or
 * the question "is it fixed?" it mailed the sender.
 */
export function reminderText(step: ReminderStep): string {
  switch (step) {
    case "half_term": return t("history.reminded.half_term");
    case "due": return t("history.reminded.due");
    case "overdue": return t("history.reminded.overdue");
    case "escalated": return t("history.reminded.escalated");
    case "long_overdue": return t("history.reminded.long_overdue");
    case "ask_if_fixed": return t("history.reminded.ask_if_fixed");
    default: return t("history.other");
  }
}

/** Fills an <ol> with the history, oldest first. ctx: staff (events carry actor/internal), unitName, href. */
export interface TimelineContext {
  staff: boolean;
  href: (number: string) => string;
  unitName: (id: string) => string;
}

export function renderTimeline(list: HTMLElement, history: HistoryEvent[] | null | undefined, ctx: TimelineContext): void {
  clear(list);
  const events = Array.isArray(history) ? history : [];
  if (!events.length) {
    list.appendChild(el("li", "timeline-empty", t("history.empty")));
    return;
  }
  events.forEach(function (ev) {
    if (!ev || typeof ev !== "object") return;
    const internal = !!ev.internal || (ev.change && ev.change.type === "internal_note");
    const bySystem = (isRecord(ev.actor) && ev.actor.type === "system") || ("by" in ev && ev.by === "system");
    const li = el("li", "timeline-item" + (internal ? " timeline-internal" : "") + (bySystem ? " timeline-system" : ""));
    const meta = el("p", "timeline-meta");
    const time = el("time", null, fmtDateTime(ev.at));
    time.dateTime = String(ev.at || "");
    meta.appendChild(time);
    let who;
    const actor = ev.actor;
    const by = isRecord(actor) ? actor.type : "by" in ev ? ev.by : "";
    if (by === "sender") who = t("history.by.sender");
    else if (by === "system") who = t("history.by.system");
    else if (isRecord(actor) && typeof actor.name === "string" && actor.name) who = actor.name;
    else who = t("history.by.municipality");
    meta.appendChild(document.createTextNode(" · " + who));
    li.appendChild(meta);
    if (internal && ctx.staff) li.appendChild(el("p", "badge badge-internal", t("history.internal")));
    if (!(internal && ev.change && ev.change.type === "internal_note")) {
      const what = el("p", "timeline-change");
      describeChange(ev.change, ctx).forEach(function (n) { what.appendChild(n); });
      li.appendChild(what);
    }
    if (typeof ev.text === "string" && ev.text) li.appendChild(el("p", "timeline-text prewrap", ev.text));
    list.appendChild(li);
  });
}

export function detailRow(dl: HTMLElement, labelKey: string, value: string | Node | null | undefined): HTMLElement | null {
  if (value === null || value === undefined || value === "") return null;
  const div = el("div");
  div.appendChild(el("dt", null, t(labelKey)));
  const dd = el("dd");
  if (typeof value === "object" && value.nodeType) dd.appendChild(value);
  else dd.textContent = String(value);
  div.appendChild(dd);
  dl.appendChild(div);
  return dd;
}

export function codeName(v: { name?: unknown; id?: string } | null | undefined): string { return v ? (pick(v.name) || v.id || "") : ""; }

/**
 * A document's place as people read it: the address the sender typed, and for a point a small still map of it
 * (Leaflet, its chunk and styles loaded only when a point is shown) with a button that lets one move and zoom
 * it. A place by address only is its address (the district is a row of its own). Staff also see the coordinates.
 */
export function placeView(l: DocumentView["location"], idPrefix: string, staff?: boolean): HTMLElement | null {
  if (!l) return null;
  const point = l.point && isFinite(Number(l.point.lat)) && isFinite(Number(l.point.lon)) ? l.point : null;
  if (!point && !l.address) return null;
  const box = el("div", "place");
  box.id = idPrefix + "-place";
  const address = el("p", "place-address", l.address || t("place.no-address"));
  address.id = idPrefix + "-place-address";
  box.appendChild(address);
  if (!point) return box;
  const fig = el("figure", "place-figure");
  const mapBox = el("div", "signal-map place-map");
  mapBox.id = idPrefix + "-place-map";
  fig.appendChild(mapBox);
  const cap = el("figcaption", "place-map-caption", t("place.map.caption"));
  if (staff) cap.appendChild(document.createTextNode(" " + t("place.coords", { lat: Number(point.lat).toFixed(5), lon: Number(point.lon).toFixed(5) })));
  fig.appendChild(cap);
  box.appendChild(fig);
  const explore = el("button", "button button-secondary button-small", t("place.map.explore"));
  explore.type = "button";
  explore.id = idPrefix + "-place-explore";
  explore.hidden = true;
  box.appendChild(explore);
  ensureMapStyles();
  import("./map").then(function (mod) {
    const small = mod.createPointMap(mapBox, Number(point.lat), Number(point.lon));
    explore.hidden = false;
    explore.addEventListener("click", function () {
      small.enable();
      explore.hidden = true;
      mapBox.setAttribute("aria-label", t("place.map.label"));
      mapBox.setAttribute("role", "region");
      mapBox.focus();
    });
  }).catch(function () {
    mapBox.classList.add("map-failed");
    mapBox.textContent = t("place.map.failed");
  });
  return box;
}

/** The map's styles (Leaflet's own), linked once when a page first shows a map. */
function ensureMapStyles(): void {
  if (document.querySelector('link[href="map.css"]')) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "map.css";
  document.head.appendChild(link);
}

export function attachmentList(attachments: Attachment[] | null | undefined, idPrefix?: string): HTMLElement | null {
  const ul = el("ul", "attachment-list");
  (Array.isArray(attachments) ? attachments : []).forEach(function (a) {
    if (!a) return;
    const li = el("li");
    const url = safeUrl(a.download_url);
    const label = t("doc.download", { file: a.file_name || "", size: fmtSize(a.size) });
    if (url) {
      const link = el("a", null, label);
      link.href = url;
      link.setAttribute("download", a.file_name || "");
      link.rel = "noopener";
      li.appendChild(link);
    } else {
      li.textContent = label;
    }
    ul.appendChild(li);
  });
  if (idPrefix) ul.id = idPrefix + "-attachments";
  return ul;
}

/**
 * The full view of a document (the owner's or staff's): details, photos, attachments, sender data.
 * ctx: idPrefix, href(number) for duplicate links, original (staff: the description before moderation),
 * hiddenCount, overdue (staff), catalogue.
 */
export interface DetailsContext {
  idPrefix: string;
  href: (number: string) => string;
  catalogue?: Catalogue | null;
  staff?: boolean;
  original?: string | null;
  hiddenCount?: number;
  overdue?: boolean;
}

/** A document as the API answers it (public, sender's, owner's or staff view); its fields depend on both. */
export type ApiDoc = DocumentView;

export function renderDocDetails(box: HTMLElement, d: ApiDoc, ctx: DetailsContext): void {
  clear(box);
  const p = ctx.idPrefix;
  const dl = el("dl", "details");
  dl.id = p + "-details";
  detailRow(dl, registeredOnKey(d.kind), d.registered_on || fmtDateTime(d.registered_at));
  const st = el("span", "status-label", pick(d.status_label) || statusLabel(d.status));
  const stWrap = el("span");
  stWrap.appendChild(st);
  // Staff: a document without a due date that the API still flags overdue gets the badge beside its status.
  const statusBadge = ctx.overdue && !(d.due && d.due.date) ? standingBadge("overdue") : null;
  if (statusBadge) {
    stWrap.appendChild(document.createTextNode(" "));
    stWrap.appendChild(statusBadge);
  }
  detailRow(dl, "track.status", stWrap);
  const outcome = detailRow(dl, "doc.outcome", outcomeText(d.outcome));
  if (outcome) {
    outcome.id = p + "-outcome";
    outcome.className = "prewrap outcome";
  }
  detailRow(dl, "f.title", d.title);
  detailRow(dl, "f.topic", codeName(d.topic));
  detailRow(dl, "f.category", codeName(d.category));
  detailRow(dl, "f.type", codeName(d.type));
  detailRow(dl, "f.location", placeView(d.location, p, ctx.staff));
  detailRow(dl, "f.district", d.district ? (d.district.id === "unknown" ? t("district.unknown") : codeName(d.district)) : "");
  if (d.unit && d.unit.id) {
    const ua = el("a", null, codeName(d.unit));
    ua.href = "units.html#" + unitAnchor(d.unit.id);
    detailRow(dl, "track.unit", ua);
  }
  if (d.due && d.due.date) detailRow(dl, "doc.due", dueDetails(d.due, p));
  if (d.duplicate_of) detailRow(dl, "doc.duplicate-of", numberLink(d.duplicate_of, ctx.href(d.duplicate_of)));
  if (Array.isArray(d.duplicates) && d.duplicates.length) {
    const dups = el("span");
    d.duplicates.forEach(function (n: string, i: number) {
      if (i) dups.appendChild(document.createTextNode(", "));
      dups.appendChild(numberLink(n, ctx.href(n)));
    });
    detailRow(dl, "doc.duplicates", dups);
  }
  const descKey = d.kind === "question" ? "track.question" : (d.kind === "signal" ? "track.description" : "f.text");
  const desc = detailRow(dl, descKey, d.description);
  if (desc) desc.className = "prewrap";
  if (ctx.original) {
    const orig = detailRow(dl, "doc.original", ctx.original);
    if (orig) orig.className = "prewrap original";
  }
  box.appendChild(dl);

  const photos = Array.isArray(d.photos) ? d.photos : [];
  if (photos.length || ctx.hiddenCount) {
    const ph = el("div", "signal-photos");
    const h = el("h3", null, t("track.photos"));
    h.id = p + "-photos-heading";
    ph.appendChild(h);
    const grid = el("ul", "photo-grid");
    grid.setAttribute("aria-labelledby", h.id);
    photos.forEach(function (photo: Photo, i: number) {
      const item = photoItem(photo, t("doc.photo.alt", { n: i + 1, number: d.number || "" }));
      if (!item) return;
      item.li.appendChild(el("span", "photo-caption", t("staff.photo.option", { n: i + 1 })));
      grid.appendChild(item.li);
    });
    ph.appendChild(grid);
    if (ctx.hiddenCount) ph.appendChild(el("p", "hint", ctx.hiddenCount + " × " + t("doc.photo.hidden")));
    box.appendChild(ph);
  }

  if (Array.isArray(d.attachments) && d.attachments.length) {
    const at = el("div", "attachments");
    const ah = el("h3", null, t("doc.attachments"));
    ah.id = p + "-attachments-heading";
    at.appendChild(ah);
    const ul = attachmentList(d.attachments, p)!;
    ul.setAttribute("aria-labelledby", ah.id);
    at.appendChild(ul);
    box.appendChild(at);
  }

  if (d.sender && typeof d.sender === "object") {
    const sec = el("section", "sender-data");
    const sh = el("h3", null, ctx.staff ? t("doc.sender") : t("track.sender.heading"));
    sh.id = p + "-sender-heading";
    sec.setAttribute("aria-labelledby", sh.id);
    sec.appendChild(sh);
    const sdl = el("dl", "details");
    const s = d.sender;
    // No data at all: a sentence, not a definition list with an answer and no term (axe: definition-list).
    if (!s.email && !s.name && !s.phone && !s.address) sec.appendChild(el("p", null, t("staff.sender.none")));
    detailRow(sdl, "f.name.short", s.name);
    if (s.email) {
      const mail = el("a", null, s.email);
      mail.href = "mailto:" + String(s.email).trim();
      detailRow(sdl, "f.email.short", ctx.staff ? mail : s.email);
    }
    detailRow(sdl, "f.phone", s.phone);
    detailRow(sdl, "f.address.postal", s.address);
    if (sdl.firstChild) sec.appendChild(sdl);
    box.appendChild(sec);
  }
}

export function unitNamer(getCatalogueNow: () => Catalogue | null): (id: string) => string {
  return function (id: string) { return catUnitName(getCatalogueNow(), id); };
}

/** A photo's thumbnail in a list item, linked to the full size when there is one; null when it has no address. */
export function photoItem(photo: Photo | null | undefined, alt: string): { li: HTMLLIElement; img: HTMLImageElement } | null {
  const full = safeUrl(photo && photo.url);
  const thumb = safeUrl(photo && photo.thumbnail_url) || full;
  if (!thumb) return null;
  const li = el("li");
  const img = el("img");
  img.src = thumb;
  img.alt = alt;
  img.loading = "lazy";
  if (full) {
    const a = el("a");
    a.href = full;
    a.appendChild(img);
    li.appendChild(a);
  } else li.appendChild(img);
  return { li: li, img: img };
}
