//! Turning what a citizen submitted into a valid draft, or into every field error at once.

use super::FieldError;
use super::catalogue::Catalogue;
use super::document::{Sender, SignalDraft};
use super::email::Email;
use super::location::{InvalidPoint, Location, SofiaPoint};
use super::text::{Address, Description, InvalidText, PersonName};
use serde::Deserialize;

/// The body of `POST /api/signals`, as sent. Every field is optional here so that a missing one is reported by
/// name together with all the other problems, not one at a time.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSignalRequest {
    pub category: Option<String>,
    #[serde(rename = "type")]
    pub signal_type: Option<String>,
    pub location: Option<LocationRequest>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationRequest {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
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

/// Validates a new signal against the catalogue. Returns every field error found.
pub fn parse_new_signal(request: &NewSignalRequest, catalogue: &Catalogue) -> Result<SignalDraft, Vec<FieldError>> {
    let mut errors = Vec::new();

    let category = match non_blank(&request.category) {
        None => {
            errors.push(missing("category"));
            None
        }
        Some(id) => {
            let found = catalogue.category(id);
            if found.is_none() {
                errors.push(FieldError::new("category", "unknown", format!("unknown category {id:?}")));
            }
            found
        }
    };
    let signal_type = match (non_blank(&request.signal_type), category) {
        (None, _) => {
            errors.push(missing("type"));
            None
        }
        (Some(_), None) => None,
        (Some(id), Some(category)) => {
            let found = category.signal_type(id);
            if found.is_none() {
                errors.push(FieldError::new("type", "unknown", format!("unknown type {id:?} in category {:?}", category.id)));
            }
            found
        }
    };
    let location = parse_location(request.location.as_ref(), &mut errors);
    let description = match request.description.as_deref().map(Description::parse) {
        None => {
            errors.push(missing("description"));
            None
        }
        Some(Ok(description)) => Some(description),
        Some(Err(error)) => {
            errors.push(text_error("description", error));
            None
        }
    };
    let email = match non_blank(&request.email).map(Email::parse) {
        None => None,
        Some(Ok(email)) => Some(email),
        Some(Err(_)) => {
            errors.push(FieldError::new("email", "invalid", "email is not a valid e-mail address"));
            None
        }
    };
    let name = match non_blank(&request.name).map(PersonName::parse) {
        None => None,
        Some(Ok(name)) => Some(name),
        Some(Err(error)) => {
            errors.push(text_error("name", error));
            None
        }
    };

    match (category, signal_type, location, description) {
        (Some(category), Some(signal_type), Some(location), Some(description)) if errors.is_empty() => Ok(SignalDraft {
            category: category.id.clone(),
            signal_type: signal_type.id.clone(),
            location,
            description,
            sender: Sender { email, name },
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> NewSignalRequest {
        NewSignalRequest {
            category: Some("streets".into()),
            signal_type: Some("pothole".into()),
            location: Some(LocationRequest { lat: Some(42.6977), lon: Some(23.3219), address: None }),
            description: Some("Дълбока дупка пред входа на блока".into()),
            email: Some("citizen@example.bg".into()),
            name: None,
        }
    }

    fn fields(request: &NewSignalRequest) -> Vec<String> {
        parse_new_signal(request, Catalogue::builtin()).unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_signal_parses() {
        let draft = parse_new_signal(&valid(), Catalogue::builtin()).unwrap();
        assert_eq!(draft.category, "streets");
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
        request.location = Some(LocationRequest { lat: Some(42.1354), lon: Some(24.7453), address: None });
        request.description = Some("x".repeat(4001));
        assert_eq!(fields(&request), ["location", "description"]);
    }

    #[test]
    fn an_address_alone_is_a_location_and_blank_optional_fields_are_absent() {
        let mut request = valid();
        request.location = Some(LocationRequest { lat: None, lon: None, address: Some("ул. Шипка 6".into()) });
        request.email = Some("  ".into());
        let draft = parse_new_signal(&request, Catalogue::builtin()).unwrap();
        assert_eq!(draft.location.address(), Some("ул. Шипка 6"));
        assert!(draft.sender.email.is_none());
    }
}
