//! E-mails the system sends, rendered here (SES templates are not used: the text lives with the code that
//! decides what to say). Bulgarian first, English below.

use super::calendar::sofia_date;
use super::catalogue::Catalogue;
use super::document::{Document, Subject};
use super::email::Email;
use super::status::Status;
use html_escape::encode_text as escape;

#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// One-click unsubscribe (RFC 8058): sent as `List-Unsubscribe` and `List-Unsubscribe-Post` headers.
    pub unsubscribe_url: Option<String>,
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
pub fn registration_confirmation(
    document: &Document,
    to: Email,
    follow_link: &str,
    catalogue: &Catalogue,
) -> OutgoingMail {
    let number = document.number.to_string();
    let date = sofia_date(document.registered_at);
    let kind = document.kind().label();
    let (kind_bg, kind_en) = (kind.bg.as_str(), kind.en.as_str());
    let (about_bg, about_en) = about(document, catalogue);
    let unit = catalogue.unit(&document.unit).map(|u| u.name.clone());
    let (unit_bg, unit_en) =
        unit.map(|n| (n.bg, n.en)).unwrap_or_else(|| (document.unit.clone(), document.unit.clone()));
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
    OutgoingMail { to, subject, text, html, unsubscribe_url: None }
}

/// What changed, as a mail tells it.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    /// The status changed, with the public note that came with it.
    Status { from: Status, note: Option<String> },
    /// A public reply was registered.
    Reply { text: String },
}

/// Who a mail about a change goes to: the sender (with their access link) or a subscriber (with the public page
/// and a one-click unsubscribe link).
#[derive(Debug, Clone, PartialEq)]
pub enum Audience<'a> {
    Sender { follow_link: &'a str },
    Subscriber { page_link: &'a str, unsubscribe_link: &'a str, one_click_link: &'a str },
}

/// The mail about a change of a document: for ЗДОИ requests the law asks that the requester hears of every
/// status change; senders and subscribers hear of every status change and public reply.
pub fn document_update(
    document: &Document,
    update: &Update,
    to: Email,
    audience: &Audience<'_>,
    catalogue: &Catalogue,
) -> OutgoingMail {
    let number = document.number.to_string();
    let date = sofia_date(document.registered_at);
    let kind = document.kind().label();
    let (about_bg, about_en) = about(document, catalogue);
    let now = document.status.label();
    let (what_bg, what_en, note) = match update {
        Update::Status { from, note } => {
            let was = from.label();
            (
                format!("Състоянието се промени: {} → {}.", was.bg, now.bg),
                format!("The status changed: {} → {}.", was.en, now.en),
                note.clone(),
            )
        }
        Update::Reply { text } => {
            ("Регистриран е отговор:".to_owned(), "A reply has been registered:".to_owned(), Some(text.clone()))
        }
    };
    let subject = match update {
        Update::Status { .. } => format!(
            "Промяна по {} № {number} от {date}: {} / Update on {} No. {number}: {}",
            kind.bg.to_lowercase(),
            now.bg,
            kind.en.to_lowercase(),
            now.en
        ),
        Update::Reply { .. } => format!(
            "Отговор по {} № {number} от {date} / Reply on {} No. {number}",
            kind.bg.to_lowercase(),
            kind.en.to_lowercase()
        ),
    };
    let (whose_bg, whose_en, link, unsubscribe) = match audience {
        Audience::Sender { follow_link } => ("Вашия документ", "your", *follow_link, None),
        Audience::Subscriber { page_link, unsubscribe_link, .. } => {
            ("документа, за който сте абонирани,", "the", *page_link, Some(*unsubscribe_link))
        }
    };
    let note_text = note.as_deref().map(|n| format!("\n{n}\n")).unwrap_or_default();
    let unsubscribe_text = unsubscribe.map(|u| format!("\nОтписване / Unsubscribe:\n{u}\n")).unwrap_or_default();
    let text = format!(
        "Здравейте,\n\n\
         По {whose_bg} „{kb}: {about_bg}“ с деловоден номер {number} от {date}:\n\
         {what_bg}\n{note_text}\n\
         Проследете го на този адрес:\n{link}\n\n\
         Контактен център: 0700 17 310\n\n\
         ---\n\n\
         Hello,\n\n\
         On {whose_en} {ke} \"{about_en}\", registry number {number} of {date}:\n\
         {what_en}\n{note_text}\n\
         Follow it here:\n{link}\n{unsubscribe_text}",
        kb = kind.bg,
        ke = kind.en.to_lowercase(),
    );
    let link_html = escape(link);
    let note_html = note.as_deref().map(|n| format!("<blockquote>{}</blockquote>", escape(n))).unwrap_or_default();
    let unsubscribe_html = unsubscribe
        .map(|u| {
            format!(
                "<p style=\"font-size:small\"><a href=\"{0}\">Отписване от известията / Unsubscribe</a></p>",
                escape(u)
            )
        })
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"bg\"><body style=\"font-family:sans-serif\">\
         <p>Здравейте,</p><p>По {wb} „{kb}: {ab}“ с деловоден номер <strong>{number}</strong> от <strong>{date}</strong>:</p>\
         <p><strong>{tb}</strong></p>{note_html}<p><a href=\"{link_html}\">Проследете го</a></p><p>Контактен център: 0700 17 310</p>\
         <hr><div lang=\"en\"><p>Hello,</p><p>On {we} {ke} \"{ae}\", registry number <strong>{number}</strong> of \
         <strong>{date}</strong>:</p><p><strong>{te}</strong></p>{note_html}<p><a href=\"{link_html}\">Follow it</a></p></div>{unsubscribe_html}</body></html>",
        wb = escape(whose_bg),
        kb = escape(&kind.bg),
        ab = escape(&about_bg),
        tb = escape(&what_bg),
        we = escape(whose_en),
        ke = escape(&kind.en.to_lowercase()),
        ae = escape(&about_en),
        te = escape(&what_en),
    );
    let one_click = match audience {
        Audience::Subscriber { one_click_link, .. } => Some((*one_click_link).to_owned()),
        Audience::Sender { .. } => None,
    };
    OutgoingMail { to, subject, text, html, unsubscribe_url: one_click }
}

