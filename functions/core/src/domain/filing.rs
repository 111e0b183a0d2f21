//! Turning what a citizen submitted into a valid draft, or into every field error at once.

use super::FieldError;
use super::account::{Phone, Profile, parse_phone};
use super::catalogue::FALLBACK_UNIT;
use super::catalogue::{Catalogue, Category, SignalType};
use super::districts::Districts;
use super::document::{Draft, Sender, Subject};
use super::email::Email;
use super::kind::DocumentKind;
use super::location::{InvalidPoint, Location, SofiaPoint};
use super::text::{Address, Description, InvalidText, PersonName};
use serde::Deserialize;

/// The body of `POST /api/signals`, as sent. Every field is optional here so that a missing one is reported by
/// name together with all the other problems, not one at a time.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSignalRequest {
    #[schemars(required)]
    pub category: Option<String>,
    #[serde(rename = "type")]
    #[schemars(required)]
    pub signal_type: Option<String>,
    #[schemars(required)]
    pub location: Option<LocationRequest>,
    #[schemars(required, length(min = 10, max = 4000))]
    pub description: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    /// A honeypot: hidden on the forms, left empty by people, filled by bots.
    #[serde(default)]
    pub website: Option<String>,
}

/// The body of `POST /api/questions`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuestionRequest {
    #[schemars(required)]
    pub topic: Option<String>,
    #[schemars(required, length(min = 10, max = 4000))]
    pub description: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    /// The honeypot, as on signals.
    #[serde(default)]
    pub website: Option<String>,
}

fn honeypot(value: &Option<String>, errors: &mut Vec<FieldError>) {
    if non_blank(value).is_some() {
        errors.push(FieldError::new("website", "must_be_empty", "leave the website field empty"));
    }
}

#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationRequest {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    /// The district, for a signal placed by address without a point (a point's own district wins).
    #[serde(default)]
    pub district: Option<String>,
}

/// A required text field parsed as `T`: missing or invalid is an error of that field.
fn required_text<T>(
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, InvalidText>,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let Some(value) = value else {
        errors.push(missing(field));
        return None;
    };
    parse(value).map_err(|error| errors.push(text_error(field, error))).ok()
}

fn text_error(field: &str, error: InvalidText) -> FieldError {
    match error {
        InvalidText::TooShort { min } if min <= 1 => FieldError::new(field, "required", format!("{field} is required")),
        InvalidText::TooShort { min } => {
            FieldError::new(field, "too_short", format!("{field} must be at least {min} characters"))
        }
        InvalidText::TooLong { max } => {
            FieldError::new(field, "too_long", format!("{field} must be at most {max} characters"))
        }
    }
}

fn missing(field: &str) -> FieldError {
    FieldError::new(field, "required", format!("{field} is required"))
}

/// Empty strings count as absent for optional fields: forms send them for fields left blank.
fn non_blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

fn parse_location(request: Option<&LocationRequest>, errors: &mut Vec<FieldError>) -> Option<Location> {
    let Some(request) = request else {
        errors.push(FieldError::new("location", "required", "location needs a point (lat, lon) or an address"));
        return None;
    };
    let point = match (request.lat, request.lon) {
        (None, None) => None,
        (Some(lat), Some(lon)) => match SofiaPoint::new(lat, lon) {
            Ok(point) => Some(point),
            Err(InvalidPoint::OutsideSofia) => {
                errors.push(FieldError::new("location", "outside_sofia", "the point is outside Sofia Municipality"));
                return None;
            }
            Err(InvalidPoint::NotANumber) => {
                errors.push(FieldError::new("location", "invalid", "lat and lon must be numbers"));
                return None;
            }
        },
        (None, Some(_)) => {
            errors.push(missing("location.lat"));
            return None;
        }
        (Some(_), None) => {
            errors.push(missing("location.lon"));
            return None;
        }
    };
    let address = match non_blank(&request.address).map(Address::parse) {
        None => None,
        Some(Ok(address)) => Some(address),
        Some(Err(error)) => {
            errors.push(text_error("location.address", error));
            return None;
        }
    };
    let location = Location::new(point, address);
    if location.is_none() {
        errors.push(FieldError::new("location", "required", "location needs a point (lat, lon) or an address"));
    }
    location
}

fn parse_description(value: &Option<String>, errors: &mut Vec<FieldError>) -> Option<Description> {
    required_text("description", value.as_deref(), Description::parse, errors)
}

