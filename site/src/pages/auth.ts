/** login.html, register.html (the terms must be accepted), confirm.html, forgot.html, reset.html. */
import type { Payload } from "../forms";
import { $, reveal } from "../dom";
import { onLangChange, t } from "../i18n";
import { formParts, makeForm, postJson, prefillFromQuery, problemType, queryParam, requireNewPassword, requireValue, showNotice, tooManyTries } from "../forms";
import { forgetProfile, loadProfile, safeNext, saveTokens, staffRoles } from "../session";
import type { LoginTokens, MfaStep } from "../types";

/** A sign-in answer that carries the tokens (200), not another step (202). */
function isTokens(data: LoginTokens | MfaStep | null): data is LoginTokens {
  return !!data && typeof data.access_token === "string" && !!data.access_token;
}

// ----------------------------------------------------------- login page
export function initLogin() {
  const emailIn = $("login-email");
  const pwIn = $("login-password");
  const codeIn = $("login-code");
  const next = safeNext(queryParam("next"));
  // The second step for accounts with an authenticator app: the session of the password step, or the setup.
  let mfaSession = "";
  let settingUp = false;
  // A staff member's first sign-in with the invitation's temporary password: the session of that step.
  let firstPasswordSession = "";
  const newPwIn = $("login-new-password");
  function askForCode(): void {
    $("login-code-field").hidden = false;
    codeIn.setAttribute("required", "");
    codeIn.value = "";
    codeIn.focus();
  }
  prefillFromQuery(emailIn, "email");
  if (queryParam("signed_out")) showNotice($("login-notice"), "login.signed-out");
  else if (queryParam("confirmed")) showNotice($("login-notice"), "login.confirmed");
  else if (queryParam("reset")) showNotice($("login-notice"), "login.reset");
  else if (queryParam("expired")) showNotice($("login-notice"), "login.expired");
  const reg = $("login-register-link");
  if (next) reg.href = "register.html?next=" + encodeURIComponent(next);

  makeForm({
    ...formParts("login"),
    fields: { email: "login-email", password: "login-password", code: "login-code", session: "login-code", new_password: "login-new-password" },
    labels: { code: "mfa-code", session: "mfa-code" },
    failedKey: "login.failed",
    build: function (errors) {
      requireValue(errors, "email", emailIn.value);
      const code = codeIn.value.replace(/\s+/g, "");
      if (firstPasswordSession) {
        requireValue(errors, "new_password", newPwIn.value);
        return { email: emailIn.value.trim(), session: firstPasswordSession, new_password: newPwIn.value };
      }
      if (mfaSession) {
        requireValue(errors, "code", code);
        return { email: emailIn.value.trim(), session: mfaSession, code: code };
      }
      requireValue(errors, "password", pwIn.value);
      if (settingUp) {
        requireValue(errors, "code", code);
        return { email: emailIn.value.trim(), password: pwIn.value, code: code };
      }
      return { email: emailIn.value.trim(), password: pwIn.value };
    },
    send: function (payload) { return postJson<LoginTokens | MfaStep>("/api/account/login", payload); },
    done: function (res) {
      if (res.ok && isTokens(res.data)) {
        saveTokens(res.data);
        forgetProfile();
        const dest = next || (staffRoles().staff ? "staff.html" : "my.html");
        loadProfile(true, true).then(function () { window.location.assign(dest); });
        return true;
      }
      if (res.status === 202 && res.data && res.data.next === "new_password_required") {
        firstPasswordSession = String(res.data.session || "");
        showNotice($("login-notice"), "login.first-password");
        $("login-new-password-field").hidden = false;
        newPwIn.setAttribute("required", "");
        newPwIn.focus();
        return true;
      }
      if (res.status === 202 && res.data && res.data.mfa === "code_required") {
        mfaSession = String(res.data.session || "");
        showNotice($("login-notice"), "login.mfa.asked");
        askForCode();
        return true;
      }
      if (res.status === 202 && res.data && res.data.mfa === "setup_required") {
        // After a first password, the app's first code goes with the password just chosen.
        if (firstPasswordSession) {
          pwIn.value = newPwIn.value;
          firstPasswordSession = "";
          $("login-new-password-field").hidden = true;
          newPwIn.removeAttribute("required");
        }
        settingUp = true;
        $("login-mfa-secret").textContent = String(res.data.secret || "");
        ($("login-mfa-link") as HTMLAnchorElement).href = String(res.data.otpauth_uri || "#");
        $("login-mfa-setup").hidden = false;
        askForCode();
        return true;
      }
      if (res.status === 401 && mfaSession) {
        // The code step's session ran out: start again from the password.
        mfaSession = "";
        $("login-code-field").hidden = true;
        codeIn.removeAttribute("required");
      }
      if (res.status === 403 && problemType(res) === "not-confirmed") {
        window.location.assign("confirm.html?email=" + encodeURIComponent(emailIn.value.trim()) + (next ? "&next=" + encodeURIComponent(next) : ""));
        return true;
      }
      return false;
    },
    problemKey: function (res) {
      return res.status === 401 ? "login.wrong" : tooManyTries(res);
    }
  });
  if (emailIn.value) pwIn.focus();
}

