/**
 * "Take a call" (operators): a document taken on the phone line, by e-mail, at the counter or by post, filed on the
 * caller's behalf (`POST /api/staff/intake`). The kind's own fields (a signal's category, type and place; a
 * question's topic; a letter's title and addressee), the text, and what the caller gave of name, phone, e-mail and
 * address. On success the number to read out to the caller, with the due date and whether a mail goes out.
 */
import { catCategory, kindLabel } from "../../catalogue";
import { $, fmtDate, reveal } from "../../dom";
import { authJson, idempotency, makeForm, requireValue, type Payload } from "../../forms";
import { onLangChange, pick, t } from "../../i18n";
import type { TakenIn } from "../../types";
import { fillSelect, staffProblemKey, text, type Panels, type StaffState } from "./state";

/** The channels an operator takes documents by (the site's own is `web`). */
const INTAKE_CHANNELS = ["phone", "email", "in_person", "post"];
/** The kinds whose sender the law asks to be named, with an address to answer to. */
const IDENTIFIED = ["letter", "complaint", "proposal", "access_request"];

/** "Регистриран / Регистрирана / Регистрирано под №" as the kind's noun needs it. */
function doneKey(kind: string): string {
  if (kind === "signal" || kind === "question") return "intake.done.m";
  if (kind === "complaint") return "intake.done.f";
  return "intake.done.n";
}

