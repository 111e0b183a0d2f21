//! Intake by the Contact Center's operators: a document taken on the phone line, by e-mail, at the counter or by
//! post, filed on the caller's behalf. The caller's data is the sender's (never public); the kinds the law asks an
//! identified sender for (letters, complaints, proposals, ЗДОИ requests) need the caller's name and an address to
//! answer to (postal or e-mail: ЗДОИ art. 25(1), АПК art. 29(3)).

use super::FieldError;
use super::catalogue::Catalogue;
use super::districts::Districts;
use super::document::Draft;
use super::email::Email;
use super::filing::{
    LocationRequest, NewQuestionRequest, NewSignalRequest, NewWrittenRequest, parse_new_question, parse_new_signal,
    parse_new_written,
};
use super::kind::DocumentKind;
use serde::Deserialize;

super::text_enum! {
    /// How a document reached the municipality.
    #[derive(Default)]
    pub enum Channel {
        /// Filed by the citizen on the site (or through Open311).
        #[default]
        #[strum(props(bg = "Сайт", en = "Website"))]
        Web,
        /// Taken by an operator on the phone line.
        #[strum(props(bg = "Телефон", en = "Phone"))]
        Phone,
        #[strum(props(bg = "Имейл", en = "E-mail"))]
        Email,
        /// At the Contact Center's counter.
        #[strum(props(bg = "На място", en = "In person"))]
        InPerson,
        #[strum(props(bg = "Поща", en = "Post"))]
        Post,
    }
}

/// The body of `POST /api/staff/intake`: the kind and its fields as the citizen's own forms take them, the
/// channel, and whatever the caller gave of name, phone, e-mail and address.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeRequest {
    /// `phone`, `email`, `in_person` or `post`.
    #[schemars(required)]
    pub channel: Option<String>,
    /// Any document kind: `signal`, `question`, `letter`, `complaint`, `proposal`, `access_request`.
    #[schemars(required)]
    pub kind: Option<String>,
    /// Signals: the category, type and place.
    pub category: Option<String>,
    #[serde(rename = "type")]
    pub signal_type: Option<String>,
    pub location: Option<LocationRequest>,
    /// Questions: the topic.
    pub topic: Option<String>,
    /// Letters, complaints, proposals, ЗДОИ requests: the title and, optionally, the unit it is addressed to.
    pub title: Option<String>,
    pub addressee: Option<String>,
    #[schemars(required)]
    pub description: Option<String>,
    /// The caller (all optional, except what the kind's law requires).
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

