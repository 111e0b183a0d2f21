//! E-mails the system sends, rendered here (SES templates are not used: the text lives with the code that
//! decides what to say). Bulgarian first, English below.

use super::calendar::sofia_date;
use super::catalogue::{Catalogue, Name};
use super::document::{Document, Subject};
use super::email::Email;
use super::status::Status;
use askama::Template;

#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMail {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// One-click unsubscribe (RFC 8058): sent as `List-Unsubscribe` and `List-Unsubscribe-Post` headers.
    pub unsubscribe_url: Option<String>,
}

/// What every mail about a document names it by: number, date, kind and what it is about, in both languages.
struct Heading {
    number: String,
    date: String,
    kind_bg: String,
    /// Lower case: it stands inside an English sentence.
    kind_en: String,
    about_bg: String,
    about_en: String,
}

/// What a document is about, in both languages: its signal type, its topic, or its title.
pub fn subject_of(document: &Document, catalogue: &Catalogue) -> Name {
    let (bg, en) = match &document.subject {
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
    };
    Name { bg, en }
}

impl Heading {
    fn of(document: &Document, catalogue: &Catalogue) -> Self {
        let kind = document.kind().label();
        let Name { bg: about_bg, en: about_en } = subject_of(document, catalogue);
        Heading {
            number: document.number.to_string(),
            date: sofia_date(document.registered_at),
            kind_bg: kind.bg.clone(),
            kind_en: kind.en.to_lowercase(),
            about_bg,
            about_en,
        }
    }
}

/// The HTML of a mail: the values of its text, rendered by the `.html` template beside the text's.
macro_rules! html_of {
    ($html:ident, $text:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $html<'a>(&'a $text<'a>);

        impl<'a> std::ops::Deref for $html<'a> {
            type Target = $text<'a>;
            fn deref(&self) -> &Self::Target {
                self.0
            }
        }
    };
}

/// A mail's text and HTML from its templates (`templates/mail/`): the HTML escapes every value, the text none.
fn render(text: impl Template, html: impl Template) -> (String, String) {
    // Rendering into a String only fails if a value's `Display` does, and none of these do.
    (text.render().unwrap_or_default(), html.render().unwrap_or_default())
}

/// What a registration confirmation says, in both languages.
#[derive(Template)]
#[template(path = "mail/registered.txt")]
struct Registered<'a> {
    doc: &'a Heading,
    unit_bg: &'a str,
    unit_en: &'a str,
    follow_link: &'a str,
}

html_of!(RegisteredHtml, Registered, "mail/registered.html");

/// The confirmation a sender receives when their document is registered, with the link to follow it.
pub fn registration_confirmation(
    document: &Document,
    to: Email,
    follow_link: &str,
    catalogue: &Catalogue,
) -> OutgoingMail {
    let doc = Heading::of(document, catalogue);
    let unit = catalogue.unit(&document.unit).map(|u| u.name.clone());
    let (unit_bg, unit_en) =
        unit.map(|n| (n.bg, n.en)).unwrap_or_else(|| (document.unit.clone(), document.unit.clone()));
    let kind = document.kind().label();
    let subject = format!(
        "Регистрация: {} № {} от {} / Registered: {} No. {}",
        kind.bg, doc.number, doc.date, kind.en, doc.number
    );
    let mail = Registered { doc: &doc, unit_bg: &unit_bg, unit_en: &unit_en, follow_link };
    let (text, html) = render(&mail, RegisteredHtml(&mail));
    OutgoingMail { to, subject, text, html, unsubscribe_url: None }
}

/// What changed, as a mail tells it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Update {
    /// The status changed, with the public note that came with it.
    Status { from: Status, to: Status, note: Option<String> },
    /// A public reply was registered.
    Reply { text: String },
}

/// A change and when it happened: one line of a mail about a document's changes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dated {
    pub at: jiff::Timestamp,
    pub update: Update,
}

