/**
 * The one form helper of the site: client checks, sending, field errors beside their fields (aria-invalid,
 * the message in the field's error box, which the input names in aria-describedby) and in an error summary
 * (role="alert", links to the fields), focus moved to the first invalid field or the summary, translated
 * problems (never raw JSON); everything re-rendered when the language changes.
 */
import { fieldErrorMessage, fieldLabel, problemErrors, problemMessage, request, type ApiResult, type FieldError } from "./api";
import { $, clear, el, isRecord, reveal, safeUrl, trackHref } from "./dom";
import { onLangChange, pick, t } from "./i18n";
import { authRequest, isSignedIn, loadProfile, storedProfile } from "./session";
import type { Named, Profile, Registered } from "./types";

export type Payload = Record<string, unknown>;

/** T: the answer of a success (see ApiResult). */
export interface FormConfig<T = unknown> {
  form: HTMLFormElement;
  submit?: HTMLButtonElement | null;
  status?: HTMLElement | null;
  summary: HTMLElement;
  /** API field → input id (its error box is id + "-error"), or [input id, error box id]. */
  fields: Record<string, string | [string, string]>;
  /** API field → the field name used for its messages and label (when they differ). */
  labels?: Record<string, string>;
  /** Inputs to mark invalid for an error (default: the field's own input). */
  invalidInputs?: (field: string, code: string) => string[] | null;
  /** The order in which the first invalid input is chosen for focus (default: the order of `fields`). */
  order?: string[];
  headingKey?: string;
  failedKey?: string;
  sendingKey?: string;
  /** Reads the inputs; pushes local errors; returns the payload. */
  build: (errors: FieldError[]) => Payload;
  send: (payload: Payload) => Promise<ApiResult<T>>;
  /** True when the answer was handled (a success). */
  done: (res: ApiResult<T>) => boolean;
  /** A string key for a known failure, or "". */
  problemKey?: (res: ApiResult<T>) => string;
}

/**
 * A form's parts by the ids the pages give them: the form NAME-form, its submit button NAME-submit, the status line
 * beside it (NAME-status) and the error summary (the page's #error-summary), unless `ids` names others.
 */
export function formParts(name: string, ids?: { status?: string; summary?: string }): Pick<FormConfig, "form" | "submit" | "status" | "summary"> {
  return {
    form: $<HTMLFormElement>(name + "-form"),
    submit: $<HTMLButtonElement>(name + "-submit"),
    status: $<HTMLElement>((ids && ids.status) || name + "-status"),
    summary: $<HTMLElement>((ids && ids.summary) || "error-summary")
  };
}

export interface FormHandle {
  show(key: string, vars?: Record<string, unknown>, headingKey?: string): void;
  showErrors(errors: FieldError[]): void;
  reset(): void;
}

type FormState =
  | { errors: FieldError[] }
  | { key: string; vars?: Record<string, unknown>; headingKey?: string }
  | { result: ApiResult };

// Several forms may share one summary (staff actions): only its last user clears it.
const summaryOwners = new WeakMap<HTMLElement, object>();

