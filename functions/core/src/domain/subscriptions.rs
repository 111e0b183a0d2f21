//! Subscriptions: registered users follow a signal (theirs or anyone's), or new signals in a district and/or
//! category (area alerts). Each mail to a subscriber carries a signed one-click unsubscribe link.

use super::FieldError;
use super::access::TokenSecret;
use super::catalogue::Catalogue;
use super::registry::RegistryNumber;
use serde::Serialize;

/// What a subscription follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Document(RegistryNumber),
    /// New public signals in a district and/or of a category (at least one of the two).
    Area {
        district: Option<String>,
        category: Option<String>,
    },
}

const ANY: &str = "*";
const UNSUBSCRIBE: &str = "unsubscribe";

impl Target {
    /// Its stable text form, as unsubscribe tokens and handed-on work carry it: `signal:2026-000001`,
    /// `area:lozenets:*` (any category in Lozenets).
    pub fn id(&self) -> String {
        match self {
            Self::Document(number) => format!("signal:{number}"),
            Self::Area { district, category } => {
                format!("area:{}:{}", district.as_deref().unwrap_or(ANY), category.as_deref().unwrap_or(ANY))
            }
        }
    }

    pub fn parse_id(id: &str) -> Option<Self> {
        if let Some(number) = id.strip_prefix("signal:") {
            return number.parse().ok().map(Self::Document);
        }
        let (district, category) = id.strip_prefix("area:")?.split_once(':')?;
        let part = |p: &str| (p != ANY).then(|| p.to_owned());
        Some(Self::Area { district: part(district), category: part(category) })
    }

    /// The area-alert partitions a new signal in `district` of `category` reaches.
    pub fn areas_for(district: Option<&str>, category: &str) -> Vec<Target> {
        let mut areas = vec![Self::Area { district: None, category: Some(category.to_owned()) }];
        if let Some(district) = district {
            areas.push(Self::Area { district: Some(district.to_owned()), category: None });
            areas.push(Self::Area { district: Some(district.to_owned()), category: Some(category.to_owned()) });
        }
        areas
    }
}

/// The signed token of a one-click unsubscribe link: who, from what.
pub fn unsubscribe_token(secret: &TokenSecret, sub: &str, target: &Target) -> String {
    secret.sign(UNSUBSCRIBE, &format!("{sub}\n{}", target.id()))
}

pub fn read_unsubscribe_token(secret: &TokenSecret, token: &str) -> Option<(String, Target)> {
    let payload = secret.verify(UNSUBSCRIBE, token)?;
    let (sub, key) = payload.split_once('\n')?;
    Some((sub.to_owned(), Target::parse_id(key)?))
}

/// A subscriber as the fan-out needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Subscriber {
    pub sub: String,
    pub email: String,
}

/// Parses an area alert request: a known district and/or a known category, not neither.
pub fn parse_area(
    district: Option<&str>,
    category: Option<&str>,
    catalogue: &Catalogue,
) -> Result<Target, Vec<FieldError>> {
    let mut errors = Vec::new();
    let district = district.map(str::trim).filter(|d| !d.is_empty());
    let category = category.map(str::trim).filter(|c| !c.is_empty());
    if let Some(id) = district
        && catalogue.district(id).is_none()
    {
        errors.push(FieldError::new("district", "unknown", "unknown district"));
    }
    if let Some(id) = category
        && catalogue.category(id).is_none()
    {
        errors.push(FieldError::new("category", "unknown", "unknown category"));
    }
    if district.is_none() && category.is_none() {
        errors.push(FieldError::new("district", "required", "choose a district, a category, or both"));
    }
    if errors.is_empty() {
        Ok(Target::Area { district: district.map(str::to_owned), category: category.map(str::to_owned) })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_through_their_ids() {
        let document = Target::Document(RegistryNumber::new(2026, 5).unwrap());
        assert_eq!(Target::parse_id(&document.id()), Some(document));
        let area = Target::Area { district: Some("lozenets".into()), category: None };
        assert_eq!(area.id(), "area:lozenets:*");
        assert_eq!(Target::parse_id(&area.id()), Some(area));
    }

    #[test]
    fn a_new_signal_reaches_three_kinds_of_area_alert() {
        let ids: Vec<String> = Target::areas_for(Some("lozenets"), "waste").iter().map(Target::id).collect();
        assert_eq!(ids, ["area:*:waste", "area:lozenets:*", "area:lozenets:waste"]);
        assert_eq!(Target::areas_for(None, "waste").len(), 1);
    }

    #[test]
    fn unsubscribe_tokens_name_who_and_what_and_cannot_be_forged() {
        let secret = TokenSecret::new(vec![9u8; 32]).unwrap();
        let target = Target::Document(RegistryNumber::new(2026, 5).unwrap());
        let token = unsubscribe_token(&secret, "user-1", &target);
        assert_eq!(read_unsubscribe_token(&secret, &token), Some(("user-1".into(), target)));
        assert_eq!(read_unsubscribe_token(&TokenSecret::new(vec![8u8; 32]).unwrap(), &token), None);
    }
}
