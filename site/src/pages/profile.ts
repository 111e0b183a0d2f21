/** profile.html: profile data, password change, your data (export, account deletion), sign out. */
import { renderAccountNav } from "../accountnav";
import { problemMessage, type ApiResult } from "../api";
import { $, el, reveal, setNotice } from "../dom";
import { authJson, formParts, makeForm, requireNewPassword, requireValue, tooManyTries } from "../forms";
import { onLangChange, t } from "../i18n";
import { authRequest, clearSession, goToLogin, isSignedIn, saveProfile, signOut } from "../session";
import type { Profile } from "../types";

// --------------------------------------------------------- profile page
export function initProfile() {
  if (!isSignedIn()) { goToLogin(false); return; }
  const loading = $("profile-loading");
  const errBox = $("profile-error");
  const nameIn = $("profile-name");
  const phoneIn = $("profile-phone");
  const addressIn = $("profile-address");
  let saved = false;
  let loadState: { failed?: ApiResult } | null = null;

  function fill(p: Profile) {
    $("profile-email").textContent = p.email || "";
    nameIn.value = p.name || "";
    phoneIn.value = p.phone || "";
    addressIn.value = p.address || "";
  }

  function renderLoad() {
    setNotice(errBox, loadState && loadState.failed ? problemMessage(loadState.failed) : null);
    loading.textContent = loadState === null ? t("profile.loading") : "";
    $("profile-status").textContent = saved ? t("profile.saved") : "";
  }
  onLangChange(renderLoad);
  renderLoad();

  (async function () {
    const res = await authRequest<Profile>("/api/account/profile");
    if (res.signedOut) return;
    if (res.ok && res.data) {
      saveProfile(res.data);
      fill(res.data);
      loadState = {};
    } else {
      loadState = { failed: res };
    }
    renderLoad();
    renderAccountNav();
  })();

  makeForm({
    ...formParts("profile"),
    fields: { name: "profile-name", phone: "profile-phone", address: "profile-address" },
    failedKey: "profile.failed",
    build: function (errors) {
      saved = false;
      $("profile-status").textContent = "";
      requireValue(errors, "name", nameIn.value);
      return { name: nameIn.value.trim(), phone: phoneIn.value.trim(), address: addressIn.value.trim() };
    },
    send: function (payload) { return authJson<Profile>("/api/account/profile", "PUT", payload); },
    done: function (res) {
      if (!(res.ok && res.data)) return false;
      saveProfile(res.data);
      fill(res.data);
      saved = true;
      $("profile-status").textContent = t("profile.saved");
      renderAccountNav();
      return true;
    }
  });

  let cpDone = false;
  const oldIn = $("change-password-old");
  const newIn = $("change-password-new");
  makeForm({
    ...formParts("change-password", { summary: "change-password-summary" }),
    fields: { old_password: "change-password-old", new_password: "change-password-new" },
    failedKey: "cp.failed",
    build: function (errors) {
      cpDone = false;
      $("change-password-status").textContent = "";
      if (!oldIn.value) errors.push({ field: "old_password", code: "required" });
      requireNewPassword(errors, "new_password", newIn.value);
      return { old_password: oldIn.value, new_password: newIn.value };
    },
    send: function (payload) { return authJson("/api/account/change-password", "POST", payload); },
    done: function (res) {
      if (!res.ok) return false;
      oldIn.value = "";
      newIn.value = "";
      cpDone = true;
      $("change-password-status").textContent = t("cp.done");
      return true;
    },
    problemKey: tooManyTries
  });
  onLangChange(function () { $("change-password-status").textContent = cpDone ? t("cp.done") : ""; });

  // ---- your data: export and account deletion
  let exportState: { busy?: boolean; done?: boolean; failed?: ApiResult } = {};
  function renderExport() {
    $<HTMLButtonElement>("export-button").disabled = !!exportState.busy;
    $("export-status").textContent = exportState.busy ? t("data.export.working") : exportState.done ? t("data.export.done") : "";
    setNotice($<HTMLElement>("export-error"), exportState.failed ? problemMessage(exportState.failed) : null);
  }
  $("export-button").addEventListener("click", async function () {
    if (exportState.busy) return;
    exportState = { busy: true };
    renderExport();
    // Not yet described by the API document (unknown): saved as it comes, never read.
    const res = await authRequest("/api/account/export");
    if (res.signedOut) return;
    if (res.ok && res.data) {
      const blob = new Blob([JSON.stringify(res.data, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const a = el("a");
      a.href = url;
      a.download = "kc-sofia-my-data-" + new Date().toISOString().slice(0, 10) + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      exportState = { done: true };
    } else {
      exportState = { failed: res };
    }
    renderExport();
  });

  makeForm({
    ...formParts("delete", { summary: "delete-summary" }),
    fields: { password: "delete-password", confirm: "delete-confirm" },
    failedKey: "data.delete.failed",
    build: function (errors) {
      const password = $("delete-password").value;
      if (!password) errors.push({ field: "password", code: "required" });
      if (!$("delete-confirm").checked) errors.push({ field: "confirm", code: "required" });
      return { password: password };
    },
    send: function (body) { return authJson("/api/account", "DELETE", body); },
    done: function (res) {
      if (!res.ok) return false;
      clearSession();
      ["profile-section", "change-password", "your-data", "signout-section"].forEach(function (id) { $(id).hidden = true; });
      renderAccountNav();
      reveal($<HTMLElement>("delete-done"));
      return true;
    },
    problemKey: tooManyTries
  });

  onLangChange(renderExport);

  $("profile-signout").addEventListener("click", function () {
    this.disabled = true;
    signOut();
  });
}