export function makeForm<T = unknown>(cfg: FormConfig<T>): FormHandle {
  const me = {};
  let state: FormState | null = null;
  let sending = false;
  const labels = cfg.labels || {};
  function inputId(field: string): string {
    const f = cfg.fields[field];
    return Array.isArray(f) ? f[0] : f || "";
  }
  function boxId(field: string): string {
    const f = cfg.fields[field];
    return Array.isArray(f) ? f[1] : f ? f + "-error" : "";
  }
  const fieldNames = Object.keys(cfg.fields);
  const inputIds = cfg.order || fieldNames.map(inputId).filter(function (id, i, a) { return a.indexOf(id) === i; });

  function msgField(field: string): string { return labels[field] || field; }

  function clearErrors(): void {
    inputIds.forEach(function (id) {
      const input = $(id);
      if (input) input.removeAttribute("aria-invalid");
    });
    fieldNames.forEach(function (f) {
      const box = $(boxId(f));
      if (box) box.textContent = "";
    });
    if (!summaryOwners.has(cfg.summary) || summaryOwners.get(cfg.summary) === me) clear(cfg.summary);
  }

  function render(moveFocus: boolean): void {
    if (state) summaryOwners.set(cfg.summary, me);
    clearErrors();
    if (!state) return;
    if ("errors" in state) {
      const list = el("ul");
      const invalid: Record<string, boolean> = {};
      state.errors.forEach(function (err) {
        const field = String(err.field || "");
        const code = String(err.code || "");
        const mf = msgField(field);
        const msg = fieldErrorMessage(mf, code, err.vars);
        const id = inputId(field);
        const input = id ? $(id) : null;
        const li = el("li");
        if (input) {
          const box = $(boxId(field));
          if (box) box.textContent = box.textContent ? box.textContent + " " + msg : msg;
          const ids = (cfg.invalidInputs && cfg.invalidInputs(field, code)) || [id];
          ids.forEach(function (other) {
            const node = $(other);
            if (node) node.setAttribute("aria-invalid", "true");
            invalid[other] = true;
          });
          const a = el("a", null, fieldLabel(mf) + ": " + msg);
          a.href = "#" + id;
          const target = input;
          a.addEventListener("click", function (ev) {
            ev.preventDefault();
            target.focus();
          });
          li.appendChild(a);
        } else {
          li.textContent = (field && field !== "version" ? fieldLabel(mf) + ": " : "") + msg;
        }
        list.appendChild(li);
      });
      cfg.summary.appendChild(el("h2", null, t(cfg.headingKey || "form.heading")));
      cfg.summary.appendChild(list);
      if (moveFocus) {
        const first = inputIds.filter(function (id) { return invalid[id]; })[0];
        if (first) $(first).focus();
        else cfg.summary.focus();
      }
      return;
    }
    const heading = "key" in state && state.headingKey ? state.headingKey : cfg.failedKey || "form.failed";
    cfg.summary.appendChild(el("h2", null, t(heading)));
    cfg.summary.appendChild(el("p", null, "key" in state ? t(state.key, state.vars) : problemMessage(state.result)));
    if (moveFocus) cfg.summary.focus();
  }

  function show(next: FormState, moveFocus: boolean): void {
    state = next;
    render(moveFocus);
  }

  cfg.form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    if (sending) return;
    state = null;
    clearErrors();
    const localErrors: FieldError[] = [];
    const payload = cfg.build(localErrors);
    if (localErrors.length) {
      show({ errors: localErrors }, true);
      return;
    }
    sending = true;
    if (cfg.submit) cfg.submit.disabled = true;
    cfg.form.setAttribute("aria-busy", "true");
    if (cfg.status) cfg.status.textContent = t(cfg.sendingKey || "form.sending");
    const res = await cfg.send(payload);
    sending = false;
    if (cfg.submit) cfg.submit.disabled = false;
    cfg.form.removeAttribute("aria-busy");
    if (cfg.status) cfg.status.textContent = "";
    if (res.signedOut) return; // on the way to the login page
    if (cfg.done(res)) return;
    const key = cfg.problemKey ? cfg.problemKey(res) : "";
    const errors = problemErrors(res);
    if (key) show({ key: key }, true);
    else if ((res.status === 422 || res.status === 400 || res.status === 409) && errors) show({ errors: errors }, true);
    else show({ result: res }, true);
  });

  onLangChange(function () {
    render(false);
    if (sending && cfg.status) cfg.status.textContent = t(cfg.sendingKey || "form.sending");
  });

  return {
    show: function (key, vars, headingKey) { show({ key: key, vars: vars, headingKey: headingKey }, true); },
    showErrors: function (errors) { show({ errors: errors }, true); },
    reset: function () { state = null; clearErrors(); }
  };
}

// ------------------------------------------------ filing a signal or a question

