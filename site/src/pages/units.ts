/** units.html: the municipality's units with their competences and contacts, from the catalogue. */
import type { Unit } from "../types";
import { problemMessage } from "../api";
import { CatalogueAnswer, getCatalogue, unitAnchor } from "../catalogue";
import { $, clear, el, locale, safeUrl } from "../dom";
import { onLangChange, pick, t } from "../i18n";
import { T } from "../strings";

// ----------------------------------------------------------- units page
export function initUnits() {
  var box = $("units");
  var status = $("units-status");
  var errBox = $("units-error");
  var state: CatalogueAnswer|null = null;
  var KINDS = ["contact_center", "district", "directorate", "company"];

  function contactRow(dl: HTMLDListElement, labelKey: string, node: HTMLAnchorElement) {
    var div = el("div");
    div.appendChild(el("dt", null, t(labelKey)));
    var dd = el("dd");
    dd.appendChild(node);
    div.appendChild(dd);
    dl.appendChild(div);
  }

  function renderUnit(u: Unit): HTMLElement {
    var li = el("li", "unit");
    li.id = unitAnchor(u.id);
    li.tabIndex = -1;
    li.appendChild(el("h3", null, pick(u.name) || u.id));
    if (pick(u.competence)) li.appendChild(el("p", null, pick(u.competence)));
    var dl = el("dl", "contacts");
    if (u.phone) {
      var tel = el("a", "phone", u.phone);
      tel.href = "tel:" + String(u.phone).replace(/[^0-9+]/g, "");
      contactRow(dl, "units.phone", tel);
    }
    if (u.email) {
      var mail = el("a", null, u.email);
      mail.href = "mailto:" + String(u.email).trim();
      contactRow(dl, "units.email", mail);
    }
    var web = safeUrl(u.web);
    if (web && /^https?:\/\//i.test(String(u.web).trim())) {
      var w = el("a", null, String(u.web).trim());
      w.href = web;
      w.rel = "noopener";
      contactRow(dl, "units.web", w);
    }
    if (dl.firstChild) li.appendChild(dl);
    return li;
  }

  function render() {
    clear(box);
    clear(errBox);
    errBox.hidden = true;
    if (!state) return;
    status.textContent = "";
    if (!state.catalogue) {
      errBox.appendChild(el("p", null, state.result.status && state.result.status < 500 && state.result.status !== 429
        ? t("units.error") : problemMessage(state.result)));
      errBox.hidden = false;
      return;
    }
    var units = state.catalogue.units;
    KINDS.concat(units.map(function (u) { return u.kind; }).filter(function (k, i, a) {
      return KINDS.indexOf(k) < 0 && a.indexOf(k) === i;
    })).forEach(function (kind) {
      var group = units.filter(function (u) { return u && u.kind === kind; });
      if (!group.length) return;
      var section = el("section", "unit-group");
      var h = el("h2", null, T["units.kind." + kind] ? t("units.kind." + kind) : kind);
      h.id = "units-" + String(kind).replace(/[^A-Za-z0-9_-]/g, "");
      section.setAttribute("aria-labelledby", h.id);
      section.appendChild(h);
      var list = el("ul", "unit-list");
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
    var got = await getCatalogue();
    state = got;
    render();
    // units.html#unit-… from the track page: bring that unit into view.
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (target) {
      target.scrollIntoView();
      target.focus();
    }
  })();
}
