/* Контактен център на Столична община — shared front-end logic.
 * Plain ES2017, no dependencies, no inline handlers (CSP friendly).
 * Every string lives in T as [Bulgarian, English]. User-supplied text is
 * only ever inserted with textContent.
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- i18n
  var T = {
    "title.home": ["Контактен център на Столична община", "Sofia Municipality Contact Center"],
    "title.report": ["Подайте сигнал — Контактен център на Столична община", "Report a problem — Sofia Municipality Contact Center"],
    "title.track": ["Проследете сигнал — Контактен център на Столична община", "Track a signal — Sofia Municipality Contact Center"],
    "skip": ["Към основното съдържание", "Skip to main content"],
    "site.name": ["Контактен център на Столична община", "Sofia Municipality Contact Center"],
    "phone.label": ["Телефон:", "Phone:"],
    "lang.switch": ["English", "Български"],
    "lang.switch.label": ["Switch to English", "Превключване на български"],
    "nav.home": ["Начало", "Home"],
    "footer.org": ["Столична община — Контактен център", "Sofia Municipality — Contact Center"],
    "footer.urgent": ["Спешни случаи:", "Emergencies:"],

    "home.intro": ["Подайте сигнал за проблем в града или проследете вече подаден сигнал.", "Report a problem in the city or track a signal you have already sent."],
    "home.report": ["Подайте сигнал", "Report a problem"],
    "home.phone.heading": ["По телефона", "By phone"],
    "home.phone.text": ["Можете да се обадите и на телефон", "You can also call"],
    "home.urgent.label": ["Спешно?", "Urgent?"],
    "home.urgent.text": ["При заплаха за живота, здравето или сигурността звънете на", "If life, health or safety is at risk, call"],

    "track.heading": ["Проследете сигнал", "Track a signal"],
    "track.label": ["Регистров номер на сигнала", "Registry number of the signal"],
    "track.hint": ["Например 2026-000001", "For example 2026-000001"],
    "track.submit": ["Търсене", "Search"],
    "track.loading": ["Търсене на сигнала…", "Looking up the signal…"],
    "track.not-found": ["Няма сигнал с този номер.", "There is no signal with this number."],
    "track.bad-number": ["Невалиден номер. Въведете го във вида 2026-000001.", "Invalid number. Enter it as 2026-000001."],
    "track.invalid-link": ["Връзката за достъп е невалидна или с изтекъл срок. Показваме само публичните данни за сигнала.", "The access link is invalid or has expired. Only the public data of the signal is shown."],
    "track.signal": ["Сигнал №", "Signal No."],
    "track.date": ["Регистриран на", "Registered on"],
    "track.status": ["Състояние", "Status"],
    "track.description": ["Описание", "Description"],
    "track.coords": ["Координати:", "Coordinates:"],
    "track.address": ["Адрес:", "Address:"],
    "track.no-location": ["Не е посочено", "Not given"],
    "track.sender.heading": ["Вашите данни", "Your data"],
    "track.sender.note": ["Виждате тези данни, защото сте отворили личната си връзка за достъп. Те не се показват публично.", "You see this data because you opened your personal access link. It is not shown publicly."],
    "track.not-given": ["Не е посочено", "Not given"],

    "report.heading": ["Подайте сигнал", "Report a problem"],
    "report.required-note": ["Полетата, отбелязани със „задължително“, трябва да бъдат попълнени.", "Fields marked “required” must be filled in."],
    "report.submit": ["Изпращане на сигнала", "Send the report"],
    "report.sending": ["Изпращане…", "Sending…"],
    "report.catalogue-error": ["Списъкът с категории не може да бъде зареден. Презаредете страницата или се обадете на 0700 17 310.", "The list of categories could not be loaded. Reload the page or call 0700 17 310."],
    "f.required": ["(задължително)", "(required)"],
    "f.optional": ["(по желание)", "(optional)"],
    "f.loading": ["Зареждане…", "Loading…"],
    "f.category": ["Категория", "Category"],
    "f.category.first": ["— Изберете категория —", "— Choose a category —"],
    "f.type": ["Вид на проблема", "Type of problem"],
    "f.type.first": ["— Първо изберете категория —", "— Choose a category first —"],
    "f.type.choose": ["— Изберете вид —", "— Choose a type —"],
    "f.type.hint": ["Списъкът се попълва след избор на категория.", "The list is filled in after you choose a category."],
    "f.location": ["Местоположение", "Location"],
    "f.location.hint": ["Посочете точка (географска ширина и дължина), адрес или и двете. Избор от карта ще бъде добавен по-късно.", "Give a point (latitude and longitude), an address, or both. Choosing on a map will be added later."],
    "f.lat": ["Географска ширина", "Latitude"],
    "f.lat.hint": ["Например 42.6977 (между 42.45 и 42.90)", "For example 42.6977 (between 42.45 and 42.90)"],
    "f.lon": ["Географска дължина", "Longitude"],
    "f.lon.hint": ["Например 23.3219 (между 23.05 и 23.65)", "For example 23.3219 (between 23.05 and 23.65)"],
    "f.address": ["Адрес или описание на мястото", "Address or description of the place"],
    "f.address.hint": ["Например „ул. Шипка 6“ (от 3 до 300 знака).", "For example “ul. Shipka 6” (3 to 300 characters)."],
    "f.description": ["Описание на проблема", "Description of the problem"],
    "f.description.hint": ["От 10 до 4000 знака. Не включвайте лични данни на други хора.", "10 to 4000 characters. Do not include other people's personal data."],
    "f.name": ["Вашето име", "Your name"],
    "f.name.short": ["Име", "Name"],
    "f.email": ["Електронна поща за известяване", "E-mail for notifications"],
    "f.email.short": ["Електронна поща", "E-mail"],
    "f.email.hint": ["Ще изпратим там връзка за достъп, с която да следите сигнала и да виждате данните си.", "We will send an access link there, so you can follow the signal and see your data."],

    "conf.heading": ["Сигналът е регистриран", "Your signal has been registered"],
    "conf.number": ["Регистров номер", "Registry number"],
    "conf.date": ["Дата на регистрация", "Date of registration"],
    "conf.keep": ["Запазете тази връзка: с нея можете да следите сигнала и да виждате данните, които сте подали. Ако сте посочили електронна поща, връзката е изпратена и там.", "Keep this link: with it you can follow the signal and see the data you gave. If you gave an e-mail address, the link has also been sent there."],
    "conf.another": ["Подайте нов сигнал", "Report another problem"],

    "sum.heading": ["Сигналът не е изпратен. Моля, поправете следното:", "The report was not sent. Please correct the following:"],
    "sum.failed": ["Сигналът не е изпратен", "The report was not sent"],
    "sum.load-failed": ["Формулярът не може да бъде зареден", "The form could not be loaded"],

    // field names used in the error summary
    "field.category": ["Категория", "Category"],
    "field.type": ["Вид на проблема", "Type of problem"],
    "field.location": ["Местоположение", "Location"],
    "field.location.lat": ["Географска ширина", "Latitude"],
    "field.location.lon": ["Географска дължина", "Longitude"],
    "field.location.address": ["Адрес", "Address"],
    "field.description": ["Описание", "Description"],
    "field.email": ["Електронна поща", "E-mail"],
    "field.name": ["Име", "Name"],

    // validation codes: generic, then field-specific overrides
    "err.required": ["Полето е задължително.", "This field is required."],
    "err.unknown": ["Непозната стойност.", "Unknown value."],
    "err.invalid": ["Невалидна стойност.", "Invalid value."],
    "err.too_short": ["Текстът е твърде кратък.", "The text is too short."],
    "err.too_long": ["Текстът е твърде дълъг.", "The text is too long."],
    "err.outside_sofia": ["Точката е извън Столична община.", "The point is outside Sofia Municipality."],
    "err.category.required": ["Изберете категория.", "Choose a category."],
    "err.category.unknown": ["Непозната категория. Изберете от списъка.", "Unknown category. Choose one from the list."],
    "err.type.required": ["Изберете вид на проблема.", "Choose the type of problem."],
    "err.type.unknown": ["Този вид не принадлежи към избраната категория.", "This type does not belong to the chosen category."],
    "err.location.required": ["Посочете точка (ширина и дължина) или адрес.", "Give a point (latitude and longitude) or an address."],
    "err.location.invalid": ["Посочете точка (ширина и дължина) или адрес.", "Give a point (latitude and longitude) or an address."],
    "err.location.lat.required": ["Въведете и географската ширина.", "Enter the latitude too."],
    "err.location.lat.invalid": ["Географската ширина трябва да е число, например 42.6977.", "The latitude must be a number, for example 42.6977."],
    "err.location.lon.required": ["Въведете и географската дължина.", "Enter the longitude too."],
    "err.location.lon.invalid": ["Географската дължина трябва да е число, например 23.3219.", "The longitude must be a number, for example 23.3219."],
    "err.location.address.too_short": ["Адресът трябва да е поне 3 знака.", "The address must be at least 3 characters."],
    "err.location.address.too_long": ["Адресът може да е най-много 300 знака.", "The address can be at most 300 characters."],
    "err.description.required": ["Опишете проблема.", "Describe the problem."],
    "err.description.too_short": ["Описанието трябва да е поне 10 знака.", "The description must be at least 10 characters."],
    "err.description.too_long": ["Описанието може да е най-много 4000 знака.", "The description can be at most 4000 characters."],
    "err.email.invalid": ["Въведете валиден адрес на електронна поща, например ime@example.bg.", "Enter a valid e-mail address, for example name@example.bg."],
    "err.email.too_long": ["Адресът на електронната поща е твърде дълъг.", "The e-mail address is too long."],
    "err.name.too_long": ["Името е твърде дълго.", "The name is too long."],

    // non-validation problems
    "problem.network": ["Няма връзка със сървъра. Проверете връзката си и опитайте отново.", "Cannot reach the server. Check your connection and try again."],
    "problem.400": ["Заявката не може да бъде обработена. Проверете данните и опитайте отново.", "The request could not be processed. Check the data and try again."],
    "problem.413": ["Изпратените данни са твърде обемни. Съкратете описанието.", "The data sent is too large. Shorten the description."],
    "problem.415": ["Заявката не може да бъде обработена. Презаредете страницата и опитайте отново.", "The request could not be processed. Reload the page and try again."],
    "problem.429": ["Твърде много заявки. Изчакайте малко и опитайте отново.", "Too many requests. Wait a little and try again."],
    "problem.503": ["Услугата е временно недостъпна. Опитайте отново след малко.", "The service is temporarily unavailable. Try again shortly."],
    "problem.503.retry": ["Услугата е временно недостъпна. Опитайте отново след {s} секунди.", "The service is temporarily unavailable. Try again in {s} seconds."],
    "problem.500": ["Възникна грешка в системата. Опитайте отново по-късно или се обадете на 0700 17 310.", "A system error occurred. Try again later or call 0700 17 310."],
    "problem.other": ["Нещо се обърка. Опитайте отново или се обадете на 0700 17 310.", "Something went wrong. Try again or call 0700 17 310."]
  };

  var LANG_KEY = "scc-lang";
  var lang = "bg";
  try {
    if (window.localStorage.getItem(LANG_KEY) === "en") lang = "en";
  } catch (e) { /* storage unavailable: stay in Bulgarian */ }

  var langListeners = [];

  function t(key, vars) {
    var entry = T[key];
    var s = entry ? entry[lang === "en" ? 1 : 0] : key;
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, function (m, k) {
        return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
      });
    }
    return s;
  }

  /** Pick the current language from an API name object {bg, en}. */
  function pick(obj) {
    if (!obj || typeof obj !== "object") return typeof obj === "string" ? obj : "";
    return obj[lang] || obj.bg || obj.en || "";
  }

  function applyI18n() {
    document.documentElement.lang = lang;
    var nodes = document.querySelectorAll("[data-i18n]");
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = t(nodes[i].getAttribute("data-i18n"));
    }
    var sw = document.getElementById("lang-switch");
    if (sw) {
      sw.textContent = t("lang.switch");
      sw.lang = lang === "en" ? "bg" : "en";
      sw.setAttribute("aria-label", t("lang.switch.label"));
    }
  }

  function setLang(next) {
    lang = next === "en" ? "en" : "bg";
    try { window.localStorage.setItem(LANG_KEY, lang); } catch (e) { /* ignore */ }
    applyI18n();
    langListeners.forEach(function (fn) { fn(); });
  }

  function onLangChange(fn) { langListeners.push(fn); }

  // ------------------------------------------------------------- helpers
  function $(id) { return document.getElementById(id); }

  /** Create an element with optional class and text (always textContent). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /**
   * fetch wrapper. Never throws. Resolves to
   * {ok, status, data, retryAfter}; status 0 means a network failure.
   */
  async function request(url, options) {
    options = options || {};
    var headers = { "Accept": "application/json, application/problem+json" };
    if (options.headers) {
      Object.keys(options.headers).forEach(function (k) { headers[k] = options.headers[k]; });
    }
    var res;
    try {
      res = await fetch(url, {
        method: options.method || "GET",
        headers: headers,
        body: options.body,
        credentials: "same-origin",
        cache: "no-store",
        referrerPolicy: "same-origin"
      });
    } catch (e) {
      return { ok: false, status: 0, data: null, retryAfter: null };
    }
    var data = null;
    var type = res.headers.get("Content-Type") || "";
    if (/json/i.test(type)) {
      try { data = await res.json(); } catch (e) { data = null; }
    }
    return { ok: res.ok, status: res.status, data: data, retryAfter: res.headers.get("Retry-After") };
  }

  /** A friendly, translated message for a non-validation failure. */
  function problemMessage(result) {
    var s = result.status;
    if (s === 0) return t("problem.network");
    if (s === 503) {
      var secs = parseInt(result.retryAfter, 10);
      return secs > 0 && String(secs) === String(result.retryAfter).trim()
        ? t("problem.503.retry", { s: secs })
        : t("problem.503");
    }
    if (s === 400 || s === 413 || s === 415 || s === 429) return t("problem." + s);
    if (s >= 500) return t("problem.500");
    return t("problem.other");
  }

  function fieldErrorMessage(field, code) {
    var specific = "err." + field + "." + code;
    if (T[specific]) return t(specific);
    if (T["err." + code]) return t("err." + code);
    return t("err.invalid");
  }

  function fieldLabel(field) {
    return T["field." + field] ? t("field." + field) : field;
  }

  function wireTrackForm() {
    var input = $("track-number");
    var form = $("track-form");
    if (!form || !input) return;
    form.addEventListener("submit", function (ev) {
      var v = input.value.trim();
      if (!v) {
        ev.preventDefault();
        showTrackNumberError("track.bad-number");
        input.focus();
        return;
      }
      input.value = v;
    });
  }

  var trackNumberErrorKey = "";
  /** Show (key) or clear ("") the error under #track-number. */
  function showTrackNumberError(key) {
    var input = $("track-number");
    var box = $("track-number-error");
    if (!input || !box) return;
    trackNumberErrorKey = key || "";
    box.textContent = key ? t(key) : "";
    if (key) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  onLangChange(function () { showTrackNumberError(trackNumberErrorKey); });

  // ---------------------------------------------------------- report page
  function initReport() {
    var form = $("report-form");
    var catSel = $("category");
    var typeSel = $("type");
    var submit = $("submit");
    var status = $("form-status");
    var summary = $("error-summary");
    var catalogue = null;
    var catalogueFailed = false;
    var lastErrors = null;   // [{field, code, message}] from the last 422
    var lastProblem = null;  // request result of the last non-422 failure

    // field name from the API -> [input id, error element id]
    var FIELD_MAP = {
      "category": ["category", "category-error"],
      "type": ["type", "type-error"],
      "location": ["lat", "location-error"],
      "location.lat": ["lat", "lat-error"],
      "location.lon": ["lon", "lon-error"],
      "location.address": ["address", "address-error"],
      "description": ["description", "description-error"],
      "name": ["name", "name-error"],
      "email": ["email", "email-error"]
    };
    var INPUT_ORDER = ["category", "type", "lat", "lon", "address", "description", "name", "email"];

    function fillOptions(select, items, placeholderKey, keep) {
      clear(select);
      var first = el("option", null, t(placeholderKey));
      first.value = "";
      select.appendChild(first);
      items.forEach(function (item) {
        var opt = el("option", null, pick(item.name) || item.id);
        opt.value = item.id;
        select.appendChild(opt);
      });
      if (keep && items.some(function (i) { return i.id === keep; })) select.value = keep;
    }

    function currentCategory() {
      if (!catalogue) return null;
      var cats = catalogue.signal_categories || [];
      for (var i = 0; i < cats.length; i++) if (cats[i].id === catSel.value) return cats[i];
      return null;
    }

    function renderSelects() {
      if (!catalogue) {
        clear(catSel);
        var o = el("option", null, t(catalogueFailed ? "f.category.first" : "f.loading"));
        o.value = "";
        catSel.appendChild(o);
        return;
      }
      fillOptions(catSel, catalogue.signal_categories || [], "f.category.first", catSel.value);
      renderTypes(typeSel.value);
    }

    function renderTypes(keep) {
      var cat = currentCategory();
      if (!cat) {
        fillOptions(typeSel, [], "f.type.first");
        typeSel.disabled = true;
      } else {
        fillOptions(typeSel, cat.types || [], "f.type.choose", keep);
        typeSel.disabled = false;
      }
    }

    async function loadCatalogue() {
      var res = await request("/api/catalogue");
      if (res.ok && res.data && Array.isArray(res.data.signal_categories)) {
        catalogue = res.data;
        catalogueFailed = false;
      } else {
        catalogueFailed = true;
        lastProblem = null;
        lastErrors = null;
        renderSummary(t("report.catalogue-error"), "sum.load-failed");
      }
      renderSelects();
    }

    catSel.addEventListener("change", function () { renderTypes(""); });

    function clearErrors() {
      Object.keys(FIELD_MAP).forEach(function (f) {
        var box = $(FIELD_MAP[f][1]);
        if (box) box.textContent = "";
      });
      INPUT_ORDER.forEach(function (id) { $(id).removeAttribute("aria-invalid"); });
      clear(summary);
    }

    function renderSummary(message, headingKey) {
      clear(summary);
      summary.appendChild(el("h2", null, t(headingKey || "sum.failed")));
      summary.appendChild(el("p", null, message));
    }

    /** Show 422 errors next to their fields and in the summary. */
    function renderFieldErrors(errors, moveFocus) {
      clearErrors();
      var invalidIds = {};
      var list = el("ul");
      errors.forEach(function (err) {
        var field = String(err.field || "");
        var code = String(err.code || "");
        var msg = fieldErrorMessage(field, code);
        var map = FIELD_MAP[field];
        var li = el("li");
        if (map) {
          var box = $(map[1]);
          if (box) box.textContent = box.textContent ? box.textContent + " " + msg : msg;
          var ids = [map[0]];
          if (field === "location") ids = code === "outside_sofia" ? ["lat", "lon"] : ["lat", "lon", "address"];
          ids.forEach(function (id) {
            $(id).setAttribute("aria-invalid", "true");
            invalidIds[id] = true;
          });
          var a = el("a", null, fieldLabel(field) + ": " + msg);
          a.href = "#" + map[0];
          a.addEventListener("click", function (ev) {
            ev.preventDefault();
            $(map[0]).focus();
          });
          li.appendChild(a);
        } else {
          li.textContent = (field ? fieldLabel(field) + ": " : "") + msg;
        }
        list.appendChild(li);
      });
      summary.appendChild(el("h2", null, t("sum.heading")));
      summary.appendChild(list);

      if (moveFocus) {
        var first = INPUT_ORDER.filter(function (id) { return invalidIds[id]; })[0];
        if (first) $(first).focus();
        else summary.focus();
      }
    }

    function rerenderFeedback() {
      if (lastErrors) renderFieldErrors(lastErrors, false);
      else if (lastProblem) renderSummary(problemMessage(lastProblem));
      else if (catalogueFailed) renderSummary(t("report.catalogue-error"), "sum.load-failed");
      if (submit.disabled) status.textContent = t("report.sending");
    }

    function buildPayload(localErrors) {
      var payload = {};
      if (catSel.value) payload.category = catSel.value;
      if (typeSel.value) payload.type = typeSel.value;

      var location = {};
      var lat = $("lat"), lon = $("lon");
      [[lat, "lat"], [lon, "lon"]].forEach(function (pair) {
        var input = pair[0];
        if (input.validity && input.validity.badInput) {
          localErrors.push({ field: "location." + pair[1], code: "invalid" });
        } else if (input.value.trim() !== "") {
          var n = Number(input.value);
          if (isFinite(n)) location[pair[1]] = n;
          else localErrors.push({ field: "location." + pair[1], code: "invalid" });
        }
      });
      var address = $("address").value.trim();
      if (address) location.address = address;
      if (Object.keys(location).length) payload.location = location;

      var description = $("description").value;
      if (description.trim()) payload.description = description;
      var name = $("name").value.trim();
      if (name) payload.name = name;
      var email = $("email").value.trim();
      if (email) payload.email = email;
      return payload;
    }

    function showConfirmation(data) {
      $("confirmation-number").textContent = data.number || "";
      $("confirmation-date").textContent = data.registered_on || "";
      var link = $("follow-link");
      var href = "track.html?number=" + encodeURIComponent(data.number || "");
      try {
        var u = new URL(data.follow_url, window.location.href);
        if (u.protocol === "http:" || u.protocol === "https:") href = u.href;
      } catch (e) { /* keep the fallback link */ }
      link.href = href;
      link.textContent = href;
      form.hidden = true;
      clear(summary);
      var conf = $("confirmation");
      conf.hidden = false;
      conf.focus();
    }

    form.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      if (submit.disabled) return;
      lastErrors = null;
      lastProblem = null;
      clearErrors();

      var localErrors = [];
      var payload = buildPayload(localErrors);
      if (localErrors.length) {
        lastErrors = localErrors;
        renderFieldErrors(localErrors, true);
        return;
      }

      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      status.textContent = t("report.sending");
      var res = await request("/api/signals", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload)
      });
      submit.disabled = false;
      form.removeAttribute("aria-busy");
      status.textContent = "";

      if (res.status === 201 && res.data && res.data.number) {
        showConfirmation(res.data);
      } else if (res.status === 422 && res.data && Array.isArray(res.data.errors) && res.data.errors.length) {
        lastErrors = res.data.errors;
        renderFieldErrors(lastErrors, true);
      } else {
        lastProblem = res;
        renderSummary(problemMessage(res));
        summary.focus();
      }
    });

    onLangChange(function () {
      renderSelects();
      rerenderFeedback();
    });

    renderSelects();
    loadCatalogue();
  }

  // ----------------------------------------------------------- track page
  function initTrack() {
    var params = new URLSearchParams(window.location.search);
    var number = (params.get("number") || "").trim();
    var hash = window.location.hash.replace(/^#/, "");
    var token = new URLSearchParams(hash).get("token") || "";
    var input = $("track-number");
    var state = null; // {kind: "signal"|"problem"|"bad-number", result}

    if (number) input.value = number;
    if (!number) return;

    function hideAll() {
      ["signal", "not-found", "invalid-link", "track-error", "sender-data"].forEach(function (id) {
        $(id).hidden = true;
      });
      showTrackNumberError("");
    }

    function renderSignal(data) {
      $("signal-number").textContent = data.number || "";
      $("signal-date").textContent = data.registered_on || "";
      $("signal-status").textContent = pick(data.status_label) || data.status || "";
      $("signal-category").textContent = data.category ? (pick(data.category.name) || data.category.id || "") : "";
      $("signal-type").textContent = data.type ? (pick(data.type.name) || data.type.id || "") : "";
      $("signal-description").textContent = data.description || "";

      var loc = $("signal-location");
      clear(loc);
      var l = data.location || {};
      if (l.point && l.point.lat != null && l.point.lon != null) {
        var p = el("p");
        p.appendChild(el("span", "label", t("track.coords")));
        p.appendChild(document.createTextNode(" " + l.point.lat + ", " + l.point.lon));
        loc.appendChild(p);
      }
      if (l.address) {
        var a = el("p");
        a.appendChild(el("span", "label", t("track.address")));
        a.appendChild(document.createTextNode(" " + l.address));
        loc.appendChild(a);
      }
      if (!loc.firstChild) loc.textContent = t("track.no-location");

      if (data.viewer === "sender" && data.sender) {
        $("sender-email").textContent = data.sender.email || t("track.not-given");
        $("sender-name").textContent = data.sender.name || t("track.not-given");
        $("sender-data").hidden = false;
      }
      if (token && data.viewer !== "sender") $("invalid-link").hidden = false;
      $("signal").hidden = false;
    }

    function render() {
      hideAll();
      if (!state) return;
      var res = state.result;
      if (res.ok && res.data) {
        renderSignal(res.data);
      } else if (res.status === 404) {
        $("not-found").hidden = false;
      } else if (res.status === 400) {
        showTrackNumberError("track.bad-number");
      } else {
        var box = $("track-error");
        clear(box);
        box.appendChild(el("p", null, problemMessage(res)));
        box.hidden = false;
      }
    }

    onLangChange(render);

    (async function () {
      var status = $("track-status");
      status.textContent = t("track.loading");
      var headers = {};
      if (token) headers["X-Access-Token"] = token;
      var res = await request("/api/documents/" + encodeURIComponent(number), { headers: headers });
      status.textContent = "";
      state = { result: res };
      render();
      if (res.status === 400) input.focus();
    })();
  }

  // ----------------------------------------------------------------- boot
  function boot() {
    var sw = $("lang-switch");
    if (sw) {
      sw.hidden = false;
      sw.addEventListener("click", function () { setLang(lang === "en" ? "bg" : "en"); });
    }
    applyI18n();
    wireTrackForm();
    var page = document.body.dataset.page;
    if (page === "report") initReport();
    else if (page === "track") initTrack();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
