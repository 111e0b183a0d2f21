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
    "title.track": ["Проследете сигнал или искане — Контактен център на Столична община", "Track a signal or request — Sofia Municipality Contact Center"],
    "title.question": ["Задайте въпрос — Контактен център на Столична община", "Ask a question — Sofia Municipality Contact Center"],
    "title.units": ["Звена и компетенции — Контактен център на Столична община", "Units and competences — Sofia Municipality Contact Center"],
    "skip": ["Към основното съдържание", "Skip to main content"],
    "site.name": ["Контактен център на Столична община", "Sofia Municipality Contact Center"],
    "phone.label": ["Телефон:", "Phone:"],
    "lang.switch": ["English", "Български"],
    "lang.switch.label": ["Switch to English", "Превключване на български"],
    "nav.home": ["Начало", "Home"],
    "nav.units": ["Звена и компетенции", "Units and competences"],
    "footer.org": ["Столична община — Контактен център", "Sofia Municipality — Contact Center"],
    "footer.urgent": ["Спешни случаи:", "Emergencies:"],

    "home.intro": ["Подайте сигнал за проблем в града, задайте въпрос към общината или проследете вече подаден сигнал или искане.", "Report a problem in the city, ask the municipality a question, or track a signal or request you have already sent."],
    "home.report": ["Подайте сигнал", "Report a problem"],
    "home.question": ["Задайте въпрос", "Ask a question"],
    "home.phone.heading": ["По телефона", "By phone"],
    "home.phone.text": ["Можете да се обадите и на телефон", "You can also call"],
    "home.urgent.label": ["Спешно?", "Urgent?"],
    "home.urgent.text": ["При заплаха за живота, здравето или сигурността звънете на", "If life, health or safety is at risk, call"],

    "track.heading": ["Проследете сигнал или искане за информация", "Track a signal or information request"],
    "track.label": ["Регистров номер", "Registry number"],
    "track.hint": ["Например 2026-000001", "For example 2026-000001"],
    "track.submit": ["Търсене", "Search"],
    "track.loading": ["Търсене…", "Looking it up…"],
    "track.not-found": ["Няма сигнал или искане с този номер.", "There is no signal or request with this number."],
    "track.bad-number": ["Невалиден номер. Въведете го във вида 2026-000001.", "Invalid number. Enter it as 2026-000001."],
    "track.invalid-link": ["Връзката за достъп е невалидна или с изтекъл срок. Показваме само публичните данни.", "The access link is invalid or has expired. Only the public data is shown."],
    "track.signal": ["Сигнал №", "Signal No."],
    "track.no": ["№", "No."],
    "kind.signal": ["Сигнал", "Signal"],
    "kind.question": ["Искане за информация", "Request for information"],
    "track.date": ["Дата на регистрация", "Registered on"],
    "track.status": ["Състояние", "Status"],
    "track.description": ["Описание", "Description"],
    "track.question": ["Въпрос", "Question"],
    "track.unit": ["Компетентно звено", "Responsible unit"],
    "track.photos": ["Снимки", "Photos"],
    "track.photo.alt": ["Снимка {n} към сигнал № {number}", "Photo {n} of signal No. {number}"],
    "track.coords": ["Координати:", "Coordinates:"],
    "track.address": ["Адрес:", "Address:"],
    "track.no-location": ["Не е посочено", "Not given"],
    "track.sender.heading": ["Вашите данни", "Your data"],
    "track.sender.note": ["Виждате тези данни, защото сте отворили личната си връзка за достъп. Те не се показват публично.", "You see this data because you opened your personal access link. It is not shown publicly."],
    "track.not-given": ["Не е посочено", "Not given"],

    // statuses (the API also sends status_label; these serve lists that carry only the id)
    "status.new": ["Приет", "Received"],
    "status.registered": ["Регистриран", "Registered"],
    "status.forwarded": ["Насочен към звено", "Forwarded to a unit"],
    "status.in_progress": ["В процес на решаване", "In progress"],
    "status.resolved": ["Решен", "Resolved"],
    "status.not_competent": ["Извън компетентността на общината", "Outside the municipality's competence"],
    "status.rejected": ["Отхвърлен", "Rejected"],
    "status.duplicate": ["Дублиран", "Duplicate"],
    "status.answered": ["Отговорен", "Answered"],
    "status.closed": ["Приключен", "Closed"],

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
    "f.district": ["Район", "District"],
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
    "f.photos": ["Снимки", "Photos"],
    "f.photos.hint": ["До 5 снимки, всяка до 10 MB, във формат JPEG, PNG или WebP. Снимките се качват след регистрирането на сигнала.", "Up to 5 photos, each up to 10 MB, in JPEG, PNG or WebP format. The photos are uploaded after the signal is registered."],
    "f.photos.heic": ["Снимки във формат HEIC (например от iPhone) не се приемат: превърнете ги в JPEG на устройството или изберете „Най-съвместим“ формат в настройките на камерата.", "Photos in HEIC format (for example from an iPhone) are not accepted: convert them to JPEG on your device or choose the “Most compatible” format in the camera settings."],
    "f.name": ["Вашето име", "Your name"],
    "f.name.short": ["Име", "Name"],
    "f.email": ["Електронна поща за известяване", "E-mail for notifications"],
    "f.email.short": ["Електронна поща", "E-mail"],
    "f.email.hint": ["Ще изпратим там връзка за достъп, с която да следите сигнала и да виждате данните си.", "We will send an access link there, so you can follow the signal and see your data."],
    "f.email.answer": ["Електронна поща за отговор", "E-mail for the answer"],
    "f.topic": ["Тема", "Topic"],
    "f.topic.first": ["— Изберете тема —", "— Choose a topic —"],
    "f.question": ["Вашият въпрос", "Your question"],
    "f.question.hint": ["От 10 до 4000 знака. Въпросът не се показва публично.", "10 to 4000 characters. The question is not shown publicly."],

    "route.label": ["Компетентно звено:", "Responsible unit:"],
    "route.district": ["районната администрация по местоположението", "the district administration of the location"],

    "nearby.heading": ["Подобни сигнали наблизо", "Similar signals nearby"],
    "nearby.text": ["Ако проблемът е същият, можете да проследите съществуващия сигнал вместо да подавате нов.", "If it is the same problem, you can follow the existing signal instead of filing a new one."],
    "nearby.distance": ["на {m} м от посочената точка", "{m} m from the given point"],
    "nearby.date": ["подаден на {date}", "filed on {date}"],

    "conf.heading": ["Сигналът е регистриран", "Your signal has been registered"],
    "conf.number": ["Регистров номер", "Registry number"],
    "conf.date": ["Дата на регистрация", "Date of registration"],
    "conf.keep": ["Запазете тази връзка: с нея можете да следите сигнала и да виждате данните, които сте подали. Ако сте посочили електронна поща, връзката е изпратена и там.", "Keep this link: with it you can follow the signal and see the data you gave. If you gave an e-mail address, the link has also been sent there."],
    "conf.another": ["Подайте нов сигнал", "Report another problem"],

    "up.heading": ["Качване на снимките", "Uploading the photos"],
    "up.retry": ["Повторен опит за неуспешните снимки", "Retry the failed photos"],
    "up.waiting": ["Изчаква", "Waiting"],
    "up.uploading": ["Качване…", "Uploading…"],
    "up.processing": ["Обработка…", "Processing…"],
    "up.done": ["Качена", "Uploaded"],
    "up.failed": ["Неуспешно: {reason}", "Failed: {reason}"],
    "up.progress": ["Качване на снимка {i} от {n}…", "Uploading photo {i} of {n}…"],
    "up.summary": ["Качени снимки: {ok} от {n}.", "Photos uploaded: {ok} of {n}."],
    "up.summary.failed": ["Качени снимки: {ok} от {n}. Сигналът е регистриран и без неуспешните снимки.", "Photos uploaded: {ok} of {n}. The signal is registered without the failed photos."],
    "up.no-token": ["липсва връзка за достъп до сигнала.", "the access link of the signal is missing."],
    "up.forbidden": ["връзката за достъп не е приета.", "the access link was not accepted."],
    "up.put-failed": ["файлът не беше приет от хранилището. Опитайте отново.", "the storage did not accept the file. Try again."],

    "q.heading": ["Задайте въпрос", "Ask a question"],
    "q.intro": ["Искане за информация: попитайте общината за данъци, документи, услуги и други въпроси от нейната компетентност. За проблем на конкретно място в града подайте сигнал.", "Request for information: ask the municipality about taxes, documents, services and other matters within its competence. For a problem at a particular place in the city, report a problem instead."],
    "q.report-instead": ["Подайте сигнал за проблем в града", "Report a problem in the city"],
    "q.email.hint": ["Ще изпратим там връзка за достъп, с която да следите искането и да виждате данните си.", "We will send an access link there, so you can follow the request and see your data."],
    "q.submit": ["Изпращане на въпроса", "Send the question"],
    "q.catalogue-error": ["Списъкът с теми не може да бъде зареден. Презаредете страницата или се обадете на 0700 17 310.", "The list of topics could not be loaded. Reload the page or call 0700 17 310."],
    "q.conf.heading": ["Искането за информация е регистрирано", "Your request for information has been registered"],
    "q.conf.keep": ["Запазете тази връзка: с нея можете да следите искането и да виждате въпроса и данните, които сте подали. Ако сте посочили електронна поща, връзката е изпратена и там.", "Keep this link: with it you can follow the request and see your question and the data you gave. If you gave an e-mail address, the link has also been sent there."],
    "q.another": ["Задайте нов въпрос", "Ask another question"],
    "q.sum.heading": ["Въпросът не е изпратен. Моля, поправете следното:", "The question was not sent. Please correct the following:"],
    "q.sum.failed": ["Въпросът не е изпратен", "The question was not sent"],

    "sum.heading": ["Сигналът не е изпратен. Моля, поправете следното:", "The report was not sent. Please correct the following:"],
    "sum.failed": ["Сигналът не е изпратен", "The report was not sent"],
    "sum.load-failed": ["Формулярът не може да бъде зареден", "The form could not be loaded"],

    // home: recent signals and overview
    "recent.heading": ["Сигнали от последните 30 дни", "Signals of the last 30 days"],
    "recent.intro": ["Най-новите подадени сигнали. Изберете условия, за да стесните списъка.", "The newest signals. Choose conditions to narrow the list."],
    "recent.all-categories": ["Всички категории", "All categories"],
    "recent.all-statuses": ["Всички", "All"],
    "recent.open": ["Отворени (приети, регистрирани, насочени, в процес)", "Open (received, registered, forwarded, in progress)"],
    "recent.resolved": ["Решени", "Resolved"],
    "recent.all-districts": ["Всички райони", "All districts"],
    "recent.apply": ["Показване", "Show"],
    "recent.loading": ["Зареждане на сигналите…", "Loading the signals…"],
    "recent.none": ["Няма сигнали по избраните условия.", "There are no signals matching the chosen conditions."],
    "recent.count": ["Показани са {shown} от {total} сигнала, най-новите първи.", "Showing {shown} of {total} signals, newest first."],
    "recent.count.more": ["Показани са най-новите {shown} от повече от {total} сигнала.", "Showing the newest {shown} of more than {total} signals."],
    "recent.bad-filter": ["Условията не могат да бъдат приложени. Изберете ги отново от списъците.", "The conditions could not be applied. Choose them again from the lists."],
    "district.unknown": ["Неустановен район", "District not determined"],

    "ov.heading": ["Обща представа", "Overview"],
    "ov.intro": ["Колко сигнала са подадени и колко от тях са решени.", "How many signals were filed and how many of them were resolved."],
    "ov.loading": ["Зареждане на данните…", "Loading the figures…"],
    "ov.periods.caption": ["Сигнали по периоди", "Signals by period"],
    "ov.categories.caption": ["Сигнали по категории (за целия период)", "Signals by category (all time)"],
    "ov.districts.caption": ["Сигнали по райони (за целия период)", "Signals by district (all time)"],
    "ov.indicator": ["Показател", "Figure"],
    "ov.last30": ["Последните 30 дни", "Last 30 days"],
    "ov.year": ["Тази година", "This year"],
    "ov.all": ["За целия период", "All time"],
    "ov.total": ["Общо", "Total"],
    "ov.open": ["Отворени", "Open"],
    "ov.resolved": ["Решени", "Resolved"],
    "ov.share": ["Дял на решените", "Share resolved"],
    "ov.median": ["Медиана на дните до решаване", "Median days to resolution"],
    "ov.no-data": ["няма данни", "no data"],
    "ov.empty": ["Все още няма подадени сигнали.", "No signals have been filed yet."],

    "units.heading": ["Звена и компетенции", "Units and competences"],
    "units.intro": ["Сигналите и исканията се насочват към звеното, компетентно по въпроса. Тук са всички звена с техните отговорности и данни за контакт.", "Signals and requests go to the unit competent for the matter. Here are all units with their responsibilities and contact details."],
    "units.loading": ["Зареждане на звената…", "Loading the units…"],
    "units.error": ["Списъкът със звена не може да бъде зареден. Презаредете страницата или се обадете на 0700 17 310.", "The list of units could not be loaded. Reload the page or call 0700 17 310."],
    "units.kind.contact_center": ["Контактен център", "Contact Center"],
    "units.kind.district": ["Районни администрации", "District administrations"],
    "units.kind.directorate": ["Дирекции и инспекторат", "Directorates and inspectorate"],
    "units.kind.company": ["Общински дружества и предприятия", "Municipal companies and enterprises"],
    "units.phone": ["Телефон", "Phone"],
    "units.email": ["Електронна поща", "E-mail"],
    "units.web": ["Уебсайт", "Website"],

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
    "field.photos": ["Снимки", "Photos"],
    "field.topic": ["Тема", "Topic"],
    "field.question": ["Въпрос", "Question"],

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
    "err.topic.required": ["Изберете тема.", "Choose a topic."],
    "err.topic.unknown": ["Непозната тема. Изберете от списъка.", "Unknown topic. Choose one from the list."],
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
    "err.question.required": ["Напишете въпроса си.", "Write your question."],
    "err.question.too_short": ["Въпросът трябва да е поне 10 знака.", "The question must be at least 10 characters."],
    "err.question.too_long": ["Въпросът може да е най-много 4000 знака.", "The question can be at most 4000 characters."],
    "err.email.invalid": ["Въведете валиден адрес на електронна поща, например ime@example.bg.", "Enter a valid e-mail address, for example name@example.bg."],
    "err.email.too_long": ["Адресът на електронната поща е твърде дълъг.", "The e-mail address is too long."],
    "err.name.too_long": ["Името е твърде дълго.", "The name is too long."],
    // photos: chosen files (with {file}) and answers of the photo API
    "err.photos.too_many_photos": ["Изберете най-много 5 снимки.", "Choose at most 5 photos."],
    "err.photos.heic": ["„{file}“ е във формат HEIC. Превърнете я в JPEG на устройството и я изберете отново.", "“{file}” is in HEIC format. Convert it to JPEG on your device and choose it again."],
    "err.photos.unsupported_type": ["„{file}“ не е снимка във формат JPEG, PNG или WebP.", "“{file}” is not a JPEG, PNG or WebP photo."],
    "err.photos.too_large": ["„{file}“ е по-голяма от 10 MB.", "“{file}” is larger than 10 MB."],
    "err.photos.empty": ["„{file}“ е празен файл.", "“{file}” is an empty file."],
    "photo.unsupported_type": ["приемат се само JPEG, PNG и WebP (HEIC трябва да се превърне в JPEG на устройството).", "only JPEG, PNG and WebP are accepted (HEIC must be converted to JPEG on the device)."],
    "photo.too_large": ["снимката е по-голяма от 10 MB.", "the photo is larger than 10 MB."],
    "photo.corrupt": ["файлът е повреден или непълен.", "the file is damaged or incomplete."],
    "photo.too_many_pixels": ["снимката има твърде много пиксели; намалете размера ѝ.", "the photo has too many pixels; make it smaller."],
    "photo.too_many_photos": ["към сигнала вече има 5 снимки.", "the signal already has 5 photos."],
    "photo.upload_missing": ["файлът не пристигна. Опитайте отново.", "the file did not arrive. Try again."],

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

  /** An absolute http(s) URL for an address from the API, or "" if it is anything else. */
  function safeUrl(value) {
    if (!value || typeof value !== "string") return "";
    try {
      var u = new URL(value, window.location.href);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : "";
    } catch (e) {
      return "";
    }
  }

  function trackHref(number) {
    return "track.html?number=" + encodeURIComponent(number || "");
  }

  function locale() { return lang === "en" ? "en-GB" : "bg-BG"; }

  function fmtInt(n) {
    var v = Number(n);
    if (!isFinite(v)) return "0";
    try { return new Intl.NumberFormat(locale()).format(v); } catch (e) { return String(v); }
  }

  function fmtDecimal(n) {
    var v = Number(n);
    try { return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v); } catch (e) { return String(v); }
  }

  function fmtPercent(share) {
    var v = Number(share);
    if (!isFinite(v)) v = 0;
    try {
      return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(v);
    } catch (e) {
      return Math.round(v * 100) + " %";
    }
  }

  /** "2026-03-01" → "01.03.2026" (the registry's own date style). */
  function fmtDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    return m ? m[3] + "." + m[2] + "." + m[1] : String(iso || "");
  }

  function statusLabel(id) {
    return T["status." + id] ? t("status." + id) : String(id || "");
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

  function fieldErrorMessage(field, code, vars) {
    var specific = "err." + field + "." + code;
    if (T[specific]) return t(specific, vars);
    if (T["err." + code]) return t("err." + code, vars);
    return t("err.invalid");
  }

  function fieldLabel(field) {
    return T["field." + field] ? t("field." + field) : field;
  }

  /** The field errors of a problem+json answer, or null. */
  function problemErrors(res) {
    return res && res.data && Array.isArray(res.data.errors) && res.data.errors.length ? res.data.errors : null;
  }

  // ---------------------------------------------------------- catalogue
  var cataloguePromise = null;

  /** The catalogue, fetched once per page. Resolves to {catalogue, result}; catalogue is null on failure. */
  function getCatalogue() {
    if (!cataloguePromise) {
      cataloguePromise = request("/api/catalogue").then(function (res) {
        var ok = res.ok && res.data && typeof res.data === "object" && Array.isArray(res.data.units);
        if (!ok) cataloguePromise = null; // let a later call try again
        return { catalogue: ok ? res.data : null, result: res };
      });
    }
    return cataloguePromise;
  }

  function findById(list, id) {
    if (!Array.isArray(list)) return null;
    for (var i = 0; i < list.length; i++) if (list[i] && list[i].id === id) return list[i];
    return null;
  }

  function catCategory(cat, id) { return cat ? findById(cat.signal_categories, id) : null; }

  function catCategoryName(cat, id) {
    var c = catCategory(cat, id);
    return (c && pick(c.name)) || String(id || "");
  }

  function catTypeName(cat, categoryId, typeId) {
    var c = catCategory(cat, categoryId);
    var ty = c ? findById(c.types, typeId) : null;
    return (ty && pick(ty.name)) || String(typeId || "");
  }

  function catDistrictName(cat, id) {
    if (!id) return "";
    if (id === "unknown") return t("district.unknown");
    var d = cat ? findById(cat.districts, id) : null;
    return (d && pick(d.name)) || String(id);
  }

  function catUnitName(cat, id) {
    var u = cat ? findById(cat.units, id) : null;
    return (u && pick(u.name)) || String(id || "");
  }

  /** The id used for a unit's anchor on units.html. */
  function unitAnchor(id) {
    return "unit-" + String(id || "").replace(/[^A-Za-z0-9_-]/g, "");
  }

  // -------------------------------------------------------- track form
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

  // ------------------------------------------------ shared filing forms
  /**
   * The common part of report.html and question.html: error summary, field
   * errors, sending, the confirmation. cfg:
   *   form, endpoint, fieldMap {apiField: [inputId, errorId]}, inputOrder,
   *   buildPayload(localErrors) → payload, invalidInputs(field, code) → ids (optional),
   *   messageField {apiField: messageField} (optional), sumHeadingKey, sumFailedKey,
   *   catalogueErrorKey, onCreated(data).
   */
  function makeFilingForm(cfg) {
    var form = cfg.form;
    var submit = $("submit");
    var status = $("form-status");
    var summary = $("error-summary");
    var lastErrors = null;   // [{field, code, vars?}] from the last 422 or local check
    var lastProblem = null;  // request result of the last non-422 failure
    var catalogueFailed = false;
    var messageField = cfg.messageField || {};

    function msgField(field) { return messageField[field] || field; }

    function clearErrors() {
      Object.keys(cfg.fieldMap).forEach(function (f) {
        var box = $(cfg.fieldMap[f][1]);
        if (box) box.textContent = "";
      });
      cfg.inputOrder.forEach(function (id) { $(id).removeAttribute("aria-invalid"); });
      clear(summary);
    }

    function renderSummary(message, headingKey) {
      clear(summary);
      summary.appendChild(el("h2", null, t(headingKey || cfg.sumFailedKey)));
      summary.appendChild(el("p", null, message));
    }

    /** Show field errors next to their fields and in the summary. */
    function renderFieldErrors(errors, moveFocus) {
      clearErrors();
      var invalidIds = {};
      var list = el("ul");
      errors.forEach(function (err) {
        var field = String(err.field || "");
        var code = String(err.code || "");
        var mf = msgField(field);
        var msg = fieldErrorMessage(mf, code, err.vars);
        var map = cfg.fieldMap[field];
        var li = el("li");
        if (map) {
          var box = $(map[1]);
          if (box) box.textContent = box.textContent ? box.textContent + " " + msg : msg;
          var ids = (cfg.invalidInputs && cfg.invalidInputs(field, code)) || [map[0]];
          ids.forEach(function (id) {
            $(id).setAttribute("aria-invalid", "true");
            invalidIds[id] = true;
          });
          var a = el("a", null, fieldLabel(mf) + ": " + msg);
          a.href = "#" + map[0];
          a.addEventListener("click", function (ev) {
            ev.preventDefault();
            $(map[0]).focus();
          });
          li.appendChild(a);
        } else {
          li.textContent = (field ? fieldLabel(mf) + ": " : "") + msg;
        }
        list.appendChild(li);
      });
      summary.appendChild(el("h2", null, t(cfg.sumHeadingKey)));
      summary.appendChild(list);

      if (moveFocus) {
        var first = cfg.inputOrder.filter(function (id) { return invalidIds[id]; })[0];
        if (first) $(first).focus();
        else summary.focus();
      }
    }

    function rerenderFeedback() {
      if (lastErrors) renderFieldErrors(lastErrors, false);
      else if (lastProblem) renderSummary(problemMessage(lastProblem));
      else if (catalogueFailed) renderSummary(t(cfg.catalogueErrorKey), "sum.load-failed");
      if (submit.disabled) status.textContent = t("report.sending");
    }

    function catalogueFailure() {
      catalogueFailed = true;
      lastProblem = null;
      lastErrors = null;
      renderSummary(t(cfg.catalogueErrorKey), "sum.load-failed");
    }

    function showConfirmation(data) {
      $("confirmation-number").textContent = data.number || "";
      $("confirmation-date").textContent = data.registered_on || "";
      var link = $("follow-link");
      var href = safeUrl(data.follow_url) || trackHref(data.number);
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
      var payload = cfg.buildPayload(localErrors);
      if (localErrors.length) {
        lastErrors = localErrors;
        renderFieldErrors(localErrors, true);
        return;
      }

      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      status.textContent = t("report.sending");
      var res = await request(cfg.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload)
      });
      submit.disabled = false;
      form.removeAttribute("aria-busy");
      status.textContent = "";

      if (res.status === 201 && res.data && res.data.number) {
        showConfirmation(res.data);
        if (cfg.onCreated) cfg.onCreated(res.data);
      } else if ((res.status === 422 || res.status === 400) && problemErrors(res)) {
        lastErrors = res.data.errors;
        renderFieldErrors(lastErrors, true);
      } else {
        lastProblem = res;
        renderSummary(problemMessage(res));
        summary.focus();
      }
    });

    onLangChange(rerenderFeedback);

    return { catalogueFailure: catalogueFailure, clearCatalogueFailure: function () { catalogueFailed = false; } };
  }

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

  /** Common optional text fields of both forms. */
  function addSenderFields(payload) {
    var description = $("description").value;
    if (description.trim()) payload.description = description;
    var name = $("name").value.trim();
    if (name) payload.name = name;
    var email = $("email").value.trim();
    if (email) payload.email = email;
  }

  // ------------------------------------------------------------- photos
  var MAX_PHOTOS = 5;
  var MAX_PHOTO_BYTES = 10 * 1024 * 1024;
  var PHOTO_TYPES = { "image/jpeg": true, "image/png": true, "image/webp": true };
  var PHOTO_EXT = { jpg: "image/jpeg", jpeg: "image/jpeg", jpe: "image/jpeg", png: "image/png", webp: "image/webp" };
  // Refusals the server will repeat however often the upload is tried.
  var PHOTO_PERMANENT = { unsupported_type: true, too_large: true, corrupt: true, too_many_pixels: true, too_many_photos: true, forbidden: true, "no-token": true };

  function fileExt(name) {
    var m = /\.([A-Za-z0-9]+)$/.exec(String(name || ""));
    return m ? m[1].toLowerCase() : "";
  }

  /** The accepted content type of a chosen file, or "" when it is not JPEG/PNG/WebP. */
  function photoType(file) {
    var type = String(file.type || "").toLowerCase();
    if (PHOTO_TYPES[type]) return type;
    if (!type || type === "application/octet-stream") return PHOTO_EXT[fileExt(file.name)] || "";
    return "";
  }

  function isHeic(file) {
    var type = String(file.type || "").toLowerCase();
    var ext = fileExt(file.name);
    return /^image\/hei[cf]/.test(type) || ext === "heic" || ext === "heif";
  }

  /** Client-side check of the chosen photos: [{field:"photos", code, vars}]. */
  function checkPhotos(files) {
    var errors = [];
    if (files.length > MAX_PHOTOS) errors.push({ field: "photos", code: "too_many_photos" });
    files.forEach(function (file) {
      var vars = { file: file.name };
      if (isHeic(file)) errors.push({ field: "photos", code: "heic", vars: vars });
      else if (!photoType(file)) errors.push({ field: "photos", code: "unsupported_type", vars: vars });
      else if (file.size > MAX_PHOTO_BYTES) errors.push({ field: "photos", code: "too_large", vars: vars });
      else if (file.size === 0) errors.push({ field: "photos", code: "empty", vars: vars });
    });
    return errors;
  }

  /** PUT the bytes with XMLHttpRequest, for upload progress. Resolves to {ok, status}. */
  function putFile(info, file, onProgress) {
    return new Promise(function (resolve) {
      var url = safeUrl(info.upload_url);
      if (!url) { resolve({ ok: false, status: 0 }); return; }
      var method = String(info.upload_method || "PUT").toUpperCase() === "POST" ? "POST" : "PUT";
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      var headers = info.upload_headers && typeof info.upload_headers === "object" ? info.upload_headers : {};
      Object.keys(headers).forEach(function (k) {
        try { xhr.setRequestHeader(k, String(headers[k])); } catch (e) { /* a header the browser sets itself */ }
      });
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total);
      });
      xhr.addEventListener("load", function () {
        resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status });
      });
      xhr.addEventListener("error", function () { resolve({ ok: false, status: 0 }); });
      xhr.addEventListener("abort", function () { resolve({ ok: false, status: 0 }); });
      xhr.addEventListener("timeout", function () { resolve({ ok: false, status: 0 }); });
      xhr.send(file);
    });
  }

  /**
   * Uploads chosen photos to a freshly filed signal, one after another, each
   * with its own labelled <progress> in #photo-progress.
   */
  function makePhotoUploader(number, token, files) {
    var section = $("photo-upload");
    var listEl = $("photo-progress");
    var statusEl = $("photo-upload-status");
    var retry = $("photo-retry");
    var base = "/api/documents/" + encodeURIComponent(number) + "/photos";
    var running = false;
    var items = files.map(function (file, i) {
      return { file: file, n: i + 1, state: "waiting", progress: 0, code: null, result: null, nodes: null };
    });

    function reasonText(item) {
      if (item.code === "no-token") return t("up.no-token");
      if (item.code === "forbidden") return t("up.forbidden");
      if (item.code === "put-failed") return t("up.put-failed");
      if (item.code && T["photo." + item.code]) return t("photo." + item.code);
      if (item.result) return problemMessage(item.result);
      return t("problem.other");
    }

    function renderItem(item) {
      var nodes = item.nodes;
      nodes.li.className = "photo-item photo-" + item.state;
      nodes.progress.value = item.state === "done" ? 100 : Math.round(item.progress * 100);
      if (item.state === "failed") nodes.result.textContent = t("up.failed", { reason: reasonText(item) });
      else nodes.result.textContent = t("up." + item.state);
    }

    function build() {
      clear(listEl);
      items.forEach(function (item) {
        var li = el("li", "photo-item");
        var label = el("label", "photo-name", item.file.name);
        label.htmlFor = "photo-progress-" + item.n;
        var progress = el("progress");
        progress.id = "photo-progress-" + item.n;
        progress.max = 100;
        progress.value = 0;
        var result = el("span", "photo-result");
        result.id = "photo-result-" + item.n;
        progress.setAttribute("aria-describedby", result.id);
        li.appendChild(label);
        li.appendChild(progress);
        li.appendChild(result);
        listEl.appendChild(li);
        item.nodes = { li: li, progress: progress, result: result };
        renderItem(item);
      });
    }

    function renderStatus() {
      if (running) {
        var current = items.filter(function (i) { return i.state === "uploading" || i.state === "processing"; })[0];
        statusEl.textContent = current ? t("up.progress", { i: current.n, n: items.length }) : "";
        retry.hidden = true;
        return;
      }
      var ok = items.filter(function (i) { return i.state === "done"; }).length;
      var failed = items.filter(function (i) { return i.state === "failed"; });
      statusEl.textContent = t(failed.length ? "up.summary.failed" : "up.summary", { ok: ok, n: items.length });
      retry.hidden = !failed.some(function (i) { return !PHOTO_PERMANENT[i.code]; });
    }

    function fail(item, res, code) {
      item.state = "failed";
      item.result = res || null;
      var errs = problemErrors(res);
      item.code = code || (res && res.status === 403 ? "forbidden" : (errs ? String(errs[0].code || "") : null));
      renderItem(item);
    }

    async function uploadOne(item) {
      if (!token) { fail(item, null, "no-token"); return; }
      var headers = { "X-Access-Token": token };
      item.state = "uploading";
      item.progress = 0;
      item.code = null;
      item.result = null;
      renderItem(item);
      renderStatus();

      var begin = await request(base, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Access-Token": token },
        body: JSON.stringify({ content_type: photoType(item.file), size: item.file.size })
      });
      if (!(begin.ok && begin.data && begin.data.photo_id && begin.data.upload_url)) { fail(item, begin); return; }

      var put = await putFile(begin.data, item.file, function (fraction) {
        item.progress = fraction;
        renderItem(item);
      });
      if (!put.ok) { fail(item, put.status === 0 ? put : null, put.status === 0 ? null : "put-failed"); return; }

      item.state = "processing";
      item.progress = 1;
      renderItem(item);
      renderStatus();
      var done = await request(base + "/" + encodeURIComponent(begin.data.photo_id), { method: "POST", headers: headers });
      if (done.ok && done.data) {
        item.state = "done";
        renderItem(item);
      } else {
        fail(item, done);
      }
    }

    async function run(which) {
      if (running) return;
      running = true;
      for (var i = 0; i < which.length; i++) await uploadOne(which[i]);
      running = false;
      renderStatus();
    }

    retry.addEventListener("click", function () {
      var again = items.filter(function (i) { return i.state === "failed" && !PHOTO_PERMANENT[i.code]; });
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

  /** The access token in a follow link's fragment (#token=…), or "". */
  function tokenFromFollowUrl(followUrl) {
    try {
      var u = new URL(followUrl, window.location.href);
      return new URLSearchParams(u.hash.replace(/^#/, "")).get("token") || "";
    } catch (e) {
      return "";
    }
  }

  // ---------------------------------------------------------- report page
  function initReport() {
    var form = $("report-form");
    var catSel = $("category");
    var typeSel = $("type");
    var latIn = $("lat");
    var lonIn = $("lon");
    var photosIn = $("photos");
    var routeInfo = $("route-info");
    var nearbyBox = $("nearby");
    var catalogue = null;
    var catalogueFailed = false;
    var photoErrors = [];    // client-side problems with the chosen photos
    var nearbySeq = 0;
    var nearbyItems = null;  // the last nearby answer's signals

    function chosenFiles() {
      return photosIn && photosIn.files ? Array.prototype.slice.call(photosIn.files) : [];
    }

    var filing = makeFilingForm({
      form: form,
      endpoint: "/api/signals",
      fieldMap: {
        "category": ["category", "category-error"],
        "type": ["type", "type-error"],
        "location": ["lat", "location-error"],
        "location.lat": ["lat", "lat-error"],
        "location.lon": ["lon", "lon-error"],
        "location.address": ["address", "address-error"],
        "description": ["description", "description-error"],
        "photos": ["photos", "photos-error"],
        "name": ["name", "name-error"],
        "email": ["email", "email-error"]
      },
      inputOrder: ["category", "type", "lat", "lon", "address", "description", "photos", "name", "email"],
      invalidInputs: function (field, code) {
        if (field !== "location") return null;
        return code === "outside_sofia" ? ["lat", "lon"] : ["lat", "lon", "address"];
      },
      sumHeadingKey: "sum.heading",
      sumFailedKey: "sum.failed",
      catalogueErrorKey: "report.catalogue-error",
      buildPayload: buildPayload,
      onCreated: function (data) {
        var files = chosenFiles().slice(0, MAX_PHOTOS);
        if (!files.length) return;
        makePhotoUploader(data.number, tokenFromFollowUrl(data.follow_url), files).start();
      }
    });

    function currentCategory() {
      return catCategory(catalogue, catSel.value);
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
      renderRoute();
    }

    /** Which unit will handle the chosen type (a type's own route overrides its category's). */
    function renderRoute() {
      clear(routeInfo);
      var cat = currentCategory();
      var type = cat ? findById(cat.types, typeSel.value) : null;
      if (!type) return;
      var route = (type.route && typeof type.route === "object") ? type.route : (cat.route || {});
      var text = "";
      if (route.unit) text = catUnitName(catalogue, route.unit);
      else if (route.district === true) text = t("route.district");
      if (!text) return;
      routeInfo.appendChild(el("span", "label", t("route.label")));
      routeInfo.appendChild(document.createTextNode(" "));
      routeInfo.appendChild(el("strong", null, text));
    }

    async function loadCatalogue() {
      var got = await getCatalogue();
      if (got.catalogue && Array.isArray(got.catalogue.signal_categories)) {
        catalogue = got.catalogue;
        catalogueFailed = false;
        filing.clearCatalogueFailure();
      } else {
        catalogueFailed = true;
        filing.catalogueFailure();
      }
      renderSelects();
      renderNearby();
    }

    catSel.addEventListener("change", function () {
      renderTypes("");
      checkNearby();
    });
    typeSel.addEventListener("change", renderRoute);

    // ---- nearby signals
    /** A coordinate input's value when it is a number in range, else null. */
    function coordinate(input) {
      if (input.validity && input.validity.badInput) return null;
      var v = input.value.trim();
      if (v === "") return null;
      var n = Number(v);
      if (!isFinite(n)) return null;
      if (input.min !== "" && n < Number(input.min)) return null;
      if (input.max !== "" && n > Number(input.max)) return null;
      return n;
    }

    async function checkNearby() {
      var lat = coordinate(latIn);
      var lon = coordinate(lonIn);
      var seq = ++nearbySeq;
      if (lat === null || lon === null) {
        nearbyItems = null;
        renderNearby();
        return;
      }
      var url = "/api/signals/nearby?lat=" + encodeURIComponent(lat) + "&lon=" + encodeURIComponent(lon);
      if (catSel.value) url += "&category=" + encodeURIComponent(catSel.value);
      var res = await request(url);
      if (seq !== nearbySeq) return; // a newer question is on its way
      // A failed look-up only means no hint: filing works without it.
      nearbyItems = res.ok && res.data && Array.isArray(res.data.signals) ? res.data.signals : null;
      renderNearby();
    }

    function renderNearby() {
      clear(nearbyBox);
      if (!nearbyItems || !nearbyItems.length) return;
      var h = el("h2", null, t("nearby.heading"));
      h.id = "nearby-heading";
      nearbyBox.appendChild(h);
      nearbyBox.appendChild(el("p", null, t("nearby.text")));
      var list = el("ul", "nearby-list");
      nearbyItems.forEach(function (s) {
        if (!s || !s.number) return;
        var li = el("li");
        var a = el("a", null, catTypeName(catalogue, s.category, s.type) + " — " + t("track.no") + " " + s.number);
        a.href = trackHref(s.number);
        li.appendChild(a);
        var meta = el("p", "meta");
        meta.appendChild(el("span", "status-label", statusLabel(s.status)));
        var bits = [];
        if (s.distance_m !== undefined && s.distance_m !== null) bits.push(t("nearby.distance", { m: fmtInt(Math.round(Number(s.distance_m))) }));
        if (s.date) bits.push(t("nearby.date", { date: fmtDate(s.date) }));
        if (bits.length) meta.appendChild(document.createTextNode(" · " + bits.join(" · ")));
        li.appendChild(meta);
        list.appendChild(li);
      });
      nearbyBox.appendChild(list);
    }

    latIn.addEventListener("change", checkNearby);
    lonIn.addEventListener("change", checkNearby);

    // ---- photos: check as soon as they are chosen
    function showPhotoErrors() {
      var box = $("photos-error");
      box.textContent = photoErrors.map(function (e) { return fieldErrorMessage("photos", e.code, e.vars); }).join(" ");
      if (photoErrors.length) photosIn.setAttribute("aria-invalid", "true");
      else photosIn.removeAttribute("aria-invalid");
    }

    photosIn.addEventListener("change", function () {
      photoErrors = checkPhotos(chosenFiles());
      showPhotoErrors();
    });

    function buildPayload(localErrors) {
      var payload = {};
      if (catSel.value) payload.category = catSel.value;
      if (typeSel.value) payload.type = typeSel.value;

      var location = {};
      [[latIn, "lat"], [lonIn, "lon"]].forEach(function (pair) {
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

      addSenderFields(payload);

      // Photos are not part of the signal itself, but a wrong choice must be fixed before filing.
      photoErrors = checkPhotos(chosenFiles());
      photoErrors.forEach(function (e) { localErrors.push(e); });
      return payload;
    }

    onLangChange(function () {
      renderSelects();
      renderNearby();
      // photo problems found on choosing (before any submit) are not in the filing form's state
      if (!form.hidden && photoErrors.length) showPhotoErrors();
    });

    renderSelects();
    loadCatalogue();
  }

  // -------------------------------------------------------- question page
  function initQuestion() {
    var form = $("question-form");
    var topicSel = $("topic");
    var catalogue = null;
    var catalogueFailed = false;

    var filing = makeFilingForm({
      form: form,
      endpoint: "/api/questions",
      fieldMap: {
        "topic": ["topic", "topic-error"],
        "description": ["description", "description-error"],
        "name": ["name", "name-error"],
        "email": ["email", "email-error"]
      },
      inputOrder: ["topic", "description", "name", "email"],
      messageField: { "description": "question" },
      sumHeadingKey: "q.sum.heading",
      sumFailedKey: "q.sum.failed",
      catalogueErrorKey: "q.catalogue-error",
      buildPayload: function () {
        var payload = {};
        if (topicSel.value) payload.topic = topicSel.value;
        addSenderFields(payload);
        return payload;
      }
    });

    function renderTopics() {
      if (!catalogue) {
        clear(topicSel);
        var o = el("option", null, t(catalogueFailed ? "f.topic.first" : "f.loading"));
        o.value = "";
        topicSel.appendChild(o);
        return;
      }
      fillOptions(topicSel, catalogue.information_topics || [], "f.topic.first", topicSel.value);
    }

    (async function () {
      var got = await getCatalogue();
      if (got.catalogue && Array.isArray(got.catalogue.information_topics)) {
        catalogue = got.catalogue;
      } else {
        catalogueFailed = true;
        filing.catalogueFailure();
      }
      renderTopics();
    })();

    onLangChange(renderTopics);
    renderTopics();
  }

  // ----------------------------------------------------------- track page
  function initTrack() {
    var params = new URLSearchParams(window.location.search);
    var number = (params.get("number") || "").trim();
    var hash = window.location.hash.replace(/^#/, "");
    var token = new URLSearchParams(hash).get("token") || "";
    var input = $("track-number");
    var state = null; // {result}

    if (number) input.value = number;
    if (!number) return;

    function hideAll() {
      ["signal", "not-found", "invalid-link", "track-error", "sender-data", "signal-photos"].forEach(function (id) {
        $(id).hidden = true;
      });
      showTrackNumberError("");
    }

    function row(id, show) { $(id + "-row").hidden = !show; }

    function nameOf(codeAndName) {
      return codeAndName ? (pick(codeAndName.name) || codeAndName.id || "") : "";
    }

    function renderLocation(l) {
      var loc = $("signal-location");
      clear(loc);
      l = l || {};
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
    }

    function renderPhotos(data) {
      var list = $("signal-photo-list");
      clear(list);
      var photos = Array.isArray(data.photos) ? data.photos : [];
      var shown = 0;
      photos.forEach(function (photo) {
        if (!photo) return;
        var full = safeUrl(photo.url);
        var thumb = safeUrl(photo.thumbnail_url) || full;
        if (!thumb) return;
        shown += 1;
        var li = el("li");
        var img = el("img");
        img.src = thumb;
        img.alt = t("track.photo.alt", { n: shown, number: data.number || "" });
        img.loading = "lazy";
        img.decoding = "async";
        if (full) {
          var a = el("a");
          a.href = full;
          a.appendChild(img);
          li.appendChild(a);
        } else {
          li.appendChild(img);
        }
        list.appendChild(li);
      });
      $("signal-photos").hidden = shown === 0;
    }

    function renderSignal(data) {
      var isQuestion = data.kind === "question";
      $("signal-kind").textContent = pick(data.kind_label) || t(isQuestion ? "kind.question" : "kind.signal");
      $("signal-number").textContent = data.number || "";
      $("signal-date").textContent = data.registered_on || "";
      $("signal-status").textContent = pick(data.status_label) || statusLabel(data.status);

      $("signal-topic").textContent = nameOf(data.topic);
      row("signal-topic", !!data.topic);

      $("signal-category").textContent = nameOf(data.category);
      $("signal-type").textContent = nameOf(data.type);
      row("signal-category", !isQuestion);
      row("signal-type", !isQuestion);
      row("signal-location", !isQuestion);
      if (!isQuestion) renderLocation(data.location);
      else clear($("signal-location"));

      $("signal-district").textContent = nameOf(data.district);
      row("signal-district", !!(data.district && (data.district.id || data.district.name)));

      var unitBox = $("signal-unit");
      clear(unitBox);
      if (data.unit && (data.unit.id || data.unit.name)) {
        var ua = el("a", null, nameOf(data.unit));
        ua.href = "units.html#" + unitAnchor(data.unit.id);
        unitBox.appendChild(ua);
      }
      row("signal-unit", !!unitBox.firstChild);

      // A question's text is not public: the API sends it only to its sender.
      var hasDescription = typeof data.description === "string" && data.description !== "";
      $("signal-description-label").textContent = t(isQuestion ? "track.question" : "track.description");
      $("signal-description").textContent = hasDescription ? data.description : "";
      row("signal-description", hasDescription);

      if (!isQuestion) renderPhotos(data);

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

  // ------------------------------------------------------------ home page
  /** A table with a caption, a header row and body rows; cells are text or nodes; first cell is a row header. */
  function buildTable(id, caption, headers, rows, numericFrom) {
    var wrap = el("div", "table-wrap");
    var table = el("table", "data-table");
    table.id = id;
    var cap = el("caption", null, caption);
    cap.id = id + "-caption";
    table.appendChild(cap);
    var thead = el("thead");
    var hr = el("tr");
    headers.forEach(function (h, i) {
      var th = el("th", i >= numericFrom ? "num" : null, h);
      th.scope = "col";
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (cells) {
      var tr = el("tr");
      cells.forEach(function (cell, i) {
        var c = el(i === 0 ? "th" : "td", i >= numericFrom ? "num" : null);
        if (i === 0) c.scope = "row";
        if (cell && typeof cell === "object" && cell.nodeType) c.appendChild(cell);
        else c.textContent = String(cell === undefined || cell === null ? "" : cell);
        tr.appendChild(c);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    // A table wider than the screen scrolls; make that reachable from the keyboard.
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-labelledby", cap.id);
    return wrap;
  }

  /** "—" for sighted readers, "no data" for screen readers. */
  function noData() {
    var span = el("span");
    var dash = el("span", null, "—");
    dash.setAttribute("aria-hidden", "true");
    span.appendChild(dash);
    span.appendChild(el("span", "visually-hidden", t("ov.no-data")));
    return span;
  }

  function initHome() {
    var catalogue = null;
    var mapSeq = 0;
    var mapState = null;       // {result}
    var overviewState = null;  // {result}
    var catSel = $("map-category");
    var statusSel = $("map-status");
    var districtSel = $("map-district");
    var filterForm = $("map-filter");

    function renderFilterSelects() {
      if (!catalogue) return;
      fillOptions(catSel, catalogue.signal_categories || [], "recent.all-categories", catSel.value);
      var districts = (catalogue.districts || []).slice().sort(function (a, b) {
        return pick(a.name).localeCompare(pick(b.name), locale());
      });
      fillOptions(districtSel, districts, "recent.all-districts", districtSel.value);
    }

    // ---- recent signals (the list view beside the future map)
    async function loadMap() {
      var seq = ++mapSeq;
      var url = "/api/map?days=30";
      if (catSel.value) url += "&category=" + encodeURIComponent(catSel.value);
      if (statusSel.value) url += "&status=" + encodeURIComponent(statusSel.value);
      if (districtSel.value) url += "&district=" + encodeURIComponent(districtSel.value);
      $("recent-list").setAttribute("aria-busy", "true");
      $("recent-status").textContent = t("recent.loading");
      var res = await request(url);
      if (seq !== mapSeq) return;
      $("recent-list").removeAttribute("aria-busy");
      mapState = { result: res };
      renderMap();
    }

    function renderMap() {
      var list = $("recent-list");
      var status = $("recent-status");
      var errBox = $("recent-error");
      clear(list);
      clear(errBox);
      errBox.hidden = true;
      if (!mapState) return;
      var res = mapState.result;
      if (!(res.ok && res.data && Array.isArray(res.data.features))) {
        status.textContent = "";
        errBox.appendChild(el("p", null, res.status === 400 && problemErrors(res) ? t("recent.bad-filter") : problemMessage(res)));
        errBox.hidden = false;
        return;
      }
      var markers = res.data.features
        .map(function (f) { return f && f.properties; })
        .filter(function (p) { return p && p.number; })
        .sort(function (a, b) {
          var d = String(b.date || "").localeCompare(String(a.date || ""));
          return d || String(b.number).localeCompare(String(a.number));
        });
      var shown = markers.slice(0, 20);
      if (!markers.length) status.textContent = t("recent.none");
      else status.textContent = t(res.data.truncated ? "recent.count.more" : "recent.count", { shown: shown.length, total: fmtInt(markers.length) });
      shown.forEach(function (p) {
        var li = el("li");
        var a = el("a", null, catTypeName(catalogue, p.category, p.type) + " — " + t("track.no") + " " + p.number);
        a.href = trackHref(p.number);
        li.appendChild(a);
        var meta = el("p", "meta");
        meta.appendChild(el("span", "status-label", statusLabel(p.status)));
        var bits = [fmtDate(p.date)];
        if (p.district) bits.push(catDistrictName(catalogue, p.district));
        meta.appendChild(document.createTextNode(" · " + bits.join(" · ")));
        li.appendChild(meta);
        list.appendChild(li);
      });
    }

    filterForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      loadMap();
    });
    [catSel, statusSel, districtSel].forEach(function (s) { s.addEventListener("change", loadMap); });

    // ---- overview
    async function loadOverview() {
      $("overview-status").textContent = t("ov.loading");
      var res = await request("/api/overview");
      overviewState = { result: res };
      renderOverview();
    }

    function periodRows(o) {
      var periods = [o.last_30_days || {}, o.this_year || {}, o.all_time || {}];
      function line(key, fn) { return [t(key)].concat(periods.map(fn)); }
      return [
        line("ov.total", function (p) { return fmtInt(p.total || 0); }),
        line("ov.open", function (p) { return fmtInt(p.open || 0); }),
        line("ov.resolved", function (p) { return fmtInt(p.resolved || 0); }),
        line("ov.share", function (p) { return p.total ? fmtPercent(p.resolved_share || 0) : noData(); })
      ];
    }

    function renderOverview() {
      var body = $("overview-body");
      var errBox = $("overview-error");
      clear(body);
      clear(errBox);
      errBox.hidden = true;
      if (!overviewState) return;
      $("overview-status").textContent = "";
      var res = overviewState.result;
      var o = res.data;
      if (!(res.ok && o && typeof o === "object")) {
        errBox.appendChild(el("p", null, problemMessage(res)));
        errBox.hidden = false;
        return;
      }
      var all = o.all_time || {};
      if (!all.total) {
        body.appendChild(el("p", null, t("ov.empty")));
        return;
      }
      body.appendChild(buildTable("overview-periods", t("ov.periods.caption"),
        [t("ov.indicator"), t("ov.last30"), t("ov.year"), t("ov.all")], periodRows(o), 1));

      var medians = {};
      (Array.isArray(o.median_days_to_resolution) ? o.median_days_to_resolution : []).forEach(function (m) {
        if (m && m.category) medians[m.category] = m;
      });
      var catRows = (Array.isArray(all.by_category) ? all.by_category : []).map(function (c) {
        var m = medians[c.id];
        return [
          pick(c.name) || catCategoryName(catalogue, c.id),
          fmtInt(c.total || 0),
          fmtInt(c.resolved || 0),
          m && m.median_days !== null && m.median_days !== undefined && isFinite(Number(m.median_days)) ? fmtDecimal(m.median_days) : noData()
        ];
      });
      if (catRows.length) {
        body.appendChild(buildTable("overview-categories", t("ov.categories.caption"),
          [t("f.category"), t("ov.total"), t("ov.resolved"), t("ov.median")], catRows, 1));
      }

      var districtRows = (Array.isArray(all.by_district) ? all.by_district : []).map(function (d) {
        return [
          d.id === "unknown" ? t("district.unknown") : (pick(d.name) || catDistrictName(catalogue, d.id)),
          fmtInt(d.total || 0),
          fmtInt(d.open || 0),
          fmtInt(d.resolved || 0)
        ];
      });
      if (districtRows.length) {
        body.appendChild(buildTable("overview-districts", t("ov.districts.caption"),
          [t("f.district"), t("ov.total"), t("ov.open"), t("ov.resolved")], districtRows, 1));
      }
    }

    onLangChange(function () {
      renderFilterSelects();
      renderMap();
      renderOverview();
      if (mapState === null && $("recent-status").textContent) $("recent-status").textContent = t("recent.loading");
      if (overviewState === null && $("overview-status").textContent) $("overview-status").textContent = t("ov.loading");
    });

    (async function () {
      var got = await getCatalogue();
      catalogue = got.catalogue;
      renderFilterSelects();
      renderMap(); // names may have arrived after the markers
    })();
    loadMap();
    loadOverview();
  }

  // ----------------------------------------------------------- units page
  function initUnits() {
    var box = $("units");
    var status = $("units-status");
    var errBox = $("units-error");
    var state = null;
    var KINDS = ["contact_center", "district", "directorate", "company"];

    function contactRow(dl, labelKey, node) {
      var div = el("div");
      div.appendChild(el("dt", null, t(labelKey)));
      var dd = el("dd");
      dd.appendChild(node);
      div.appendChild(dd);
      dl.appendChild(div);
    }

    function renderUnit(u) {
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

  // ----------------------------------------------------------------- boot
  function markCurrentPage() {
    var here = (window.location.pathname.split("/").pop() || "index.html").toLowerCase();
    var links = document.querySelectorAll(".site-footer a[href$='.html']");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("href").toLowerCase() === here) links[i].setAttribute("aria-current", "page");
    }
  }

  function boot() {
    var sw = $("lang-switch");
    if (sw) {
      sw.hidden = false;
      sw.addEventListener("click", function () { setLang(lang === "en" ? "bg" : "en"); });
    }
    applyI18n();
    wireTrackForm();
    markCurrentPage();
    var page = document.body.dataset.page;
    if (page === "report") initReport();
    else if (page === "question") initQuestion();
    else if (page === "track") initTrack();
    else if (page === "home") initHome();
    else if (page === "units") initUnits();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