fn parse_sender(email: &Option<String>, name: &Option<String>, errors: &mut Vec<FieldError>) -> Sender {
    let email = match non_blank(email).map(Email::parse) {
        None => None,
        Some(Ok(email)) => Some(email),
        Some(Err(_)) => {
            errors.push(FieldError::new("email", "invalid", "email is not a valid e-mail address"));
            None
        }
    };
    let name = match non_blank(name).map(PersonName::parse) {
        None => None,
        Some(Ok(name)) => Some(name),
        Some(Err(error)) => {
            errors.push(text_error("name", error));
            None
        }
    };
    Sender { email, name, phone: None, address: None }
}

/// What the id in `field` names in the catalogue: a missing or unknown id is an error of that field.
fn known<'c, T>(
    field: &str,
    value: &Option<String>,
    find: impl Fn(&str) -> Option<&'c T>,
    errors: &mut Vec<FieldError>,
) -> Option<&'c T> {
    let Some(id) = non_blank(value) else {
        errors.push(missing(field));
        return None;
    };
    let found = find(id);
    if found.is_none() {
        errors.push(FieldError::new(field, "unknown", format!("unknown {field} {id:?}")));
    }
    found
}

/// The code of the error that refuses an urgent category or type.
pub const URGENT: &str = "urgent";

/// An urgent category or type is not filed: the error names the field that made it urgent (`type` when the type
/// is, else `category`) and says whom to call.
fn urgent(category: Option<&Category>, signal_type: Option<&SignalType>) -> Option<FieldError> {
    let category = category?;
    let (field, call) = match signal_type.and_then(|t| t.urgent.as_ref()) {
        Some(call) => ("type", call),
        None => ("category", category.urgent.as_ref()?),
    };
    Some(FieldError::new(field, URGENT, call.advice()))
}

/// Validates a new signal against the catalogue and routes it: the district from its point, the unit from
/// the catalogue's rule. Returns every field error found.
pub fn parse_new_signal(
    request: &NewSignalRequest,
    catalogue: &Catalogue,
    districts: &Districts,
) -> Result<Draft, Vec<FieldError>> {
    let mut errors = Vec::new();

    let category = known("category", &request.category, |id| catalogue.category(id), &mut errors);
    let signal_type = match (non_blank(&request.signal_type), category) {
        (None, _) => {
            errors.push(missing("type"));
            None
        }
        (Some(_), None) => None,
        (Some(id), Some(category)) => {
            let found = category.signal_type(id);
            if found.is_none() {
                errors.push(FieldError::new(
                    "type",
                    "unknown",
                    format!("unknown type {id:?} in category {:?}", category.id),
                ));
            }
            found
        }
    };
    errors.extend(urgent(category, signal_type));
    let location = parse_location(request.location.as_ref(), &mut errors);
    let named_district = match request.location.as_ref().and_then(|l| non_blank(&l.district)) {
        None => None,
        Some(id) => {
            let found = catalogue.district(id);
            if found.is_none() {
                errors.push(FieldError::new("location.district", "unknown", format!("unknown district {id:?}")));
            }
            found.map(|d| d.id.clone())
        }
    };
    let description = parse_description(&request.description, &mut errors);
    let sender = parse_sender(&request.email, &request.name, &mut errors);
    honeypot(&request.website, &mut errors);

    match (category, signal_type, location, description) {
        (Some(category), Some(signal_type), Some(location), Some(description)) if errors.is_empty() => {
            // A point is placed in its district by the boundaries; without one, the district the sender named.
            let district = match location.point() {
                Some(point) => districts.locate(point).map(str::to_owned),
                None => named_district,
            };
            let unit = catalogue.route_signal(category, signal_type, district.as_deref()).to_owned();
            Ok(Draft {
                subject: Subject::Signal {
                    category: category.id.clone(),
                    signal_type: signal_type.id.clone(),
                    location,
                },
                description,
                sender,
                unit,
                district,
                owner: None,
                channel: super::intake::Channel::Web,
            })
        }
        _ => Err(errors),
    }
}

/// Validates a new question (request for information) against the catalogue's topics.
pub fn parse_new_question(request: &NewQuestionRequest, catalogue: &Catalogue) -> Result<Draft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let topic = known("topic", &request.topic, |id| catalogue.topic(id), &mut errors);
    let description = parse_description(&request.description, &mut errors);
    let sender = parse_sender(&request.email, &request.name, &mut errors);
    honeypot(&request.website, &mut errors);
    match (topic, description) {
        (Some(topic), Some(description)) if errors.is_empty() => Ok(Draft {
            subject: Subject::Question { topic: topic.id.clone() },
            description,
            sender,
            unit: topic.unit.clone(),
            district: None,
            owner: None,
            channel: super::intake::Channel::Web,
        }),
        _ => Err(errors),
    }
}

