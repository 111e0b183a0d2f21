/** letter.html: letters, complaints, proposals and ЗДОИ requests (signed in), with attachments. */
import type { Payload } from "../forms";
import { getCatalogue, kindLabel } from "../catalogue";
import { $, clear, el, reveal } from "../dom";
import { authJson, formParts, idempotency, makeForm, requireValue } from "../forms";
import { onLangChange, pick, t } from "../i18n";
import { isSignedIn, loadProfile, storedProfile } from "../session";
import { MAX_ATTACHMENTS, checkAttachments, checkedFiles, makeAttachmentUploader } from "../upload";
import { renderProfileNote } from "../forms";
import type { Catalogue, Registered } from "../types";

// ---------------------------------------------------------- letter page
export function initLetter() {
  if (!isSignedIn()) {
    $("letter-signed-out").hidden = false;
    $("letter-main").hidden = true;
    return;
  }
  $("letter-main").hidden = false;
  const kindSel = $("letter-kind");
  const titleIn = $("letter-title");
  const textIn = $("letter-description");
  const addrSel = $("letter-addressee");
  const files = checkedFiles($("letter-files"), "files", checkAttachments);
  let catalogue: Catalogue|null = null;
  let profile = storedProfile();

  function renderNote() { renderProfileNote($("letter-profile-note"), profile, "profile.note", true); }

  function renderUnits() {
    if (!catalogue) return;
    const keep = addrSel.value;
    clear(addrSel);
    const first = el("option", null, t("f.addressee.any"));
    first.value = "";
    addrSel.appendChild(first);
    catalogue.units.forEach(function (u) {
      if (!u || !u.id) return;
      const o = el("option", null, pick(u.name) || u.id);
      o.value = u.id;
      addrSel.appendChild(o);
    });
    addrSel.value = keep;
    if (addrSel.value !== keep) addrSel.value = "";
  }

  /** The kinds' names, from the catalogue (the markup's Bulgarian stays when it cannot be loaded). */
  function renderKinds() {
    if (!catalogue) return;
    for (let i = 0; i < kindSel.options.length; i++) {
      const option = kindSel.options[i];
      if (option.value) option.textContent = kindLabel(option.value);
    }
  }

  let submittedKind = "";
  const letterKey = idempotency();
  makeForm({
    ...formParts("letter"),
    fields: { kind: "letter-kind", title: "letter-title", description: "letter-description", addressee: "letter-addressee", files: "letter-files" },
    labels: { description: "letter" },
    headingKey: "letter.sum.heading",
    failedKey: "letter.sum.failed",
    build: function (errors) {
      const p: { kind: string; title: string; description: string; addressee?: string } = { kind: kindSel.value, title: titleIn.value.trim(), description: textIn.value };
      if (addrSel.value) p.addressee = addrSel.value;
      requireValue(errors, "kind", p.kind);
      const title = p.title;
      if (!title) errors.push({ field: "title", code: "required" });
      else if (title.length < 3) errors.push({ field: "title", code: "too_short" });
      const text = p.description.trim();
      if (!text) errors.push({ field: "description", code: "required" });
      else if (text.length < 10) errors.push({ field: "description", code: "too_short" });
      files.check().forEach(function (e) { errors.push(e); });
      submittedKind = p.kind;
      return p;
    },
    send: function (payload) { return authJson<Registered>("/api/me/documents", "POST", payload, letterKey(payload)); },
    done: function (res) {
      if (!(res.status === 201 && res.data && res.data.number)) return false;
      $("letter-confirmation-number").textContent = res.data.number;
      $("letter-confirmation-date").textContent = res.data.registered_on || "";
      $("letter-access-note").hidden = submittedKind !== "access_request";
      $("letter-follow-link").href = "mydoc.html?number=" + encodeURIComponent(res.data.number);
      $("letter-main").hidden = true;
      reveal($("letter-confirmation"));
      const chosen = files.files().slice(0, MAX_ATTACHMENTS);
      if (chosen.length) makeAttachmentUploader(res.data.number, chosen).start();
      return true;
    }
  });

  onLangChange(function () {
    renderNote();
    renderUnits();
    renderKinds();
    if (!$("letter-form").hidden) files.showAgain();
  });
  renderNote();
  if (!profile) loadProfile(false, false).then(function (p) { profile = p; renderNote(); });
  getCatalogue().then(function (got) {
    if (got.catalogue) {
      catalogue = got.catalogue;
      renderUnits();
      renderKinds();
    }
  });
}
