/** staff.html: the staff console — queues by unit and status, the document with its actions and history; administration for admins. */
import { problemMessage, type ApiResult, type FieldError } from "../api";
import { getCatalogue } from "../catalogue";
import { type ApiDoc, dueNode, fmtDateTime, overdueBadge, renderDocDetails, renderTimeline, unitNamer } from "../docview";
import { $, clear, el, fmtInt, statusLabel } from "../dom";
import { authJson, idempotency, makeForm, problemType, requireValue } from "../forms";
import { lang, onLangChange, pick, t } from "../i18n";
import { catCategoryName } from "../catalogue";
import { buildTable, noData } from "./home";
import { authRequest, goToLogin, isSignedIn, staffRoles } from "../session";
import { T } from "../strings";
import type { Catalogue, Photo, QueueItem, ReplyTemplate, StaffDocument } from "../types";
import type { Payload } from "../forms";

// ----------------------------------------------------------- staff page
const QUEUE_STATUSES = ["new", "registered", "forwarded", "in_progress", "clarification_requested", "extended"];
const NOTE_REQUIRED: Record<string, boolean> = { rejected: true, access_refused: true, not_competent: true, forwarded_elsewhere: true };
const EXTENSION_MAX: Record<string, number> = { large_volume: 10, third_party: 14 };

