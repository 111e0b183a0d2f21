/** units.html: the municipality's units with their competences and contacts, from the catalogue. */
import type { Unit } from "../types";
import { problemMessage } from "../api";
import { CatalogueAnswer, getCatalogue, unitAnchor } from "../catalogue";
import { $, clear, el, locale, safeUrl, setNotice } from "../dom";
import { hasString, onLangChange, pick, t } from "../i18n";

// ----------------------------------------------------------- units page
export function initUnits() {
  const box = $("units");
  const status = $("units-status");
  const errBox = $("units-error");
  let state: CatalogueAnswer|null = null;
  const KINDS = ["contact_center", "district", "directorate", "company"];

  function contactRow(dl: HTMLDListElement, labelKey: string, node: HTMLAnchorElement) {
    const div = el("div");
    div.appendChild(el("dt", null, t(labelKey)));
    const dd = el("dd");
    dd.appendChild(node);
    div.appendChild(dd);
    dl.appendChild(div);
  }

  function renderUnit(u: Unit): HTMLElement {
    const li = el("li", "unit");
    li.id = unitAnchor(u.id);
    li.tabIndex = -1;
    li.appendChild(el("h3", null, pick(u.name) || u.id));
    if (pick(u.competence)) li.appendChild(el("p", null, pick(u.competence)));
    const dl = el("dl", "contacts");
    if (u.phone) {
      const tel = el("a", "phone", u.phone);
      tel.href = "tel:" + String(u.phone).replace(/[^0-9+]/g, "");
      contactRow(dl, "units.phone", tel);
    }
    if (u.email) {
      const mail = el("a", null, u.email);
      mail.href = "mailto:" + String(u.email).trim();
      contactRow(dl, "units.email", mail);
    }
    const web = safeUrl(u.web);
    if (web && /^https?:\/\//i.test(String(u.web).trim())) {
      const w = el("a", null, String(u.web).trim());
      w.href = web;
      w.rel = "noopener";
      contactRow(dl, "units.web", w);
    }
    if (dl.firstChild) li.appendChild(dl);
    return li;
  }

  function render() {
    clear(box);
    setNotice(errBox, null);
    if (!state) return;
    status.textContent = "";
    if (!state.catalogue) {
      setNotice(errBox, state.result.status && state.result.status < 500 && state.result.status !== 429
        ? t("units.error") : problemMessage(state.result));
      return;
    }
    const units = state.catalogue.units;
    KINDS.concat(units.map(function (u) { return u.kind; }).filter(function (k, i, a) {
      return KINDS.indexOf(k) < 0 && a.indexOf(k) === i;
    })).forEach(function (kind) {
      let group = units.filter(function (u) { return u && u.kind === kind; });
      if (!group.length) return;
      const section = el("section", "unit-group");
      const h = el("h2", null, hasString("units.kind." + kind) ? t("units.kind." + kind) : kind);
      h.id = "units-" + String(kind).replace(/[^A-Za-z0-9_-]/g, "");
      section.setAttribute("aria-labelledby", h.id);
      section.appendChild(h);
      const list = el("ul", "unit-list");
      if (kind === "district") {
        group = group.slice().sort(function (a, b) { return pick(a.name).localeCompare(pick(b.name), locale()); });
      }
      group.forEach(function (u) { list.appendChild(renderUnit(u)); });
      section.appendChild(list);
      box.appendChild(section);
    });
  }

  onLangChange(render);

  (async function () {
    status.textContent = t("units.loading");
    const got = await getCatalogue();
    state = got;
    render();
    // units.html#unit-… from the track page: bring that unit into view.
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (target) {
      target.scrollIntoView();
      target.focus();
    }
  })();
}