/// Who a mail about a change goes to: the sender (with their access link) or a subscriber (with the public page
/// and a one-click unsubscribe link).
#[derive(Debug, Clone, PartialEq)]
pub enum Audience<'a> {
    Sender { follow_link: &'a str },
    Subscriber { page_link: &'a str, unsubscribe_link: &'a str, one_click_link: &'a str },
}

/// One change as the mail lists it, in both languages.
struct ChangeLine {
    time: String,
    what_bg: String,
    what_en: String,
    note: Option<String>,
}

/// What a mail about a document's changes says, in both languages.
#[derive(Template)]
#[template(path = "mail/update.txt")]
struct Updated<'a> {
    doc: &'a Heading,
    whose_bg: &'a str,
    whose_en: &'a str,
    intro_bg: String,
    intro_en: String,
    lines: Vec<ChangeLine>,
    link: &'a str,
    unsubscribe: Option<&'a str>,
}

html_of!(UpdatedHtml, Updated, "mail/update.html");

fn change_line(dated: &Dated) -> ChangeLine {
    let time = dated.at.to_zoned_datetime(super::calendar::sofia_time_zone()).strftime("%d.%m.%Y %H:%M").to_string();
    match &dated.update {
        Update::Status { from, to, note } => {
            let (was, now) = (from.label(), to.label());
            ChangeLine {
                time,
                what_bg: format!("Състоянието се промени: {} → {}.", was.bg, now.bg),
                what_en: format!("The status changed: {} → {}.", was.en, now.en),
                note: note.clone(),
            }
        }
        Update::Reply { text } => ChangeLine {
            time,
            what_bg: "Регистриран е отговор:".to_owned(),
            what_en: "A reply has been registered:".to_owned(),
            note: Some(text.clone()),
        },
    }
}

/// The one mail about the changes of a document within a short window (`changes` oldest first, at least one):
/// each change with its time, the status changes with their public notes, the replies with their text. For ЗДОИ
/// requests the law asks that the requester hears of every status change: none is left out, several share a
/// mail. A single change is titled as before ("Промяна по …: <status>"), several by their number.
pub fn document_update(
    document: &Document,
    changes: &[Dated],
    to: Email,
    audience: &Audience<'_>,
    catalogue: &Catalogue,
) -> OutgoingMail {
    let doc = Heading::of(document, catalogue);
    let (number, date) = (&doc.number, &doc.date);
    let (kind_bg, kind_en) = (doc.kind_bg.to_lowercase(), &doc.kind_en);
    let subject = match changes {
        [Dated { update: Update::Status { to: now, .. }, .. }] => {
            let now = now.label();
            format!(
                "Промяна по {kind_bg} № {number} от {date}: {} / Update on {kind_en} No. {number}: {}",
                now.bg, now.en
            )
        }
        [Dated { update: Update::Reply { .. }, .. }] => {
            format!("Отговор по {kind_bg} № {number} от {date} / Reply on {kind_en} No. {number}")
        }
        _ => {
            let n = changes.len();
            format!("{n} промени по {kind_bg} № {number} от {date} / {n} changes to {kind_en} No. {number}")
        }
    };
    let (intro_bg, intro_en) = match changes.len() {
        1 => (String::new(), String::new()),
        n => (format!("{n} промени, от най-ранната:"), format!("{n} changes, earliest first:")),
    };
    let (whose_bg, whose_en, link, unsubscribe, one_click) = match audience {
        Audience::Sender { follow_link } => ("Вашия документ", "your", *follow_link, None, None),
        Audience::Subscriber { page_link, unsubscribe_link, one_click_link } => (
            "документа, за който сте абонирани,",
            "the",
            *page_link,
            Some(*unsubscribe_link),
            Some((*one_click_link).to_owned()),
        ),
    };
    let mail = Updated {
        doc: &doc,
        whose_bg,
        whose_en,
        intro_bg,
        intro_en,
        lines: changes.iter().map(change_line).collect(),
        link,
        unsubscribe,
    };
    let (text, html) = render(&mail, UpdatedHtml(&mail));
    OutgoingMail { to, subject, text, html, unsubscribe_url: one_click }
}

