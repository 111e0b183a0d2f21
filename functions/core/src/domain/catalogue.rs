//! The catalogue of signal categories and types and of information topics.
//!
//! It is a data file (`functions/core/data/catalogue.json`), compiled into every function so that reading it
//! costs no database call; change it with a pull request. The tests check its integrity.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Name {
    pub bg: String,
    pub en: String,
}

/// Which unit a signal goes to: a fixed one, or the administration of the district the point lies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Route {
    Unit { unit: String },
    District { district: bool },
}

/// An urgent matter (life, health, security, an emergency) is not for the Contact Center, which answers in days:
/// the citizen is told to call `phone`, the number of `service`, and nothing is filed. 112 unless the catalogue
/// names another service; both are always present, so a reader never guesses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "UrgentEntry")]
pub struct Urgent {
    /// Whom to call, in both languages.
    service: Name,
    /// The number as it is dialled and shown ("112", "0800 121 21"): digits, single spaces between groups.
    phone: String,
}

/// An urgent entry as the data file writes it: `{}` for 112, or `{"service": {…}, "phone": "…"}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct UrgentEntry {
    #[serde(default)]
    service: Option<Name>,
    #[serde(default)]
    phone: Option<String>,
}

impl TryFrom<UrgentEntry> for Urgent {
    type Error = String;

    fn try_from(entry: UrgentEntry) -> Result<Self, String> {
        match (entry.service, entry.phone) {
            (None, None) => Ok(Urgent::emergency_112()),
            (Some(service), Some(phone)) => Urgent::new(service, &phone),
            _ => Err("an urgent entry names both the service and its phone, or neither (112)".to_owned()),
        }
    }
}

impl Urgent {
    pub const EMERGENCY_NUMBER: &str = "112";

    /// The single European emergency number.
    pub fn emergency_112() -> Self {
        Urgent {
            service: Name {
                bg: "Единен европейски номер за спешни повиквания 112".to_owned(),
                en: "European emergency number 112".to_owned(),
            },
            phone: Self::EMERGENCY_NUMBER.to_owned(),
        }
    }

    /// A named service and its number: names in both languages, a number of 3 to 15 digits in groups.
    pub fn new(service: Name, phone: &str) -> Result<Self, String> {
        if service.bg.trim().is_empty() || service.en.trim().is_empty() {
            return Err("an urgent service is named in Bulgarian and English".to_owned());
        }
        let phone = phone.split_whitespace().collect::<Vec<_>>().join(" ");
        let digits = phone.chars().filter(|c| *c != ' ').count();
        if !phone.chars().all(|c| c.is_ascii_digit() || c == ' ') || !(3..=15).contains(&digits) {
            return Err(format!("{phone:?} is not a phone number to call"));
        }
        Ok(Urgent { service, phone })
    }

    pub fn service(&self) -> &Name {
        &self.service
    }

    pub fn phone(&self) -> &str {
        &self.phone
    }

    /// What to do instead of filing, for an API answer: whom to call, in both languages.
    pub fn advice(&self) -> String {
        format!(
            "Urgent matters are not filed as signals: call {} ({} / {})",
            self.phone, self.service.bg, self.service.en
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SignalType {
    pub id: String,
    pub name: Name,
    /// Overrides the category's route for this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    /// Urgent: not filed, the citizen is told whom to call. Wins over the category's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<Urgent>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Category {
    pub id: String,
    pub name: Name,
    pub route: Route,
    /// The municipality's target for resolving a signal of this category, in days.
    pub target_days: u16,
    /// Urgent: every type of the category is (a type's own entry wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<Urgent>,
    pub types: Vec<SignalType>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Topic {
    pub id: String,
    pub name: Name,
    pub unit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    ContactCenter,
    District,
    Directorate,
    Company,
}

/// A structural unit of the municipality, or a company, that signals and documents are distributed to.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unit {
    pub id: String,
    pub kind: UnitKind,
    pub name: Name,
    pub competence: Name,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub web: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct District {
    pub id: String,
    pub name: Name,
    /// The district's administration.
    pub unit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Catalogue {
    pub version: u32,
    pub units: Vec<Unit>,
    pub districts: Vec<District>,
    pub signal_categories: Vec<Category>,
    pub information_topics: Vec<Topic>,
}

/// Where anything without a more specific route goes: the Contact Center distributes it by hand.
pub const FALLBACK_UNIT: &str = "contact-center";

const CATALOGUE_JSON: &str = include_str!("../../data/catalogue.json");

impl Catalogue {
    /// The catalogue shipped with this build. The data file is checked by the tests, so parsing cannot fail
    /// in a build that passed them.
    pub fn builtin() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            serde_json::from_str(CATALOGUE_JSON).expect("data/catalogue.json is valid (checked by its unit test)")
        })
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.signal_categories.iter().find(|c| c.id == id)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.information_topics.iter().find(|t| t.id == id)
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    pub fn district(&self, id: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.id == id)
    }

    /// The unit competent for a signal of this category and type at a point in `district` (if known).
    pub fn route_signal<'a>(
        &'a self,
        category: &'a Category,
        signal_type: &'a SignalType,
        district: Option<&str>,
    ) -> &'a str {
        match signal_type.route.as_ref().unwrap_or(&category.route) {
            Route::Unit { unit } => unit,
            Route::District { .. } => {
                district.and_then(|d| self.district(d)).map(|d| d.unit.as_str()).unwrap_or(FALLBACK_UNIT)
            }
        }
    }
}

