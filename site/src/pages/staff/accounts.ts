/**
 * Staff accounts (admins): the list of them with their roles and state, stopping one or letting it back in, a new
 * role for one, and the form that creates an account with its role.
 */
import { $, clear, el, fmtInt, scrollingTable } from "../../dom";
import { problemMessage } from "../../api";
import { authJson, formParts, makeForm, requireValue } from "../../forms";
import { t } from "../../i18n";
import { authRequest } from "../../session";
import type { StaffList, StaffMember } from "../../types";
import { fillSelect, staffProblemKey, text, type StaffState } from "./state";

/** `POST /api/admin/staff` (201): the account made. Not yet described by the API document. */
interface StaffCreated { email?: string; role?: string }

export function initAccounts(s: StaffState) {
  let members: StaffMember[] = [];
  /** The account whose stopping waits for a second click (an in-page confirmation). */
  let confirming: string | null = null;

  /** The roles one may give: operators, admins and one per unit but the contact center. */
  function roleIds(): string[] {
    return ["operators", "admins"].concat((s.catalogue ? s.catalogue.units : []).filter(function (u) { return u.id !== "contact-center"; }).map(function (u) { return "unit-" + u.id; }));
  }
  function roleLabel(id: string): string {
    if (id === "operators") return t("newstaff.role.operators");
    if (id === "admins") return t("newstaff.role.admins");
    if (id.indexOf("head-") === 0) return t("staffacc.role.head", { unit: s.unitName(id.slice(5)) });
    return t("newstaff.role.unit", { unit: s.unitName(id.slice(5)) });
  }

  function renderAccounts() {
    fillSelect($("newstaff-role"), roleIds(), "newstaff.choose-role", roleLabel);
    fillSelect($("staffrole-role"), roleIds(), "newstaff.choose-role", roleLabel);
    fillSelect($("staffrole-account"), members.map(function (m) { return m.email; }), "staffrole.choose", function (email) { return email; });
    renderList();
  }

  function renderList() {
    const box = $("staffacc-list");
    clear(box);
    if (!members.length) return;
    const table = el("table", "data-table");
    const cap = el("caption", null, t("staffacc.caption", { n: fmtInt(members.length) }));
    cap.id = "staffacc-caption";
    table.appendChild(cap);
    const head = el("tr");
    ["staffacc.col.email", "staffacc.col.name", "staffacc.col.role", "staffacc.col.state", "staffacc.col.action"].forEach(function (key) {
      const th = el("th", null, t(key));
      th.scope = "col";
      head.appendChild(th);
    });
    const thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    const body = el("tbody");
    members.forEach(function (m) {
      const tr = el("tr");
      const email = el("th", null, m.email);
      email.scope = "row";
      tr.appendChild(email);
      tr.appendChild(el("td", null, m.name || ""));
      tr.appendChild(el("td", null, m.roles.map(roleLabel).join(", ")));
      tr.appendChild(el("td", null, t("staffacc.state." + m.state)));
      const cell = el("td");
      const stopped = m.state === "disabled";
      const button = function (label: string, name: string, className: string, act: () => void) {
        const b = el("button", "button button-small " + className, label);
        b.type = "button";
        b.setAttribute("aria-label", name);
        b.setAttribute("data-email", m.email);
        b.addEventListener("click", act);
        cell.appendChild(b);
        return b;
      };
      if (confirming === m.email) {
        // Stopping ends the clerk's sessions at once: asked once more, in the page.
        cell.appendChild(el("span", "confirm-text", t("staffacc.stop.confirm", { email: m.email }) + " "));
        button(t("staffacc.stop.yes"), t("staffacc.stop.yes.label", { email: m.email }), "button-danger", function () {
          confirming = null;
          change(m.email, { enabled: false });
        });
        button(t("staffacc.stop.no"), t("staffacc.stop.no.label", { email: m.email }), "button-secondary", function () {
          confirming = null;
          renderList();
          focusAccount(m.email);
        });
      } else {
        const label = t(stopped ? "staffacc.enable.label" : "staffacc.stop.label", { email: m.email });
        button(t(stopped ? "staffacc.enable" : "staffacc.stop"), label, "button-secondary", function () {
          if (stopped) {
            change(m.email, { enabled: true });
            return;
          }
          confirming = m.email;
          renderList();
          focusAccount(m.email);
        });
      }
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(scrollingTable(el("div", "table-wrap"), table, cap.id));
  }

  async function loadAccounts() {
    const res = await authRequest<StaffList>("/api/admin/staff");
    if (res.signedOut) return;
    $("staffacc-error").textContent = res.ok ? "" : problemMessage(res);
    members = res.ok && res.data && Array.isArray(res.data.staff) ? res.data.staff : [];
    renderAccounts();
  }

  /** Stops an account or lets it back in, and says so in the status line (announced). */
  async function change(email: string, body: { enabled: boolean }) {
    const line = $("staffacc-status");
    const res = await authJson<StaffMember>("/api/admin/staff/" + encodeURIComponent(email), "PUT", body);
    if (res.signedOut) return;
    if (res.ok) await loadAccounts();
    else renderList();
    line.textContent = res.ok ? t(body.enabled ? "staffacc.enabled" : "staffacc.stopped", { email: email })
      : res.status === 409 ? t("staffacc.own") : problemMessage(res);
    focusAccount(email);
  }

  /** The list was drawn anew: the focus goes back to the same account's (first) button. */
  function focusAccount(email: string) {
    const again = $("staffacc-list").querySelector<HTMLButtonElement>("button[data-email=\"" + CSS.escape(email) + "\"]");
    if (again) again.focus();
  }

  if (s.roles.admin) {
    makeForm({
      ...formParts("staffrole", { summary: "admin-summary" }),
      fields: { account: "staffrole-account", role: "staffrole-role" },
      build: function (errors) {
        const body = { account: $("staffrole-account").value, role: $("staffrole-role").value };
        requireValue(errors, "account", body.account);
        requireValue(errors, "role", body.role);
        return body;
      },
      send: function (body) {
        const chosen = body as { account: string; role: string };
        return authJson<StaffMember>("/api/admin/staff/" + encodeURIComponent(chosen.account), "PUT", { role: chosen.role });
      },
      done: function (res) {
        if (!res.ok || !res.data) return false;
        $("staffrole-status").textContent = t("staffrole.done", { email: res.data.email });
        loadAccounts();
        return true;
      },
      problemKey: function (res) { return res.status === 409 ? "staffacc.own" : staffProblemKey(res); }
    });
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
        loadAccounts();
        return true;
      },
      problemKey: function (res) { return res.status === 409 ? "newstaff.exists" : staffProblemKey(res); }
    });
    loadAccounts();
  }

  return { renderAccounts };
}
