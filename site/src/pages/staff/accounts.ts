/** Staff accounts (admins): the form that creates an account with its role. */
import { $ } from "../../dom";
import { authJson, formParts, makeForm, requireValue } from "../../forms";
import { t } from "../../i18n";
import { fillSelect, staffProblemKey, text, type StaffState } from "./state";

/** `POST /api/admin/staff` (201): the account made. Not yet described by the API document. */
interface StaffCreated { email?: string; role?: string }

export function initAccounts(s: StaffState) {
  /** The role choices: operators, admins and one per unit but the contact center. */
  function renderAccounts() {
    const roleSel = $("newstaff-role");
    const roleIds = ["operators", "admins"].concat((s.catalogue ? s.catalogue.units : []).filter(function (u) { return u.id !== "contact-center"; }).map(function (u) { return "unit-" + u.id; }));
    fillSelect(roleSel, roleIds, "newstaff.choose-role", function (id) {
      if (id === "operators") return t("newstaff.role.operators");
      if (id === "admins") return t("newstaff.role.admins");
      return t("newstaff.role.unit", { unit: s.unitName(id.slice(5)) });
    });
  }

  if (s.roles.admin) {
    makeForm({
      ...formParts("newstaff", { summary: "admin-summary" }),
      fields: { email: "newstaff-email", name: "newstaff-name", role: "newstaff-role" },
      build: function (errors) {
        const body = { email: text("newstaff-email"), name: text("newstaff-name"), role: $("newstaff-role").value };
        requireValue(errors, "email", body.email);
        requireValue(errors, "name", body.name);
        requireValue(errors, "role", body.role);
        return body;
      },
      send: function (body) { return authJson<StaffCreated>("/api/admin/staff", "POST", body); },
      done: function (res) {
        if (!res.ok) return false;
        $("newstaff-status").textContent = t("newstaff.done", { email: res.data && res.data.email ? res.data.email : "" });
        $("newstaff-email").value = "";
        $("newstaff-name").value = "";
        return true;
      },
      problemKey: function (res) { return res.status === 409 ? "newstaff.exists" : staffProblemKey(res); }
    });
  }

  return { renderAccounts };
}