export function initStaff() {
  if (!isSignedIn()) { goToLogin(false); return; }
  const roles = staffRoles();
  if (!roles.staff) {
    $("staff-forbidden").hidden = false;
    return;
  }
  $("staff-main").hidden = false;

  const params = new URLSearchParams(window.location.search);
  let catalogue: Catalogue|null = null;
  const unitSel = $("staff-unit");
  const tabsBox = $("staff-status-tabs");
  const more = $("staff-more");
  let unit: string = params.get("unit") || (roles.all ? "contact-center" : roles.units[0]);
  if (!roles.all && roles.units.indexOf(unit) < 0) unit = roles.units[0];
  let status: string = params.get("status") || "";
  if (QUEUE_STATUSES.indexOf(status) < 0) status = "new";
  let counts: Record<string, number> | null = null;
  interface QueueState { items: QueueItem[]; cursor: string | null; result: ApiResult | null; loading: boolean }
  let queue: QueueState = { items: [], cursor: null, result: null, loading: false };
  let queueSeq = 0;
  let doc: { number: string; loading: boolean; result: ApiResult | null; data: StaffDocument | null } | null = null;
  let done: string|null = null; // T key of the last successful action
  const unitName = unitNamer(function () { return catalogue; });

  function staffHref(number: string): string {
    return "staff.html?unit=" + encodeURIComponent(unit) + "&status=" + encodeURIComponent(status) + "&number=" + encodeURIComponent(number);
  }

  function remember() {
    const q = "?unit=" + encodeURIComponent(unit) + "&status=" + encodeURIComponent(status) + (doc ? "&number=" + encodeURIComponent(doc.number) : "");
    try { window.history.replaceState(null, "", q); } catch (e) { /* ignore */ }
  }

  function staffProblemKey(res: ApiResult) {
    const type = problemType(res);
    if (res.status === 409 && type === "stale-version") return "staff.stale";
    if (res.status === 409 && type === "transition") return "staff.transition";
    if (res.status === 403 && type === "not-your-unit") return "staff.not-your-unit";
    if (res.status === 403) return "staff.staff-only";
    if (res.status === 404) return "staff.not-found";
    return "";
  }

  // ---- unit chooser
  function renderUnits() {
    const ids = roles.all ? (catalogue ? catalogue.units.map(function (u) { return u.id; }) : ["contact-center"]) : roles.units.slice();
    if (ids.indexOf(unit) < 0) ids.unshift(unit);
    clear(unitSel);
    ids.forEach(function (id: string) {
      const o = el("option", null, unitName(id));
      o.value = id;
      unitSel.appendChild(o);
    });
    unitSel.value = unit;
  }
  unitSel.addEventListener("change", function () {
    unit = unitSel.value;
    remember();
    loadCounts();
    loadQueue(false);
  });

  // ---- status tabs (ARIA tabs: arrows move between them)
  function renderTabs() {
    clear(tabsBox);
    QUEUE_STATUSES.forEach(function (s) {
      const b = el("button", "tab", t("staff.tab", { status: statusLabel(s), n: counts && counts[s] !== undefined ? fmtInt(counts[s]) : "…" }));
      b.type = "button";
      b.id = "staff-tab-" + s;
      b.setAttribute("role", "tab");
      b.setAttribute("aria-controls", "staff-queue-panel");
      b.setAttribute("aria-selected", s === status ? "true" : "false");
      b.tabIndex = s === status ? 0 : -1;
      b.addEventListener("click", function () { selectTab(s, false); });
      tabsBox.appendChild(b);
    });
    $("staff-queue-panel").setAttribute("aria-labelledby", "staff-tab-" + status);
  }
  tabsBox.addEventListener("keydown", function (ev) {
    const i = QUEUE_STATUSES.indexOf(status);
    let next = null;
    if (ev.key === "ArrowRight" || ev.key === "ArrowDown") next = (i + 1) % QUEUE_STATUSES.length;
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") next = (i - 1 + QUEUE_STATUSES.length) % QUEUE_STATUSES.length;
    else if (ev.key === "Home") next = 0;
    else if (ev.key === "End") next = QUEUE_STATUSES.length - 1;
    if (next === null) return;
    ev.preventDefault();
    selectTab(QUEUE_STATUSES[next], true);
  });
  function selectTab(s: string, focus: boolean) {
    if (s !== status) {
      status = s;
      remember();
      loadQueue(false);
    }
    renderTabs();
    if (focus) $("staff-tab-" + s).focus();
  }

  async function loadCounts() {
    const forUnit = unit;
    const res = await authRequest("/api/staff/queues/" + encodeURIComponent(forUnit) + "/counts");
    if (res.signedOut || forUnit !== unit) return;
    counts = res.ok && res.data && res.data.counts && typeof res.data.counts === "object" ? res.data.counts : null;
    renderTabs();
  }

  // ---- the queue
  async function loadQueue(append: boolean) {
    const seq = ++queueSeq;
    if (!append) queue = { items: [], cursor: null, result: null, loading: true };
    queue.loading = true;
    renderQueue();
    const url = "/api/staff/queues/" + encodeURIComponent(unit) + "?status=" + encodeURIComponent(status) + "&limit=50" +
      (append && queue.cursor ? "&cursor=" + encodeURIComponent(queue.cursor) : "");
    const res = await authRequest(url);
    if (res.signedOut || seq !== queueSeq) return;
    queue.loading = false;
    const from = queue.items.length;
    if (res.ok && res.data && Array.isArray(res.data.items)) {
      queue.result = null;
      queue.items = queue.items.concat(res.data.items);
      queue.cursor = res.data.next_cursor || null;
    } else {
      queue.result = res;
    }
    renderQueue(append ? from : undefined);
  }
  more.addEventListener("click", function () { loadQueue(true); });

  function renderQueue(focusFrom?: number) {
    const box = $("staff-queue-box");
    const errBox = $("staff-queue-error");
    clear(box);
    clear(errBox);
    errBox.hidden = !queue.result;
    if (queue.result) {
      const key = staffProblemKey(queue.result);
      errBox.appendChild(el("p", null, key ? t(key) : problemMessage(queue.result)));
    }
    const st = $("staff-queue-status");
    if (queue.loading) st.textContent = t("staff.queue.loading");
    else if (!queue.result && !queue.items.length) st.textContent = t("staff.queue.empty");
    else {
      const overdue = queue.items.filter(function (i) { return i.overdue || (i.due && i.due.overdue); }).length;
      st.textContent = !queue.items.length ? "" : overdue
        ? t("staff.queue.count.overdue", { n: fmtInt(queue.items.length), late: fmtInt(overdue) })
        : t("staff.queue.count", { n: fmtInt(queue.items.length) });
    }
    more.hidden = !queue.cursor || queue.loading;
    if (!queue.items.length) return;
    const rows = queue.items.map(function (item) {
      const a = el("a", null, item.number);
      a.href = staffHref(item.number);
      a.className = "queue-open";
      a.setAttribute("data-number", item.number);
      if (doc && doc.number === item.number) a.setAttribute("aria-current", "true");
      const due = el("span");
      if (item.due && item.due.date) due.appendChild(dueNode(item.due)!);
      else if (item.overdue) due.appendChild(overdueBadge());
      else due.appendChild(noData());
      if (item.due && item.due.date && item.overdue && !item.due.overdue) {
        due.appendChild(document.createTextNode(" "));
        due.appendChild(overdueBadge());
      }
      return [a, t("kind." + item.kind), fmtDateTime(item.registered_at), due];
    });
    const wrap = buildTable("staff-queue", t("staff.queue.caption", { unit: unitName(unit), status: statusLabel(status) }),
      [t("col.number"), t("col.kind"), t("doc.registered"), t("col.due.staff")], rows, 99);
    box.appendChild(wrap);
    if (focusFrom !== undefined) {
      const links = box.querySelectorAll<HTMLElement>("a.queue-open");
      if (links[focusFrom]) links[focusFrom].focus();
    }
  }

  $("staff-queue-box").addEventListener("click", function (ev) {
    const a = ev.target instanceof Element ? ev.target.closest("a.queue-open") : null;
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    openDoc(a.getAttribute("data-number") || "", true);
  });

  // ---- open by number
  const openIn = $("staff-open-number");
  $("staff-open-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    const v = openIn.value.trim();
    const err = $("staff-open-number-error");
    if (!/^\d{4}-\d{1,6}$/.test(v)) {
      err.textContent = t("err.number.invalid");
      openIn.setAttribute("aria-invalid", "true");
      openIn.focus();
      return;
    }
    err.textContent = "";
    openIn.removeAttribute("aria-invalid");
    openDoc(v, true);
  });

  // ---- the document panel
  const panel = $("staff-doc");
  async function openDoc(number: string, focus: boolean) {
    done = null;
    $("action-result").textContent = "";
    clear($("error-summary"));
    doc = { number: number, result: null, data: null, loading: true };
    remember();
    panel.hidden = false;
    renderDoc(true);
    renderQueue();
    if (focus) panel.focus();
    await reloadDoc();
  }

  async function reloadDoc() {
    if (!doc) return;
    const number = doc.number;
    doc.loading = true;
    $("staff-doc-status").textContent = t("staff.doc.loading");
    const res = await authRequest("/api/staff/documents/" + encodeURIComponent(number));
    if (res.signedOut || !doc || doc.number !== number) return;
    doc.loading = false;
    doc.result = res;
    doc.data = res.ok && res.data && res.data.document ? res.data : null;
    renderDoc(true);
  }

  $("staff-doc-reload").addEventListener("click", function () {
    clear($("error-summary"));
    reloadDoc();
  });
  $("staff-doc-close").addEventListener("click", function () {
    doc = null;
    panel.hidden = true;
    remember();
    renderQueue();
    const tab = $("staff-tab-" + status);
    if (tab) tab.focus();
  });



  function renderDoc(fresh: boolean) {
    const body = $("staff-doc-body");
    clear(body);
    $("staff-doc-status").textContent = doc && doc.loading ? t("staff.doc.loading") : "";
    $("action-result").textContent = done ? t("staff.done", { what: t(done) }) : "";
    if (!doc) return;
    const v = doc.data;
    const d = v ? v.document : null;
    $("staff-doc-heading").textContent = t("staff.doc.heading", { kind: d ? (pick(d.kind_label) || t("kind." + d.kind)) : t("track.label"), number: doc.number });
    $("staff-history").hidden = !v;
    $("staff-actions").hidden = !v;
    if (!v) {
      if (doc.result) {
        const box = el("div", "notice notice-error");
        box.setAttribute("role", "alert");
        const key = staffProblemKey(doc.result);
        box.appendChild(el("p", null, key ? t(key) : (doc.result.status === 400 ? t("err.number.invalid") : problemMessage(doc.result))));
        body.appendChild(box);
      }
      return;
    }
    renderDocDetails(body, d!, {
      idPrefix: "staff-doc", staff: true, href: staffHref, original: v.original_description,
      hiddenCount: Array.isArray(v.hidden_photos) ? v.hidden_photos.length : 0, overdue: !!v.overdue, catalogue: catalogue
    });
    renderTimeline($("staff-history-list"), v.history, { staff: true, href: staffHref, unitName: unitName });
    renderActions(fresh);
  }

  function fillSelect(select: HTMLSelectElement, values: string[], placeholderKey: string, labelOf: (id: string) => string) {
    const keep = select.value;
    clear(select);
    if (placeholderKey) {
      const o = el("option", null, t(placeholderKey));
      o.value = "";
      select.appendChild(o);
    }
    values.forEach(function (val: string) {
      const opt = el("option", null, labelOf(val));
      opt.value = val;
      select.appendChild(opt);
    });
    select.value = keep;
    if (select.value !== keep) select.value = "";
  }

  /** Shows the forms that apply and fills their choices; fresh = after (re)loading, when inputs are reset. */
  function renderActions(fresh: boolean) {
    if (!doc || !doc.data) return;
    const v = doc.data;
    const d = v.document;
    const next = (Array.isArray(v.next_statuses) ? v.next_statuses : []).map(String);
    const statuses = next.filter(function (s: string) { return s !== "duplicate"; });
    const isSignal = d.kind === "signal";
    $("action-status-form").hidden = !statuses.length;
    $("action-assign-form").hidden = next.indexOf("forwarded") < 0;
    $("action-duplicate-form").hidden = !(isSignal && next.indexOf("duplicate") >= 0);
    $("action-moderate-form").hidden = !isSignal;

    if (fresh) {
      $("action-status").value = "";
      $("action-assign-unit").value = "";
      ["action-status-note", "action-assign-note", "action-reply-text", "action-note-text", "action-duplicate-of", "action-extension-days"].forEach(function (id) { $(id).value = ""; });
      $("action-moderate-description").value = d.description || "";
      $("action-moderate-photo").value = "";
    }
    fillSelect($("action-status"), statuses, "staff.choose-status", statusLabel);
    const targets = roles.all ? (catalogue ? catalogue.units.map(function (u) { return u.id; }) : ["contact-center"]) : ["contact-center"];
    fillSelect($("action-assign-unit"), targets, "staff.choose-unit", unitName);
    const photos = Array.isArray(d.photos) ? d.photos : [];
    const photoIds: string[] = photos.map(function (p: Photo) { return String(p.id); });
    fillSelect($("action-moderate-photo"), photoIds, "staff.no-photo", function (id: string) { return t("staff.photo.option", { n: photoIds.indexOf(id) + 1 }); });
    $("action-moderate-photo").disabled = !photoIds.length;
    syncExtension();
  }

  // ---- reply templates: what citizens read when the public note is left empty
  let templates: ReplyTemplate[] = [];
  let templatesResult: ApiResult | null = null;

  function templateFor(category: string, status: string): ReplyTemplate | null {
    return templates.filter(function (x) { return x.category === category && x.status === status; })[0] ||
      templates.filter(function (x) { return x.category === "any" && x.status === status; })[0] || null;
  }

  function renderTemplateHint() {
    const box = $<HTMLElement>("action-status-template");
    const s = $("action-status").value;
    const d = doc && doc.data ? doc.data.document : null;
    const cat = d && d.category ? String(d.category.id || d.category) : "";
    const tpl = s ? templateFor(cat, s) : null;
    box.textContent = tpl ? t("tpl.hint", { text: lang === "en" ? tpl.text_en : tpl.text_bg }) : "";
  }

  async function loadTemplates() {
    const res = await authRequest("/api/staff/templates", { quiet: true });
    templatesResult = res;
    if (res.ok && res.data && Array.isArray(res.data.templates)) templates = res.data.templates;
    renderTemplateHint();
    renderAdmin();
  }

  // ---- administration (admins): templates and staff accounts
  const ALL_STATUSES = Object.keys(T).filter(function (k) { return k.indexOf("status.") === 0; }).map(function (k) { return k.slice(7); });

  function renderAdmin() {
    if (!roles.admin) return;
    $("admin").hidden = false;
    const st = $<HTMLElement>("tpl-status");
    const list = $<HTMLElement>("tpl-list");
    clear(list);
    st.textContent = "";
    if (templatesResult && !templatesResult.ok) st.textContent = problemMessage(templatesResult);
    else if (!templates.length) st.textContent = t("tpl.none");
    if (templates.length) {
      const rows = templates.map(function (x) {
        return [x.category === "any" ? t("tpl.any") : catCategoryName(catalogue, x.category), statusLabel(x.status), x.text_bg, x.text_en] as Array<string | Node>;
      });
      list.appendChild(buildTable("tpl-table", t("tpl.caption"), [t("f.category"), t("tpl.status"), t("tpl.text.bg"), t("tpl.text.en")], rows, 99));
    }
    const catSel = $("tpl-category");
    const keep = catSel.value;
    clear(catSel);
    const any = el("option", null, t("tpl.any"));
    any.value = "any";
    catSel.appendChild(any);
    (catalogue ? catalogue.signal_categories : []).forEach(function (c) {
      const o = el("option", null, pick(c.name));
      o.value = c.id;
      catSel.appendChild(o);
    });
    catSel.value = keep || "any";
    fillSelect($("tpl-status-select"), ALL_STATUSES, "staff.choose-status", statusLabel);
    const roleSel = $("newstaff-role");
    const roleIds = ["operators", "admins"].concat((catalogue ? catalogue.units : []).filter(function (u) { return u.id !== "contact-center"; }).map(function (u) { return "unit-" + u.id; }));
    fillSelect(roleSel, roleIds, "newstaff.choose-role", function (id) {
      if (id === "operators") return t("newstaff.role.operators");
      if (id === "admins") return t("newstaff.role.admins");
      return t("newstaff.role.unit", { unit: unitName(id.slice(5)) });
    });
  }

  if (roles.admin) {
    makeForm({
      form: $<HTMLFormElement>("tpl-form"),
      submit: $<HTMLButtonElement>("tpl-submit"),
      status: $<HTMLElement>("tpl-form-status"),
      summary: $<HTMLElement>("admin-summary"),
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
    makeForm({
      form: $<HTMLFormElement>("newstaff-form"),
      submit: $<HTMLButtonElement>("newstaff-submit"),
      status: $<HTMLElement>("newstaff-status"),
      summary: $<HTMLElement>("admin-summary"),
      fields: { email: "newstaff-email", name: "newstaff-name", role: "newstaff-role" },
      build: function (errors) {
        const body = { email: text("newstaff-email"), name: text("newstaff-name"), role: $("newstaff-role").value };
        requireValue(errors, "email", body.email);
        requireValue(errors, "name", body.name);
        requireValue(errors, "role", body.role);
        return body;
      },
      send: function (body) { return authJson("/api/admin/staff", "POST", body); },
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

  function syncExtension() {
    renderTemplateHint();
    const on = $("action-status").value === "extended";
    $("action-extension").hidden = !on;
    $("action-extension-days").max = String(EXTENSION_MAX[$("action-extension-ground").value] || 14);
  }
  $("action-status").addEventListener("change", syncExtension);
  $("action-extension-ground").addEventListener("change", syncExtension);

  /** One action form: build(errors) → body without version. */
  function actionForm(name: string, path: string, fields: Record<string, string>, build: (errors: FieldError[]) => Payload, doneKey: string, labels?: Record<string, string>) {
    const keyFor = idempotency();
    makeForm({
      form: $<HTMLFormElement>("action-" + name + "-form"),
      submit: $<HTMLButtonElement>("action-submit-" + name),
      status: $("staff-doc-status"),
      summary: $("error-summary"),
      fields: fields,
      labels: labels,
      headingKey: "staff.action.heading",
      failedKey: "staff.action.failed",
      build: function (errors) {
        done = null;
        $("action-result").textContent = "";
        const body = build(errors);
        body.version = doc && doc.data ? doc.data.version : 0;
        return body;
      },
      send: function (body) {
        const url = "/api/staff/documents/" + encodeURIComponent(doc ? doc.number : "") + "/" + path;
        return authJson(url, "POST", body, keyFor([url, body]));
      },
      done: function (res) {
        if (!res.ok) return false;
        clear($("error-summary"));
        done = doneKey;
        $("action-result").textContent = t("staff.done", { what: t(doneKey) });
        reloadDoc();
        loadCounts();
        loadQueue(false);
        return true;
      },
      problemKey: staffProblemKey
    });
  }

  function text(id: string) { return $(id).value.trim(); }

  actionForm("status", "status",
    { status: "action-status", note: "action-status-note", extension: "action-extension-days", extension_ground: "action-extension-ground", extension_days: "action-extension-days" },
    function (errors: FieldError[]) {
      const s = $("action-status").value;
      const body: Payload = { status: s };
      const note = text("action-status-note");
      if (note) body.note = note;
      requireValue(errors, "status", s);
      if (NOTE_REQUIRED[s] && !note) errors.push({ field: "note", code: "required" });
      if (s === "extended") {
        const ground = $("action-extension-ground").value;
        const raw = text("action-extension-days");
        const days = Number(raw);
        body.extension_ground = ground;
        if (!raw) errors.push({ field: "extension_days", code: "required" });
        else if (!(Math.floor(days) === days && days >= 1 && days <= (EXTENSION_MAX[ground] || 14))) errors.push({ field: "extension_days", code: "invalid" });
        else body.extension_days = days;
      }
      return body;
    }, "act.done.status");

  actionForm("assign", "assign", { unit: "action-assign-unit", note: "action-assign-note" }, function (errors: FieldError[]) {
    const unitId = $("action-assign-unit").value;
    const body: Payload = { unit: unitId };
    const note = text("action-assign-note");
    if (note) body.note = note;
    requireValue(errors, "unit", unitId);
    return body;
  }, "act.done.assign");

  actionForm("reply", "replies", { text: "action-reply-text" }, function (errors: FieldError[]) {
    const body = { text: text("action-reply-text") };
    requireValue(errors, "text", body.text);
    return body;
  }, "act.done.reply");

  actionForm("note", "notes", { text: "action-note-text" }, function (errors: FieldError[]) {
    const body = { text: text("action-note-text") };
    requireValue(errors, "text", body.text);
    return body;
  }, "act.done.note");

  actionForm("duplicate", "duplicate", { of: "action-duplicate-of" }, function (errors: FieldError[]) {
    const of = text("action-duplicate-of");
    const body: Payload = { of: of };
    if (!of) errors.push({ field: "of", code: "required" });
    else if (!/^\d{4}-\d{1,6}$/.test(of)) errors.push({ field: "of", code: "invalid" });
    return body;
  }, "act.done.duplicate");

  actionForm("moderate", "moderate", { description: "action-moderate-description", hide_photo: "action-moderate-photo" }, function (errors: FieldError[]) {
    const body: Payload = {};
    const current = doc && doc.data ? String(doc.data.document.description || "") : "";
    const edited = $("action-moderate-description").value;
    if (edited.trim() && edited.trim() !== current.trim()) body.description = edited.trim();
    const photo = $("action-moderate-photo").value;
    if (photo) body.hide_photo = photo;
    if (!body.description && !body.hide_photo) errors.push({ field: "description", code: "required" });
    return body;
  }, "act.done.moderate", { description: "moderate" });

  onLangChange(function () {
    renderAdmin();
    renderTemplateHint();
    renderUnits();
    renderTabs();
    renderQueue();
    if (doc) renderDoc(false);
  });

  renderUnits();
  renderTabs();
  remember();
  loadCounts();
  loadQueue(false);
  const start = params.get("number");
  if (start) openDoc(start, false);
  getCatalogue().then(function (got) {
    if (!got.catalogue) return;
    catalogue = got.catalogue;
    renderUnits();
    renderQueue();
    renderAdmin();
    if (doc && doc.data) renderDoc(false);
  });
  loadTemplates();

}
