import { renderAccountNav } from "../accountnav";
import { problemMessage } from "../api";
import { $, clear, el } from "../dom";
import { authJson, makeForm, requireValue, weakPassword } from "../forms";
import { onLangChange, t } from "../i18n";
import { PROFILE_KEY, authRequest, goToLogin, isSignedIn, signOut, storeSet } from "../session";

// --------------------------------------------------------- profile page
export function initProfile() {
  if (!isSignedIn()) { goToLogin(false); return; }
  var loading = $("profile-loading");
  var errBox = $("profile-error");
  var nameIn = $("profile-name");
  var phoneIn = $("profile-phone");
  var addressIn = $("profile-address");
  var saved = false;
  var loadState: { failed?: any; }|null = null;

  function fill(p: { email: string; name: string; phone: string; address: string; }) {
    $("profile-email").textContent = p.email || "";
    nameIn.value = p.name || "";
    phoneIn.value = p.phone || "";
    addressIn.value = p.address || "";
  }

  function renderLoad() {
    clear(errBox);
    errBox.hidden = true;
    loading.textContent = loadState === null ? t("profile.loading") : "";
    if (loadState && loadState.failed) {
      errBox.appendChild(el("p", null, problemMessage(loadState.failed)));
      errBox.hidden = false;
    }
    $("profile-status").textContent = saved ? t("profile.saved") : "";
  }
  onLangChange(renderLoad);
  renderLoad();

  (async function () {
    var res = await authRequest("/api/account/profile");
    if (res.signedOut) return;
    if (res.ok && res.data) {
      storeSet(PROFILE_KEY, res.data);
      fill(res.data);
      loadState = {};
    } else {
      loadState = { failed: res };
    }
    renderLoad();
    renderAccountNav();
  })();

  makeForm({
    form: $("profile-form"),
    submit: $("profile-submit"),
    status: $("profile-status"),
    summary: $("error-summary"),
    fields: { name: "profile-name", phone: "profile-phone", address: "profile-address" },
    failedKey: "profile.failed",
    build: function (errors) {
      saved = false;
      $("profile-status").textContent = "";
      requireValue(errors, "name", nameIn.value);
      return { name: nameIn.value.trim(), phone: phoneIn.value.trim(), address: addressIn.value.trim() };
    },
    send: function (payload) { return authJson("/api/account/profile", "PUT", payload); },
    done: function (res) {
      if (!(res.ok && res.data)) return false;
      storeSet(PROFILE_KEY, res.data);
      fill(res.data);
      saved = true;
      $("profile-status").textContent = t("profile.saved");
      renderAccountNav();
      return true;
    }
  });

  var cpDone = false;
  var oldIn = $("change-password-old");
  var newIn = $("change-password-new");
  makeForm({
    form: $("change-password-form"),
    submit: $("change-password-submit"),
    status: $("change-password-status"),
    summary: $("change-password-summary"),
    fields: { old_password: "change-password-old", new_password: "change-password-new" },
    failedKey: "cp.failed",
    build: function (errors) {
      cpDone = false;
      $("change-password-status").textContent = "";
      if (!oldIn.value) errors.push({ field: "old_password", code: "required" });
      if (!newIn.value) errors.push({ field: "new_password", code: "required" });
      else if (weakPassword(newIn.value)) errors.push({ field: "new_password", code: "weak_password" });
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
    problemKey: function (res) { return res.status === 429 ? "login.too-many" : ""; }
  });
  onLangChange(function () { $("change-password-status").textContent = cpDone ? t("cp.done") : ""; });

  $("profile-signout").addEventListener("click", function () {
    this.disabled = true;
    signOut();
  });
}
