/**
 * Files: the client-side checks of photos (signals) and attachments (written documents), and the one
 * upload routine both use: ask the API for an upload URL, PUT the bytes with a labelled per-file progress bar,
 * tell the API it is complete; retry what failed for a reason that may pass on another try.
 */
import { fieldErrorMessage, problemErrors, problemMessage, request, type ApiResult, type FieldError } from "./api";
import { $, clear, el, isRecord, safeUrl } from "./dom";
import { authJson } from "./forms";
import { hasString, onLangChange, t } from "./i18n";

// ------------------------------------------------------------- checks
export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const PHOTO_TYPES: Record<string, boolean> = { "image/jpeg": true, "image/png": true, "image/webp": true };
const PHOTO_EXT: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", jpe: "image/jpeg", png: "image/png", webp: "image/webp" };
// Refusals the server will repeat however often the upload is tried.
const PHOTO_PERMANENT: Record<string, boolean> = {
  unsupported_type: true, too_large: true, corrupt: true, too_many_pixels: true, too_many_photos: true,
  forbidden: true, "no-token": true
};

export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ATT_TYPES: Record<string, boolean> = {
  "application/pdf": true, [DOCX]: true, "image/jpeg": true, "image/png": true, "image/webp": true
};
const ATT_EXT: Record<string, string> = {
  pdf: "application/pdf", docx: DOCX, jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp"
};
const ATT_PERMANENT: Record<string, boolean> = { unsupported_type: true, too_large: true, too_many_attachments: true, forbidden: true };

export function fileExt(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(String(name || ""));
  return m ? m[1].toLowerCase() : "";
}

function acceptedType(file: File, types: Record<string, boolean>, byExt: Record<string, string>): string {
  const type = String(file.type || "").toLowerCase();
  if (types[type]) return type;
  if (!type || type === "application/octet-stream") return byExt[fileExt(file.name)] || "";
  return "";
}

/** The accepted content type of a chosen photo, or "" when it is not JPEG/PNG/WebP. */
export function photoType(file: File): string {
  return acceptedType(file, PHOTO_TYPES, PHOTO_EXT);
}

export function attachmentType(file: File): string {
  return acceptedType(file, ATT_TYPES, ATT_EXT);
}

export function isHeic(file: File): boolean {
  const type = String(file.type || "").toLowerCase();
  const ext = fileExt(file.name);
  return /^image\/hei[cf]/.test(type) || ext === "heic" || ext === "heif";
}

/** Client-side check of the chosen photos. */
export function checkPhotos(files: File[]): FieldError[] {
  const errors: FieldError[] = [];
  if (files.length > MAX_PHOTOS) errors.push({ field: "photos", code: "too_many_photos" });
  files.forEach(function (file) {
    const vars = { file: file.name };
    if (isHeic(file)) errors.push({ field: "photos", code: "heic", vars: vars });
    else if (!photoType(file)) errors.push({ field: "photos", code: "unsupported_type", vars: vars });
    else if (file.size > MAX_PHOTO_BYTES) errors.push({ field: "photos", code: "too_large", vars: vars });
    else if (file.size === 0) errors.push({ field: "photos", code: "empty", vars: vars });
  });
  return errors;
}

/** Client-side check of a written document's attachments. */
export function checkAttachments(files: File[]): FieldError[] {
  const errors: FieldError[] = [];
  if (files.length > MAX_ATTACHMENTS) errors.push({ field: "files", code: "too_many_attachments" });
  files.forEach(function (file) {
    const vars = { file: file.name };
    if (!attachmentType(file)) errors.push({ field: "files", code: "unsupported_type", vars: vars });
    else if (file.size > MAX_ATTACHMENT_BYTES) errors.push({ field: "files", code: "too_large", vars: vars });
    else if (file.size === 0) errors.push({ field: "files", code: "empty", vars: vars });
  });
  return errors;
}

