/**
 * The session: tokens kept for this browser (localStorage), so every tab of the site shares one sign-in and signing
 * out in one signs out all; roles from the ID token (display only; the API checks every call), one refresh on 401.
 * What is stored and why it is acceptable: README.md, "The sign-in in the browser".
 */
import { jwtDecode } from "jwt-decode";
import type { ApiResult, RequestOptions } from "./api";
import type { LoginTokens, Profile } from "./types";
import { request } from "./api";
import { $, clear, isRecord } from "./dom";

// ------------------------------------------------------------- session
/** The tokens kept for the browser after login (the site's own record of a login or refresh answer, not an API shape). */
export interface Tokens {
  id_token: string;
  access_token: string;
  refresh_token: string;
  /** When the access token runs out (ms since the epoch), from the answer's `expires_in`. */
  expires_at: number;
}

/** Staff roles as the site reads them from the ID token's groups (display only). */
export interface StaffRoles {
  operator: boolean;
  admin: boolean;
  /** Unit ids from `unit-<id>` groups. */
  units: string[];
  /** Operator or admin: sees every queue. */
  all: boolean;
  staff: boolean;
}

// Tokens from login and the profile live in localStorage: shared by the site's tabs, readable by this origin only,
// never sent anywhere by the browser itself (only the API calls that name them carry the access token).
export const TOKENS_KEY = "scc-tokens";
export const PROFILE_KEY = "scc-profile";

/** A value kept for the browser, all tabs (JSON), null when there is none; callers narrow it. */
function sharedGet(key: string): unknown {
  try {
    const v = window.localStorage.getItem(key);
    return v ? JSON.parse(v) : null;
  } catch (e) {
    return null;
  }
}

function sharedSet(key: string, value: unknown): void {
  try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage unavailable */ }
}

function sharedRemove(key: string): void {
  try { window.localStorage.removeItem(key); } catch (e) { /* storage unavailable */ }
}

/** The signed-in user's profile, kept with the tokens (shared by the tabs). */
export function saveProfile(profile: Profile): void { sharedSet(PROFILE_KEY, profile); }

/** Forgets the kept profile, so the next page reads it again. */
export function forgetProfile(): void { sharedRemove(PROFILE_KEY); }

/**
 * Follows the sign-in of the other tabs (the storage event fires in every tab but the one that wrote): signed out
 * there, a page that needs the sign-in goes to the login page, any other redraws its header; signed in there, the
 * header shows it.
 */
export function followOtherTabs(redraw: () => void, needsSignIn: () => boolean): void {
  window.addEventListener("storage", function (e: StorageEvent) {
    if (e.storageArea !== window.localStorage || (e.key !== TOKENS_KEY && e.key !== null)) return;
    if (!isSignedIn() && needsSignIn()) {
      window.location.assign("login.html?signed_out=1&next=" + encodeURIComponent(currentPage()));
      return;
    }
    redraw();
  });
}

/** A value kept for the tab (JSON), null when there is none; callers narrow it. */
export function storeGet(key: string): unknown {
  try {
    const v = window.sessionStorage.getItem(key);
    return v ? JSON.parse(v) : null;
  } catch (e) {
    return null;
  }
}

export function storeSet(key: string, value: unknown): void {
  try { window.sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage unavailable */ }
}

export function storeRemove(key: string): void {
  try { window.sessionStorage.removeItem(key); } catch (e) { /* storage unavailable */ }
}

export function getTokens(): Tokens | null {
  const tk = sharedGet(TOKENS_KEY);
  return isRecord(tk) && typeof tk.access_token === "string" && tk.access_token ? tk as unknown as Tokens : null;
}

export function isSignedIn() { return !!getTokens(); }

/** Keeps the tokens of a login or refresh answer; a refresh answer may leave out the refresh token. */
export function saveTokens(data: LoginTokens): void {
  const old: Partial<Tokens> = getTokens() || {};
  const secs = Number(data.expires_in);
  sharedSet(TOKENS_KEY, {
    id_token: data.id_token || old.id_token || "",
    access_token: data.access_token,
    refresh_token: data.refresh_token || old.refresh_token || "",
    expires_at: Date.now() + (secs > 0 ? secs : 3600) * 1000
  });
}

export function clearSession() {
  sharedRemove(TOKENS_KEY);
  sharedRemove(PROFILE_KEY);
  // Sign-ins kept per tab by earlier versions of the site.
  storeRemove(TOKENS_KEY);
  storeRemove(PROFILE_KEY);
}

/** The payload of a JWT (base64url middle part), or {} when it cannot be read. Not verified: display only. */
export function jwtClaims(token: string | null | undefined): Record<string, unknown> {
  try {
    const claims = jwtDecode<Record<string, unknown>>(String(token || ""));
    return claims && typeof claims === "object" ? claims : {};
  } catch (e) {
    return {};
  }
}

export function idClaims(): Record<string, unknown> {
  const tk = getTokens();
  return tk ? jwtClaims(tk.id_token) : {};
}