/// The body of `POST /api/me/documents`: a letter, complaint, proposal or ЗДОИ request.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWrittenRequest {
    /// `letter`, `complaint`, `proposal` or `access_request`.
    #[schemars(required)]
    pub kind: Option<String>,
    #[schemars(required, length(min = 3, max = 200))]
    pub title: Option<String>,
    #[schemars(required, length(min = 10, max = 20000))]
    pub description: Option<String>,
    /// The unit it is addressed to; the Contact Center distributes it when absent.
    pub addressee: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

pub type Title = super::text::Line<3, 200>;
/// Letters and complaints may be longer than a signal's description.
pub type LetterText = super::text::BoundedText<10, 20000>;

/// Validates a letter, complaint, proposal or ЗДОИ request.
pub fn parse_new_written(request: &NewWrittenRequest, catalogue: &Catalogue) -> Result<Draft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = match non_blank(&request.kind).map(|k| (k, DocumentKind::parse(k))) {
        None => {
            errors.push(missing("kind"));
            None
        }
        Some((_, Some(kind))) if DocumentKind::WRITTEN.contains(&kind) => Some(kind),
        Some((value, _)) => {
            errors.push(FieldError::new(
                "kind",
                "unknown",
                format!("{value:?} is not letter, complaint, proposal or access_request"),
            ));
            None
        }
    };
    let title = required_text("title", request.title.as_deref(), Title::parse, &mut errors);
    let text = required_text("description", request.description.as_deref(), LetterText::parse, &mut errors);
    let addressee = match non_blank(&request.addressee) {
        None => None,
        Some(id) if catalogue.unit(id).is_some() => Some(id.to_owned()),
        Some(id) => {
            errors.push(FieldError::new("addressee", "unknown", format!("unknown unit {id:?}")));
            None
        }
    };
    let mut sender = parse_sender(&None, &request.name, &mut errors);
    sender.phone = non_blank(&request.phone).and_then(|value| parse_phone(value, &mut errors));
    sender.address = match non_blank(&request.address).map(Address::parse) {
        None => None,
        Some(Ok(address)) => Some(address),
        Some(Err(error)) => {
            errors.push(text_error("address", error));
            None
        }
    };
    match (kind, title, text) {
        (Some(kind), Some(title), Some(text)) if errors.is_empty() => {
            // The description type is shared; a letter's longer text is kept whole.
            let description = Description::parse_unbounded(text.as_str());
            Ok(Draft {
                subject: Subject::Written { kind, title: title.into_string(), addressee: addressee.clone() },
                description,
                sender,
                unit: addressee.unwrap_or_else(|| FALLBACK_UNIT.to_owned()),
                district: None,
                owner: None,
                channel: super::intake::Channel::Web,
            })
        }
        _ => Err(errors),
    }
}