/** A file input whose choice is checked as soon as it is made (report.html's photos, letter.html's attachments). */
export interface CheckedFiles {
  /** The chosen files. */
  files(): File[];
  /** Checks the chosen files again (on submit): their problems, for the form's own. */
  check(): FieldError[];
  /** Shows the problems of the last check again (after a language change), if there are any. */
  showAgain(): void;
}

/**
 * Checks the files chosen in `input` with `check` on every choice and shows their problems at once: the messages
 * (those of `field`) in the field's error box (the input's id + "-error"), aria-invalid on the input.
 */
export function checkedFiles(input: HTMLInputElement, field: string, check: (files: File[]) => FieldError[]): CheckedFiles {
  let errors: FieldError[] = [];
  function files(): File[] { return input.files ? Array.from(input.files) : []; }
  function show(): void {
    $(input.id + "-error").textContent = errors.map(function (e) { return fieldErrorMessage(field, e.code, e.vars); }).join(" ");
    if (errors.length) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  input.addEventListener("change", function () {
    errors = check(files());
    show();
  });
  return {
    files: files,
    check: function () { errors = check(files()); return errors; },
    showAgain: function () { if (errors.length) show(); }
  };
}

// ------------------------------------------------------------- the upload routine
/** Where to send the bytes, as the API's "begin upload" answer gives it. */
/** Where to send the bytes. */
interface UploadTarget {
  upload_url?: string;
  upload_method?: string;
  upload_headers?: Record<string, unknown>;
}

/**
 * `POST /api/documents/{number}/photos` and `POST /api/me/documents/{number}/attachments`: the upload's id and
 * target. Not yet described by the API document.
 */
interface UploadStart extends UploadTarget {
  photo_id?: string;
  attachment_id?: string;
}

interface PutResult {
  ok: boolean;
  status: number;
  retryAfter: string | null;
}

/** PUT the bytes with XMLHttpRequest, for upload progress (fetch has none). Never rejects. */
export function putFile(info: UploadTarget, file: File, onProgress: (fraction: number) => void): Promise<PutResult> {
  return new Promise(function (resolve) {
    const failed = { ok: false, status: 0, retryAfter: null };
    const url = safeUrl(info.upload_url);
    if (!url) { resolve(failed); return; }
    const method = String(info.upload_method || "PUT").toUpperCase() === "POST" ? "POST" : "PUT";
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    const headers = info.upload_headers && typeof info.upload_headers === "object" ? info.upload_headers : {};
    Object.keys(headers).forEach(function (k) {
      try { xhr.setRequestHeader(k, String(headers[k])); } catch (e) { /* a header the browser sets itself */ }
    });
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total);
    });
    xhr.addEventListener("load", function () {
      resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, retryAfter: null });
    });
    xhr.addEventListener("error", function () { resolve(failed); });
    xhr.addEventListener("abort", function () { resolve(failed); });
    xhr.addEventListener("timeout", function () { resolve(failed); });
    xhr.send(file);
  });
}

type ItemState = "waiting" | "uploading" | "processing" | "done" | "failed";

interface UploadItem {
  file: File;
  n: number;
  state: ItemState;
  progress: number;
  code: string | null;
  result: Pick<ApiResult, "status" | "retryAfter"> | null;
  nodes: { li: HTMLLIElement; progress: HTMLProgressElement; result: HTMLSpanElement } | null;
}

