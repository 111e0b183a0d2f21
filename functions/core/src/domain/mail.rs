//! E-mails the system sends, rendered here (SES templates are not used: the text lives with the code that
//! decides what to say). Bulgarian first, English below.

use super::catalogue::Catalogue;
use super::document::{Document, sofia_date};
use super::email::Email;
use html_escape::encode_text as escape;

#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The confirmation a sender receives when their document is registered, with the link to follow it.
pub fn registration_confirmation(document: &Document, to: Email, follow_link: &str, catalogue: &Catalogue) -> OutgoingMail {
    let number = document.number.to_string();
    let date = sofia_date(document.registered_at);
    let category = catalogue.category(&document.category);
    let (type_bg, type_en) = category
        .and_then(|c| c.signal_type(&document.signal_type))
        .map(|t| (t.name.bg.as_str(), t.name.en.as_str()))
        .unwrap_or((document.signal_type.as_str(), document.signal_type.as_str()));
    let subject = format!("Сигнал № {number} от {date} е регистриран / Signal No. {number} registered");
    let text = format!(
        "Здравейте,\n\n\
         Вашият сигнал „{type_bg}“ е регистриран в Контактния център на Столична община\n\
         с деловоден номер {number} от {date}.\n\n\
         Проследете го на този адрес:\n{follow_link}\n\n\
         Пазете връзката: тя дава достъп до данните, които сте подали.\n\
         Контактен център: 0700 17 310\n\n\
         ---\n\n\
         Hello,\n\n\
         Your signal \"{type_en}\" has been registered by the Sofia Municipality Contact Center\n\
         with registry number {number} of {date}.\n\n\
         Follow it here:\n{follow_link}\n\n\
         Keep this link private: it gives access to the data you submitted.\n\
         Contact Center: +359 700 17 310\n"
    );
    let link = escape(follow_link);
    let html = format!(
        "<!doctype html><html lang=\"bg\"><body style=\"font-family:sans-serif\">\
         <p>Здравейте,</p>\
         <p>Вашият сигнал „{tb}“ е регистриран в Контактния център на Столична община с деловоден номер \
         <strong>{number}</strong> от <strong>{date}</strong>.</p>\
         <p><a href=\"{link}\">Проследете сигнала</a></p>\
         <p>Пазете връзката: тя дава достъп до данните, които сте подали. Контактен център: 0700 17 310</p>\
         <hr><div lang=\"en\"><p>Hello,</p>\
         <p>Your signal \"{te}\" has been registered by the Sofia Municipality Contact Center with registry number \
         <strong>{number}</strong> of <strong>{date}</strong>.</p>\
         <p><a href=\"{link}\">Follow the signal</a></p>\
         <p>Keep this link private: it gives access to the data you submitted.</p></div></body></html>",
        tb = escape(type_bg),
        te = escape(type_en),
    );
    OutgoingMail { to, subject, text, html }
}
