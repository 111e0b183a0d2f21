//! The catalogue of signal categories and types and of information topics.
//!
//! It is a data file (`functions/core/data/catalogue.json`), compiled into every function so that reading it
//! costs no database call; change it with a pull request. The tests check its integrity.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    pub bg: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignalType {
    pub id: String,
    pub name: Name,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: Name,
    pub types: Vec<SignalType>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub name: Name,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalogue {
    pub version: u32,
    pub signal_categories: Vec<Category>,
    pub information_topics: Vec<Topic>,
}

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
}

impl Category {
    pub fn signal_type(&self, id: &str) -> Option<&SignalType> {
        self.types.iter().find(|t| t.id == id)
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
    }

    #[test]
    fn finds_categories_and_types_by_id() {
        let catalogue = Catalogue::builtin();
        let streets = catalogue.category("streets").expect("streets exists");
        assert_eq!(streets.signal_type("pothole").map(|t| t.name.en.as_str()), Some("Pothole in the road"));
        assert!(catalogue.category("no-such").is_none());
        assert!(streets.signal_type("lamp-out").is_none());
    }
}
