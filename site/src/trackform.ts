/** The "track by number" form on the home and track pages. */
import { $, clear } from "./dom";
import { onLangChange, t } from "./i18n";

// -------------------------------------------------------- track form
export function wireTrackForm() {
  const input = $("track-number");
  const form = $("track-form");
  if (!form || !input) return;
  form.addEventListener("submit", function (ev) {
    const v = input.value.trim();
    if (!v) {
      ev.preventDefault();
      showTrackNumberError("track.bad-number");
      input.focus();
      return;
    }
    input.value = v;
  });
}

let trackNumberErrorKey = "";
/** Show (key) or clear ("") the error under #track-number. */
export function showTrackNumberError(key: string): void {
  const input = $("track-number");
  const box = $("track-number-error");
  if (!input || !box) return;
  trackNumberErrorKey = key || "";
  box.textContent = key ? t(key) : "";
  if (key) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}
onLangChange(function () { showTrackNumberError(trackNumberErrorKey); });