/// What an area alert says, in both languages.
#[derive(Template)]
#[template(path = "mail/new_in_area.txt")]
struct NewInArea<'a> {
    doc: &'a Heading,
    where_bg: &'a str,
    where_en: &'a str,
    page_link: &'a str,
    unsubscribe_link: &'a str,
}

html_of!(NewInAreaHtml, NewInArea, "mail/new_in_area.html");

/// A new public signal in an area someone follows.
pub fn new_in_area(
    document: &Document,
    to: Email,
    page_link: &str,
    unsubscribe_link: &str,
    one_click_link: &str,
    catalogue: &Catalogue,
) -> OutgoingMail {
    let doc = Heading::of(document, catalogue);
    let district = document.district.as_deref().and_then(|d| catalogue.district(d)).map(|d| d.name.clone());
    let (where_bg, where_en) =
        district.map(|d| (format!(" в район {}", d.bg), format!(" in {}", d.en))).unwrap_or_default();
    let subject = format!("Нов сигнал{where_bg}: {} / New signal{where_en}: {}", doc.about_bg, doc.about_en);
    let mail = NewInArea { doc: &doc, where_bg: &where_bg, where_en: &where_en, page_link, unsubscribe_link };
    let (text, html) = render(&mail, NewInAreaHtml(&mail));
    OutgoingMail { to, subject, text, html, unsubscribe_url: Some(one_click_link.to_owned()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal() -> Document {
        crate::domain::document::sample_signal("district-lozenets")
    }

    #[test]
    fn the_html_escapes_what_people_wrote_and_the_text_keeps_it() {
        let update = Dated {
            at: "2026-11-02T08:30:00Z".parse().unwrap(),
            update: Update::Status {
                from: Status::New,
                to: Status::InProgress,
                note: Some("<script>x</script> & \"цитат\"".into()),
            },
        };
        let audience = Audience::Subscriber {
            page_link: "https://p?a=1&b=2",
            unsubscribe_link: "https://u",
            one_click_link: "https://o",
        };
        let mail =
            document_update(&signal(), &[update], Email::parse("a@b.bg").unwrap(), &audience, Catalogue::builtin());
        assert!(mail.text.contains("<script>x</script> & \"цитат\""), "{}", mail.text);
        assert!(!mail.html.contains("<script>"), "{}", mail.html);
        assert!(mail.html.contains("&#60;script&#62;x&#60;/script&#62; &#38;"), "{}", mail.html);
        assert!(mail.html.contains("href=\"https://p?a=1&#38;b=2\""), "{}", mail.html);
        assert!(mail.text.ends_with("Отписване / Unsubscribe:\nhttps://u\n"), "{:?}", mail.text);
        assert_eq!(mail.unsubscribe_url.as_deref(), Some("https://o"));
    }

    #[test]
    fn several_changes_make_one_mail_that_lists_each_with_its_time_in_order() {
        let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
        let changes = [
            Dated {
                at: at("2026-11-02T08:30:00Z"),
                update: Update::Status {
                    from: Status::New, to: Status::Forwarded, note: Some("Към района".into())
                },
            },
            Dated {
                at: at("2026-11-02T08:31:00Z"), update: Update::Reply { text: "Ще я запълним.".into() }
            },
            Dated {
                at: at("2026-11-02T08:32:00Z"),
                update: Update::Status { from: Status::Forwarded, to: Status::InProgress, note: None },
            },
        ];
        let audience = Audience::Sender { follow_link: "https://f" };
        let mail =
            document_update(&signal(), &changes, Email::parse("a@b.bg").unwrap(), &audience, Catalogue::builtin());
        assert!(mail.subject.starts_with("3 промени по сигнал № 2026-000007"), "{}", mail.subject);
        assert!(mail.subject.contains("3 changes to signal No. 2026-000007"), "{}", mail.subject);
        let (bg, en) = mail.text.split_once("---").unwrap();
        for part in [bg, en] {
            let first = part.find("10:30").expect("Sofia time of the first");
            let second = part.find("10:31").expect("of the reply");
            let third = part.find("10:32").expect("of the last");
            assert!(first < second && second < third, "in order: {part}");
        }
        assert!(bg.contains("Към района") && bg.contains("Ще я запълним.") && bg.contains("Приет → Насочен"), "{bg}");
        assert!(en.contains("A reply has been registered:") && en.contains("3 changes, earliest first:"), "{en}");
    }

    #[test]
    fn a_confirmation_names_the_number_the_date_and_the_unit_in_both_languages() {
        let mail =
            registration_confirmation(&signal(), Email::parse("a@b.bg").unwrap(), "https://f", Catalogue::builtin());
        assert!(mail.subject.contains("2026-000007") && mail.subject.contains("01.11.2026"));
        assert!(mail.text.starts_with("Здравейте,\n\nВашият документ „Сигнал: "), "{}", mail.text);
        assert!(mail.text.contains("Your signal \"Pothole in the road\"") && mail.text.ends_with("+359 700 17 310\n"));
        assert!(mail.html.contains("<a href=\"https://f\">Follow it</a>"));
    }
}

/// One document in a digest, as the template shows it.
struct DigestItem<'a> {
    number: String,
    about: &'a Name,
    due: String,
}

/// What a unit's digest says, in both languages.
#[derive(Template)]
#[template(path = "mail/digest.txt")]
struct Digest<'a> {
    heading_bg: &'a str,
    heading_en: &'a str,
    unit_bg: &'a str,
    unit_en: &'a str,
    day: &'a str,
    lines: Vec<DigestItem<'a>>,
    console_link: &'a str,
}