/// A new public signal in an area someone follows.
pub fn new_in_area(
    document: &Document,
    to: Email,
    page_link: &str,
    unsubscribe_link: &str,
    one_click_link: &str,
    catalogue: &Catalogue,
) -> OutgoingMail {
    let number = document.number.to_string();
    let date = sofia_date(document.registered_at);
    let (about_bg, about_en) = about(document, catalogue);
    let district = document.district.as_deref().and_then(|d| catalogue.district(d)).map(|d| d.name.clone());
    let (where_bg, where_en) =
        district.map(|d| (format!(" в район {}", d.bg), format!(" in {}", d.en))).unwrap_or_default();
    let subject = format!("Нов сигнал{where_bg}: {about_bg} / New signal{where_en}: {about_en}");
    let text = format!(
        "Здравейте,\n\nНов сигнал „{about_bg}“{where_bg}, № {number} от {date}:\n{page_link}\n\n\
         Отписване от тези известия: {unsubscribe_link}\n\n---\n\n\
         Hello,\n\nA new signal \"{about_en}\"{where_en}, No. {number} of {date}:\n{page_link}\n\n\
         Unsubscribe from these alerts: {unsubscribe_link}\n"
    );
    let html = format!(
        "<!doctype html><html lang=\"bg\"><body style=\"font-family:sans-serif\"><p>Нов сигнал „{ab}“{wb}, № <strong>{number}</strong> \
         от {date}: <a href=\"{link}\">вижте го</a>.</p><div lang=\"en\"><p>A new signal \"{ae}\"{we}, No. <strong>{number}</strong> \
         of {date}: <a href=\"{link}\">see it</a>.</p></div><p style=\"font-size:small\"><a href=\"{unsub}\">Отписване / Unsubscribe</a></p></body></html>",
        ab = escape(&about_bg),
        wb = escape(&where_bg),
        ae = escape(&about_en),
        we = escape(&where_en),
        link = escape(page_link),
        unsub = escape(unsubscribe_link),
    );
    OutgoingMail { to, subject, text, html, unsubscribe_url: Some(one_click_link.to_owned()) }
}
