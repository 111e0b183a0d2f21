/**
 * staff.html: the staff console — the one view of the documents by unit (or the whole city), status, filters and
 * search (queue.ts) with bulk actions on the rows ticked (bulk.ts), the document with its actions and history
 * (document.ts, actions.ts), operators' intake of calls (intake.ts), reply templates (templates.ts) and, for admins,
 * staff accounts (accounts.ts) and the working-day calendar (calendar.ts).
 */
import { getCatalogue } from "../../catalogue";
import { unitNamer } from "../../docview";
import { $ } from "../../dom";
import { onLangChange } from "../../i18n";
import { goToLogin, isSignedIn, staffRoles } from "../../session";
import { initAccounts } from "./accounts";
import { initActions } from "./actions";
import { initCalendar } from "./calendar";
import { initDocument } from "./document";
import { initQueue } from "./queue";
import { initBulk } from "./bulk";
import { initIntake } from "./intake";
import { initStatistics } from "./statistics";
import { VIEW_TABS, filtersFrom, remember, type Panels, type StaffState } from "./state";
import { initTemplates } from "./templates";

export function initStaff() {
  if (!isSignedIn()) { goToLogin(false); return; }
  const roles = staffRoles();
  if (!roles.staff) {
    $("staff-forbidden").hidden = false;
    return;
  }
  $("staff-main").hidden = false;

  const params = new URLSearchParams(window.location.search);
  // Operators and admins see the whole city ("") unless a unit is named; a unit's clerks see their unit.
  let unit: string = params.get("unit") || (roles.all ? "" : roles.units[0]);
  if (!roles.all && roles.units.indexOf(unit) < 0) unit = roles.units[0];
  let status: string = params.get("status") || "";
  if (VIEW_TABS.indexOf(status) < 0) status = "open";
  const s: StaffState = {
    roles: roles, catalogue: null, unit: unit, status: status, filters: filtersFrom(params), rows: [], selected: new Set<string>(),
    doc: null, done: null, unitName: unitNamer(function () { return s.catalogue; })
  };

  // The panels call each other only through `p`, after all of them are set up.
  const p = {} as Panels;
  const queue = initQueue(s, p);
  const documentPanel = initDocument(s, p);
  const templates = initTemplates(s, p);
  const accounts = initAccounts(s);
  const actions = initActions(s, p);
  const calendar = initCalendar(s);
  const bulk = initBulk(s, p);
  const intake = initIntake(s, p);
  const statistics = initStatistics(s);
  $("stats").hidden = false;

  // ---- administration (admins): templates and staff accounts (the calendar renders itself)
  function renderAdmin() {
    if (!roles.admin) return;
    $("admin").hidden = false;
    templates.renderTemplatesAdmin();
    accounts.renderAccounts();
  }
  Object.assign(p, queue, documentPanel, templates, actions, bulk, { renderAdmin });

  onLangChange(function () {
    p.renderAdmin();
    p.renderTemplateHint();
    p.renderUnits();
    p.renderTabs();
    p.renderQueue();
    if (s.doc) p.renderDoc(false);
    statistics.renderStatistics();
  });

  p.renderUnits();
  p.renderTabs();
  p.renderQueue();
  remember(s);
  p.loadCounts();
  p.loadQueue(false);
  const start = params.get("number");
  if (start) p.openDoc(start, false);
  getCatalogue().then(function (got) {
    if (!got.catalogue) return;
    s.catalogue = got.catalogue;
    p.renderUnits();
    p.renderQueue();
    p.renderAdmin();
    intake.renderIntake();
    statistics.renderStatistics();
    if (s.doc && s.doc.data) p.renderDoc(false);
  });
  p.loadTemplates();
  calendar.loadCalendar();
}
