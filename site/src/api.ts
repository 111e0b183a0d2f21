/** The API client: fetch that never throws, JSON and problem+json answers, and translated messages for failures (never raw JSON). */
import { isRecord } from "./dom";
import { hasString, t } from "./i18n";
import type { ApiFieldError } from "./types";

/**
 * A field error to show: an item of a problem+json answer's `errors` (RFC 9457 extension; its `message` is not
 * shown, the site translates the code), or one the site found itself before sending.
 */
export type FieldError = Pick<ApiFieldError, "field" | "code"> & { vars?: Record<string, unknown> };

/**
 * What request() resolves to. `data` is the parsed JSON body, null when none: the route's answer `T` (the
 * caller names it, `request<Registered>(…)`, from src/types.ts) when `ok`, else a problem+json body, which is
 * read through problemErrors() and problemType(). `T` is `unknown` where nothing describes the answer.
 */
export interface ApiResult<T = unknown> {
  ok: boolean;
  status: number;
  data: T | null;
  retryAfter: string | null;
  /** Set by authRequest when the session ended and the user was sent to log in. */
  signedOut?: boolean;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  /** authRequest only: on an ended session just clear it, do not go to the login page. */
  quiet?: boolean;
}

/**
 * fetch wrapper. Never throws. Resolves to
 * {ok, status, data, retryAfter}; status 0 means a network failure.
 */
export async function request<T = unknown>(url: string, options?: RequestOptions): Promise<ApiResult<T>> {
  options = options || {};
  const headers: Record<string, string> = { "Accept": "application/json, application/problem+json" };
  if (options.headers) {
    Object.assign(headers, options.headers);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method || "GET",
      headers: headers,
      body: options.body,
      credentials: "same-origin",
      cache: "no-store",
      referrerPolicy: "same-origin"
    });
  } catch (e) {
    return { ok: false, status: 0, data: null, retryAfter: null };
  }
  let data: unknown = null;
  const type = res.headers.get("Content-Type") || "";
  if (/json/i.test(type)) {
    try { data = await res.json(); } catch (e) { data = null; }
  }
  // The JSON is what the route answers (T) or a problem (see ApiResult); it is not checked here.
  return { ok: res.ok, status: res.status, data: data as T | null, retryAfter: res.headers.get("Retry-After") };
}

/** A friendly, translated message for a non-validation failure. */
export function problemMessage(result: Pick<ApiResult, "status" | "retryAfter">): string {
  const s = result.status;
  if (s === 0) return t("problem.network");
  if (s === 503) {
    const secs = parseInt(result.retryAfter || "", 10);
    return secs > 0 && String(secs) === String(result.retryAfter).trim()
      ? t("problem.503.retry", { s: secs })
      : t("problem.503");
  }
  if (s === 400 || s === 413 || s === 415 || s === 429) return t("problem." + s);
  if (s >= 500) return t("problem.500");
  return t("problem.other");
}

export function fieldErrorMessage(field: string, code: string, vars?: Record<string, unknown>): string {
  const specific = "err." + field + "." + code;
  if (hasString(specific)) return t(specific, vars);
  if (hasString("err." + code)) return t("err." + code, vars);
  return t("err.invalid");
}

export function fieldLabel(field: string): string {
  return hasString("field." + field) ? t("field." + field) : field;
}

/** The field errors of a problem+json answer, or null. */
export function problemErrors(res: ApiResult | null | undefined): FieldError[] | null {
  const problem: unknown = res ? res.data : null;
  if (!isRecord(problem) || !Array.isArray(problem.errors)) return null;
  const errors: FieldError[] = problem.errors.filter(isRecord).map(function (e) {
    return { field: String(e.field || ""), code: String(e.code || "") };
  });
  return errors.length ? errors : null;
}
