/** The staff console's shared state and the helpers every panel uses; the panels reach each other through `Panels`. */
import type { ApiResult } from "../../api";
import { $, clear, el } from "../../dom";
import { problemType } from "../../forms";
import { t } from "../../i18n";
import type { HistoryEvent } from "../../docview";
import type { StaffRoles } from "../../session";
import type { Catalogue, DocumentView, QueueItem, Status } from "../../types";

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
}

/** Every status has its tab: the open ones first, then the decided ones (no document is in a status no view shows). */
export const QUEUE_STATUSES = [
  "new", "registered", "forwarded", "in_progress", "clarification_requested", "extended",
  "resolved", "closed_unfixed", "not_competent", "rejected", "duplicate", "answered", "replied",
  "access_granted", "access_partly_granted", "access_refused", "forwarded_elsewhere", "not_held", "closed",
];

export interface QueueState { items: QueueItem[]; cursor: string | null; result: ApiResult | null; loading: boolean }
export interface DocState { number: string; loading: boolean; result: ApiResult<StaffDocument> | null; data: StaffDocument | null }

/** What the panels share; one object so that every panel sees the others' changes. */
export interface StaffState {
  roles: StaffRoles;
  catalogue: Catalogue | null;
  /** The unit whose queue is shown. */
  unit: string;
  /** The queue's status tab. */
  status: string;
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
  openDoc(number: string, focus: boolean): Promise<void>;
  reloadDoc(): Promise<void>;
  renderDoc(fresh: boolean): void;
  syncStatusForm(): void;
  renderTemplateHint(): void;
  loadTemplates(): Promise<void>;
  renderAdmin(): void;
}

export function staffHref(s: StaffState, number: string): string {
  return "staff.html?unit=" + encodeURIComponent(s.unit) + "&status=" + encodeURIComponent(s.status) + "&number=" + encodeURIComponent(number);
}

/** Keeps unit, status and the open document in the address (replaceState). */
export function remember(s: StaffState): void {
  const q = "?unit=" + encodeURIComponent(s.unit) + "&status=" + encodeURIComponent(s.status) + (s.doc ? "&number=" + encodeURIComponent(s.doc.number) : "");
  try { window.history.replaceState(null, "", q); } catch (e) { /* ignore */ }
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
