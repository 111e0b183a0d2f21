/** The staff console's shared state and the helpers every panel uses; the panels reach each other through `Panels`. */
import type { ApiResult } from "../../api";
import { $, clear, el, fmtInt } from "../../dom";
import { problemType } from "../../forms";
import { lang, t } from "../../i18n";
import type { HistoryEvent } from "../../docview";
import type { StaffRoles } from "../../session";
import type { Catalogue, DeskRow, DocumentView, Status } from "../../types";

/**
 * `GET /api/staff/documents/{number}`: the document, its whole history and what a clerk may do next.
 * Not yet described by the API document (a plain object there).
 */
export interface StaffDocument {
  document: DocumentView;
  version: number;
  history: HistoryEvent[];
  next_statuses: Status[];
  original_description?: string | null;
  hidden_photos?: string[];
  overdue?: boolean;
  /** How it reached the municipality (`web`, `phone`, …) and the clerk named to work on it. */
  channel?: string;
  assignee?: string | null;
}

/** Every status has its tab: the open ones first, then the decided ones (no document is in a status no view shows). */
export const QUEUE_STATUSES = [
  "new", "registered", "forwarded", "in_progress", "clarification_requested", "extended",
  "resolved", "closed_unfixed", "not_competent", "rejected", "duplicate", "answered", "replied",
  "access_granted", "access_partly_granted", "access_refused", "forwarded_elsewhere", "not_held", "closed",
];

/** The open statuses (the first six tabs); the others are decided. */
export const OPEN_STATUSES = QUEUE_STATUSES.slice(0, 6);
/** The view's tabs: every open document, each status, every decided one, and everything. */
export const VIEW_TABS = ["open"].concat(QUEUE_STATUSES, ["decided", "all"]);
/** The ways a document reaches the municipality (`GET /api/staff/documents?channel=`). */
export const CHANNELS = ["web", "phone", "email", "in_person", "post"];

/** The view's filters besides unit and status, as the address and the API name them. */
export interface ViewFilters {
  kind: string;
  category: string;
  type: string;
  district: string;
  channel: string;
  /** "My work": assignee=me. */
  mine: boolean;
  overdue: boolean;
  /** Only documents someone follows: followed=true. */
  followed: boolean;
  /** older_than, in days ("" = any age). */
  older: string;
  /** "due" (soonest first), "age" (oldest first) or "followers" (most followed first). */
  sort: string;
  /** The search box: words or a registry number. */
  q: string;
}

export function noFilters(): ViewFilters {
  return { kind: "", category: "", type: "", district: "", channel: "", mine: false, overdue: false, followed: false, older: "", sort: "due", q: "" };
}

export interface QueueState { items: DeskRow[]; cursor: string | null; result: ApiResult | null; loading: boolean }
export interface DocState { number: string; loading: boolean; result: ApiResult<StaffDocument> | null; data: StaffDocument | null }

/** What the panels share; one object so that every panel sees the others' changes. */
export interface StaffState {
  roles: StaffRoles;
  catalogue: Catalogue | null;
  /** The unit whose documents are shown; "" = the whole city (operators and admins). */
  unit: string;
  /** The view's tab: a status, `open`, `decided` or `all`. */
  status: string;
  filters: ViewFilters;
  /** The rows of the view shown (every page loaded), and the numbers ticked for a bulk action. */
  rows: DeskRow[];
  selected: Set<string>;
  /** The open document, if any. */
  doc: DocState | null;
  /** T key of the last successful action. */
  done: string | null;
  unitName: (id: string) => string;
}

/** The functions one panel calls in another (filled in by index.ts before anything runs). */
export interface Panels {
  renderUnits(): void;
  renderTabs(): void;
  renderQueue(focusFrom?: number): void;
  loadCounts(): Promise<void>;
  loadQueue(append: boolean): Promise<void>;
  /** The bulk bar after the rows changed (a new page, another view). */
  syncBulk(): void;
  openDoc(number: string, focus: boolean): Promise<void>;
  reloadDoc(): Promise<void>;
  renderDoc(fresh: boolean): void;
  syncStatusForm(): void;
  renderTemplateHint(): void;
  loadTemplates(): Promise<void>;
  renderAdmin(): void;
}