/** Staff roles from the ID token's groups (for what to show; the API checks every call itself). */
export function staffRoles(): StaffRoles {
  let groups = idClaims()["cognito:groups"];
  if (typeof groups === "string") groups = groups.split(/[\s,]+/);
  if (!Array.isArray(groups)) groups = [];
  const roles: StaffRoles = { operator: false, admin: false, units: [], all: false, staff: false };
  (groups as unknown[]).forEach(function (item) {
    const g = String(item);
    if (g === "operators") roles.operator = true;
    else if (g === "admins") roles.admin = true;
    else if (g.indexOf("unit-") === 0 && g.length > 5) roles.units.push(g.slice(5));
  });
  roles.all = roles.operator || roles.admin;
  roles.staff = roles.all || roles.units.length > 0;
  return roles;
}

export function currentPage() {
  const path = window.location.pathname.split("/").pop() || "index.html";
  return path + window.location.search;
}

/** A page to return to after signing in: only one of this site's own pages. */
export function safeNext(value: unknown): string {
  const v = String(value || "");
  return /^[a-z][a-z0-9-]*\.html(\?[^#\s\\]*)?$/i.test(v) ? v : "";
}

export function loginHref(next?: string | null): string {
  return "login.html?next=" + encodeURIComponent(next || currentPage());
}

/** To the login page, coming back here afterwards; expired: a session ended (not just never started). */
export function goToLogin(expired: boolean): void {
  clearSession();
  window.location.assign(loginHref() + (expired ? "&expired=1" : ""));
}

type RefreshOutcome = "ok" | "failed" | "network";
let refreshing: Promise<RefreshOutcome> | null = null;
/** Asks for new tokens once; resolves to "ok", "failed" or "network". Concurrent callers share one call. */
export function refreshSession(): Promise<RefreshOutcome> {
  if (!refreshing) {
    refreshing = (async function (): Promise<RefreshOutcome> {
      const tk = getTokens();
      if (!tk || !tk.refresh_token) return "failed";
      const res = await request<LoginTokens>("/api/account/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: tk.refresh_token })
      });
      if (res.ok && res.data && typeof res.data.access_token === "string") {
        saveTokens(res.data);
        return "ok";
      }
      return res.status === 0 || res.status >= 500 ? "network" : "failed";
    })();
    refreshing.then(function () { refreshing = null; });
    return refreshing;
  }
  return refreshing;
}

/**
 * request() for the signed-in routes: sends the bearer token; on 401 refreshes once and retries, else clears
 * the session and goes to the login page (options.quiet: just clear, stay). The result has signedOut set then.
 */
export async function authRequest<T = unknown>(url: string, options?: RequestOptions): Promise<ApiResult<T>> {
  options = options || {};
  const quiet = !!options.quiet;
  function signedOut(res: ApiResult<T> | null): ApiResult<T> {
    if (quiet) clearSession();
    else goToLogin(true);
    const out: ApiResult<T> = res || { ok: false, status: 401, data: null, retryAfter: null };
    out.signedOut = true;
    return out;
  }
  function send() {
    const headers: Record<string, string> = Object.assign({}, options!.headers);
    headers["Authorization"] = "Bearer " + (getTokens() || { access_token: "" }).access_token;
    return request<T>(url, { method: options!.method, headers: headers, body: options!.body });
  }
  const tk = getTokens();
  if (!tk) return signedOut(null);
  let refreshed = false;
  if (Number(tk.expires_at) && Number(tk.expires_at) < Date.now() + 30000) {
    const early = await refreshSession();
    refreshed = true;
    if (early === "failed") return signedOut(null);
  }
  let res = await send();
  if (res.status !== 401) return res;
  if (!refreshed) {
    const outcome = await refreshSession();
    if (outcome === "ok") {
      res = await send();
      if (res.status !== 401) return res;
    } else if (outcome === "network") {
      return { ok: false, status: 0, data: null, retryAfter: null };
    }
  }
  return signedOut(res);
}

/** The profile kept by loadProfile, if any. */
export function storedProfile(): Profile | null {
  const p = sharedGet(PROFILE_KEY);
  return isRecord(p) ? p as unknown as Profile : null;
}

/** The signed-in user's profile, cached with the tokens; null when it cannot be read. */
export async function loadProfile(force: boolean, quiet: boolean): Promise<Profile | null> {
  if (!force) {
    const cached = storedProfile();
    if (cached && cached.email) return cached;
  }
  const res = await authRequest<Profile>("/api/account/profile", { quiet: quiet });
  if (res.ok && res.data && typeof res.data === "object") {
    saveProfile(res.data);
    return res.data;
  }
  return null;
}

export async function signOut() {
  const tk = getTokens();
  if (tk) {
    await request("/api/account/logout", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + tk.access_token },
      body: "{}"
    });
  }
  clearSession();
  window.location.assign("login.html?signed_out=1");
}