// -------------------------------------------------------- register page
export function initRegister() {
  const ids = { name: "register-name", email: "register-email", password: "register-password", phone: "register-phone", address: "register-address", accept_terms: "accept_terms" };
  const next = safeNext(queryParam("next"));
  makeForm({
    ...formParts("register"),
    fields: ids,
    failedKey: "register.failed",
    build: function (errors) {
      const p = {
        name: $(ids.name).value.trim(),
        email: $(ids.email).value.trim(),
        password: $(ids.password).value,
        accept_terms: $(ids.accept_terms).checked
      };
      const phone = $(ids.phone).value.trim();
      const address = $(ids.address).value.trim();
      const payload: Payload = p;
      if (phone) payload.phone = phone;
      if (address) payload.address = address;
      requireValue(errors, "name", p.name);
      requireValue(errors, "email", p.email);
      requireNewPassword(errors, "password", p.password);
      if (!p.accept_terms) errors.push({ field: "accept_terms", code: "required" });
      return p;
    },
    send: function (payload) { return postJson("/api/account/register", payload); },
    done: function (res) {
      if (res.status === 202 || res.ok) {
        window.location.assign("confirm.html?email=" + encodeURIComponent($(ids.email).value.trim()) + (next ? "&next=" + encodeURIComponent(next) : ""));
        return true;
      }
      return false;
    }
  });
}

/**
 * The "send a new code" button of the confirm and reset pages: posts the e-mail in the form to `url` and says
 * what happened in a status line (the answer is the same for any e-mail, so it never tells who is registered).
 */
function wireResend(prefix: string, url: string, emailIn: HTMLInputElement, codeIn: HTMLInputElement): void {
  const button = $<HTMLButtonElement>(prefix + "-resend");
  // The status line is in the page from the start (empty), so that screen readers announce what is put in it.
  const status = $(prefix + "-resend-status");
  let said: { key: string; ok: boolean } | null = null;
  function render(): void {
    status.textContent = said ? t(said.key) : "";
    status.className = said ? "notice " + (said.ok ? "notice-ok" : "notice-error") : "";
  }
  function say(key: string, ok: boolean): void {
    said = { key: key, ok: ok };
    render();
  }
  onLangChange(render);
  button.addEventListener("click", async function () {
    const email = emailIn.value.trim();
    if (!email) {
      say("code.resend.email", false);
      emailIn.focus();
      return;
    }
    button.disabled = true;
    const res = await postJson(url, { email: email });
    button.disabled = false;
    if (res.ok) {
      say(prefix === "confirm" ? "code.resent.confirm" : "code.resent.reset", true);
      codeIn.value = "";
      codeIn.focus();
    } else if (res.status === 422) {
      say("code.resend.email", false);
      emailIn.focus();
    } else {
      say(res.status === 429 ? "code.resend.later" : "code.resend.failed", false);
    }
  });
}