export function initIntake(s: StaffState, p: Panels) {
  const section = $<HTMLElement>("intake");
  const form = $<HTMLFormElement>("intake-form");
  const kindSel = $("intake-kind");
  const categorySel = $("intake-category");
  let taken: (TakenIn & { kind: string }) | null = null;
  if (!s.roles.all) return { renderIntake: function () { /* operators only */ } };

  $("intake-start-box").hidden = false;

  function renderIntake() {
    const cat = s.catalogue;
    fillSelect($("intake-channel"), INTAKE_CHANNELS, "", function (id) { return t("channel." + id); });
    if (!$("intake-channel").value) $("intake-channel").value = "phone";
    fillSelect(kindSel, cat ? cat.kinds.map(function (k) { return k.id; }) : ["signal"], "", kindLabel);
    if (!kindSel.value) kindSel.value = "signal";
    const byId = function (list: Array<{ id: string; name: unknown }>) {
      return function (id: string) { const x = list.filter(function (i) { return i.id === id; })[0]; return x ? pick(x.name) : id; };
    };
    const categories = cat ? cat.signal_categories : [];
    fillSelect(categorySel, categories.map(function (c) { return c.id; }), "f.category.first", byId(categories));
    const category = catCategory(cat, categorySel.value);
    const types = category ? category.types : [];
    fillSelect($("intake-type"), types.map(function (x) { return x.id; }), category ? "f.type.choose" : "f.type.first", byId(types));
    $("intake-type").disabled = !category;
    const districts = cat ? cat.districts : [];
    fillSelect($("intake-district"), districts.map(function (d) { return d.id; }), "f.district.choose", byId(districts));
    const topics = cat ? cat.information_topics : [];
    fillSelect($("intake-topic"), topics.map(function (x) { return x.id; }), "f.topic.first", byId(topics));
    const units = cat ? cat.units : [];
    fillSelect($("intake-addressee"), units.map(function (u) { return u.id; }), "f.addressee.any", byId(units));
    syncKind();
    renderDone();
  }

  /** The fields of the chosen kind, and whether the caller's name is required. */
  function syncKind() {
    const kind = kindSel.value;
    $("intake-signal").hidden = kind !== "signal";
    $("intake-question").hidden = kind !== "question";
    $("intake-written").hidden = IDENTIFIED.indexOf(kind) < 0;
    const named = IDENTIFIED.indexOf(kind) >= 0;
    const req = $("intake-name-req");
    req.className = named ? "req" : "opt";
    req.setAttribute("data-i18n", named ? "f.required" : "f.optional");
    req.textContent = t(named ? "f.required" : "f.optional");
    if (named) $("intake-name").setAttribute("aria-required", "true"); else $("intake-name").removeAttribute("aria-required");
  }
  kindSel.addEventListener("change", syncKind);
  categorySel.addEventListener("change", function () { renderIntake(); });

  function open() {
    section.hidden = false;
    $("intake-done").hidden = true;
    form.hidden = false;
    renderIntake();
    $("intake-channel").focus();
  }
  function close() {
    section.hidden = true;
    $("intake-start").focus();
  }
  $("intake-start").addEventListener("click", open);
  $("intake-cancel").addEventListener("click", close);
  $("intake-again").addEventListener("click", function () {
    taken = null;
    form.reset();
    handle.reset();
    open();
  });
  $("intake-open-doc").addEventListener("click", function () {
    if (taken) p.openDoc(String(taken.number), true);
  });

  function renderDone() {
    if (!taken) return;
    $("intake-done-heading").textContent = t(doneKey(taken.kind), { number: taken.number, date: fmtDate(taken.registered_on) || taken.registered_on });
    $("intake-done-due").textContent = taken.due && taken.due.date ? t("intake.done.due", { date: fmtDate(taken.due.date) }) : "";
    $("intake-done-mail").textContent = t(taken.mailed ? "intake.done.mailed" : "intake.done.not-mailed");
  }
  onLangChange(function () { if (!section.hidden) renderIntake(); });

  const keyFor = idempotency();
  const handle = makeForm<TakenIn>({
    form: form,
    submit: $<HTMLButtonElement>("intake-submit"),
    status: $("intake-status"),
    summary: $("intake-summary"),
    fields: {
      channel: "intake-channel", kind: "intake-kind", category: "intake-category", type: "intake-type",
      "location.district": "intake-district", location: "intake-place", "location.address": "intake-place",
      topic: "intake-topic", title: "intake-title", addressee: "intake-addressee", description: "intake-description",
      name: "intake-name", phone: "intake-phone", email: "intake-email", address: "intake-address"
    },
    labels: { name: "caller_name", address: "caller_address", email: "caller_email", description: "intake_text", location: "place", "location.address": "place" },
    headingKey: "intake.summary",
    failedKey: "intake.failed",
    build: function (errors) {
      const kind = kindSel.value;
      const body: Payload = { channel: $("intake-channel").value, kind: kind, description: text("intake-description") };
      requireValue(errors, "channel", body.channel);
      if (kind === "signal") {
        body.category = categorySel.value;
        body.type = $("intake-type").value;
        requireValue(errors, "category", body.category);
        requireValue(errors, "type", body.type);
        const location: Payload = {};
        const place = text("intake-place");
        if (place) location.address = place;
        if ($("intake-district").value) location.district = $("intake-district").value;
        if (!place) errors.push({ field: "location", code: "required" });
        body.location = location;
      } else if (kind === "question") {
        body.topic = $("intake-topic").value;
        requireValue(errors, "topic", body.topic);
      } else {
        body.title = text("intake-title");
        requireValue(errors, "title", body.title);
        if ($("intake-addressee").value) body.addressee = $("intake-addressee").value;
      }
      requireValue(errors, "description", body.description);
      (["name", "phone", "email", "address"] as const).forEach(function (f) {
        const v = text("intake-" + f);
        if (v) body[f] = v;
      });
      if (IDENTIFIED.indexOf(kind) >= 0) {
        if (!body.name) errors.push({ field: "name", code: "required" });
        if (!body.address && !body.email) errors.push({ field: "address", code: "required" });
      }
      return body;
    },
    send: function (body) { return authJson<TakenIn>("/api/staff/intake", "POST", body, keyFor(body)); },
    done: function (res) {
      if (res.status !== 201 || !res.data || !res.data.number) return false;
      taken = Object.assign({}, res.data, { kind: kindSel.value });
      form.hidden = true;
      renderDone();
      reveal($<HTMLElement>("intake-done"));
      p.loadCounts();
      p.loadQueue(false);
      return true;
    },
    problemKey: function (res) { return res.status === 403 ? "intake.operators-only" : staffProblemKey(res); }
  });

  return { renderIntake };
}