/**
 * The view's parameters as the API takes them (`GET /api/staff/documents`), which are also the console's address:
 * unit (none = the whole city), status, and every filter that is set.
 */
export function viewParams(s: StaffState): URLSearchParams {
  const q = new URLSearchParams();
  const f = s.filters;
  if (s.unit) q.set("unit", s.unit);
  q.set("status", s.status);
  (["kind", "category", "type", "district", "channel"] as const).forEach(function (name) { if (f[name]) q.set(name, f[name]); });
  if (f.mine) q.set("assignee", "me");
  if (f.overdue) q.set("overdue", "true");
  if (f.followed) q.set("followed", "true");
  if (f.older) q.set("older_than", f.older);
  if (f.sort && f.sort !== "due") q.set("sort", f.sort);
  if (f.q) q.set("q", f.q);
  return q;
}

/** Reads the view back from the address (what remember() wrote): the filters; unit and status are index.ts's. */
export function filtersFrom(params: URLSearchParams): ViewFilters {
  const f = noFilters();
  (["kind", "category", "type", "district", "channel"] as const).forEach(function (name) { f[name] = params.get(name) || ""; });
  f.mine = params.get("assignee") === "me";
  f.overdue = params.get("overdue") === "true";
  f.followed = params.get("followed") === "true";
  const older = params.get("older_than") || "";
  f.older = /^\d{1,4}$/.test(older) ? older : "";
  const sort = params.get("sort") || "";
  f.sort = sort === "age" || sort === "followers" ? sort : "due";
  f.q = (params.get("q") || "").slice(0, 200);
  return f;
}

export function staffHref(s: StaffState, number: string): string {
  const q = viewParams(s);
  q.set("number", number);
  return "staff.html?" + q.toString();
}

/** Keeps the view (unit, status, filters) and the open document in the address (replaceState), so a reload keeps them. */
export function remember(s: StaffState): void {
  const q = viewParams(s);
  if (s.doc) q.set("number", s.doc.number);
  try { window.history.replaceState(null, "", "?" + q.toString()); } catch (e) { /* ignore */ }
}

/** A count in words: KEY.one or KEY.other by the language's plural rules ({n} is the number, formatted). */
export function countText(key: string, n: number, vars?: Record<string, unknown>): string {
  let form = "other";
  try { form = new Intl.PluralRules(lang === "en" ? "en" : "bg").select(n) === "one" ? "one" : "other"; } catch (e) { form = n === 1 ? "one" : "other"; }
  return t(key + "." + form, Object.assign({ n: fmtInt(n) }, vars));
}

export function staffProblemKey(res: ApiResult) {
  const type = problemType(res);
  if (res.status === 409 && type === "stale-version") return "staff.stale";
  if (res.status === 409 && type === "transition") return "staff.transition";
  if (res.status === 403 && type === "not-your-unit") return "staff.not-your-unit";
  if (res.status === 403) return "staff.staff-only";
  if (res.status === 404) return "staff.not-found";
  return "";
}

export function fillSelect(select: HTMLSelectElement, values: string[], placeholderKey: string, labelOf: (id: string) => string) {
  const keep = select.value;
  clear(select);
  if (placeholderKey) {
    const o = el("option", null, t(placeholderKey));
    o.value = "";
    select.appendChild(o);
  }
  values.forEach(function (val: string) {
    const opt = el("option", null, labelOf(val));
    opt.value = val;
    select.appendChild(opt);
  });
  select.value = keep;
  if (select.value !== keep) select.value = "";
}

/** The trimmed value of an input. */
export function text(id: string) { return $(id).value.trim(); }

/** The units one may forward to: operators any unit, a unit's clerks only back to the Contact Center. */
export function forwardTargets(s: StaffState): string[] {
  return s.roles.all && s.catalogue ? s.catalogue.units.map(function (u) { return u.id; }) : ["contact-center"];
}