// --------------------------------------------------------- confirm page
export function initConfirm() {
  const emailIn = $("confirm-email");
  const codeIn = $("confirm-code");
  const next = safeNext(queryParam("next"));
  prefillFromQuery(emailIn, "email");
  makeForm({
    ...formParts("confirm"),
    fields: { email: "confirm-email", code: "confirm-code" },
    failedKey: "confirm.failed",
    build: function (errors) {
      requireValue(errors, "email", emailIn.value);
      requireValue(errors, "code", codeIn.value);
      return { email: emailIn.value.trim(), code: codeIn.value.trim() };
    },
    send: function (payload) { return postJson("/api/account/confirm", payload); },
    done: function (res) {
      if (!res.ok) return false;
      const link = $("confirm-login-link");
      link.href = "login.html?confirmed=1&email=" + encodeURIComponent(emailIn.value.trim()) + (next ? "&next=" + encodeURIComponent(next) : "");
      $("confirm-form").hidden = true;
      $("confirm-sent").hidden = true;
      $("confirm-resend-box").hidden = true;
      $("confirm-resend-status").textContent = "";
      $("confirm-resend-status").className = "";
      reveal($("confirm-done"));
      return true;
    },
    problemKey: tooManyTries
  });
  wireResend("confirm", "/api/account/resend-code", emailIn, codeIn);
  (emailIn.value ? codeIn : emailIn).focus();
}

// ---------------------------------------------------------- forgot page
export function initForgot() {
  const emailIn = $("forgot-email");
  prefillFromQuery(emailIn, "email");
  makeForm({
    ...formParts("forgot"),
    fields: { email: "forgot-email" },
    failedKey: "forgot.failed",
    build: function (errors) {
      requireValue(errors, "email", emailIn.value);
      return { email: emailIn.value.trim() };
    },
    send: function (payload) { return postJson("/api/account/forgot-password", payload); },
    done: function (res) {
      if (!res.ok) return false;
      window.location.assign("reset.html?sent=1&email=" + encodeURIComponent(emailIn.value.trim()));
      return true;
    }
  });
  const resetLink = $<HTMLAnchorElement>("forgot-reset-link");
  resetLink.addEventListener("click", function () {
    const v = emailIn.value.trim();
    if (v) resetLink.href = "reset.html?email=" + encodeURIComponent(v);
  });
}

// ----------------------------------------------------------- reset page
export function initReset() {
  const emailIn = $("reset-email");
  const codeIn = $("reset-code");
  const pwIn = $("reset-password");
  prefillFromQuery(emailIn, "email");
  if (queryParam("sent")) $("reset-sent").hidden = false;
  makeForm({
    ...formParts("reset"),
    fields: { email: "reset-email", code: "reset-code", new_password: "reset-password" },
    failedKey: "reset.failed",
    build: function (errors) {
      requireValue(errors, "email", emailIn.value);
      requireValue(errors, "code", codeIn.value);
      requireNewPassword(errors, "new_password", pwIn.value);
      return { email: emailIn.value.trim(), code: codeIn.value.trim(), new_password: pwIn.value };
    },
    send: function (payload) { return postJson("/api/account/reset-password", payload); },
    done: function (res) {
      if (!res.ok) return false;
      $("reset-login-link").href = "login.html?reset=1&email=" + encodeURIComponent(emailIn.value.trim());
      $("reset-form").hidden = true;
      $("reset-sent").hidden = true;
      $("reset-resend-box").hidden = true;
      $("reset-resend-status").textContent = "";
      $("reset-resend-status").className = "";
      reveal($("reset-done"));
      return true;
    },
    problemKey: tooManyTries
  });
  wireResend("reset", "/api/account/forgot-password", emailIn, codeIn);
  if (emailIn.value) codeIn.focus();
}