impl Draft {
    /// A draft filed by a signed-in user: theirs, with the sender data taken from their profile and only what
    /// the profile lacks taken from the form.
    pub fn filed_by(mut self, profile: &Profile) -> Self {
        self.owner = Some(profile.sub.clone());
        // Copies go to the account's address only once its owner has proved it is theirs; until then none.
        self.sender.email = Email::parse(&profile.email).ok().filter(|_| profile.email_verified);
        if let Some(name) = profile.name.as_deref().and_then(|n| PersonName::parse(n).ok()) {
            self.sender.name = Some(name);
        }
        if let Some(phone) = profile.phone.as_deref().and_then(Phone::parse) {
            self.sender.phone = Some(phone);
        }
        if let Some(address) = profile.address.as_deref().and_then(|a| Address::parse(a).ok()) {
            self.sender.address = Some(address);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> NewSignalRequest {
        NewSignalRequest {
            category: Some("streets".into()),
            signal_type: Some("pothole".into()),
            location: Some(LocationRequest { lat: Some(42.675), lon: Some(23.325), address: None, district: None }),
            description: Some("Дълбока дупка пред входа на блока".into()),
            email: Some("citizen@example.bg".into()),
            name: None,
            website: None,
        }
    }

    fn fields(request: &NewSignalRequest) -> Vec<String> {
        parse_new_signal(request, Catalogue::builtin(), Districts::builtin())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_complete_signal_parses() {
        let draft = parse_new_signal(&valid(), Catalogue::builtin(), Districts::builtin()).unwrap();
        assert!(matches!(&draft.subject, Subject::Signal { category, .. } if category == "streets"));
        // 42.675, 23.325 is in Lozenets, whose district administration handles potholes.
        assert_eq!(draft.district.as_deref(), Some("lozenets"));
        assert_eq!(draft.unit, "district-lozenets");
        assert_eq!(draft.sender.email.unwrap().as_str(), "citizen@example.bg");
    }

    #[test]
    fn every_missing_field_is_named() {
        assert_eq!(fields(&NewSignalRequest::default()), ["category", "type", "location", "description"]);
    }

    #[test]
    fn unknown_catalogue_entries_and_bad_values_are_named() {
        let mut request = valid();
        request.signal_type = Some("lamp-out".into());
        request.email = Some("not-an-email".into());
        assert_eq!(fields(&request), ["type", "email"]);

        let mut request = valid();
        request.location =
            Some(LocationRequest { lat: Some(42.1354), lon: Some(24.7453), address: None, district: None });
        request.description = Some("x".repeat(4001));
        assert_eq!(fields(&request), ["location", "description"]);
    }

    #[test]
    fn an_address_alone_is_a_location_and_blank_optional_fields_are_absent() {
        let mut request = valid();
        request.location =
            Some(LocationRequest { lat: None, lon: None, address: Some("ул. Шипка 6".into()), district: None });
        request.email = Some("  ".into());
        let draft = parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).unwrap();
        assert!(
            matches!(&draft.subject, Subject::Signal { location, .. } if location.address() == Some("ул. Шипка 6"))
        );
        assert!(draft.sender.email.is_none());
        // No point, no district: the Contact Center distributes it by hand.
        assert_eq!((draft.district, draft.unit.as_str()), (None, "contact-center"));
    }

    #[test]
    fn an_address_with_a_named_district_goes_where_a_point_there_would() {
        let mut request = valid();
        let by_point = parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).unwrap();
        request.location = Some(LocationRequest {
            lat: None,
            lon: None,
            address: Some("ул. Златен рог 20".into()),
            district: by_point.district.clone(),
        });
        let by_address = parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).unwrap();
        assert!(by_point.district.is_some());
        assert_eq!((&by_address.district, &by_address.unit), (&by_point.district, &by_point.unit));
        request.location.as_mut().unwrap().district = Some("atlantis".into());
        let refused = parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).unwrap_err();
        assert_eq!(refused[0].field, "location.district");
    }

    #[test]
    fn urgent_types_are_not_filed_and_say_whom_to_call() {
        let mut request = valid();
        request.category = Some("water".into());
        request.signal_type = Some("main-burst".into());
        let errors = parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].field.as_str(), errors[0].code), ("type", URGENT));
        assert!(errors[0].message.contains("0800 121 21") && errors[0].message.contains("Софийска вода"));

        // Named with every other problem at once.
        request.description = None;
        assert_eq!(fields(&request), ["type", "description"]);
        request.category = Some("construction".into());
        request.signal_type = Some("falling-elements".into());
        request.description = Some("Пада мазилка от балкона над входа".into());
        let errors = parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).unwrap_err();
        assert!(errors[0].message.contains("call 112"), "{errors:?}");
        // The neighbours in the same category are signals as before.
        request.signal_type = Some("site-safety".into());
        assert!(parse_new_signal(&request, Catalogue::builtin(), Districts::builtin()).is_ok());
    }

    #[test]
    fn a_whole_urgent_category_is_refused_by_its_field() {
        let mut catalogue = Catalogue::builtin().clone();
        let lighting = catalogue.signal_categories.iter_mut().find(|c| c.id == "lighting").unwrap();
        lighting.urgent = Some(crate::domain::catalogue::Urgent::emergency_112());
        let mut request = valid();
        request.category = Some("lighting".into());
        request.signal_type = Some("pole-damaged".into());
        let errors = parse_new_signal(&request, &catalogue, Districts::builtin()).unwrap_err();
        assert_eq!((errors[0].field.as_str(), errors[0].code), ("category", URGENT));
        request.signal_type = None;
        assert_eq!(
            parse_new_signal(&request, &catalogue, Districts::builtin())
                .unwrap_err()
                .iter()
                .map(|e| (e.field.as_str(), e.code))
                .collect::<Vec<_>>(),
            [("type", "required"), ("category", URGENT)]
        );
    }

    #[test]
    fn questions_need_a_known_topic_and_a_text() {
        let request = NewQuestionRequest {
            topic: Some("local-taxes".into()),
            description: Some("Как да платя данък сгради онлайн?".into()),
            email: None,
            name: None,
            website: None,
        };
        let draft = parse_new_question(&request, Catalogue::builtin()).unwrap();
        assert_eq!(draft.subject, Subject::Question { topic: "local-taxes".into() });
        let errors = parse_new_question(
            &NewQuestionRequest { topic: Some("weather".into()), ..Default::default() },
            Catalogue::builtin(),
        )
        .unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["topic", "description"]);
    }
}