export interface FilingConfig {
  form: HTMLFormElement;
  /** Anonymous route, and the signed-in one (which takes the sender's data from the profile). */
  endpoint: string;
  meEndpoint?: string;
  /** As makeForm's `fields`. */
  fieldMap: Record<string, string | [string, string]>;
  inputOrder: string[];
  invalidInputs?: (field: string, code: string) => string[] | null;
  messageField?: Record<string, string>;
  sumHeadingKey: string;
  sumFailedKey: string;
  catalogueErrorKey: string;
  buildPayload: (errors: FieldError[]) => Payload;
  /** Before sending: return false to stop (e.g. to offer nearby signals first). */
  beforeSend?: (payload: Payload) => Promise<boolean>;
  onCreated?: (data: Registered) => void;
}

/** Shows the registry number and date of a new document in #confirmation and moves focus there. */
export function showConfirmation(form: HTMLElement, summary: HTMLElement, data: Registered): void {
  $("confirmation-number").textContent = data.number || "";
  $("confirmation-date").textContent = fmtRegistered(data.registered_on);
  const link = $<HTMLAnchorElement>("follow-link");
  const href = safeUrl(data.follow_url) || trackHref(data.number);
  link.href = href;
  link.textContent = href;
  form.hidden = true;
  clear(summary);
  reveal($<HTMLElement>("confirmation"));
}

/** The registration date as the registry writes it: dd.mm.yyyy (the API gives yyyy-mm-dd). */
function fmtRegistered(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
  return m ? m[3] + "." + m[2] + "." + m[1] : String(iso || "");
}

/** report.html and question.html: the form helper with the confirmation and the catalogue failure. */
export function makeFilingForm(cfg: FilingConfig): { catalogueFailure(): void; clearCatalogueFailure(): void } {
  const summary = $<HTMLElement>("error-summary");
  const keyFor = idempotency();
  const handle = makeForm({
    form: cfg.form,
    submit: $<HTMLButtonElement>("submit"),
    status: $<HTMLElement>("form-status"),
    summary: summary,
    fields: cfg.fieldMap,
    labels: cfg.messageField,
    invalidInputs: cfg.invalidInputs,
    order: cfg.inputOrder,
    headingKey: cfg.sumHeadingKey,
    failedKey: cfg.sumFailedKey,
    sendingKey: "report.sending",
    build: cfg.buildPayload,
    send: async function (payload) {
      if (cfg.beforeSend && !(await cfg.beforeSend(payload))) {
        return { ok: false, status: -1, data: null, retryAfter: null };
      }
      // Signed in: the /api/me/ route, which takes the name and e-mail from the profile.
      const signedIn = isSignedIn() && !!cfg.meEndpoint;
      const headers = keyFor([signedIn, payload]);
      return signedIn ? authJson<Registered>(cfg.meEndpoint!, "POST", payload, headers) : postJson<Registered>(cfg.endpoint, payload, headers);
    },
    done: function (res) {
      if (res.status === -1) return true; // stopped before sending
      if (res.status === 201 && res.data && res.data.number) {
        showConfirmation(cfg.form, summary, res.data);
        if (cfg.onCreated) cfg.onCreated(res.data);
        return true;
      }
      return false;
    }
  });
  return {
    catalogueFailure: function () { handle.show(cfg.catalogueErrorKey, undefined, "sum.load-failed"); },
    clearCatalogueFailure: function () { handle.reset(); }
  };
}

export function fillOptions(select: HTMLSelectElement, items: Named[], placeholderKey: string, keep?: string | null): void {
  clear(select);
  const first = el("option", null, t(placeholderKey));
  first.value = "";
  select.appendChild(first);
  items.forEach(function (item) {
    const opt = el("option", null, pick(item.name) || item.id);
    opt.value = item.id;
    select.appendChild(opt);
  });
  if (keep && items.some(function (i) { return i.id === keep; })) select.value = keep;
}

/** Common optional text fields of both forms (name and e-mail only when not signed in). */
export function addSenderFields(payload: Payload): void {
  const description = $<HTMLTextAreaElement>("description").value;
  if (description.trim()) payload.description = description;
  if (isSignedIn()) return;
  const name = $("name").value.trim();
  if (name) payload.name = name;
  const email = $("email").value.trim();
  if (email) payload.email = email;
}