export interface UploaderConfig {
  files: File[];
  /** The prefix of the section's ids (src/partials/upload-progress.html): the section (-upload), the list of
   * progress bars (-progress), the status line (-upload-status) and the retry button (-retry). */
  ids: string;
  /** The prefix of each file's ids: its progress bar (-progress-1, -2, …) and its result (-result-1, …). */
  fileIds: string;
  /** The prefix of the section's string keys: the progress line (.progress) and the summaries (.summary). */
  keys: string;
  /** The prefix of the string keys of the refusals (followed by their code). */
  reasonPrefix: string;
  /** Refusal codes that another try would get again. */
  permanent: Record<string, boolean>;
  /** Asks the API for an upload URL; `idOf` picks the upload's id from the answer. */
  begin(file: File): Promise<ApiResult<UploadStart>>;
  idOf(data: UploadStart): string;
  /** Tells the API the bytes are there. */
  complete(id: string, file: File): Promise<ApiResult>;
  /** A code for a failure known before anything is sent (e.g. no access token), or null. */
  precheck?(): string | null;
}

/** One upload routine for photos and attachments: files one after another, each with its own progress bar. */
export function makeUploader(cfg: UploaderConfig): { start(): Promise<void> } {
  const section = $<HTMLElement>(cfg.ids + "-upload");
  const listEl = $<HTMLElement>(cfg.ids + "-progress");
  const statusEl = $<HTMLElement>(cfg.ids + "-upload-status");
  const retry = $<HTMLButtonElement>(cfg.ids + "-retry");
  let running = false;
  const items: UploadItem[] = cfg.files.map(function (file, i) {
    return { file: file, n: i + 1, state: "waiting", progress: 0, code: null, result: null, nodes: null };
  });

  function reasonText(item: UploadItem): string {
    if (item.code === "no-token") return t("up.no-token");
    if (item.code === "forbidden") return t("up.forbidden");
    if (item.code === "put-failed") return t("up.put-failed");
    if (item.code && hasString(cfg.reasonPrefix + item.code)) return t(cfg.reasonPrefix + item.code);
    if (item.result) return problemMessage(item.result);
    return t("problem.other");
  }

  function renderItem(item: UploadItem): void {
    const nodes = item.nodes;
    if (!nodes) return;
    nodes.li.className = "photo-item photo-" + item.state;
    nodes.progress.value = item.state === "done" ? 100 : Math.round(item.progress * 100);
    nodes.result.textContent = item.state === "failed" ? t("up.failed", { reason: reasonText(item) }) : t("up." + item.state);
  }

  function build(): void {
    clear(listEl);
    items.forEach(function (item) {
      const li = el("li", "photo-item");
      const label = el("label", "photo-name", item.file.name);
      label.htmlFor = cfg.fileIds + "-progress-" + item.n;
      const progress = el("progress");
      progress.id = label.htmlFor;
      progress.max = 100;
      progress.value = 0;
      const result = el("span", "photo-result");
      result.id = cfg.fileIds + "-result-" + item.n;
      progress.setAttribute("aria-describedby", result.id);
      li.appendChild(label);
      li.appendChild(progress);
      li.appendChild(result);
      listEl.appendChild(li);
      item.nodes = { li: li, progress: progress, result: result };
      renderItem(item);
    });
  }

  function retriable(item: UploadItem): boolean {
    return item.state === "failed" && !(item.code && cfg.permanent[item.code]);
  }

  function renderStatus(): void {
    if (running) {
      const current = items.filter(function (i) { return i.state === "uploading" || i.state === "processing"; })[0];
      statusEl.textContent = current ? t(cfg.keys + ".progress", { i: current.n, n: items.length }) : "";
      retry.hidden = true;
      return;
    }
    const ok = items.filter(function (i) { return i.state === "done"; }).length;
    const failed = items.filter(function (i) { return i.state === "failed"; });
    statusEl.textContent = t(cfg.keys + (failed.length ? ".summary.failed" : ".summary"), { ok: ok, n: items.length });
    retry.hidden = !items.some(retriable);
  }

  function fail(item: UploadItem, res: Pick<ApiResult, "status" | "retryAfter"> | null, code?: string | null): void {
    item.state = "failed";
    item.result = res || null;
    const errs = res && "data" in res ? problemErrors(res as ApiResult) : null;
    item.code = code || (res && res.status === 403 ? "forbidden" : (errs ? String(errs[0].code || "") : null));
    renderItem(item);
  }

  async function uploadOne(item: UploadItem): Promise<void> {
    const early = cfg.precheck ? cfg.precheck() : null;
    if (early) { fail(item, null, early); return; }
    item.state = "uploading";
    item.progress = 0;
    item.code = null;
    item.result = null;
    renderItem(item);
    renderStatus();

    const begin = await cfg.begin(item.file);
    if (begin.signedOut) return;
    const target = begin.ok ? begin.data : null;
    const id = target ? cfg.idOf(target) : "";
    if (!(target && id && target.upload_url)) { fail(item, begin); return; }

    const put = await putFile(target, item.file, function (fraction) {
      item.progress = fraction;
      renderItem(item);
    });
    if (!put.ok) { fail(item, put.status === 0 ? put : null, put.status === 0 ? null : "put-failed"); return; }

    item.state = "processing";
    item.progress = 1;
    renderItem(item);
    renderStatus();
    const done = await cfg.complete(id, item.file);
    if (done.signedOut) return;
    if (done.ok) {
      item.state = "done";
      renderItem(item);
    } else {
      fail(item, done);
    }
  }

  async function run(which: UploadItem[]): Promise<void> {
    if (running) return;
    running = true;
    for (let i = 0; i < which.length; i++) await uploadOne(which[i]);
    running = false;
    renderStatus();
  }

  retry.addEventListener("click", function () {
    const again = items.filter(retriable);
    again.forEach(function (i) { i.state = "waiting"; i.progress = 0; renderItem(i); });
    run(again);
  });

  onLangChange(function () {
    items.forEach(renderItem);
    renderStatus();
  });

  section.hidden = false;
  build();
  return { start: function () { return run(items.slice()); } };
}

