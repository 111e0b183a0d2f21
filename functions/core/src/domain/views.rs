//! What each audience may see of a document: the public view, the sender's, and the pieces they share.

use super::calendar::sofia_date;
use super::catalogue::{Catalogue, Name};
use super::document::{Document, Subject};
use super::kind::DocumentKind;
use super::location::SofiaPoint;
use super::photos::PhotoView;
use super::registry::RegistryNumber;
use super::status::Status;
use jiff::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PointView {
    pub lat: f64,
    pub lon: f64,
}

impl From<SofiaPoint> for PointView {
    fn from(point: SofiaPoint) -> Self {
        Self { lat: point.lat(), lon: point.lon() }
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LocationView {
    pub point: Option<PointView>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CodeAndName {
    pub id: String,
    pub name: Option<Name>,
}

/// What anyone may see: no name, no e-mail, nothing about the sender. A question's text is not public either.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublicView {
    /// Its number, date, kind, status and due date, as a list shows it.
    #[serde(flatten)]
    pub summary: DocumentSummary,
    /// The unit the document is distributed to.
    pub unit: CodeAndName,
    pub district: Option<CodeAndName>,
    pub category: Option<CodeAndName>,
    #[serde(rename = "type")]
    pub signal_type: Option<CodeAndName>,
    pub topic: Option<CodeAndName>,
    pub location: Option<LocationView>,
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoView>,
    /// The subject line of a letter, complaint, proposal or ЗДОИ request.
    pub title: Option<String>,
    pub duplicate_of: Option<RegistryNumber>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<RegistryNumber>,
    /// How it ended, once it did.
    pub outcome: Option<OutcomeView>,
    /// How many follow it (signals; filled in by the handler).
    pub subscribers: Option<u64>,
    /// What happened to it, as the public may see it (filled in by the handler, which reads the history).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<super::history::PublicEvent>,
}

/// How a document ended, and that in words.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct OutcomeView {
    #[serde(flatten)]
    pub outcome: super::outcome::Outcome,
    pub text: Name,
}

/// A due date as a citizen or clerk sees it: the date, where the document stands, and how the date was computed.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct DueView {
    /// `yyyy-mm-dd`.
    pub date: String,
    /// Past the due date and not yet decided.
    pub overdue: bool,
    pub standing: super::deadlines::Standing,
    pub rule: super::deadlines::TermRule,
    /// The day the term counts from, `yyyy-mm-dd`.
    pub counted_from: String,
    /// "14 дни от 01.12.2026 (…); 15.12.2026 е …, затова срокът изтича в следващия работен ден."
    pub explanation: Name,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SenderView {
    pub email: Option<String>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// Who is looking, which decides what a view contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    Public,
    /// The sender, through the access link of the document.
    Sender,
}

/// A document as one viewer may see it: the public view, plus the sender's own data for the sender.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DocumentView {
    #[serde(flatten)]
    pub public: PublicView,
    pub viewer: Viewer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<SenderView>,
    /// Private attachments with short-lived download links; filled in by the handler, which can sign them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentView>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub download_url: String,
}

impl Document {
    pub fn public_view(&self, catalogue: &Catalogue, now: Timestamp) -> PublicView {
        let unit = CodeAndName { id: self.unit.clone(), name: catalogue.unit(&self.unit).map(|u| u.name.clone()) };
        let district = self
            .district
            .as_ref()
            .map(|id| CodeAndName { id: id.clone(), name: catalogue.district(id).map(|d| d.name.clone()) });
        let mut view = PublicView {
            summary: self.summary(now),
            unit,
            district,
            category: None,
            signal_type: None,
            topic: None,
            location: None,
            description: None,
            photos: self.public_photos().map(|p| p.view(self.number)).collect(),
            title: None,
            duplicate_of: self.duplicate_of,
            duplicates: self.duplicates.clone(),
            outcome: self.outcome.clone().map(|outcome| OutcomeView { text: outcome.describe(), outcome }),
            subscribers: None,
            history: Vec::new(),
        };
        match &self.subject {
            Subject::Signal { category, signal_type, location } => {
                let found = catalogue.category(category);
                let found_type = found.and_then(|c| c.signal_type(signal_type));
                view.category = Some(CodeAndName { id: category.clone(), name: found.map(|c| c.name.clone()) });
                view.signal_type =
                    Some(CodeAndName { id: signal_type.clone(), name: found_type.map(|t| t.name.clone()) });
                view.location = Some(LocationView {
                    point: location.point().map(PointView::from),
                    address: location.address().map(str::to_owned),
                });
                view.description = Some(self.description.as_str().to_owned());
            }
            Subject::Question { topic } => {
                view.topic =
                    Some(CodeAndName { id: topic.clone(), name: catalogue.topic(topic).map(|t| t.name.clone()) });
            }
            // Never shown to the public; the sender's view adds the text below.
            Subject::Written { title, .. } => view.title = Some(title.clone()),
        }
        view
    }

    /// What `viewer` sees of the document at `now` (its due date is as of then).
    pub fn view_for(&self, viewer: Viewer, catalogue: &Catalogue, now: Timestamp) -> DocumentView {
        let sender = (viewer == Viewer::Sender).then(|| SenderView {
            email: self.sender.email.as_ref().map(|e| e.as_str().to_owned()),
            name: self.sender.name.as_ref().map(|n| n.as_str().to_owned()),
            phone: self.sender.phone.as_ref().map(|p| p.as_str().to_owned()),
            address: self.sender.address.as_ref().map(|a| a.as_str().to_owned()),
        });
        let mut public = self.public_view(catalogue, now);
        if viewer == Viewer::Sender {
            public.description = Some(self.description.as_str().to_owned());
        }
        DocumentView { public, viewer, sender, attachments: Vec::new() }
    }
}

/// A document as a line of a list: the caller's documents, a unit's queue.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DocumentSummary {
    pub number: RegistryNumber,
    /// When it was registered, and the date in Sofia (`dd.mm.yyyy`).
    #[schemars(with = "String")]
    pub registered_at: Timestamp,
    pub registered_on: String,
    pub kind: DocumentKind,
    pub kind_label: Name,
    pub status: Status,
    pub status_label: Name,
    /// Until when the municipality must answer, whether that passed, and how the date was computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<DueView>,
}

impl Document {
    /// The document as a line of a list at `now` (its due date is as of then).
    pub fn summary(&self, now: Timestamp) -> DocumentSummary {
        DocumentSummary {
            number: self.number,
            registered_at: self.registered_at,
            registered_on: sofia_date(self.registered_at),
            kind: self.kind(),
            kind_label: self.kind().label(),
            status: self.status,
            status_label: self.status.label(),
            due: self.due(now),
        }
    }
}
