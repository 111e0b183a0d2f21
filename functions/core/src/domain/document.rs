//! Documents filed with the Contact Center and what each audience may see of them.

use super::access::{TokenHash, TokenSalt};
use super::catalogue::{Catalogue, Name};
use super::email::Email;
use super::location::{Location, SofiaPoint};
use super::registry::RegistryNumber;
use super::text::{Description, PersonName};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

/// What kind of document this is. Letters, complaints, proposals and ЗДОИ requests join with the accounts work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Signal,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signal => "signal",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "signal" => Some(Self::Signal),
            _ => None,
        }
    }
}

/// Where a document is in its life. The full state machine arrives with the staff workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Registered with a number and date, waiting to be distributed to a unit.
    New,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "new" => Some(Self::New),
            _ => None,
        }
    }

    pub fn label(self) -> Name {
        let (bg, en) = match self {
            Self::New => ("Регистриран", "Registered"),
        };
        Name { bg: bg.into(), en: en.into() }
    }
}

/// Who filed it. Never shown to the public.
#[derive(Debug, Clone, PartialEq)]
pub struct Sender {
    pub email: Option<Email>,
    pub name: Option<PersonName>,
}

/// A signal as the citizen described it, validated, before it has a number.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalDraft {
    pub category: String,
    pub signal_type: String,
    pub location: Location,
    pub description: Description,
    pub sender: Sender,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub number: RegistryNumber,
    pub registered_at: Timestamp,
    pub kind: DocumentKind,
    pub category: String,
    pub signal_type: String,
    pub location: Location,
    pub description: Description,
    pub status: Status,
    pub sender: Sender,
    pub token_salt: TokenSalt,
    pub token_hash: TokenHash,
    /// Optimistic-locking version, starting at 1.
    pub version: u64,
}

/// The time zone of every date a person sees: registry dates are Sofia dates.
pub fn sofia_time_zone() -> TimeZone {
    TimeZone::get("Europe/Sofia").unwrap_or(TimeZone::UTC)
}

/// The calendar year in Sofia at `at`: the year whose registry sequence a document filed then belongs to.
pub fn registry_year(at: Timestamp) -> u16 {
    u16::try_from(at.to_zoned_datetime(sofia_time_zone()).year()).unwrap_or(0)
}

/// A date as Bulgarian readers write it: `28.11.2026`.
pub fn sofia_date(at: Timestamp) -> String {
    at.to_zoned_datetime(sofia_time_zone()).strftime("%d.%m.%Y").to_string()
}

#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    pub lat: f64,
    pub lon: f64,
}

impl From<SofiaPoint> for PointView {
    fn from(point: SofiaPoint) -> Self {
        Self { lat: point.lat(), lon: point.lon() }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LocationView {
    pub point: Option<PointView>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeAndName {
    pub id: String,
    pub name: Option<Name>,
}

/// What anyone may see: no name, no e-mail, nothing about the sender.
#[derive(Debug, Clone, Serialize)]
pub struct PublicView {
    pub number: RegistryNumber,
    pub registered_at: Timestamp,
    /// The registry date in Sofia, `dd.mm.yyyy`.
    pub registered_on: String,
    pub kind: DocumentKind,
    pub category: CodeAndName,
    #[serde(rename = "type")]
    pub signal_type: CodeAndName,
    pub location: LocationView,
    pub description: String,
    pub status: Status,
    pub status_label: Name,
}

#[derive(Debug, Clone, Serialize)]
pub struct SenderView {
    pub email: Option<String>,
    pub name: Option<String>,
}

/// Who is looking, which decides what a view contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    Public,
    /// The sender, through the access link of the document.
    Sender,
}

/// A document as one viewer may see it: the public view, plus the sender's own data for the sender.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    #[serde(flatten)]
    pub public: PublicView,
    pub viewer: Viewer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<SenderView>,
}

impl Document {
    pub fn public_view(&self, catalogue: &Catalogue) -> PublicView {
        let category = catalogue.category(&self.category);
        let signal_type = category.and_then(|c| c.signal_type(&self.signal_type));
        PublicView {
            number: self.number,
            registered_at: self.registered_at,
            registered_on: sofia_date(self.registered_at),
            kind: self.kind,
            category: CodeAndName { id: self.category.clone(), name: category.map(|c| c.name.clone()) },
            signal_type: CodeAndName { id: self.signal_type.clone(), name: signal_type.map(|t| t.name.clone()) },
            location: LocationView {
                point: self.location.point().map(PointView::from),
                address: self.location.address().map(str::to_owned),
            },
            description: self.description.as_str().to_owned(),
            status: self.status,
            status_label: self.status.label(),
        }
    }

    pub fn view_for(&self, viewer: Viewer, catalogue: &Catalogue) -> DocumentView {
        let sender = (viewer == Viewer::Sender).then(|| SenderView {
            email: self.sender.email.as_ref().map(|e| e.as_str().to_owned()),
            name: self.sender.name.as_ref().map(|n| n.as_str().to_owned()),
        });
        DocumentView { public: self.public_view(catalogue), viewer, sender }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_year_and_date_follow_sofia_time() {
        // 31 Dec 2025 22:30 UTC is already 1 Jan 2026 in Sofia (UTC+2 in winter).
        let at: Timestamp = "2025-12-31T22:30:00Z".parse().unwrap();
        assert_eq!(registry_year(at), 2026);
        assert_eq!(sofia_date(at), "01.01.2026");
        let summer: Timestamp = "2026-07-15T21:30:00Z".parse().unwrap();
        assert_eq!(sofia_date(summer), "16.07.2026"); // UTC+3 in summer
    }
}