impl Category {
    pub fn signal_type(&self, id: &str) -> Option<&SignalType> {
        self.types.iter().find(|t| t.id == id)
    }

    /// Whom to call instead of filing a signal of this type: the type's own urgency, else its category's.
    pub fn urgency<'a>(&'a self, signal_type: &'a SignalType) -> Option<&'a Urgent> {
        signal_type.urgent.as_ref().or(self.urgent.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_data_file_is_complete_and_unambiguous() {
        let catalogue: Catalogue = serde_json::from_str(CATALOGUE_JSON).expect("catalogue.json parses");
        let mut category_ids = HashSet::new();
        for category in &catalogue.signal_categories {
            assert!(category_ids.insert(&category.id), "duplicate category {}", category.id);
            assert!(!category.name.bg.is_empty() && !category.name.en.is_empty(), "{}", category.id);
            assert!(!category.types.is_empty(), "category {} has no types", category.id);
            let mut type_ids = HashSet::new();
            for signal_type in &category.types {
                assert!(type_ids.insert(&signal_type.id), "duplicate type {}/{}", category.id, signal_type.id);
                assert!(!signal_type.name.bg.is_empty() && !signal_type.name.en.is_empty());
            }
        }
        let topic_ids: HashSet<_> = catalogue.information_topics.iter().map(|t| &t.id).collect();
        assert_eq!(topic_ids.len(), catalogue.information_topics.len(), "duplicate topic ids");

        let unit_ids: HashSet<_> = catalogue.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(unit_ids.len(), catalogue.units.len(), "duplicate unit ids");
        assert!(unit_ids.contains(FALLBACK_UNIT));
        let routed_units = catalogue
            .signal_categories
            .iter()
            .flat_map(|c| std::iter::once(&c.route).chain(c.types.iter().filter_map(|t| t.route.as_ref())));
        for route in routed_units {
            if let Route::Unit { unit } = route {
                assert!(unit_ids.contains(unit.as_str()), "route to unknown unit {unit}");
            }
        }
        for topic in &catalogue.information_topics {
            assert!(unit_ids.contains(topic.unit.as_str()), "topic {} goes to unknown unit {}", topic.id, topic.unit);
        }
        assert_eq!(catalogue.districts.len(), 24, "Sofia has 24 districts");
        for district in &catalogue.districts {
            let unit = catalogue.unit(&district.unit).unwrap_or_else(|| panic!("district {} has no unit", district.id));
            assert_eq!(unit.district.as_deref(), Some(district.id.as_str()));
        }
        for category in &catalogue.signal_categories {
            assert!((1..=90).contains(&category.target_days), "{}: target_days", category.id);
        }
        // Every urgent entry says whom to call, with a number to dial, in both languages.
        let mut urgent = 0;
        for category in &catalogue.signal_categories {
            for signal_type in &category.types {
                let Some(call) = category.urgency(signal_type) else { continue };
                urgent += 1;
                let digits: String = call.phone().chars().filter(char::is_ascii_digit).collect();
                assert!(digits.len() >= 3, "{}.{}: a number to call", category.id, signal_type.id);
                assert!(!call.service().bg.is_empty() && !call.service().en.is_empty(), "{}", signal_type.id);
            }
        }
        assert!(urgent > 0, "the catalogue names urgent types, so the forms can send citizens to 112");
    }

    #[test]
    fn urgent_entries_say_whom_to_call_112_unless_named() {
        let catalogue = Catalogue::builtin();
        let water = catalogue.category("water").unwrap();
        let burst = water.urgency(water.signal_type("main-burst").unwrap()).expect("a burst main is urgent");
        assert_eq!(burst.phone(), "0800 121 21");
        assert!(burst.service().bg.contains("Софийска вода"));
        assert!(water.urgency(water.signal_type("leak").unwrap()).is_none(), "a leak is a signal");
        let construction = catalogue.category("construction").unwrap();
        let falling = construction.urgency(construction.signal_type("falling-elements").unwrap()).unwrap();
        assert_eq!(falling.phone(), Urgent::EMERGENCY_NUMBER);
        assert!(falling.advice().contains("call 112"));

        // A category can be urgent as a whole; a type's own service wins over it.
        let mut category: Category = serde_json::from_value(serde_json::json!({
            "id": "danger", "name": {"bg": "Опасност", "en": "Danger"}, "route": {"unit": "contact-center"},
            "target_days": 1, "urgent": {},
            "types": [
                {"id": "gas", "name": {"bg": "Мирис на газ", "en": "Smell of gas"}},
                {"id": "water", "name": {"bg": "Вода", "en": "Water"},
                 "urgent": {"service": {"bg": "Аварийна", "en": "Emergency"}, "phone": " 0800  121 21 "}}
            ]
        }))
        .unwrap();
        assert_eq!(category.urgency(&category.types[0]).map(Urgent::phone), Some("112"));
        assert_eq!(category.urgency(&category.types[1]).map(Urgent::phone), Some("0800 121 21"), "spaces kept tidy");
        category.urgent = None;
        assert!(category.urgency(&category.types[0]).is_none());

        // Only valid entries: a service with its number, or neither.
        for bad in [
            serde_json::json!({"phone": "0800 121 21"}),
            serde_json::json!({"service": {"bg": "Аварийна", "en": "Emergency"}}),
            serde_json::json!({"service": {"bg": "Аварийна", "en": "Emergency"}, "phone": "call us"}),
            serde_json::json!({"service": {"bg": "Аварийна", "en": "Emergency"}, "phone": "12"}),
            serde_json::json!({"service": {"bg": "", "en": "Emergency"}, "phone": "0800 121 21"}),
            serde_json::json!({"number": "112"}),
        ] {
            assert!(serde_json::from_value::<Urgent>(bad.clone()).is_err(), "{bad}");
        }
        // What the API answers reads back as the same entry.
        let answered = serde_json::to_value(burst).unwrap();
        assert_eq!(answered["phone"], "0800 121 21");
        assert_eq!(&serde_json::from_value::<Urgent>(answered).unwrap(), burst);
    }

    #[test]
    fn finds_categories_and_types_by_id() {
        let catalogue = Catalogue::builtin();
        let streets = catalogue.category("streets").expect("streets exists");
        assert_eq!(streets.signal_type("pothole").map(|t| t.name.en.as_str()), Some("Pothole in the road"));
        assert!(catalogue.category("no-such").is_none());
        assert!(streets.signal_type("lamp-out").is_none());
    }

    #[test]
    fn routes_by_category_type_and_district() {
        let catalogue = Catalogue::builtin();
        let streets = catalogue.category("streets").unwrap();
        let pothole = streets.signal_type("pothole").unwrap();
        assert_eq!(catalogue.route_signal(streets, pothole, Some("lozenets")), "district-lozenets");
        assert_eq!(
            catalogue.route_signal(streets, pothole, None),
            FALLBACK_UNIT,
            "no district known: distributed by hand"
        );
        let sign = streets.signal_type("road-sign").unwrap();
        assert_eq!(catalogue.route_signal(streets, sign, Some("lozenets")), "dir-infrastructure", "the type overrides");
        let lighting = catalogue.category("lighting").unwrap();
        assert_eq!(catalogue.route_signal(lighting, &lighting.types[0], Some("iskar")), "dir-infrastructure");
    }
}