/// Validates an intake: the kind's own rules, the channel, the caller's data, and the identification the law
/// asks for. Every field error at once.
pub fn parse_intake(
    request: &IntakeRequest,
    catalogue: &Catalogue,
    districts: &Districts,
) -> Result<(Draft, Channel), Vec<FieldError>> {
    let mut errors = Vec::new();
    let channel = match request.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => {
            errors.push(FieldError::new("channel", "required", "channel is phone, email, in_person or post"));
            None
        }
        Some(value) => match Channel::parse(value).filter(|c| *c != Channel::Web) {
            Some(channel) => Some(channel),
            None => {
                errors.push(FieldError::new("channel", "unknown", "channel is phone, email, in_person or post"));
                None
            }
        },
    };
    let kind = match request.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => {
            errors.push(FieldError::new("kind", "required", "kind is required"));
            return Err(errors);
        }
        Some(value) => match DocumentKind::parse(value) {
            Some(kind) => kind,
            None => {
                errors.push(FieldError::new("kind", "unknown", format!("{value:?} is not a document kind")));
                return Err(errors);
            }
        },
    };
    let parsed = match kind {
        DocumentKind::Signal => parse_new_signal(
            &NewSignalRequest {
                category: request.category.clone(),
                signal_type: request.signal_type.clone(),
                location: request.location.clone(),
                description: request.description.clone(),
                email: request.email.clone(),
                name: request.name.clone(),
                website: None,
            },
            catalogue,
            districts,
        ),
        DocumentKind::Question => parse_new_question(
            &NewQuestionRequest {
                topic: request.topic.clone(),
                description: request.description.clone(),
                email: request.email.clone(),
                name: request.name.clone(),
                website: None,
            },
            catalogue,
        ),
        written => parse_new_written(
            &NewWrittenRequest {
                kind: Some(written.as_str().to_owned()),
                title: request.title.clone(),
                description: request.description.clone(),
                addressee: request.addressee.clone(),
                name: request.name.clone(),
                phone: request.phone.clone(),
                address: request.address.clone(),
            },
            catalogue,
        ),
    };
    let mut draft = parsed.map_err(|found| errors.extend(found)).ok();
    // What the citizen's own form for the kind does not ask, the operator may still note.
    let phone = filled(&request.phone).and_then(|value| super::account::parse_phone(value, &mut errors));
    let email = filled(&request.email).and_then(|value| {
        Email::parse(value).ok().or_else(|| {
            errors.push(FieldError::new("email", "invalid", "email is not a valid e-mail address"));
            None
        })
    });
    let address = filled(&request.address).and_then(|value| {
        super::text::Address::parse(value).ok().or_else(|| {
            errors.push(FieldError::new("address", "invalid", "address is 3 to 300 characters"));
            None
        })
    });
    if DocumentKind::WRITTEN.contains(&kind) {
        if filled(&request.name).is_none() {
            errors.push(FieldError::new(
                "name",
                "required",
                "a letter, complaint, proposal or ЗДОИ request names its sender",
            ));
        }
        if filled(&request.address).is_none() && filled(&request.email).is_none() {
            errors.push(FieldError::new(
                "address",
                "required",
                "give an address or an e-mail address the answer can be sent to",
            ));
        }
    }
    match (draft.as_mut(), channel) {
        (Some(draft), Some(channel)) if errors.is_empty() => {
            draft.sender.phone = phone.or(draft.sender.phone.take());
            draft.sender.email = email.or(draft.sender.email.take());
            draft.sender.address = address.or(draft.sender.address.take());
            draft.channel = channel;
            Ok((draft.clone(), channel))
        }
        _ => Err(once_each(errors)),
    }
}

/// The kind's own form and the intake check some fields alike: each field is named once, by the first check.
fn once_each(errors: Vec<FieldError>) -> Vec<FieldError> {
    let mut seen = std::collections::HashSet::new();
    errors.into_iter().filter(|e| seen.insert(e.field.clone())).collect()
}

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> IntakeRequest {
        IntakeRequest {
            channel: Some("phone".into()),
            kind: Some("letter".into()),
            title: Some("Ремонт на читалище".into()),
            description: Some("Моля за информация кога започва ремонтът.".into()),
            name: Some("Мария Иванова".into()),
            address: Some("ул. Шипка 6, София".into()),
            ..IntakeRequest::default()
        }
    }

    fn fields(request: &IntakeRequest) -> Vec<String> {
        parse_intake(request, Catalogue::builtin(), Districts::builtin())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_letter_by_phone_keeps_the_channel_and_the_caller() {
        let (draft, channel) = parse_intake(&letter(), Catalogue::builtin(), Districts::builtin()).unwrap();
        assert_eq!(channel, Channel::Phone);
        assert_eq!(draft.channel, Channel::Phone);
        assert_eq!(draft.sender.name.unwrap().as_str(), "Мария Иванова");
        assert_eq!(draft.owner, None);
    }

    #[test]
    fn a_letter_needs_the_callers_name_and_an_address_to_answer_to() {
        let request = IntakeRequest { name: None, address: None, ..letter() };
        assert_eq!(fields(&request), ["name", "address"]);
        let by_mail = IntakeRequest { address: None, email: Some("m@example.bg".into()), ..letter() };
        assert!(fields(&by_mail).is_empty());
    }

    #[test]
    fn a_signal_needs_no_caller_and_the_channel_is_required() {
        let request = IntakeRequest {
            channel: None,
            kind: Some("signal".into()),
            category: Some("streets".into()),
            signal_type: Some("pothole".into()),
            location: Some(LocationRequest {
                address: Some("ул. Шипка 6".into()), ..LocationRequest::default()
            }),
            description: Some("Дупка на пътното платно пред №6".into()),
            ..IntakeRequest::default()
        };
        assert_eq!(fields(&request), ["channel"]);
        let web = IntakeRequest { channel: Some("web".into()), ..request };
        assert_eq!(fields(&web), ["channel"]);
    }
}