html_of!(DigestHtml, Digest, "mail/digest.html");

/// One mail to a member of a unit (or an operator, or the unit's head) listing every document of the unit that
/// reached `step` on `day`: one mail per unit and step, not one per document.
pub fn unit_digest(
    to: Email,
    unit: &Name,
    step: super::escalation::Step,
    day: jiff::civil::Date,
    lines: &[super::escalation::DigestLine],
    base_url: &str,
) -> OutgoingMail {
    let heading = step.label();
    let day_text = day.strftime("%d.%m.%Y").to_string();
    let console_link = format!("{}/staff.html", base_url.trim_end_matches('/'));
    let mail = Digest {
        heading_bg: &heading.bg,
        heading_en: &heading.en,
        unit_bg: &unit.bg,
        unit_en: &unit.en,
        day: &day_text,
        lines: lines
            .iter()
            .map(|line| DigestItem {
                number: line.number.to_string(),
                about: &line.about,
                due: line.due_on.strftime("%d.%m.%Y").to_string(),
            })
            .collect(),
        console_link: &console_link,
    };
    let subject =
        format!("{} ({}): {} / {} ({}): {}", heading.bg, lines.len(), unit.bg, heading.en, lines.len(), unit.en);
    let (text, html) = render(&mail, DigestHtml(&mail));
    OutgoingMail { to, subject, text, html, unsubscribe_url: None }
}

/// What the "is it fixed?" question says, in both languages.
#[derive(Template)]
#[template(path = "mail/fixed_check.txt")]
struct FixedCheck<'a> {
    doc: &'a Heading,
    fixed_link: &'a str,
    not_fixed_link: &'a str,
}

html_of!(FixedCheckHtml, FixedCheck, "mail/fixed_check.html");

/// The question to a signal's sender some time after it was marked fixed, with one link per answer.
pub fn fixed_check(
    document: &Document,
    to: Email,
    fixed_link: &str,
    not_fixed_link: &str,
    catalogue: &Catalogue,
) -> OutgoingMail {
    let doc = Heading::of(document, catalogue);
    let subject = format!("Отстранен ли е проблемът? № {} / Is it fixed? No. {}", doc.number, doc.number);
    let mail = FixedCheck { doc: &doc, fixed_link, not_fixed_link };
    let (text, html) = render(&mail, FixedCheckHtml(&mail));
    OutgoingMail { to, subject, text, html, unsubscribe_url: None }
}