/** Uploads the photos of a freshly filed signal with the sender's access token (#photo-upload). */
export function makePhotoUploader(number: string, token: string, files: File[]): { start(): Promise<void> } {
  const base = "/api/documents/" + encodeURIComponent(number) + "/photos";
  return makeUploader({
    files: files,
    ids: "photo", fileIds: "photo", keys: "up", reasonPrefix: "photo.",
    permanent: PHOTO_PERMANENT,
    precheck: function () { return token ? null : "no-token"; },
    begin: function (file) {
      return request<UploadStart>(base, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Access-Token": token },
        body: JSON.stringify({ content_type: photoType(file), size: file.size })
      });
    },
    idOf: function (data) { return isRecord(data) && data.photo_id ? String(data.photo_id) : ""; },
    complete: function (id) {
      return request(base + "/" + encodeURIComponent(id), { method: "POST", headers: { "X-Access-Token": token } });
    }
  });
}

/** Uploads a written document's attachments, signed in (#letter-upload). */
export function makeAttachmentUploader(number: string, files: File[]): { start(): Promise<void> } {
  const base = "/api/me/documents/" + encodeURIComponent(number) + "/attachments";
  return makeUploader({
    files: files,
    ids: "letter", fileIds: "letter-file", keys: "att", reasonPrefix: "att.",
    permanent: ATT_PERMANENT,
    begin: function (file) {
      return authJson<UploadStart>(base, "POST", { file_name: file.name, content_type: attachmentType(file), size: file.size });
    },
    idOf: function (data) { return isRecord(data) && data.attachment_id ? String(data.attachment_id) : ""; },
    complete: function (id, file) {
      return authJson(base + "/" + encodeURIComponent(id), "POST", { file_name: file.name });
    }
  });
}

/** The access token in a follow link's fragment (#token=…), or "". */
export function tokenFromFollowUrl(followUrl: unknown): string {
  try {
    const u = new URL(String(followUrl || ""), window.location.href);
    return new URLSearchParams(u.hash.replace(/^#/, "")).get("token") || "";
  } catch (e) {
    return "";
  }
}
