/**
 * Reply templates: the public note a status change without a note gets. Every clerk sees the hint under the
 * status form; admins see the table and the form that sets a template.
 */
import { problemMessage, type ApiResult } from "../../api";
import { catCategoryName, statusLabel } from "../../catalogue";
import { $, clear, el } from "../../dom";
import { authJson, formParts, makeForm, requireValue } from "../../forms";
import { lang, pick, t } from "../../i18n";
import { authRequest } from "../../session";
import type { ReplyTemplate } from "../../types";
import { buildTable } from "../home";
import { fillSelect, staffProblemKey, text, type Panels, type StaffState } from "./state";

/** `GET /api/staff/templates`. Not yet described by the API document (its items are). */
interface Templates { templates: ReplyTemplate[] }

export function initTemplates(s: StaffState, p: Panels) {
  let templates: ReplyTemplate[] = [];
  let templatesResult: ApiResult | null = null;
  /** Every status a template may be set for: the catalogue's. */
  function allStatuses(): string[] {
    return s.catalogue ? s.catalogue.statuses.map(function (st) { return st.id; }) : [];
  }

  function templateFor(category: string, status: string): ReplyTemplate | null {
    return templates.filter(function (x) { return x.category === category && x.status === status; })[0] ||
      templates.filter(function (x) { return x.category === "any" && x.status === status; })[0] || null;
  }

  function renderTemplateHint() {
    const box = $<HTMLElement>("action-status-template");
    const st = $("action-status").value;
    const d = s.doc && s.doc.data ? s.doc.data.document : null;
    const cat = d && d.category ? String(d.category.id || d.category) : "";
    const tpl = st ? templateFor(cat, st) : null;
    box.textContent = tpl ? t("tpl.hint", { text: lang === "en" ? tpl.text_en : tpl.text_bg }) : "";
  }

  async function loadTemplates() {
    const res = await authRequest<Templates>("/api/staff/templates", { quiet: true });
    templatesResult = res;
    if (res.ok && res.data && Array.isArray(res.data.templates)) templates = res.data.templates;
    renderTemplateHint();
    p.renderAdmin();
  }

  /** The admins' table of templates and the choices of their form. */
  function renderTemplatesAdmin() {
    const st = $<HTMLElement>("tpl-status");
    const list = $<HTMLElement>("tpl-list");
    clear(list);
    st.textContent = "";
    if (templatesResult && !templatesResult.ok) st.textContent = problemMessage(templatesResult);
    else if (!templates.length) st.textContent = t("tpl.none");
    if (templates.length) {
      const rows = templates.map(function (x) {
        return [x.category === "any" ? t("tpl.any") : catCategoryName(s.catalogue, x.category), statusLabel(x.status), x.text_bg, x.text_en] as Array<string | Node>;
      });
      list.appendChild(buildTable("tpl-table", t("tpl.caption"), [t("f.category"), t("tpl.status"), t("tpl.text.bg"), t("tpl.text.en")], rows, 99));
    }
    const catSel = $("tpl-category");
    const keep = catSel.value;
    clear(catSel);
    const any = el("option", null, t("tpl.any"));
    any.value = "any";
    catSel.appendChild(any);
    (s.catalogue ? s.catalogue.signal_categories : []).forEach(function (c) {
      const o = el("option", null, pick(c.name));
      o.value = c.id;
      catSel.appendChild(o);
    });
    catSel.value = keep || "any";
    fillSelect($("tpl-status-select"), allStatuses(), "staff.choose-status", statusLabel);
  }

  if (s.roles.admin) {
    makeForm({
      ...formParts("tpl", { status: "tpl-form-status", summary: "admin-summary" }),
      fields: { category: "tpl-category", status: "tpl-status-select", text_bg: "tpl-text-bg", text_en: "tpl-text-en" },
      build: function (errors) {
        const body = { text_bg: text("tpl-text-bg"), text_en: text("tpl-text-en") };
        requireValue(errors, "status", $("tpl-status-select").value);
        requireValue(errors, "text_bg", body.text_bg);
        requireValue(errors, "text_en", body.text_en);
        return body;
      },
      send: function (body) {
        return authJson("/api/admin/templates/" + encodeURIComponent($("tpl-category").value || "any") + "/" +
          encodeURIComponent($("tpl-status-select").value), "PUT", body);
      },
      done: function (res) {
        if (!res.ok) return false;
        $("tpl-form-status").textContent = t("tpl.saved");
        $("tpl-text-bg").value = "";
        $("tpl-text-en").value = "";
        loadTemplates();
        return true;
      },
      problemKey: staffProblemKey
    });
  }

  return { renderTemplateHint, loadTemplates, renderTemplatesAdmin };
}
