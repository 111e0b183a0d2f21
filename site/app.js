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


    // ---- accounts, documents, staff
    "title.login": ["Вход — Контактен център на Столична община", "Sign in — Sofia Municipality Contact Center"],
    "title.register": ["Регистрация — Контактен център на Столична община", "Register — Sofia Municipality Contact Center"],
    "title.confirm": ["Потвърждаване на регистрацията — Контактен център на Столична община", "Confirm your registration — Sofia Municipality Contact Center"],
    "title.forgot": ["Забравена парола — Контактен център на Столична община", "Forgotten password — Sofia Municipality Contact Center"],
    "title.reset": ["Нова парола — Контактен център на Столична община", "New password — Sofia Municipality Contact Center"],
    "title.profile": ["Профил — Контактен център на Столична община", "Profile — Sofia Municipality Contact Center"],
    "title.my": ["Моите сигнали — Контактен център на Столична община", "My signals — Sofia Municipality Contact Center"],
    "title.mydoc": ["Моят документ — Контактен център на Столична община", "My document — Sofia Municipality Contact Center"],
    "title.letter": ["Писма, жалби, предложения, ЗДОИ — Контактен център на Столична община", "Letters, complaints, proposals, access requests — Sofia Municipality Contact Center"],
    "title.terms": ["Общи условия — Контактен център на Столична община", "Terms of use — Sofia Municipality Contact Center"],
    "title.staff": ["Служебен панел — Контактен център на Столична община", "Staff console — Sofia Municipality Contact Center"],

    "nav.account": ["Профил", "Account"],
    "nav.signed-in-as": ["Влезли сте като", "Signed in as"],
    "nav.my": ["Моите сигнали", "My signals"],
    "nav.profile": ["Профил", "Profile"],
    "nav.signout": ["Изход", "Sign out"],
    "nav.login": ["Вход", "Sign in"],
    "nav.register": ["Регистрация", "Register"],
    "nav.staff": ["Служебен панел", "Staff console"],
    "nav.letter": ["Писма, жалби, предложения, ЗДОИ", "Letters, complaints, proposals, access requests"],
    "nav.terms": ["Общи условия", "Terms of use"],
    "home.letter": ["Писма, жалби, предложения и заявления по ЗДОИ (с профил)", "Letters, complaints, proposals and requests for access to public information (with an account)"],
    "more": ["Още", "More"],
    "yes": ["Да", "Yes"],
    "no": ["Не", "No"],
    "form.sending": ["Изпращане…", "Sending…"],
    "form.heading": ["Моля, поправете следното:", "Please correct the following:"],
    "form.failed": ["Действието не е изпълнено", "That did not work"],
    "session.ended": ["Сесията ви изтече. Влезте отново.", "Your session has ended. Please sign in again."],

    "f.password": ["Парола", "Password"],
    "f.password.new": ["Нова парола", "New password"],
    "f.password.current": ["Текуща парола", "Current password"],
    "f.password.hint": ["Поне 10 знака, с малки латински букви и цифри.", "At least 10 characters, with lowercase letters and digits."],
    "f.name.full": ["Име и фамилия", "Full name"],
    "f.phone": ["Телефон", "Phone"],
    "f.phone.hint": ["Например 0888 123 456 или +359 888 123 456.", "For example 0888 123 456 or +359 888 123 456."],
    "f.address.postal": ["Адрес за кореспонденция", "Postal address"],
    "f.address.postal.hint": ["Нужен е за заявления по ЗДОИ и писма, на които се отговаря по пощата.", "Needed for access requests and letters answered by post."],
    "f.code": ["Код за потвърждение", "Confirmation code"],
    "f.code.reset": ["Код от писмото", "Code from the e-mail"],
    "f.kind": ["Вид", "Kind"],
    "f.kind.choose": ["— Изберете вид —", "— Choose a kind —"],
    "f.title": ["Относно", "Subject"],
    "f.title.hint": ["Кратко заглавие, от 3 до 200 знака.", "A short title, 3 to 200 characters."],
    "f.text": ["Текст", "Text"],
    "f.text.hint": ["От 10 до 20 000 знака. При заявление по ЗДОИ опишете точно каква информация искате.", "10 to 20,000 characters. For an access request, describe exactly which information you want."],
    "f.addressee": ["Адресат", "Addressee"],
    "f.addressee.any": ["Контактният център ще го насочи", "The Contact Center will route it"],
    "f.addressee.hint": ["Звеното на общината, до което е документът. Ако не сте сигурни, оставете избора на Контактния център.", "The municipal unit the document is for. If you are not sure, leave it to the Contact Center."],
    "f.files": ["Приложения", "Attachments"],
    "f.files.hint": ["До 5 файла, всеки до 10 MB: PDF, DOCX, JPEG, PNG или WebP. Файловете се качват след регистрирането.", "Up to 5 files, each up to 10 MB: PDF, DOCX, JPEG, PNG or WebP. The files are uploaded after registration."],

    "login.heading": ["Вход", "Sign in"],
    "login.submit": ["Вход", "Sign in"],
    "login.forgot": ["Забравена парола?", "Forgotten your password?"],
    "login.no-account": ["Нямате профил?", "No account yet?"],
    "login.register": ["Регистрирайте се", "Register"],
    "login.anonymous": ["Сигнали и въпроси можете да подавате и без профил.", "You can report problems and ask questions without an account too."],
    "login.signed-out": ["Излязохте от профила си.", "You have signed out."],
    "login.confirmed": ["Профилът е потвърден. Влезте с електронната си поща и паролата.", "Your account is confirmed. Sign in with your e-mail and password."],
    "login.reset": ["Паролата е сменена. Влезте с новата парола.", "Your password has been changed. Sign in with the new password."],
    "login.expired": ["Сесията ви изтече. Влезте отново, за да продължите.", "Your session has ended. Sign in again to continue."],
    "login.wrong": ["Грешна електронна поща или парола.", "The e-mail or the password is wrong."],
    "login.failed": ["Входът не е успешен", "Sign-in failed"],
    "login.too-many": ["Твърде много опити. Изчакайте минута и опитайте отново.", "Too many attempts. Wait a minute and try again."],

    "register.heading": ["Регистрация", "Register"],
    "register.intro": ["С профил следите всичките си сигнали и искания на едно място, без да въвеждате данните си всеки път, и можете да подавате писма, жалби, предложения и заявления по ЗДОИ.", "With an account you follow all your signals and requests in one place without typing your details each time, and you can send letters, complaints, proposals and requests for access to public information."],
    "register.email.hint": ["На нея ще изпратим код за потвърждение.", "We will send a confirmation code there."],
    "register.terms.before": ["Прочетете", "Read the"],
    "register.terms.link": ["общите условия и уведомлението за поверителност", "terms of use and privacy notice"],
    "register.accept": ["Приемам общите условия и уведомлението за поверителност", "I accept the terms of use and the privacy notice"],
    "register.submit": ["Регистрация", "Register"],
    "register.have-account": ["Вече имате профил?", "Already have an account?"],
    "register.failed": ["Регистрацията не е изпратена", "The registration was not sent"],

    "confirm.heading": ["Потвърждаване на регистрацията", "Confirm your registration"],
    "confirm.sent": ["Изпратихме код за потвърждение на електронната ви поща. Въведете го тук, за да активирате профила си.", "We have e-mailed you a confirmation code. Enter it here to activate your account."],
    "confirm.code.hint": ["Кодът е в писмото, което получихте след регистрацията.", "The code is in the e-mail you received after registering."],
    "confirm.submit": ["Потвърждаване", "Confirm"],
    "confirm.failed": ["Профилът не е потвърден", "The account was not confirmed"],
    "confirm.done.heading": ["Профилът е потвърден", "Your account is confirmed"],
    "confirm.done.text": ["Вече можете да влезете с електронната си поща и паролата.", "You can now sign in with your e-mail and password."],

    "forgot.heading": ["Забравена парола", "Forgotten password"],
    "forgot.intro": ["Въведете електронната поща на профила си. Ще ви изпратим код, с който да зададете нова парола.", "Enter the e-mail of your account. We will send you a code to set a new password."],
    "forgot.submit": ["Изпращане на код", "Send a code"],
    "forgot.have-code": ["Вече имам код", "I already have a code"],
    "forgot.failed": ["Кодът не е изпратен", "The code was not sent"],
    "reset.heading": ["Нова парола", "New password"],
    "reset.sent": ["Ако има профил с тази електронна поща, изпратихме на нея код за смяна на паролата.", "If there is an account with this e-mail, we have sent it a code to change the password."],
    "reset.submit": ["Запазване на новата парола", "Save the new password"],
    "reset.failed": ["Паролата не е сменена", "The password was not changed"],
    "reset.done.heading": ["Паролата е сменена", "Your password has been changed"],
    "reset.done.text": ["Влезте с новата си парола.", "Sign in with your new password."],
    "reset.new-code": ["Изпращане на нов код", "Send a new code"],

    "profile.heading": ["Профил", "Profile"],
    "profile.loading": ["Зареждане на профила…", "Loading your profile…"],
    "profile.data.heading": ["Лични данни", "Personal details"],
    "profile.data.intro": ["Използваме тези данни, когато подавате сигнали, въпроси и писма, докато сте влезли в профила си.", "We use these details when you file signals, questions and letters while signed in."],
    "profile.clear.hint": ["Оставете празно, за да го изтриете.", "Leave it empty to remove it."],
    "profile.submit": ["Запазване", "Save"],
    "profile.saved": ["Данните са запазени.", "Your details have been saved."],
    "profile.failed": ["Данните не са запазени", "Your details were not saved"],
    "profile.signout": ["Изход от профила", "Sign out of your account"],
    "cp.heading": ["Смяна на паролата", "Change your password"],
    "cp.submit": ["Смяна на паролата", "Change the password"],
    "cp.done": ["Паролата е сменена.", "Your password has been changed."],
    "cp.failed": ["Паролата не е сменена", "The password was not changed"],

    "my.heading": ["Моите сигнали", "My signals"],
    "my.intro": ["Всичко, което сте подали, докато сте били в профила си: сигнали, въпроси, писма, жалби, предложения и заявления по ЗДОИ, най-новите първи.", "Everything you filed while signed in: signals, questions, letters, complaints, proposals and access requests, newest first."],
    "my.letter": ["Писмо, жалба или заявление", "Letter, complaint or request"],
    "my.loading": ["Зареждане…", "Loading…"],
    "my.empty": ["Все още не сте подали нищо от профила си.", "You have not filed anything from your account yet."],
    "my.caption": ["Подадени от вас документи", "Documents you filed"],
    "my.count": ["Показани: {n}.", "Shown: {n}."],
    "col.number": ["Номер", "Number"],
    "col.kind": ["Вид", "Kind"],
    "col.about": ["Относно", "About"],
    "col.date": ["Дата", "Date"],
    "col.status": ["Състояние", "Status"],
    "col.answered": ["Отговорено", "Answered"],
    "col.due": ["Срок по ЗДОИ", "Access request deadline"],
    "col.due.staff": ["Срок", "Due"],
    "badge.overdue": ["просрочено", "overdue"],

    "mydoc.heading": ["Моят документ", "My document"],
    "mydoc.back": ["← Моите сигнали", "← My signals"],
    "mydoc.loading": ["Зареждане на документа…", "Loading the document…"],
    "mydoc.not-found": ["Няма такъв документ сред подадените от вас.", "There is no such document among those you filed."],
    "mydoc.no-number": ["Не е посочен регистров номер.", "No registry number was given."],
    "mydoc.public-link": ["Публична страница на сигнала", "Public page of the signal"],

    "doc.due": ["Срок за решение", "Decision due"],
    "doc.duplicate-of": ["Дубликат на", "Duplicate of"],
    "doc.duplicates": ["Дубликати на този сигнал", "Duplicates of this signal"],
    "doc.attachments": ["Приложения", "Attachments"],
    "doc.original": ["Оригинално описание (преди модериране)", "Original description (before moderation)"],
    "doc.sender": ["Подател", "Sender"],
    "doc.registered": ["Регистриран на", "Registered on"],
    "doc.addressee": ["Звено", "Unit"],
    "doc.photo.hidden": ["скрита от публичния изглед", "hidden from the public view"],
    "doc.photo.alt": ["Снимка {n} към № {number}", "Photo {n} of No. {number}"],
    "doc.download": ["Изтегляне на {file} ({size})", "Download {file} ({size})"],
    "size.kb": ["{n} KB", "{n} KB"],
    "size.mb": ["{n} MB", "{n} MB"],

    "history.heading": ["История", "History"],
    "history.empty": ["Все още няма промени.", "No changes yet."],
    "history.by.sender": ["Подател", "Sender"],
    "history.by.municipality": ["Столична община", "Sofia Municipality"],
    "history.assigned": ["Насочен към: {to}", "Forwarded to: {to}"],
    "history.status": ["Състояние: {from} → {to}", "Status: {from} → {to}"],
    "history.reply": ["Отговор", "Reply"],
    "history.marked_duplicate": ["Отбелязан като дубликат на № ", "Marked as a duplicate of No. "],
    "history.duplicate_linked": ["Към него е свързан дубликат № ", "Linked duplicate No. "],
    "history.reopened": ["Отворен отново от подателя", "Reopened by the sender"],
    "history.internal_note": ["Вътрешна бележка", "Internal note"],
    "history.moderated": ["Модериране", "Moderation"],
    "history.moderated.description": ["редактирано описание", "description edited"],
    "history.moderated.photo": ["скрита снимка", "photo hidden"],
    "history.internal": ["Вътрешна бележка / Internal note", "Internal note / Вътрешна бележка"],
    "history.other": ["Промяна", "Change"],

    "reopen.heading": ["Проблемът не е решен?", "Problem not solved?"],
    "reopen.text": ["До 30 дни след решаването можете да отворите сигнала отново. Той ще се върне в процес на решаване.", "Within 30 days of resolution you can reopen the signal. It goes back to in progress."],
    "reopen.button": ["Отвори отново", "Reopen"],
    "reopen.sending": ["Отваряне…", "Reopening…"],
    "reopen.done": ["Сигналът е отворен отново.", "The signal has been reopened."],
    "reopen.conflict": ["Сигналът не може да бъде отворен отново: това е възможно само до 30 дни след решаването му.", "The signal cannot be reopened: this is only possible within 30 days of its resolution."],
    "reopen.forbidden": ["Само подателят може да отвори сигнала отново. Отворете личната си връзка за достъп.", "Only the sender can reopen the signal. Open your personal access link."],

    "letter.heading": ["Писма, жалби, предложения и заявления по ЗДОИ", "Letters, complaints, proposals and access requests"],
    "letter.intro": ["Изпратете писмо, жалба или предложение до Столична община или заявление за достъп до обществена информация по ЗДОИ. Те не се публикуват: виждате ги само вие и служителите, които ги разглеждат.", "Send a letter, complaint or proposal to Sofia Municipality, or a request for access to public information. They are never published: only you and the staff handling them see them."],
    "letter.so.heading": ["Нужен е профил", "An account is needed"],
    "letter.so.text": ["Писма, жалби, предложения и заявления по ЗДОИ се подават от регистрирани потребители, защото общината трябва да знае кой е подателят и къде да изпрати отговора.", "Letters, complaints, proposals and access requests are filed by registered users, because the municipality must know who the sender is and where to send the answer."],
    "letter.so.anon": ["Сигнал за проблем в града или въпрос можете да подадете и без профил.", "You can report a problem in the city or ask a question without an account."],
    "letter.kind.hint": ["По заявление за достъп до обществена информация (ЗДОИ) общината се произнася в 14-дневен срок.", "The municipality decides on a request for access to public information within 14 days."],
    "letter.submit": ["Изпращане", "Send"],
    "letter.sum.heading": ["Документът не е изпратен. Моля, поправете следното:", "The document was not sent. Please correct the following:"],
    "letter.sum.failed": ["Документът не е изпратен", "The document was not sent"],
    "letter.conf.heading": ["Документът е регистриран", "Your document has been registered"],
    "letter.conf.access": ["По заявлението за достъп до обществена информация общината трябва да вземе решение в 14-дневен срок от регистрацията му. Ще ви уведомим за решението.", "The municipality must decide on the request for access to public information within 14 days of its registration. We will let you know the decision."],
    "letter.conf.follow": ["Вижте документа в „Моите сигнали“", "See the document in “My signals”"],
    "letter.another": ["Нов документ", "Another document"],
    "profile.note": ["Подавате като {name} ({email}). Ще използваме данните от профила ви; можете да ги промените в ", "You are filing as {name} ({email}). We will use the details in your profile; you can change them in "],
    "profile.note.link": ["профила", "your profile"],
    "profile.note.report": ["Подавате като {name} ({email}). Името и електронната поща се вземат от профила ви и сигналът ще се появи в „Моите сигнали“.", "You are filing as {name} ({email}). Your name and e-mail come from your profile and the signal will appear in “My signals”."],

    "att.heading": ["Качване на приложенията", "Uploading the attachments"],
    "att.retry": ["Повторен опит за неуспешните файлове", "Retry the failed files"],
    "att.progress": ["Качване на файл {i} от {n}…", "Uploading file {i} of {n}…"],
    "att.summary": ["Качени файлове: {ok} от {n}.", "Files uploaded: {ok} of {n}."],
    "att.summary.failed": ["Качени файлове: {ok} от {n}. Документът е регистриран и без неуспешните файлове.", "Files uploaded: {ok} of {n}. The document is registered without the failed files."],
    "att.unsupported_type": ["приемат се само PDF, DOCX, JPEG, PNG и WebP.", "only PDF, DOCX, JPEG, PNG and WebP are accepted."],
    "att.too_large": ["файлът е по-голям от 10 MB.", "the file is larger than 10 MB."],
    "att.too_many_attachments": ["към документа вече има 5 файла.", "the document already has 5 files."],
    "att.upload_missing": ["файлът не пристигна. Опитайте отново.", "the file did not arrive. Try again."],

    "kind.letter": ["Писмо", "Letter"],
    "kind.complaint": ["Жалба", "Complaint"],
    "kind.proposal": ["Предложение", "Proposal"],
    "kind.access_request": ["Заявление за достъп до обществена информация", "Request for access to public information"],
    "status.replied": ["Регистриран отговор", "Reply registered"],
    "status.clarification_requested": ["Поискано уточнение", "Clarification requested"],
    "status.extended": ["Удължен срок", "Term extended"],
    "status.access_granted": ["Предоставен достъп", "Access granted"],
    "status.access_partly_granted": ["Предоставен частичен достъп", "Access partly granted"],
    "status.access_refused": ["Отказан достъп", "Access refused"],
    "status.forwarded_elsewhere": ["Препратено по компетентност", "Forwarded to the competent body"],
    "status.not_held": ["Информацията не е налична", "Information not held"],

    "terms.heading": ["Общи условия и уведомление за поверителност", "Terms of use and privacy notice"],
    "terms.both": ["Текстът е на български, следван от английски превод. При разлика важи българският текст.", "The text is in Bulgarian, followed by an English translation. The Bulgarian text prevails."],

    "staff.heading": ["Служебен панел", "Staff console"],
    "staff.forbidden": ["Служебният панел е само за служители на Столична община. Вашият профил няма служебни права.", "The staff console is for Sofia Municipality staff only. Your account has no staff rights."],
    "staff.queue.heading": ["Опашка за обработка", "Work queue"],
    "staff.unit": ["Звено", "Unit"],
    "staff.open": ["Отваряне по регистров номер", "Open by registry number"],
    "staff.open.submit": ["Отваряне", "Open"],
    "staff.tab": ["{status} ({n})", "{status} ({n})"],
    "staff.queue.caption": ["{unit}: {status}", "{unit}: {status}"],
    "staff.queue.loading": ["Зареждане на опашката…", "Loading the queue…"],
    "staff.queue.empty": ["Няма документи в това състояние.", "No documents in this status."],
    "staff.queue.count": ["Показани: {n}, най-старите първи.", "Shown: {n}, oldest first."],
    "staff.reload": ["Презареждане", "Reload"],
    "staff.close": ["Затваряне", "Close"],
    "staff.doc.loading": ["Зареждане на документа…", "Loading the document…"],
    "staff.doc.heading": ["{kind} № {number}", "{kind} No. {number}"],
    "staff.actions": ["Действия", "Actions"],
    "staff.no-actions": ["Няма позволени смени на състоянието.", "No status changes are allowed."],
    "staff.not-your-unit": ["Този документ не е разпределен на вашето звено.", "This document is not assigned to your unit."],
    "staff.staff-only": ["Само служители на общината имат достъп до това.", "Only municipal staff can do this."],
    "staff.not-found": ["Няма документ с този номер.", "There is no document with this number."],
    "staff.stale": ["Документът е променен от друг служител, докато го разглеждахте. Презаредете го, проверете промените и опитайте отново.", "Someone else changed the document while you were looking at it. Reload it, check the changes and try again."],
    "staff.transition": ["Тази промяна не е позволена в текущото състояние на документа.", "This change is not allowed in the document's current status."],
    "staff.done": ["Записано: {what}.", "Saved: {what}."],
    "staff.action.failed": ["Действието не е изпълнено", "The action was not carried out"],
    "staff.action.heading": ["Действието не е изпълнено. Моля, поправете следното:", "The action was not carried out. Please correct the following:"],
    "staff.choose-status": ["— Изберете състояние —", "— Choose a status —"],
    "staff.choose-unit": ["— Изберете звено —", "— Choose a unit —"],
    "staff.no-photo": ["— Без скриване на снимка —", "— Do not hide a photo —"],
    "staff.photo.option": ["Снимка {n}", "Photo {n}"],
    "staff.sender.none": ["Анонимен подател", "Anonymous sender"],
    "act.status.heading": ["Смяна на състоянието", "Change the status"],
    "act.status": ["Ново състояние", "New status"],
    "act.note.public": ["Бележка (публична)", "Note (public)"],
    "act.status.note.hint": ["Задължителна при отхвърляне, отказ на достъп, липса на компетентност и препращане: посочете причината или органа.", "Required for rejection, refused access, no competence and forwarding elsewhere: give the reason or the body."],
    "act.extension": ["Удължаване на срока", "Extension of the term"],
    "act.extension.ground": ["Основание", "Ground"],
    "act.extension.days": ["Брой дни", "Number of days"],
    "ext.large_volume": ["Голямо количество информация (до 10 дни)", "Large volume of information (up to 10 days)"],
    "ext.third_party": ["Засягат се интереси на трето лице (до 14 дни)", "Third-party interests concerned (up to 14 days)"],
    "act.status.submit": ["Смяна на състоянието", "Change the status"],
    "act.assign.heading": ["Насочване към звено", "Forward to a unit"],
    "act.assign.unit": ["Звено", "Unit"],
    "act.assign.submit": ["Насочване", "Forward"],
    "act.reply.heading": ["Отговор до подателя", "Reply to the sender"],
    "act.reply.text": ["Текст на отговора", "Text of the reply"],
    "act.reply.hint": ["Подателят ще го види в историята на документа и ще получи известие.", "The sender will see it in the document's history and be notified."],
    "act.reply.submit": ["Изпращане на отговора", "Send the reply"],
    "act.note.heading": ["Вътрешна бележка", "Internal note"],
    "act.note.text": ["Текст на бележката", "Text of the note"],
    "act.note.hint": ["Вижда се само от служителите, никога публично.", "Only staff see it, never the public."],
    "act.note.submit": ["Добавяне на бележката", "Add the note"],
    "act.duplicate.heading": ["Отбелязване като дубликат", "Mark as a duplicate"],
    "act.duplicate.of": ["Номер на оригиналния сигнал", "Number of the original signal"],
    "act.duplicate.submit": ["Отбелязване като дубликат", "Mark as a duplicate"],
    "act.moderate.heading": ["Модериране", "Moderation"],
    "act.moderate.description": ["Публично описание", "Public description"],
    "act.moderate.hint": ["Премахнете лични данни или обидни думи. Оригиналът остава видим за служителите.", "Remove personal data or offensive words. The original stays visible to staff."],
    "act.moderate.photo": ["Скриване на снимка", "Hide a photo"],
    "act.moderate.submit": ["Запазване на модерацията", "Save the moderation"],
    "act.done.status": ["новото състояние", "the new status"],
    "act.done.assign": ["насочването", "the forwarding"],
    "act.done.reply": ["отговорът", "the reply"],
    "act.done.note": ["вътрешната бележка", "the internal note"],
    "act.done.duplicate": ["отбелязването като дубликат", "the duplicate mark"],
    "act.done.moderate": ["модерацията", "the moderation"],

    "field.password": ["Парола", "Password"],
    "field.new_password": ["Нова парола", "New password"],
    "field.old_password": ["Текуща парола", "Current password"],
    "field.code": ["Код", "Code"],
    "field.accept_terms": ["Общи условия", "Terms of use"],
    "field.phone": ["Телефон", "Phone"],
    "field.address": ["Адрес", "Address"],
    "field.kind": ["Вид", "Kind"],
    "field.title": ["Относно", "Subject"],
    "field.letter": ["Текст", "Text"],
    "field.addressee": ["Адресат", "Addressee"],
    "field.files": ["Приложения", "Attachments"],
    "field.note": ["Бележка", "Note"],
    "field.text": ["Текст", "Text"],
    "field.of": ["Номер на оригинала", "Number of the original"],
    "field.unit": ["Звено", "Unit"],
    "field.status": ["Състояние", "Status"],
    "field.extension": ["Удължаване", "Extension"],
    "field.extension_ground": ["Основание", "Ground"],
    "field.extension_days": ["Брой дни", "Number of days"],
    "field.hide_photo": ["Снимка", "Photo"],
    "field.number": ["Регистров номер", "Registry number"],

    "err.email.required": ["Въведете електронната си поща.", "Enter your e-mail address."],
    "err.password.required": ["Въведете паролата.", "Enter the password."],
    "err.password.weak_password": ["Паролата трябва да е поне 10 знака и да съдържа малки латински букви и цифри.", "The password must be at least 10 characters and contain lowercase letters and digits."],
    "err.new_password.required": ["Въведете новата парола.", "Enter the new password."],
    "err.new_password.weak_password": ["Новата парола трябва да е поне 10 знака и да съдържа малки латински букви и цифри.", "The new password must be at least 10 characters and contain lowercase letters and digits."],
    "err.old_password.required": ["Въведете текущата си парола.", "Enter your current password."],
    "err.old_password.wrong_password": ["Текущата парола е грешна.", "The current password is wrong."],
    "err.code.required": ["Въведете кода от писмото.", "Enter the code from the e-mail."],
    "err.code.invalid": ["Кодът е невалиден.", "The code is not valid."],
    "err.code.invalid_code": ["Кодът е грешен или е изтекъл. Проверете го или поискайте нов.", "The code is wrong or has expired. Check it or ask for a new one."],
    "err.accept_terms.required": ["За да се регистрирате, приемете общите условия и уведомлението за поверителност.", "To register, accept the terms of use and the privacy notice."],
    "err.name.required": ["Въведете името си.", "Enter your name."],
    "err.phone.invalid": ["Въведете телефон във вида 0888 123 456 или +359 888 123 456.", "Enter a phone number like 0888 123 456 or +359 888 123 456."],
    "err.address.invalid": ["Адресът трябва да е от 3 до 300 знака.", "The address must be 3 to 300 characters."],
    "err.address.too_short": ["Адресът трябва да е поне 3 знака.", "The address must be at least 3 characters."],
    "err.address.too_long": ["Адресът може да е най-много 300 знака.", "The address can be at most 300 characters."],
    "err.kind.required": ["Изберете вид на документа.", "Choose the kind of document."],
    "err.kind.unknown": ["Изберете вид на документа от списъка.", "Choose the kind of document from the list."],
    "err.title.required": ["Напишете кратко заглавие.", "Write a short title."],
    "err.title.too_short": ["Заглавието трябва да е поне 3 знака.", "The title must be at least 3 characters."],
    "err.title.too_long": ["Заглавието може да е най-много 200 знака.", "The title can be at most 200 characters."],
    "err.letter.required": ["Напишете текста на документа.", "Write the text of the document."],
    "err.letter.too_short": ["Текстът трябва да е поне 10 знака.", "The text must be at least 10 characters."],
    "err.letter.too_long": ["Текстът може да е най-много 20 000 знака.", "The text can be at most 20,000 characters."],
    "err.addressee.unknown": ["Изберете адресат от списъка.", "Choose an addressee from the list."],
    "err.files.too_many_attachments": ["Изберете най-много 5 файла.", "Choose at most 5 files."],
    "err.files.unsupported_type": ["„{file}“ не е във формат PDF, DOCX, JPEG, PNG или WebP.", "“{file}” is not a PDF, DOCX, JPEG, PNG or WebP file."],
    "err.files.too_large": ["„{file}“ е по-голям от 10 MB.", "“{file}” is larger than 10 MB."],
    "err.files.empty": ["„{file}“ е празен файл.", "“{file}” is an empty file."],
    "err.note.required": ["За това състояние посочете причината, правното основание или органа, към който е препратено.", "For this status give the reason, the legal ground or the body it was forwarded to."],
    "err.note.too_long": ["Бележката може да е най-много 4000 знака.", "The note can be at most 4000 characters."],
    "err.text.required": ["Напишете текста.", "Write the text."],
    "err.text.too_long": ["Текстът може да е най-много 4000 знака.", "The text can be at most 4000 characters."],
    "err.of.required": ["Въведете номера на оригиналния сигнал.", "Enter the number of the original signal."],
    "err.of.invalid": ["Въведете номера във вида 2026-000001.", "Enter the number as 2026-000001."],
    "err.of.not_a_signal": ["Оригиналът трябва да е съществуващ сигнал.", "The original must be an existing signal."],
    "err.of.self": ["Сигналът не може да е дубликат на себе си.", "A signal cannot duplicate itself."],
    "err.unit.required": ["Изберете звено.", "Choose a unit."],
    "err.unit.unknown": ["Непознато звено.", "Unknown unit."],
    "err.unit.forbidden": ["Звената могат да връщат документи само към Контактния център.", "Units can only return documents to the Contact Center."],
    "err.status.required": ["Изберете ново състояние.", "Choose the new status."],
    "err.status.unknown": ["Изберете състояние от списъка.", "Choose a status from the list."],
    "err.status.use_duplicate_action": ["Дубликатите се отбелязват с действието „Отбелязване като дубликат“.", "Mark duplicates with the “Mark as a duplicate” action."],
    "err.extension.required": ["Посочете основание и брой дни за удължаването.", "Give the ground and the number of days of the extension."],
    "err.extension.invalid": ["Срокът не може да бъде удължен така: удължава се веднъж, до 10 дни при голям обем и до 14 дни при трето лице.", "The term cannot be extended like this: it is extended once, by up to 10 days for large volume and 14 days for a third party."],
    "err.extension_ground.invalid": ["Изберете основание и въведете брой дни.", "Choose a ground and enter the number of days."],
    "err.extension_days.required": ["Въведете брой дни.", "Enter the number of days."],
    "err.extension_days.invalid": ["Въведете цяло число дни: до 10 при голям обем, до 14 при трето лице.", "Enter a whole number of days: up to 10 for large volume, 14 for a third party."],
    "err.hide_photo.unknown": ["Сигналът няма такава снимка.", "The signal has no such photo."],
    "err.hide_photo.invalid": ["Изберете снимка от списъка.", "Choose a photo from the list."],
    "err.moderate.required": ["Редактирайте описанието или изберете снимка за скриване.", "Edit the description or choose a photo to hide."],
    "err.number.invalid": ["Невалиден номер. Въведете го във вида 2026-000001.", "Invalid number. Enter it as 2026-000001."],

    "field.moderate": ["Модериране", "Moderation"],
    "err.moderate.invalid": ["Описанието трябва да е от 10 до 4000 знака.", "The description must be 10 to 4000 characters."],
    "err.moderate.too_short": ["Описанието трябва да е поне 10 знака.", "The description must be at least 10 characters."],
    "err.moderate.too_long": ["Описанието може да е най-много 4000 знака.", "The description can be at most 4000 characters."],

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
      // Signed in: the /api/me/ route, which takes the name and e-mail from the profile.
      var res = isSignedIn() && cfg.meEndpoint
        ? await authJson(cfg.meEndpoint, "POST", payload)
        : await request(cfg.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(payload)
        });
      submit.disabled = false;
      form.removeAttribute("aria-busy");
      status.textContent = "";
      if (res.signedOut) return;

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

  /** Common optional text fields of both forms (name and e-mail only when not signed in). */
  function addSenderFields(payload) {
    var description = $("description").value;
    if (description.trim()) payload.description = description;
    if (isSignedIn()) return;
    var name = $("name").value.trim();
    if (name) payload.name = name;
    var email = $("email").value.trim();
    if (email) payload.email = email;
  }

  /** Signed in: hide the name and e-mail fields of report/question and say the profile's data is used. */
  function useProfileForFiling() {
    if (!isSignedIn()) return;
    var note = $("signed-in-note");
    ["name-field", "email-field"].forEach(function (id) { if ($(id)) $(id).hidden = true; });
    var profile = storeGet(PROFILE_KEY);
    function render() { if (note) renderProfileNote(note, profile, "profile.note.report", false); }
    render();
    onLangChange(render);
    if (!profile) loadProfile(false, true).then(function (p) { profile = p; render(); });
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
      meEndpoint: "/api/me/signals",
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
    useProfileForFiling();
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
      meEndpoint: "/api/me/questions",
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
    useProfileForFiling();
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
      ["signal", "not-found", "invalid-link", "track-error", "sender-data", "signal-photos", "signal-attachments", "signal-history", "reopen"].forEach(function (id) {
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

      $("signal-title").textContent = data.title || "";
      row("signal-title", !!data.title);
      var dueBox = $("signal-due");
      clear(dueBox);
      if (data.due && data.due.date) dueBox.appendChild(dueNode(data.due));
      row("signal-due", !!dueBox.firstChild);
      var dupOf = $("signal-duplicate-of");
      clear(dupOf);
      if (data.duplicate_of) dupOf.appendChild(numberLink(data.duplicate_of, trackHref(data.duplicate_of)));
      row("signal-duplicate-of", !!data.duplicate_of);
      var dups = $("signal-duplicates");
      clear(dups);
      (Array.isArray(data.duplicates) ? data.duplicates : []).forEach(function (n, i) {
        if (i) dups.appendChild(document.createTextNode(", "));
        dups.appendChild(numberLink(n, trackHref(n)));
      });
      row("signal-duplicates", !!dups.firstChild);

      var attachments = Array.isArray(data.attachments) ? data.attachments : [];
      var attList = $("signal-attachment-list");
      clear(attList);
      var built = attachmentList(attachments);
      while (built.firstChild) attList.appendChild(built.firstChild);
      $("signal-attachments").hidden = !attachments.length;

      if (data.viewer === "sender" && data.sender) {
        $("sender-email").textContent = data.sender.email || t("track.not-given");
        $("sender-name").textContent = data.sender.name || t("track.not-given");
        $("sender-phone").textContent = data.sender.phone || "";
        $("sender-address").textContent = data.sender.address || "";
        $("sender-phone-row").hidden = !data.sender.phone;
        $("sender-address-row").hidden = !data.sender.address;
        $("sender-data").hidden = false;
      }

      var history = Array.isArray(data.history) ? data.history : [];
      renderTimeline($("signal-history-list"), history, { staff: false, href: trackHref, unitName: trackUnitName });
      $("signal-history").hidden = !history.length;

      $("reopen").hidden = !(data.viewer === "sender" && token && data.status === "resolved" && data.kind === "signal");
      renderReopen();
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

    // Unit names in the history come from the catalogue.
    var trackCatalogue = null;
    function trackUnitName(id) { return catUnitName(trackCatalogue, id); }
    getCatalogue().then(function (got) {
      trackCatalogue = got.catalogue;
      if (state && state.result.ok) render();
    });

    // ---- reopen (the sender, a resolved signal, within 30 days)
    var reopenState = null; // {sending} | {done} | {result}
    function renderReopen() {
      var st = $("reopen-status");
      var err = $("reopen-error");
      clear(err);
      err.hidden = true;
      st.textContent = "";
      $("reopen-button").disabled = !!(reopenState && reopenState.sending);
      if (!reopenState) return;
      if (reopenState.sending) st.textContent = t("reopen.sending");
      else if (reopenState.result) {
        var r = reopenState.result;
        err.appendChild(el("p", null, r.status === 409 ? t("reopen.conflict") : (r.status === 403 || r.status === 401 ? t("reopen.forbidden") : problemMessage(r))));
        err.hidden = false;
      }
    }
    $("reopen-button").addEventListener("click", async function () {
      if (reopenState && reopenState.sending) return;
      reopenState = { sending: true };
      renderReopen();
      var res = await request("/api/documents/" + encodeURIComponent(number) + "/reopen", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Access-Token": token },
        body: "{}"
      });
      if (res.ok) {
        reopenState = null;
        await load();
        $("track-status").textContent = t("reopen.done");
        var heading = $("signal-heading");
        heading.tabIndex = -1;
        heading.focus();
      } else {
        reopenState = { result: res };
        renderReopen();
      }
    });

    async function load() {
      var status = $("track-status");
      status.textContent = t("track.loading");
      var headers = {};
      if (token) headers["X-Access-Token"] = token;
      var res = await request("/api/documents/" + encodeURIComponent(number), { headers: headers });
      status.textContent = "";
      state = { result: res };
      render();
      if (res.status === 400) input.focus();
    }
    load();
    // The same page opened with an access link (#token=…) does not reload by itself.
    window.addEventListener("hashchange", function () { window.location.reload(); });
  }

  // ------------------------------------------------------------- session
  // Tokens from login live in sessionStorage: gone when the tab closes, never sent to other origins.
  var TOKENS_KEY = "scc-tokens";
  var PROFILE_KEY = "scc-profile";

  function storeGet(key) {
    try {
      var v = window.sessionStorage.getItem(key);
      return v ? JSON.parse(v) : null;
    } catch (e) {
      return null;
    }
  }

  function storeSet(key, value) {
    try { window.sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage unavailable */ }
  }

  function storeRemove(key) {
    try { window.sessionStorage.removeItem(key); } catch (e) { /* storage unavailable */ }
  }

  function getTokens() {
    var tk = storeGet(TOKENS_KEY);
    return tk && typeof tk === "object" && typeof tk.access_token === "string" && tk.access_token ? tk : null;
  }

  function isSignedIn() { return !!getTokens(); }

  /** Keeps the tokens of a login or refresh answer; a refresh answer may leave out the refresh token. */
  function saveTokens(data) {
    var old = getTokens() || {};
    var secs = Number(data.expires_in);
    storeSet(TOKENS_KEY, {
      id_token: data.id_token || old.id_token || "",
      access_token: data.access_token,
      refresh_token: data.refresh_token || old.refresh_token || "",
      expires_at: Date.now() + (secs > 0 ? secs : 3600) * 1000
    });
  }

  function clearSession() {
    storeRemove(TOKENS_KEY);
    storeRemove(PROFILE_KEY);
  }

  /** The payload of a JWT (base64url middle part), or {} when it cannot be read. Not verified: display only. */
  function jwtClaims(token) {
    try {
      var part = String(token || "").split(".")[1] || "";
      var b64 = part.replace(/-/g, "+").replace(/_/g, "/");
      while (b64.length % 4) b64 += "=";
      var bin = window.atob(b64);
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var text = typeof TextDecoder !== "undefined" ? new TextDecoder("utf-8").decode(bytes) : bin;
      var claims = JSON.parse(text);
      return claims && typeof claims === "object" ? claims : {};
    } catch (e) {
      return {};
    }
  }

  function idClaims() {
    var tk = getTokens();
    return tk ? jwtClaims(tk.id_token) : {};
  }

  /** Staff roles from the ID token's groups (for what to show; the API checks every call itself). */
  function staffRoles() {
    var groups = idClaims()["cognito:groups"];
    if (typeof groups === "string") groups = groups.split(/[\s,]+/);
    if (!Array.isArray(groups)) groups = [];
    var roles = { operator: false, admin: false, units: [] };
    groups.forEach(function (g) {
      g = String(g);
      if (g === "operators") roles.operator = true;
      else if (g === "admins") roles.admin = true;
      else if (g.indexOf("unit-") === 0 && g.length > 5) roles.units.push(g.slice(5));
    });
    roles.all = roles.operator || roles.admin;
    roles.staff = roles.all || roles.units.length > 0;
    return roles;
  }

  function currentPage() {
    var path = window.location.pathname.split("/").pop() || "index.html";
    return path + window.location.search;
  }

  /** A page to return to after signing in: only one of this site's own pages. */
  function safeNext(value) {
    var v = String(value || "");
    return /^[a-z][a-z0-9-]*\.html(\?[^#\s\\]*)?$/i.test(v) ? v : "";
  }

  function loginHref(next) {
    return "login.html?next=" + encodeURIComponent(next || currentPage());
  }

  /** To the login page, coming back here afterwards; expired: a session ended (not just never started). */
  function goToLogin(expired) {
    clearSession();
    window.location.assign(loginHref() + (expired ? "&expired=1" : ""));
  }

  var refreshing = null;
  /** Asks for new tokens once; resolves to "ok", "failed" or "network". Concurrent callers share one call. */
  function refreshSession() {
    if (!refreshing) {
      refreshing = (async function () {
        var tk = getTokens();
        if (!tk || !tk.refresh_token) return "failed";
        var res = await request("/api/account/refresh", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: tk.refresh_token })
        });
        if (res.ok && res.data && typeof res.data.access_token === "string") {
          saveTokens(res.data);
          return "ok";
        }
        return res.status === 0 || res.status >= 500 ? "network" : "failed";
      })();
      refreshing.then(function () { refreshing = null; });
    }
    return refreshing;
  }

  /**
   * request() for the signed-in routes: sends the bearer token; on 401 refreshes once and retries, else clears
   * the session and goes to the login page (options.quiet: just clear, stay). The result has signedOut set then.
   */
  async function authRequest(url, options) {
    options = options || {};
    var quiet = !!options.quiet;
    function signedOut(res) {
      if (quiet) clearSession();
      else goToLogin(true);
      var out = res || { ok: false, status: 401, data: null, retryAfter: null };
      out.signedOut = true;
      return out;
    }
    function send() {
      var headers = {};
      Object.keys(options.headers || {}).forEach(function (k) { headers[k] = options.headers[k]; });
      headers["Authorization"] = "Bearer " + (getTokens() || {}).access_token;
      return request(url, { method: options.method, headers: headers, body: options.body });
    }
    var tk = getTokens();
    if (!tk) return signedOut(null);
    var refreshed = false;
    if (Number(tk.expires_at) && Number(tk.expires_at) < Date.now() + 30000) {
      var early = await refreshSession();
      refreshed = true;
      if (early === "failed") return signedOut(null);
    }
    var res = await send();
    if (res.status !== 401) return res;
    if (!refreshed) {
      var outcome = await refreshSession();
      if (outcome === "ok") {
        res = await send();
        if (res.status !== 401) return res;
      } else if (outcome === "network") {
        return { ok: false, status: 0, data: null, retryAfter: null };
      }
    }
    return signedOut(res);
  }

  /** The signed-in user's profile, cached for the tab; null when it cannot be read. */
  async function loadProfile(force, quiet) {
    if (!force) {
      var cached = storeGet(PROFILE_KEY);
      if (cached && typeof cached === "object" && cached.email) return cached;
    }
    var res = await authRequest("/api/account/profile", { quiet: quiet });
    if (res.ok && res.data && typeof res.data === "object") {
      storeSet(PROFILE_KEY, res.data);
      return res.data;
    }
    return null;
  }

  async function signOut() {
    var tk = getTokens();
    if (tk) {
      await request("/api/account/logout", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + tk.access_token },
        body: "{}"
      });
    }
    clearSession();
    window.location.assign("login.html?signed_out=1");
  }

  // ------------------------------------------------------ header account links
  var AUTH_PAGES = { "login.html": true, "register.html": true, "confirm.html": true, "forgot.html": true, "reset.html": true };

  function renderAccountNav() {
    var nav = $("account-nav");
    if (!nav) return;
    clear(nav);
    nav.setAttribute("aria-label", t("nav.account"));
    var here = (window.location.pathname.split("/").pop() || "index.html").toLowerCase();
    var list = el("ul", "account-links");
    function add(node, className) {
      var li = el("li", className);
      li.appendChild(node);
      list.appendChild(li);
    }
    function link(id, href, key) {
      var a = el("a", null, t(key));
      a.id = id;
      a.href = href;
      if (href.split("?")[0].toLowerCase() === here) a.setAttribute("aria-current", "page");
      add(a);
    }
    if (isSignedIn()) {
      var profile = storeGet(PROFILE_KEY);
      var name = (profile && (profile.name || profile.email)) || idClaims().name || idClaims().email || "";
      var who = el("span", "account-name");
      who.id = "account-name";
      who.appendChild(el("span", "visually-hidden", t("nav.signed-in-as") + " "));
      who.appendChild(document.createTextNode(name));
      add(who, "account-who");
      link("nav-my", "my.html", "nav.my");
      link("nav-profile", "profile.html", "nav.profile");
      if (staffRoles().staff) link("nav-staff", "staff.html", "nav.staff");
      var out = el("button", "link-button", t("nav.signout"));
      out.type = "button";
      out.id = "nav-signout";
      out.addEventListener("click", function () {
        out.disabled = true;
        signOut();
      });
      add(out);
    } else {
      link("nav-login", AUTH_PAGES[here] ? "login.html" : loginHref(), "nav.login");
      link("nav-register", "register.html", "nav.register");
    }
    nav.appendChild(list);
  }

  function initAccountNav() {
    renderAccountNav();
    onLangChange(renderAccountNav);
    if (isSignedIn() && !storeGet(PROFILE_KEY)) {
      loadProfile(false, true).then(renderAccountNav);
    }
  }

  // ------------------------------------------------------------ generic forms
  /**
   * The forms of the account, letter and staff pages: client checks, sending, field errors beside the fields
   * (box id = input id + "-error") and in the summary, translated problems; re-rendered on language change.
   * cfg: form, submit, status, summary, fields {apiField: inputId}, labels {apiField: messageField},
   *   headingKey, failedKey, build(localErrors) → payload, send(payload) → result,
   *   done(result) → true when handled (success), problemKey(result) → T key of a known failure or "".
   */
  var summaryOwners = typeof WeakMap !== "undefined" ? new WeakMap() : null;

  function makeForm(cfg) {
    var me = {};
    var state = null; // {errors} | {key, vars} | {result}
    var sending = false;
    var labels = cfg.labels || {};
    var inputIds = Object.keys(cfg.fields).map(function (f) { return cfg.fields[f]; });

    function msgField(field) { return labels[field] || field; }

    function clearErrors() {
      inputIds.forEach(function (id) {
        var input = $(id);
        if (input) input.removeAttribute("aria-invalid");
        var box = $(id + "-error");
        if (box) box.textContent = "";
      });
      // Several forms may share one summary (staff actions): only its last user clears it.
      if (!summaryOwners || !summaryOwners.has(cfg.summary) || summaryOwners.get(cfg.summary) === me) clear(cfg.summary);
    }

    function render(moveFocus) {
      if (state && summaryOwners) summaryOwners.set(cfg.summary, me);
      clearErrors();
      if (!state) return;
      if (state.errors) {
        var list = el("ul");
        var firstInput = null;
        state.errors.forEach(function (err) {
          var field = String(err.field || "");
          var mf = msgField(field);
          var msg = fieldErrorMessage(mf, String(err.code || ""), err.vars);
          var id = cfg.fields[field];
          var input = id ? $(id) : null;
          var li = el("li");
          if (input) {
            var box = $(id + "-error");
            if (box) box.textContent = box.textContent ? box.textContent + " " + msg : msg;
            input.setAttribute("aria-invalid", "true");
            if (!firstInput || inputIds.indexOf(id) < inputIds.indexOf(firstInput.id)) firstInput = input;
            var a = el("a", null, fieldLabel(mf) + ": " + msg);
            a.href = "#" + id;
            a.addEventListener("click", function (ev) {
              ev.preventDefault();
              input.focus();
            });
            li.appendChild(a);
          } else {
            li.textContent = (field && field !== "version" ? fieldLabel(mf) + ": " : "") + msg;
          }
          list.appendChild(li);
        });
        cfg.summary.appendChild(el("h2", null, t(cfg.headingKey || "form.heading")));
        cfg.summary.appendChild(list);
        if (moveFocus) {
          if (firstInput) firstInput.focus();
          else cfg.summary.focus();
        }
        return;
      }
      cfg.summary.appendChild(el("h2", null, t(cfg.failedKey || "form.failed")));
      cfg.summary.appendChild(el("p", null, state.key ? t(state.key, state.vars) : problemMessage(state.result)));
      if (moveFocus) cfg.summary.focus();
    }

    function show(next, moveFocus) {
      state = next;
      render(moveFocus);
    }

    cfg.form.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      if (sending) return;
      state = null;
      clearErrors();
      var localErrors = [];
      var payload = cfg.build(localErrors);
      if (localErrors.length) {
        show({ errors: localErrors }, true);
        return;
      }
      sending = true;
      if (cfg.submit) cfg.submit.disabled = true;
      cfg.form.setAttribute("aria-busy", "true");
      if (cfg.status) cfg.status.textContent = t("form.sending");
      var res = await cfg.send(payload);
      sending = false;
      if (cfg.submit) cfg.submit.disabled = false;
      cfg.form.removeAttribute("aria-busy");
      if (cfg.status) cfg.status.textContent = "";
      if (res.signedOut) return; // on the way to the login page
      if (cfg.done(res)) return;
      var key = cfg.problemKey ? cfg.problemKey(res) : "";
      if (key) show({ key: key }, true);
      else if ((res.status === 422 || res.status === 400 || res.status === 409) && problemErrors(res)) show({ errors: res.data.errors }, true);
      else show({ result: res }, true);
    });

    onLangChange(function () {
      render(false);
      if (sending && cfg.status) cfg.status.textContent = t("form.sending");
    });

    return {
      show: function (key, vars) { show({ key: key, vars: vars }, true); },
      showErrors: function (errors) { show({ errors: errors }, true); },
      reset: function () { state = null; clearErrors(); }
    };
  }

  function postJson(url, body) {
    return request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  function authJson(url, method, body) {
    return authRequest(url, { method: method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  function problemType(res) {
    var type = res && res.data && typeof res.data.type === "string" ? res.data.type : "";
    return type.replace(/^.*\/problems\//, "");
  }

  function requireValue(errors, field, value) {
    if (!String(value || "").trim()) errors.push({ field: field, code: "required" });
  }

  /** The password policy, checked before sending: at least 10 characters, lowercase letters and digits. */
  function weakPassword(value) {
    return value.length < 10 || !/[a-z]/.test(value) || !/[0-9]/.test(value);
  }

  function queryParam(name) {
    return new URLSearchParams(window.location.search).get(name) || "";
  }

  function showNotice(box, key) {
    if (!box) return;
    box.textContent = t(key);
    box.hidden = false;
    onLangChange(function () { box.textContent = t(key); });
  }

  // ----------------------------------------------------------- login page
  function initLogin() {
    var emailIn = $("login-email");
    var pwIn = $("login-password");
    var next = safeNext(queryParam("next"));
    emailIn.value = queryParam("email");
    if (queryParam("signed_out")) showNotice($("login-notice"), "login.signed-out");
    else if (queryParam("confirmed")) showNotice($("login-notice"), "login.confirmed");
    else if (queryParam("reset")) showNotice($("login-notice"), "login.reset");
    else if (queryParam("expired")) showNotice($("login-notice"), "login.expired");
    var reg = $("login-register-link");
    if (next) reg.href = "register.html?next=" + encodeURIComponent(next);

    makeForm({
      form: $("login-form"),
      submit: $("login-submit"),
      status: $("login-status"),
      summary: $("error-summary"),
      fields: { email: "login-email", password: "login-password" },
      failedKey: "login.failed",
      build: function (errors) {
        requireValue(errors, "email", emailIn.value);
        requireValue(errors, "password", pwIn.value);
        return { email: emailIn.value.trim(), password: pwIn.value };
      },
      send: function (payload) { return postJson("/api/account/login", payload); },
      done: function (res) {
        if (res.ok && res.data && res.data.access_token) {
          saveTokens(res.data);
          storeRemove(PROFILE_KEY);
          var dest = next || (staffRoles().staff ? "staff.html" : "my.html");
          loadProfile(true, true).then(function () { window.location.assign(dest); });
          return true;
        }
        if (res.status === 403 && problemType(res) === "not-confirmed") {
          window.location.assign("confirm.html?email=" + encodeURIComponent(emailIn.value.trim()) + (next ? "&next=" + encodeURIComponent(next) : ""));
          return true;
        }
        return false;
      },
      problemKey: function (res) {
        if (res.status === 401) return "login.wrong";
        if (res.status === 429) return "login.too-many";
        return "";
      }
    });
    if (emailIn.value) pwIn.focus();
  }

  // -------------------------------------------------------- register page
  function initRegister() {
    var ids = { name: "register-name", email: "register-email", password: "register-password", phone: "register-phone", address: "register-address", accept_terms: "accept_terms" };
    var next = safeNext(queryParam("next"));
    makeForm({
      form: $("register-form"),
      submit: $("register-submit"),
      status: $("register-status"),
      summary: $("error-summary"),
      fields: ids,
      failedKey: "register.failed",
      build: function (errors) {
        var p = {
          name: $(ids.name).value.trim(),
          email: $(ids.email).value.trim(),
          password: $(ids.password).value,
          accept_terms: $(ids.accept_terms).checked
        };
        var phone = $(ids.phone).value.trim();
        var address = $(ids.address).value.trim();
        if (phone) p.phone = phone;
        if (address) p.address = address;
        requireValue(errors, "name", p.name);
        requireValue(errors, "email", p.email);
        if (!p.password) errors.push({ field: "password", code: "required" });
        else if (weakPassword(p.password)) errors.push({ field: "password", code: "weak_password" });
        if (!p.accept_terms) errors.push({ field: "accept_terms", code: "required" });
        return p;
      },
      send: function (payload) { return postJson("/api/account/register", payload); },
      done: function (res) {
        if (res.status === 202 || res.ok) {
          window.location.assign("confirm.html?email=" + encodeURIComponent($(ids.email).value.trim()) + (next ? "&next=" + encodeURIComponent(next) : ""));
          return true;
        }
        return false;
      }
    });
  }

  // --------------------------------------------------------- confirm page
  function initConfirm() {
    var emailIn = $("confirm-email");
    var codeIn = $("confirm-code");
    var next = safeNext(queryParam("next"));
    emailIn.value = queryParam("email");
    makeForm({
      form: $("confirm-form"),
      submit: $("confirm-submit"),
      status: $("confirm-status"),
      summary: $("error-summary"),
      fields: { email: "confirm-email", code: "confirm-code" },
      failedKey: "confirm.failed",
      build: function (errors) {
        requireValue(errors, "email", emailIn.value);
        requireValue(errors, "code", codeIn.value);
        return { email: emailIn.value.trim(), code: codeIn.value.trim() };
      },
      send: function (payload) { return postJson("/api/account/confirm", payload); },
      done: function (res) {
        if (!res.ok) return false;
        var link = $("confirm-login-link");
        link.href = "login.html?confirmed=1&email=" + encodeURIComponent(emailIn.value.trim()) + (next ? "&next=" + encodeURIComponent(next) : "");
        $("confirm-form").hidden = true;
        $("confirm-sent").hidden = true;
        var done = $("confirm-done");
        done.hidden = false;
        done.focus();
        return true;
      },
      problemKey: function (res) { return res.status === 429 ? "login.too-many" : ""; }
    });
    (emailIn.value ? codeIn : emailIn).focus();
  }

  // ---------------------------------------------------------- forgot page
  function initForgot() {
    var emailIn = $("forgot-email");
    emailIn.value = queryParam("email");
    makeForm({
      form: $("forgot-form"),
      submit: $("forgot-submit"),
      status: $("forgot-status"),
      summary: $("error-summary"),
      fields: { email: "forgot-email" },
      failedKey: "forgot.failed",
      build: function (errors) {
        requireValue(errors, "email", emailIn.value);
        return { email: emailIn.value.trim() };
      },
      send: function (payload) { return postJson("/api/account/forgot-password", payload); },
      done: function (res) {
        if (!res.ok) return false;
        window.location.assign("reset.html?sent=1&email=" + encodeURIComponent(emailIn.value.trim()));
        return true;
      }
    });
    $("forgot-reset-link").addEventListener("click", function () {
      var v = emailIn.value.trim();
      if (v) this.href = "reset.html?email=" + encodeURIComponent(v);
    });
  }

  // ----------------------------------------------------------- reset page
  function initReset() {
    var emailIn = $("reset-email");
    var codeIn = $("reset-code");
    var pwIn = $("reset-password");
    emailIn.value = queryParam("email");
    if (queryParam("sent")) $("reset-sent").hidden = false;
    makeForm({
      form: $("reset-form"),
      submit: $("reset-submit"),
      status: $("reset-status"),
      summary: $("error-summary"),
      fields: { email: "reset-email", code: "reset-code", new_password: "reset-password" },
      failedKey: "reset.failed",
      build: function (errors) {
        requireValue(errors, "email", emailIn.value);
        requireValue(errors, "code", codeIn.value);
        if (!pwIn.value) errors.push({ field: "new_password", code: "required" });
        else if (weakPassword(pwIn.value)) errors.push({ field: "new_password", code: "weak_password" });
        return { email: emailIn.value.trim(), code: codeIn.value.trim(), new_password: pwIn.value };
      },
      send: function (payload) { return postJson("/api/account/reset-password", payload); },
      done: function (res) {
        if (!res.ok) return false;
        $("reset-login-link").href = "login.html?reset=1&email=" + encodeURIComponent(emailIn.value.trim());
        $("reset-form").hidden = true;
        $("reset-sent").hidden = true;
        var done = $("reset-done");
        done.hidden = false;
        done.focus();
        return true;
      },
      problemKey: function (res) { return res.status === 429 ? "login.too-many" : ""; }
    });
    if (emailIn.value) codeIn.focus();
  }

  // --------------------------------------------------------- profile page
  function initProfile() {
    if (!isSignedIn()) { goToLogin(); return; }
    var loading = $("profile-loading");
    var errBox = $("profile-error");
    var nameIn = $("profile-name");
    var phoneIn = $("profile-phone");
    var addressIn = $("profile-address");
    var saved = false;
    var loadState = null;

    function fill(p) {
      $("profile-email").textContent = p.email || "";
      nameIn.value = p.name || "";
      phoneIn.value = p.phone || "";
      addressIn.value = p.address || "";
    }

    function renderLoad() {
      clear(errBox);
      errBox.hidden = true;
      loading.textContent = loadState === null ? t("profile.loading") : "";
      if (loadState && loadState.failed) {
        errBox.appendChild(el("p", null, problemMessage(loadState.failed)));
        errBox.hidden = false;
      }
      $("profile-status").textContent = saved ? t("profile.saved") : "";
    }
    onLangChange(renderLoad);
    renderLoad();

    (async function () {
      var res = await authRequest("/api/account/profile");
      if (res.signedOut) return;
      if (res.ok && res.data) {
        storeSet(PROFILE_KEY, res.data);
        fill(res.data);
        loadState = {};
      } else {
        loadState = { failed: res };
      }
      renderLoad();
      renderAccountNav();
    })();

    makeForm({
      form: $("profile-form"),
      submit: $("profile-submit"),
      status: $("profile-status"),
      summary: $("error-summary"),
      fields: { name: "profile-name", phone: "profile-phone", address: "profile-address" },
      failedKey: "profile.failed",
      build: function (errors) {
        saved = false;
        $("profile-status").textContent = "";
        requireValue(errors, "name", nameIn.value);
        return { name: nameIn.value.trim(), phone: phoneIn.value.trim(), address: addressIn.value.trim() };
      },
      send: function (payload) { return authJson("/api/account/profile", "PUT", payload); },
      done: function (res) {
        if (!(res.ok && res.data)) return false;
        storeSet(PROFILE_KEY, res.data);
        fill(res.data);
        saved = true;
        $("profile-status").textContent = t("profile.saved");
        renderAccountNav();
        return true;
      }
    });

    var cpDone = false;
    var oldIn = $("change-password-old");
    var newIn = $("change-password-new");
    makeForm({
      form: $("change-password-form"),
      submit: $("change-password-submit"),
      status: $("change-password-status"),
      summary: $("change-password-summary"),
      fields: { old_password: "change-password-old", new_password: "change-password-new" },
      failedKey: "cp.failed",
      build: function (errors) {
        cpDone = false;
        $("change-password-status").textContent = "";
        if (!oldIn.value) errors.push({ field: "old_password", code: "required" });
        if (!newIn.value) errors.push({ field: "new_password", code: "required" });
        else if (weakPassword(newIn.value)) errors.push({ field: "new_password", code: "weak_password" });
        return { old_password: oldIn.value, new_password: newIn.value };
      },
      send: function (payload) { return authJson("/api/account/change-password", "POST", payload); },
      done: function (res) {
        if (!res.ok) return false;
        oldIn.value = "";
        newIn.value = "";
        cpDone = true;
        $("change-password-status").textContent = t("cp.done");
        return true;
      },
      problemKey: function (res) { return res.status === 429 ? "login.too-many" : ""; }
    });
    onLangChange(function () { $("change-password-status").textContent = cpDone ? t("cp.done") : ""; });

    $("profile-signout").addEventListener("click", function () {
      this.disabled = true;
      signOut();
    });
  }

  // ------------------------------------------------- shared document views
  function fmtDateTime(iso) {
    var d = new Date(String(iso || ""));
    if (isNaN(d.getTime())) return String(iso || "");
    try {
      return new Intl.DateTimeFormat(locale(), {
        timeZone: "Europe/Sofia", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit"
      }).format(d);
    } catch (e) {
      return d.toISOString();
    }
  }

  function fmtSize(bytes) {
    var n = Number(bytes) || 0;
    if (n >= 1024 * 1024) return t("size.mb", { n: fmtDecimal(n / (1024 * 1024)) });
    return t("size.kb", { n: fmtInt(Math.max(1, Math.round(n / 1024))) });
  }

  function overdueBadge() {
    return el("span", "badge badge-overdue", t("badge.overdue"));
  }

  /** "dd.mm.yyyy" of a due {date, overdue}, with the overdue badge. */
  function dueNode(due) {
    var span = el("span", "due");
    if (!due || !due.date) return span;
    span.appendChild(document.createTextNode(fmtDate(due.date)));
    if (due.overdue) {
      span.appendChild(document.createTextNode(" "));
      span.appendChild(overdueBadge());
    }
    return span;
  }

  function numberLink(number, href) {
    var a = el("a", null, t("track.no") + " " + number);
    a.href = href;
    return a;
  }

  /** A change of the history in words: an array of nodes. ctx: unitName(id), href(number). */
  function describeChange(change, ctx) {
    change = change || {};
    var type = String(change.type || "");
    var nodes = [];
    function text(s) { nodes.push(document.createTextNode(s)); }
    if (type === "assigned") text(t("history.assigned", { to: ctx.unitName(change.to) }));
    else if (type === "status_changed") text(t("history.status", { from: statusLabel(change.from), to: statusLabel(change.to) }));
    else if (type === "reply") text(t("history.reply"));
    else if (type === "marked_duplicate" && change.of) {
      text(t("history.marked_duplicate"));
      var a = el("a", null, String(change.of));
      a.href = ctx.href(change.of);
      nodes.push(a);
    } else if (type === "duplicate_linked" && change.duplicate) {
      text(t("history.duplicate_linked"));
      var b = el("a", null, String(change.duplicate));
      b.href = ctx.href(change.duplicate);
      nodes.push(b);
    } else if (type === "reopened") text(t("history.reopened"));
    else if (type === "internal_note") text(t("history.internal_note"));
    else if (type === "moderated") {
      var bits = [];
      if (change.description_edited) bits.push(t("history.moderated.description"));
      if (change.hidden_photo) bits.push(t("history.moderated.photo"));
      text(t("history.moderated") + (bits.length ? ": " + bits.join(", ") : ""));
    } else text(t("history.other"));
    return nodes;
  }

  /** Fills an <ol> with the history, oldest first. ctx: staff (events carry actor/internal), unitName, href. */
  function renderTimeline(list, events, ctx) {
    clear(list);
    events = Array.isArray(events) ? events : [];
    if (!events.length) {
      list.appendChild(el("li", "timeline-empty", t("history.empty")));
      return;
    }
    events.forEach(function (ev) {
      if (!ev || typeof ev !== "object") return;
      var internal = !!ev.internal || (ev.change && ev.change.type === "internal_note");
      var li = el("li", "timeline-item" + (internal ? " timeline-internal" : ""));
      var meta = el("p", "timeline-meta");
      var time = el("time", null, fmtDateTime(ev.at));
      time.dateTime = String(ev.at || "");
      meta.appendChild(time);
      var who;
      if (ev.actor && typeof ev.actor === "object") {
        who = ev.actor.type === "sender" ? t("history.by.sender") : (ev.actor.name || t("history.by.municipality"));
      } else {
        who = ev.by === "sender" ? t("history.by.sender") : t("history.by.municipality");
      }
      meta.appendChild(document.createTextNode(" · " + who));
      li.appendChild(meta);
      if (internal && ctx.staff) li.appendChild(el("p", "badge badge-internal", t("history.internal")));
      if (!(internal && ev.change && ev.change.type === "internal_note")) {
        var what = el("p", "timeline-change");
        describeChange(ev.change, ctx).forEach(function (n) { what.appendChild(n); });
        li.appendChild(what);
      }
      if (typeof ev.text === "string" && ev.text) li.appendChild(el("p", "timeline-text prewrap", ev.text));
      list.appendChild(li);
    });
  }

  function detailRow(dl, labelKey, value) {
    if (value === null || value === undefined || value === "") return;
    var div = el("div");
    div.appendChild(el("dt", null, t(labelKey)));
    var dd = el("dd");
    if (typeof value === "object" && value.nodeType) dd.appendChild(value);
    else dd.textContent = String(value);
    div.appendChild(dd);
    dl.appendChild(div);
    return dd;
  }

  function codeName(v) { return v ? (pick(v.name) || v.id || "") : ""; }

  function locationText(l) {
    if (!l) return "";
    var bits = [];
    if (l.point && l.point.lat != null && l.point.lon != null) bits.push(t("track.coords") + " " + l.point.lat + ", " + l.point.lon);
    if (l.address) bits.push(t("track.address") + " " + l.address);
    return bits.join("; ");
  }

  function attachmentList(attachments, idPrefix) {
    var ul = el("ul", "attachment-list");
    (Array.isArray(attachments) ? attachments : []).forEach(function (a) {
      if (!a) return;
      var li = el("li");
      var url = safeUrl(a.download_url);
      var label = t("doc.download", { file: a.file_name || "", size: fmtSize(a.size) });
      if (url) {
        var link = el("a", null, label);
        link.href = url;
        link.setAttribute("download", a.file_name || "");
        link.rel = "noopener";
        li.appendChild(link);
      } else {
        li.textContent = label;
      }
      ul.appendChild(li);
    });
    if (idPrefix) ul.id = idPrefix + "-attachments";
    return ul;
  }

  /**
   * The full view of a document (the owner's or staff's): details, photos, attachments, sender data.
   * ctx: idPrefix, href(number) for duplicate links, original (staff: the description before moderation),
   * hiddenCount, overdue (staff), catalogue.
   */
  function renderDocDetails(box, d, ctx) {
    clear(box);
    var p = ctx.idPrefix;
    var dl = el("dl", "details");
    dl.id = p + "-details";
    detailRow(dl, "doc.registered", d.registered_on || fmtDateTime(d.registered_at));
    var st = el("span", "status-label", pick(d.status_label) || statusLabel(d.status));
    var stWrap = el("span");
    stWrap.appendChild(st);
    if (ctx.overdue) {
      stWrap.appendChild(document.createTextNode(" "));
      stWrap.appendChild(overdueBadge());
    }
    detailRow(dl, "track.status", stWrap);
    detailRow(dl, "f.title", d.title);
    detailRow(dl, "f.topic", codeName(d.topic));
    detailRow(dl, "f.category", codeName(d.category));
    detailRow(dl, "f.type", codeName(d.type));
    detailRow(dl, "f.location", locationText(d.location));
    detailRow(dl, "f.district", d.district ? (d.district.id === "unknown" ? t("district.unknown") : codeName(d.district)) : "");
    if (d.unit && d.unit.id) {
      var ua = el("a", null, codeName(d.unit));
      ua.href = "units.html#" + unitAnchor(d.unit.id);
      detailRow(dl, "track.unit", ua);
    }
    if (d.due && d.due.date) detailRow(dl, "doc.due", dueNode(d.due));
    if (d.duplicate_of) detailRow(dl, "doc.duplicate-of", numberLink(d.duplicate_of, ctx.href(d.duplicate_of)));
    if (Array.isArray(d.duplicates) && d.duplicates.length) {
      var dups = el("span");
      d.duplicates.forEach(function (n, i) {
        if (i) dups.appendChild(document.createTextNode(", "));
        dups.appendChild(numberLink(n, ctx.href(n)));
      });
      detailRow(dl, "doc.duplicates", dups);
    }
    var descKey = d.kind === "question" ? "track.question" : (d.kind === "signal" ? "track.description" : "f.text");
    var desc = detailRow(dl, descKey, d.description);
    if (desc) desc.className = "prewrap";
    if (ctx.original) {
      var orig = detailRow(dl, "doc.original", ctx.original);
      if (orig) orig.className = "prewrap original";
    }
    box.appendChild(dl);

    var photos = Array.isArray(d.photos) ? d.photos : [];
    if (photos.length || ctx.hiddenCount) {
      var ph = el("div", "signal-photos");
      var h = el("h3", null, t("track.photos"));
      h.id = p + "-photos-heading";
      ph.appendChild(h);
      var grid = el("ul", "photo-grid");
      grid.setAttribute("aria-labelledby", h.id);
      photos.forEach(function (photo, i) {
        var full = safeUrl(photo && photo.url);
        var thumb = safeUrl(photo && photo.thumbnail_url) || full;
        if (!thumb) return;
        var li = el("li");
        var img = el("img");
        img.src = thumb;
        img.alt = t("doc.photo.alt", { n: i + 1, number: d.number || "" });
        img.loading = "lazy";
        if (full) {
          var a = el("a");
          a.href = full;
          a.appendChild(img);
          li.appendChild(a);
        } else li.appendChild(img);
        li.appendChild(el("span", "photo-caption", t("staff.photo.option", { n: i + 1 })));
        grid.appendChild(li);
      });
      ph.appendChild(grid);
      if (ctx.hiddenCount) ph.appendChild(el("p", "hint", ctx.hiddenCount + " × " + t("doc.photo.hidden")));
      box.appendChild(ph);
    }

    if (Array.isArray(d.attachments) && d.attachments.length) {
      var at = el("div", "attachments");
      var ah = el("h3", null, t("doc.attachments"));
      ah.id = p + "-attachments-heading";
      at.appendChild(ah);
      var ul = attachmentList(d.attachments, p);
      ul.setAttribute("aria-labelledby", ah.id);
      at.appendChild(ul);
      box.appendChild(at);
    }

    if (d.sender && typeof d.sender === "object") {
      var sec = el("section", "sender-data");
      var sh = el("h3", null, ctx.staff ? t("doc.sender") : t("track.sender.heading"));
      sh.id = p + "-sender-heading";
      sec.setAttribute("aria-labelledby", sh.id);
      sec.appendChild(sh);
      var sdl = el("dl", "details");
      var s = d.sender;
      if (!s.email && !s.name && !s.phone && !s.address) sdl.appendChild(el("dd", null, t("staff.sender.none")));
      detailRow(sdl, "f.name.short", s.name);
      if (s.email) {
        var mail = el("a", null, s.email);
        mail.href = "mailto:" + String(s.email).trim();
        detailRow(sdl, "f.email.short", ctx.staff ? mail : s.email);
      }
      detailRow(sdl, "f.phone", s.phone);
      detailRow(sdl, "f.address.postal", s.address);
      sec.appendChild(sdl);
      box.appendChild(sec);
    }
  }

  function unitNamer(getCatalogueNow) {
    return function (id) { return catUnitName(getCatalogueNow(), id); };
  }

  // -------------------------------------------------------------- my page
  function initMy() {
    if (!isSignedIn()) { goToLogin(); return; }
    var docs = [];
    var cursor = null;
    var lastFailure = null;
    var loading = false;
    var loadedOnce = false;
    var more = $("my-more");
    var box = $("my-documents-box");

    function render(focusFrom) {
      clear(box);
      var errBox = $("my-error");
      clear(errBox);
      errBox.hidden = !lastFailure;
      if (lastFailure) errBox.appendChild(el("p", null, problemMessage(lastFailure)));
      $("my-status").textContent = loading ? t("my.loading") : (docs.length ? t("my.count", { n: fmtInt(docs.length) }) : "");
      $("my-empty").hidden = !(loadedOnce && !docs.length && !lastFailure);
      more.hidden = !cursor;
      if (!docs.length) return;
      var rows = docs.map(function (d) {
        var a = el("a", null, d.number);
        a.href = "mydoc.html?number=" + encodeURIComponent(d.number);
        var due = d.due && d.due.date ? dueNode(d.due) : noData();
        return [a, pick(d.kind_label) || t("kind." + d.kind), pick(d.about), d.registered_on || "",
          el("span", "status-label", pick(d.status_label) || statusLabel(d.status)), t(d.answered ? "yes" : "no"), due];
      });
      var wrap = buildTable("my-documents", t("my.caption"),
        [t("col.number"), t("col.kind"), t("col.about"), t("col.date"), t("col.status"), t("col.answered"), t("col.due")], rows, 99);
      box.appendChild(wrap);
      if (focusFrom !== undefined && focusFrom < docs.length) {
        var links = box.querySelectorAll("tbody a");
        if (links[focusFrom]) links[focusFrom].focus();
      }
    }

    async function load(append) {
      if (loading) return;
      loading = true;
      more.disabled = true;
      render();
      var url = "/api/me/documents?limit=20" + (append && cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      var res = await authRequest(url);
      loading = false;
      more.disabled = false;
      if (res.signedOut) return;
      var from = docs.length;
      if (res.ok && res.data && Array.isArray(res.data.documents)) {
        lastFailure = null;
        docs = append ? docs.concat(res.data.documents) : res.data.documents;
        cursor = res.data.next_cursor || null;
      } else {
        lastFailure = res;
      }
      loadedOnce = true;
      render(append ? from : undefined);
    }

    more.addEventListener("click", function () { load(true); });
    onLangChange(function () { render(); });
    load(false);
  }

  // ----------------------------------------------------------- mydoc page
  function initMyDoc() {
    if (!isSignedIn()) { goToLogin(); return; }
    var number = queryParam("number").trim();
    var state = null;
    var catalogue = null;

    function render() {
      var errBox = $("mydoc-error");
      var box = $("mydoc");
      clear(errBox);
      errBox.hidden = true;
      clear(box);
      $("mydoc-status").textContent = state ? "" : t("mydoc.loading");
      if (!number) {
        $("mydoc-status").textContent = "";
        errBox.appendChild(el("p", null, t("mydoc.no-number")));
        errBox.hidden = false;
        return;
      }
      if (!state) return;
      var res = state.result;
      if (!(res.ok && res.data)) {
        errBox.appendChild(el("p", null, res.status === 404 || res.status === 400 ? t("mydoc.not-found") : problemMessage(res)));
        errBox.hidden = false;
        return;
      }
      var d = res.data;
      $("mydoc-heading").textContent = (pick(d.kind_label) || t("kind." + d.kind)) + " " + t("track.no") + " " + d.number;
      var details = el("div", "card");
      box.appendChild(details);
      renderDocDetails(details, d, { idPrefix: "mydoc", href: trackHref, catalogue: catalogue });
      if (d.kind === "signal" || d.kind === "question") {
        var pub = el("p");
        var a = el("a", null, t("mydoc.public-link"));
        a.href = trackHref(d.number);
        pub.appendChild(a);
        box.appendChild(pub);
      }
      var hist = el("section", "history");
      hist.id = "mydoc-history";
      var h = el("h2", null, t("history.heading"));
      h.id = "mydoc-history-heading";
      hist.setAttribute("aria-labelledby", h.id);
      hist.appendChild(h);
      var ol = el("ol", "timeline");
      ol.id = "mydoc-history-list";
      hist.appendChild(ol);
      box.appendChild(hist);
      renderTimeline(ol, d.history, { staff: false, href: trackHref, unitName: unitNamer(function () { return catalogue; }) });
    }

    onLangChange(render);
    render();
    if (!number) return;
    getCatalogue().then(function (got) { catalogue = got.catalogue; if (state) render(); });
    (async function () {
      var res = await authRequest("/api/me/documents/" + encodeURIComponent(number));
      if (res.signedOut) return;
      state = { result: res };
      render();
    })();
  }

  // ---------------------------------------------------------- attachments
  var MAX_ATTACHMENTS = 5;
  var MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
  var ATT_TYPES = {
    "application/pdf": true,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
    "image/jpeg": true, "image/png": true, "image/webp": true
  };
  var ATT_EXT = {
    pdf: "application/pdf", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp"
  };
  var ATT_PERMANENT = { unsupported_type: true, too_large: true, too_many_attachments: true, forbidden: true };

  function attachmentType(file) {
    var type = String(file.type || "").toLowerCase();
    if (ATT_TYPES[type]) return type;
    if (!type || type === "application/octet-stream") return ATT_EXT[fileExt(file.name)] || "";
    return "";
  }

  function checkAttachments(files) {
    var errors = [];
    if (files.length > MAX_ATTACHMENTS) errors.push({ field: "files", code: "too_many_attachments" });
    files.forEach(function (file) {
      var vars = { file: file.name };
      if (!attachmentType(file)) errors.push({ field: "files", code: "unsupported_type", vars: vars });
      else if (file.size > MAX_ATTACHMENT_BYTES) errors.push({ field: "files", code: "too_large", vars: vars });
      else if (file.size === 0) errors.push({ field: "files", code: "empty", vars: vars });
    });
    return errors;
  }

  /** Uploads a written document's attachments one by one, each with its own labelled progress bar. */
  function makeAttachmentUploader(number, files) {
    var section = $("letter-upload");
    var listEl = $("letter-progress");
    var statusEl = $("letter-upload-status");
    var retry = $("letter-retry");
    var base = "/api/me/documents/" + encodeURIComponent(number) + "/attachments";
    var running = false;
    var items = files.map(function (file, i) {
      return { file: file, n: i + 1, state: "waiting", progress: 0, code: null, result: null, nodes: null };
    });

    function reasonText(item) {
      if (item.code === "put-failed") return t("up.put-failed");
      if (item.code && T["att." + item.code]) return t("att." + item.code);
      if (item.result) return problemMessage(item.result);
      return t("problem.other");
    }

    function renderItem(item) {
      var nodes = item.nodes;
      nodes.li.className = "photo-item photo-" + item.state;
      nodes.progress.value = item.state === "done" ? 100 : Math.round(item.progress * 100);
      nodes.result.textContent = item.state === "failed" ? t("up.failed", { reason: reasonText(item) }) : t("up." + item.state);
    }

    function build() {
      clear(listEl);
      items.forEach(function (item) {
        var li = el("li", "photo-item");
        var label = el("label", "photo-name", item.file.name);
        label.htmlFor = "letter-file-progress-" + item.n;
        var progress = el("progress");
        progress.id = "letter-file-progress-" + item.n;
        progress.max = 100;
        progress.value = 0;
        var result = el("span", "photo-result");
        result.id = "letter-file-result-" + item.n;
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
        statusEl.textContent = current ? t("att.progress", { i: current.n, n: items.length }) : "";
        retry.hidden = true;
        return;
      }
      var ok = items.filter(function (i) { return i.state === "done"; }).length;
      var failed = items.filter(function (i) { return i.state === "failed"; });
      statusEl.textContent = t(failed.length ? "att.summary.failed" : "att.summary", { ok: ok, n: items.length });
      retry.hidden = !failed.some(function (i) { return !ATT_PERMANENT[i.code]; });
    }

    function fail(item, res, code) {
      item.state = "failed";
      item.result = res || null;
      var errs = problemErrors(res);
      item.code = code || (res && res.status === 403 ? "forbidden" : (errs ? String(errs[0].code || "") : null));
      renderItem(item);
    }

    async function uploadOne(item) {
      item.state = "uploading";
      item.progress = 0;
      item.code = null;
      item.result = null;
      renderItem(item);
      renderStatus();
      var begin = await authJson(base, "POST", { file_name: item.file.name, content_type: attachmentType(item.file), size: item.file.size });
      if (begin.signedOut) return;
      if (!(begin.ok && begin.data && begin.data.attachment_id && begin.data.upload_url)) { fail(item, begin); return; }
      var put = await putFile(begin.data, item.file, function (fraction) {
        item.progress = fraction;
        renderItem(item);
      });
      if (!put.ok) { fail(item, put.status === 0 ? put : null, put.status === 0 ? null : "put-failed"); return; }
      item.state = "processing";
      item.progress = 1;
      renderItem(item);
      renderStatus();
      var done = await authJson(base + "/" + encodeURIComponent(begin.data.attachment_id), "POST", { file_name: item.file.name });
      if (done.signedOut) return;
      if (done.ok) {
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
      var again = items.filter(function (i) { return i.state === "failed" && !ATT_PERMANENT[i.code]; });
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

  /** "You are filing as …" for the forms that use the profile's data. */
  function renderProfileNote(box, profile, key, withLink) {
    clear(box);
    if (!profile) { box.hidden = true; return; }
    box.appendChild(document.createTextNode(t(key, { name: profile.name || profile.email || "", email: profile.email || "" })));
    if (withLink) {
      var a = el("a", null, t("profile.note.link"));
      a.href = "profile.html";
      box.appendChild(a);
      box.appendChild(document.createTextNode("."));
    }
    box.hidden = false;
  }

  // ---------------------------------------------------------- letter page
  function initLetter() {
    if (!isSignedIn()) {
      $("letter-signed-out").hidden = false;
      $("letter-main").hidden = true;
      return;
    }
    $("letter-main").hidden = false;
    var kindSel = $("letter-kind");
    var titleIn = $("letter-title");
    var textIn = $("letter-description");
    var addrSel = $("letter-addressee");
    var filesIn = $("letter-files");
    var catalogue = null;
    var profile = storeGet(PROFILE_KEY);
    var fileErrors = [];

    function chosenFiles() { return filesIn.files ? Array.prototype.slice.call(filesIn.files) : []; }

    function renderNote() { renderProfileNote($("letter-profile-note"), profile, "profile.note", true); }

    function renderUnits() {
      if (!catalogue) return;
      var keep = addrSel.value;
      clear(addrSel);
      var first = el("option", null, t("f.addressee.any"));
      first.value = "";
      addrSel.appendChild(first);
      catalogue.units.forEach(function (u) {
        if (!u || !u.id) return;
        var o = el("option", null, pick(u.name) || u.id);
        o.value = u.id;
        addrSel.appendChild(o);
      });
      addrSel.value = keep;
      if (addrSel.value !== keep) addrSel.value = "";
    }

    function showFileErrors() {
      var box = $("letter-files-error");
      box.textContent = fileErrors.map(function (e) { return fieldErrorMessage("files", e.code, e.vars); }).join(" ");
      if (fileErrors.length) filesIn.setAttribute("aria-invalid", "true");
      else filesIn.removeAttribute("aria-invalid");
    }
    filesIn.addEventListener("change", function () {
      fileErrors = checkAttachments(chosenFiles());
      showFileErrors();
    });

    var submittedKind = "";
    makeForm({
      form: $("letter-form"),
      submit: $("letter-submit"),
      status: $("letter-status"),
      summary: $("error-summary"),
      fields: { kind: "letter-kind", title: "letter-title", description: "letter-description", addressee: "letter-addressee", files: "letter-files" },
      labels: { description: "letter" },
      headingKey: "letter.sum.heading",
      failedKey: "letter.sum.failed",
      build: function (errors) {
        var p = { kind: kindSel.value, title: titleIn.value.trim(), description: textIn.value };
        if (addrSel.value) p.addressee = addrSel.value;
        requireValue(errors, "kind", p.kind);
        var title = p.title;
        if (!title) errors.push({ field: "title", code: "required" });
        else if (title.length < 3) errors.push({ field: "title", code: "too_short" });
        var text = p.description.trim();
        if (!text) errors.push({ field: "description", code: "required" });
        else if (text.length < 10) errors.push({ field: "description", code: "too_short" });
        fileErrors = checkAttachments(chosenFiles());
        fileErrors.forEach(function (e) { errors.push(e); });
        submittedKind = p.kind;
        return p;
      },
      send: function (payload) { return authJson("/api/me/documents", "POST", payload); },
      done: function (res) {
        if (!(res.status === 201 && res.data && res.data.number)) return false;
        $("letter-confirmation-number").textContent = res.data.number;
        $("letter-confirmation-date").textContent = res.data.registered_on || "";
        $("letter-access-note").hidden = submittedKind !== "access_request";
        $("letter-follow-link").href = "mydoc.html?number=" + encodeURIComponent(res.data.number);
        $("letter-main").hidden = true;
        var conf = $("letter-confirmation");
        conf.hidden = false;
        conf.focus();
        var files = chosenFiles().slice(0, MAX_ATTACHMENTS);
        if (files.length) makeAttachmentUploader(res.data.number, files).start();
        return true;
      }
    });

    onLangChange(function () {
      renderNote();
      renderUnits();
      if (!$("letter-form").hidden && fileErrors.length) showFileErrors();
    });
    renderNote();
    if (!profile) loadProfile(false, false).then(function (p) { profile = p; renderNote(); });
    getCatalogue().then(function (got) {
      if (got.catalogue) {
        catalogue = got.catalogue;
        renderUnits();
      }
    });
  }

  // ----------------------------------------------------------- staff page
  var QUEUE_STATUSES = ["new", "registered", "forwarded", "in_progress", "clarification_requested", "extended"];
  var NOTE_REQUIRED = { rejected: true, access_refused: true, not_competent: true, forwarded_elsewhere: true };
  var EXTENSION_MAX = { large_volume: 10, third_party: 14 };

  function initStaff() {
    if (!isSignedIn()) { goToLogin(); return; }
    var roles = staffRoles();
    if (!roles.staff) {
      $("staff-forbidden").hidden = false;
      return;
    }
    $("staff-main").hidden = false;

    var params = new URLSearchParams(window.location.search);
    var catalogue = null;
    var unitSel = $("staff-unit");
    var tabsBox = $("staff-status-tabs");
    var more = $("staff-more");
    var unit = params.get("unit") || (roles.all ? "contact-center" : roles.units[0]);
    if (!roles.all && roles.units.indexOf(unit) < 0) unit = roles.units[0];
    var status = QUEUE_STATUSES.indexOf(params.get("status")) >= 0 ? params.get("status") : "new";
    var counts = null;
    var queue = { items: [], cursor: null, result: null, loading: false };
    var queueSeq = 0;
    var doc = null; // {number, result, data, loading}
    var done = null; // T key of the last successful action
    var unitName = unitNamer(function () { return catalogue; });

    function staffHref(number) {
      return "staff.html?unit=" + encodeURIComponent(unit) + "&status=" + encodeURIComponent(status) + "&number=" + encodeURIComponent(number);
    }

    function remember() {
      var q = "?unit=" + encodeURIComponent(unit) + "&status=" + encodeURIComponent(status) + (doc ? "&number=" + encodeURIComponent(doc.number) : "");
      try { window.history.replaceState(null, "", q); } catch (e) { /* ignore */ }
    }

    function staffProblemKey(res) {
      var type = problemType(res);
      if (res.status === 409 && type === "stale-version") return "staff.stale";
      if (res.status === 409 && type === "transition") return "staff.transition";
      if (res.status === 403 && type === "not-your-unit") return "staff.not-your-unit";
      if (res.status === 403) return "staff.staff-only";
      if (res.status === 404) return "staff.not-found";
      return "";
    }

    // ---- unit chooser
    function renderUnits() {
      var ids = roles.all ? (catalogue ? catalogue.units.map(function (u) { return u.id; }) : ["contact-center"]) : roles.units.slice();
      if (ids.indexOf(unit) < 0) ids.unshift(unit);
      clear(unitSel);
      ids.forEach(function (id) {
        var o = el("option", null, unitName(id));
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
        var b = el("button", "tab", t("staff.tab", { status: statusLabel(s), n: counts && counts[s] !== undefined ? fmtInt(counts[s]) : "…" }));
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
      var i = QUEUE_STATUSES.indexOf(status);
      var next = null;
      if (ev.key === "ArrowRight" || ev.key === "ArrowDown") next = (i + 1) % QUEUE_STATUSES.length;
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") next = (i - 1 + QUEUE_STATUSES.length) % QUEUE_STATUSES.length;
      else if (ev.key === "Home") next = 0;
      else if (ev.key === "End") next = QUEUE_STATUSES.length - 1;
      if (next === null) return;
      ev.preventDefault();
      selectTab(QUEUE_STATUSES[next], true);
    });
    function selectTab(s, focus) {
      if (s !== status) {
        status = s;
        remember();
        loadQueue(false);
      }
      renderTabs();
      if (focus) $("staff-tab-" + s).focus();
    }

    async function loadCounts() {
      var forUnit = unit;
      var res = await authRequest("/api/staff/queues/" + encodeURIComponent(forUnit) + "/counts");
      if (res.signedOut || forUnit !== unit) return;
      counts = res.ok && res.data && res.data.counts && typeof res.data.counts === "object" ? res.data.counts : null;
      renderTabs();
    }

    // ---- the queue
    async function loadQueue(append) {
      var seq = ++queueSeq;
      if (!append) queue = { items: [], cursor: null, result: null, loading: true };
      queue.loading = true;
      renderQueue();
      var url = "/api/staff/queues/" + encodeURIComponent(unit) + "?status=" + encodeURIComponent(status) + "&limit=50" +
        (append && queue.cursor ? "&cursor=" + encodeURIComponent(queue.cursor) : "");
      var res = await authRequest(url);
      if (res.signedOut || seq !== queueSeq) return;
      queue.loading = false;
      var from = queue.items.length;
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

    function renderQueue(focusFrom) {
      var box = $("staff-queue-box");
      var errBox = $("staff-queue-error");
      clear(box);
      clear(errBox);
      errBox.hidden = !queue.result;
      if (queue.result) {
        var key = staffProblemKey(queue.result);
        errBox.appendChild(el("p", null, key ? t(key) : problemMessage(queue.result)));
      }
      var st = $("staff-queue-status");
      if (queue.loading) st.textContent = t("staff.queue.loading");
      else if (!queue.result && !queue.items.length) st.textContent = t("staff.queue.empty");
      else st.textContent = queue.items.length ? t("staff.queue.count", { n: fmtInt(queue.items.length) }) : "";
      more.hidden = !queue.cursor || queue.loading;
      if (!queue.items.length) return;
      var rows = queue.items.map(function (item) {
        var a = el("a", null, item.number);
        a.href = staffHref(item.number);
        a.className = "queue-open";
        a.setAttribute("data-number", item.number);
        if (doc && doc.number === item.number) a.setAttribute("aria-current", "true");
        var due = el("span");
        if (item.due && item.due.date) due.appendChild(dueNode(item.due));
        else if (item.overdue) due.appendChild(overdueBadge());
        else due.appendChild(noData());
        if (item.due && item.due.date && item.overdue && !item.due.overdue) {
          due.appendChild(document.createTextNode(" "));
          due.appendChild(overdueBadge());
        }
        return [a, t("kind." + item.kind), fmtDateTime(item.registered_at), due];
      });
      var wrap = buildTable("staff-queue", t("staff.queue.caption", { unit: unitName(unit), status: statusLabel(status) }),
        [t("col.number"), t("col.kind"), t("doc.registered"), t("col.due.staff")], rows, 99);
      box.appendChild(wrap);
      if (focusFrom !== undefined) {
        var links = box.querySelectorAll("a.queue-open");
        if (links[focusFrom]) links[focusFrom].focus();
      }
    }

    $("staff-queue-box").addEventListener("click", function (ev) {
      var a = ev.target && ev.target.closest ? ev.target.closest("a.queue-open") : null;
      if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      openDoc(a.getAttribute("data-number"), true);
    });

    // ---- open by number
    var openIn = $("staff-open-number");
    $("staff-open-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var v = openIn.value.trim();
      var err = $("staff-open-number-error");
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
    var panel = $("staff-doc");
    async function openDoc(number, focus) {
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
      var number = doc.number;
      doc.loading = true;
      $("staff-doc-status").textContent = t("staff.doc.loading");
      var res = await authRequest("/api/staff/documents/" + encodeURIComponent(number));
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
      var tab = $("staff-tab-" + status);
      if (tab) tab.focus();
    });



    function renderDoc(fresh) {
      var body = $("staff-doc-body");
      clear(body);
      $("staff-doc-status").textContent = doc && doc.loading ? t("staff.doc.loading") : "";
      $("action-result").textContent = done ? t("staff.done", { what: t(done) }) : "";
      if (!doc) return;
      var v = doc.data;
      var d = v ? v.document : null;
      $("staff-doc-heading").textContent = t("staff.doc.heading", { kind: d ? (pick(d.kind_label) || t("kind." + d.kind)) : t("track.label"), number: doc.number });
      $("staff-history").hidden = !v;
      $("staff-actions").hidden = !v;
      if (!v) {
        if (doc.result) {
          var box = el("div", "notice notice-error");
          box.setAttribute("role", "alert");
          var key = staffProblemKey(doc.result);
          box.appendChild(el("p", null, key ? t(key) : (doc.result.status === 400 ? t("err.number.invalid") : problemMessage(doc.result))));
          body.appendChild(box);
        }
        return;
      }
      renderDocDetails(body, d, {
        idPrefix: "staff-doc", staff: true, href: staffHref, original: v.original_description,
        hiddenCount: Array.isArray(v.hidden_photos) ? v.hidden_photos.length : 0, overdue: !!v.overdue, catalogue: catalogue
      });
      renderTimeline($("staff-history-list"), v.history, { staff: true, href: staffHref, unitName: unitName });
      renderActions(fresh);
    }

    function fillSelect(select, values, placeholderKey, labelOf) {
      var keep = select.value;
      clear(select);
      if (placeholderKey) {
        var o = el("option", null, t(placeholderKey));
        o.value = "";
        select.appendChild(o);
      }
      values.forEach(function (val) {
        var opt = el("option", null, labelOf(val));
        opt.value = val;
        select.appendChild(opt);
      });
      select.value = keep;
      if (select.value !== keep) select.value = "";
    }

    /** Shows the forms that apply and fills their choices; fresh = after (re)loading, when inputs are reset. */
    function renderActions(fresh) {
      var v = doc.data;
      var d = v.document;
      var next = (Array.isArray(v.next_statuses) ? v.next_statuses : []).map(String);
      var statuses = next.filter(function (s) { return s !== "duplicate"; });
      var isSignal = d.kind === "signal";
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
      var targets = roles.all ? (catalogue ? catalogue.units.map(function (u) { return u.id; }) : ["contact-center"]) : ["contact-center"];
      fillSelect($("action-assign-unit"), targets, "staff.choose-unit", unitName);
      var photos = Array.isArray(d.photos) ? d.photos : [];
      var photoIds = photos.map(function (p) { return String(p.id); });
      fillSelect($("action-moderate-photo"), photoIds, "staff.no-photo", function (id) { return t("staff.photo.option", { n: photoIds.indexOf(id) + 1 }); });
      $("action-moderate-photo").disabled = !photoIds.length;
      syncExtension();
    }

    function syncExtension() {
      var on = $("action-status").value === "extended";
      $("action-extension").hidden = !on;
      $("action-extension-days").max = String(EXTENSION_MAX[$("action-extension-ground").value] || 14);
    }
    $("action-status").addEventListener("change", syncExtension);
    $("action-extension-ground").addEventListener("change", syncExtension);

    /** One action form: build(errors) → body without version. */
    function actionForm(name, path, fields, build, doneKey, labels) {
      makeForm({
        form: $("action-" + name + "-form"),
        submit: $("action-submit-" + name),
        status: $("staff-doc-status"),
        summary: $("error-summary"),
        fields: fields,
        labels: labels,
        headingKey: "staff.action.heading",
        failedKey: "staff.action.failed",
        build: function (errors) {
          done = null;
          $("action-result").textContent = "";
          var body = build(errors);
          body.version = doc && doc.data ? doc.data.version : 0;
          return body;
        },
        send: function (body) {
          return authJson("/api/staff/documents/" + encodeURIComponent(doc.number) + "/" + path, "POST", body);
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

    function text(id) { return $(id).value.trim(); }

    actionForm("status", "status",
      { status: "action-status", note: "action-status-note", extension: "action-extension-days", extension_ground: "action-extension-ground", extension_days: "action-extension-days" },
      function (errors) {
        var s = $("action-status").value;
        var body = { status: s };
        var note = text("action-status-note");
        if (note) body.note = note;
        requireValue(errors, "status", s);
        if (NOTE_REQUIRED[s] && !note) errors.push({ field: "note", code: "required" });
        if (s === "extended") {
          var ground = $("action-extension-ground").value;
          var raw = text("action-extension-days");
          var days = Number(raw);
          body.extension_ground = ground;
          if (!raw) errors.push({ field: "extension_days", code: "required" });
          else if (!(Math.floor(days) === days && days >= 1 && days <= (EXTENSION_MAX[ground] || 14))) errors.push({ field: "extension_days", code: "invalid" });
          else body.extension_days = days;
        }
        return body;
      }, "act.done.status");

    actionForm("assign", "assign", { unit: "action-assign-unit", note: "action-assign-note" }, function (errors) {
      var body = { unit: $("action-assign-unit").value };
      var note = text("action-assign-note");
      if (note) body.note = note;
      requireValue(errors, "unit", body.unit);
      return body;
    }, "act.done.assign");

    actionForm("reply", "replies", { text: "action-reply-text" }, function (errors) {
      var body = { text: text("action-reply-text") };
      requireValue(errors, "text", body.text);
      return body;
    }, "act.done.reply");

    actionForm("note", "notes", { text: "action-note-text" }, function (errors) {
      var body = { text: text("action-note-text") };
      requireValue(errors, "text", body.text);
      return body;
    }, "act.done.note");

    actionForm("duplicate", "duplicate", { of: "action-duplicate-of" }, function (errors) {
      var body = { of: text("action-duplicate-of") };
      if (!body.of) errors.push({ field: "of", code: "required" });
      else if (!/^\d{4}-\d{1,6}$/.test(body.of)) errors.push({ field: "of", code: "invalid" });
      return body;
    }, "act.done.duplicate");

    actionForm("moderate", "moderate", { description: "action-moderate-description", hide_photo: "action-moderate-photo" }, function (errors) {
      var body = {};
      var current = doc && doc.data ? String(doc.data.document.description || "") : "";
      var edited = $("action-moderate-description").value;
      if (edited.trim() && edited.trim() !== current.trim()) body.description = edited.trim();
      var photo = $("action-moderate-photo").value;
      if (photo) body.hide_photo = photo;
      if (!body.description && !body.hide_photo) errors.push({ field: "description", code: "required" });
      return body;
    }, "act.done.moderate", { description: "moderate" });

    onLangChange(function () {
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
    var start = params.get("number");
    if (start) openDoc(start, false);
    getCatalogue().then(function (got) {
      if (!got.catalogue) return;
      catalogue = got.catalogue;
      renderUnits();
      renderQueue();
      if (doc && doc.data) renderDoc(false);
    });

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
    initAccountNav();
    var page = document.body.dataset.page;
    var pages = {
      report: initReport, question: initQuestion, track: initTrack, home: initHome, units: initUnits,
      login: initLogin, register: initRegister, confirm: initConfirm, forgot: initForgot, reset: initReset,
      profile: initProfile, my: initMy, mydoc: initMyDoc, letter: initLetter, staff: initStaff
    };
    if (Object.prototype.hasOwnProperty.call(pages, page)) pages[page]();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
