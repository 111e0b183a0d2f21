//! The domain: documents, their numbers, tokens and validation. No I/O and no AWS types here.

/// An enum of ids written as snake_case text (its `serde` and `strum` derives, which this adds): every value, its id (as the API and the records
/// write it), the value of an id, and its name in both languages.
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
            schemars::JsonSchema,
            strum::EnumIter,
            strum::IntoStaticStr,
            strum::EnumString,
            strum::EnumProperty,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name { $($body)* }

        impl $name {
            /// Every value, in the order of the enum.
            pub fn all() -> impl Iterator<Item = Self> {
                <Self as strum::IntoEnumIterator>::iter()
            }

            pub fn as_str(self) -> &'static str {
                self.into()
            }

            pub fn parse(value: &str) -> Option<Self> {
                value.parse().ok()
            }

            /// Its name in both languages (the `props` beside each value).
            pub fn label(self) -> $crate::domain::catalogue::Name {
                use strum::EnumProperty;
                let name = |language| self.get_str(language).unwrap_or_default().to_owned();
                $crate::domain::catalogue::Name { bg: name("bg"), en: name("en") }
            }
        }
    };
}
pub(crate) use text_enum;

pub mod abuse;
pub mod access;
pub mod account;
pub mod accounts;
pub mod attachments;
pub mod calendar;
pub mod catalogue;
pub mod deadlines;
pub mod desk;
pub mod desk_figures;
pub mod districts;
pub mod document;
pub mod email;
pub mod escalation;
pub mod feed;
pub mod filing;
pub mod fixed_check;
pub mod history;
pub mod intake;
pub mod kind;
pub mod location;
pub mod mail;
pub mod open311;
pub mod open_data;
pub mod outcome;
pub mod overview;
pub mod photos;
pub mod privacy;
pub mod public_map;
pub mod registry;
pub mod search;
pub mod status;
pub mod subscriptions;
pub mod templates;
pub mod text;
pub mod views;
pub mod workdays;
pub mod workflow;

/// A field-level validation failure: which field of the request, a stable code the site translates, and a message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self { field: field.into(), code, message: message.into() }
    }
}
