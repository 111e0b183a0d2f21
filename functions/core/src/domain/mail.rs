//! E-mails the system sends, rendered here (SES templates are not used: the text lives with the code that
//! decides what to say). Bulgarian first, English below.

use super::catalogue::Catalogue;
use super::document::{Document, Status, Subject, sofia_date};
use super::email::Email;
use html_escape::encode_text as escape;

#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What the document is about, in Bulgarian and English, for mail text.
fn about(document: &Document, catalogue: &Catalogue) -> (String, String) {
    match &document.subject {
        Subject::Signal { category, signal_type, .. } => catalogue
            .category(category)
            .and_then(|c| c.signal_type(signal_type))
            .map(|t| (t.name.bg.clone(), t.name.en.clone()))
            .unwrap_or_else(|| (signal_type.clone(), signal_type.clone())),
        Subject::Question { topic } => catalogue
            .topic(topic)
            .map(|t| (t.name.bg.clone(), t.name.en.clone()))
            .unwrap_or_else(|| (topic.clone(), topic.clone())),
        Subject::Written { title, .. } => (title.clone(), title.clone()),
    }
}

/// The confirmation a sender receives when their document is registered, with the link to follow it.
pub fn registration_confirmation(document: &Document, to: Email, follow_link: &str, catalogue: &Catalogue) -> OutgoingMail {
    let number = document.number.to_string();
    let date = sofia_date(document.registered_at);
    let kind = document.kind().label();
    let (kind_bg, kind_en) = (kind.bg.as_str(), kind.en.as_str());
    let (about_bg, about_en) = about(document, catalogue);
    let unit = catalogue.unit(&document.unit).map(|u| u.name.clone());
    let (unit_bg, unit_en) = unit.map(|n| (n.bg, n.en)).unwrap_or_else(|| (document.unit.clone(), document.unit.clone()));
    let subject = format!("Регистрация: {kind_bg} № {number} от {date} / Registered: {kind_en} No. {number}");
    let text = format!(
        "Здравейте,\n\n\
         Вашият документ „{kind_bg}: {about_bg}“ е регистриран в Контактния център на Столична община\n\
         с деловоден номер {number} от {date} и е насочен към: {unit_bg}.\n\n\
         Проследете го на този адрес:\n{follow_link}\n\n\
         Пазете връзката: тя дава достъп до данните, които сте подали.\n\
         Контактен център: 0700 17 310\n\n\
         ---\n\n\
         Hello,\n\n\
         Your {kind_en_lower} \"{about_en}\" has been registered by the Sofia Municipality Contact Center\n\
         with registry number {number} of {date} and sent to: {unit_en}.\n\n\
         Follow it here:\n{follow_link}\n\n\
         Keep this link private: it gives access to the data you submitted.\n\
         Contact Center: +359 700 17 310\n",
        kind_en_lower = kind_en.to_lowercase(),
    );
    let link = escape(follow_link);
    let html = format!(
        "<!doctype html><html lang=\"bg\"><body style=\"font-family:sans-serif\">\
         <p>Здравейте,</p>\
         <p>Вашият документ „{kb}: {ab}“ е регистриран в Контактния център на Столична община с деловоден номер \
         <strong>{number}</strong> от <strong>{date}</strong> и е насочен към: {ub}.</p>\
         <p><a href=\"{link}\">Проследете го</a></p>\
         <p>Пазете връзката: тя дава достъп до данните, които сте подали. Контактен център: 0700 17 310</p>\
         <hr><div lang=\"en\"><p>Hello,</p>\
         <p>Your {ke} \"{ae}\" has been registered by the Sofia Municipality Contact Center with registry number \
         <strong>{number}</strong> of <strong>{date}</strong> and sent to: {ue}.</p>\
         <p><a href=\"{link}\">Follow it</a></p>\
         <p>Keep this link private: it gives access to the data you submitted.</p></div></body></html>",
        kb = escape(kind_bg),
        ab = escape(&about_bg),
        ub = escape(&unit_bg),
        ke = escape(&kind_en.to_lowercase()),
        ae = escape(&about_en),
        ue = escape(&unit_en),
    );
    OutgoingMail { to, subject, text, html }
}

/// The mail a sender receives when their document's status changes (every change; for ЗДОИ requests the law
/// asks for it), with the number, the date and the link to follow it.
pub fn status_changed(document: &Document, previous: Status, to: Email, follow_link: &str, catalogue: &Catalogue) -> OutgoingMail {
    let number = document.number.to_string();
    let date = sofia_date(document.registered_at);
    let kind = document.kind().label();
    let (about_bg, about_en) = about(document, catalogue);
    let (was, now) = (previous.label(), document.status.label());
    let subject = format!("Промяна по {} № {number} от {date}: {} / Update on {} No. {number}: {}", kind.bg.to_lowercase(), now.bg, kind.en.to_lowercase(), now.en);
    let text = format!(
        "Здравейте,\n\n\
         Състоянието на Вашия документ „{kb}: {about_bg}“ с деловоден номер {number} от {date}\n\
         се промени: {was_bg} → {now_bg}.\n\n\
         Проследете го на този адрес:\n{follow_link}\n\n\
         Контактен център: 0700 17 310\n\n\
         ---\n\n\
         Hello,\n\n\
         The status of your {ke} \"{about_en}\", registry number {number} of {date},\n\
         has changed: {was_en} → {now_en}.\n\n\
         Follow it here:\n{follow_link}\n",
        kb = kind.bg,
        ke = kind.en.to_lowercase(),
        was_bg = was.bg,
        now_bg = now.bg,
        was_en = was.en,
        now_en = now.en,
    );
    let link = escape(follow_link);
    let html = format!(
        "<!doctype html><html lang=\"bg\"><body style=\"font-family:sans-serif\">\
         <p>Здравейте,</p><p>Състоянието на Вашия документ „{kb}: {ab}“ с деловоден номер <strong>{number}</strong> от \
         <strong>{date}</strong> се промени: {wb} → <strong>{nb}</strong>.</p><p><a href=\"{link}\">Проследете го</a></p>\
         <p>Контактен център: 0700 17 310</p><hr><div lang=\"en\"><p>Hello,</p><p>The status of your {ke} \"{ae}\", registry \
         number <strong>{number}</strong> of <strong>{date}</strong>, has changed: {we} → <strong>{ne}</strong>.</p>\
         <p><a href=\"{link}\">Follow it</a></p></div></body></html>",
        kb = escape(&kind.bg),
        ab = escape(&about_bg),
        wb = escape(&was.bg),
        nb = escape(&now.bg),
        ke = escape(&kind.en.to_lowercase()),
        ae = escape(&about_en),
        we = escape(&was.en),
        ne = escape(&now.en),
    );
    OutgoingMail { to, subject, text, html }
}