/** "You are filing as …" for the forms that use the profile's data. */
export function renderProfileNote(box: HTMLElement, profile: Profile | null, key: string, withLink: boolean): void {
  clear(box);
  if (!profile) { box.hidden = true; return; }
  box.appendChild(document.createTextNode(t(key, { name: profile.name || profile.email || "", email: profile.email || "" })));
  if (withLink) {
    const a = el("a", null, t("profile.note.link"));
    a.href = "profile.html";
    box.appendChild(a);
    box.appendChild(document.createTextNode("."));
  }
  box.hidden = false;
}

/** Signed in: hide the name and e-mail fields of report/question and say the profile's data is used. */
export function useProfileForFiling(): void {
  if (!isSignedIn()) return;
  const note = $<HTMLElement>("signed-in-note");
  ["name-field", "email-field"].forEach(function (id) { if ($(id)) $(id).hidden = true; });
  let profile: Profile | null = storedProfile();
  function render() { if (note) renderProfileNote(note, profile, "profile.note.report", false); }
  render();
  onLangChange(render);
  if (!profile) loadProfile(false, true).then(function (p) { profile = p; render(); });
}

export function postJson<T = unknown>(url: string, body: unknown, headers?: Record<string, string>): Promise<ApiResult<T>> {
  return request<T>(url, {
    method: "POST",
    headers: Object.assign({ "Content-Type": "application/json" }, headers),
    body: JSON.stringify(body)
  });
}

export function authJson<T = unknown>(url: string, method: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResult<T>> {
  return authRequest<T>(url, {
    method: method,
    headers: Object.assign({ "Content-Type": "application/json" }, headers),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
}

function randomKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.prototype.map.call(bytes, function (b: number) { return (b + 256).toString(16).slice(1); }).join("");
}

/**
 * An `Idempotency-Key` per submission: the same key while the same body is sent again (a retry after a lost
 * answer, a double click) so the API creates the document once; a new key when the body changes.
 */
export function idempotency(): (body: unknown) => Record<string, string> {
  let last = "";
  let key = "";
  return function (body) {
    const text = JSON.stringify(body);
    if (text !== last || !key) { key = randomKey(); last = text; }
    return { "Idempotency-Key": key };
  };
}

export function problemType(res: ApiResult): string {
  const problem: unknown = res ? res.data : null;
  const type = isRecord(problem) && typeof problem.type === "string" ? problem.type : "";
  return type.replace(/^.*\/problems\//, "");
}

export function requireValue(errors: FieldError[], field: string, value: unknown): void {
  if (!String(value || "").trim()) errors.push({ field: field, code: "required" });
}

/** The password policy, checked before sending: at least 10 characters, lowercase letters and digits. */
export function weakPassword(value: string): boolean {
  return value.length < 10 || !/[a-z]/.test(value) || !/[0-9]/.test(value);
}

/** A new password: required, and within the password policy. */
export function requireNewPassword(errors: FieldError[], field: string, value: string): void {
  if (!value) errors.push({ field: field, code: "required" });
  else if (weakPassword(value)) errors.push({ field: field, code: "weak_password" });
}

/** The problem key of the forms that send a password: too many tries (429) have a message of their own. */
export function tooManyTries(res: ApiResult): string {
  return res.status === 429 ? "login.too-many" : "";
}

export function queryParam(name: string): string {
  return new URLSearchParams(window.location.search).get(name) || "";
}

/** Fills a field from the address's query, unless the person already typed into it before the script ran. */
export function prefillFromQuery(input: HTMLInputElement, name: string): void {
  const value = queryParam(name);
  if (value && !input.value) input.value = value;
}

export function showNotice(box: HTMLElement | null, key: string): void {
  if (!box) return;
  box.textContent = t(key);
  box.hidden = false;
  onLangChange(function () { box.textContent = t(key); });
}
