//! Documents filed with the Contact Center and what each audience may see of them.

use super::access::{TokenHash, TokenSalt};
use super::account::Phone;
use super::attachments::AttachmentRef;
use super::catalogue::{Catalogue, Name};
use super::email::Email;
use super::location::{Location, SofiaPoint};
use super::photos::{PhotoRef, PhotoView};
use super::registry::RegistryNumber;
use super::text::{Address, Description, PersonName};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

/// What kind of document this is. Letters, complaints, proposals and ЗДОИ requests join with the accounts work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A non-urgent problem in the city (сигнал). Public.
    Signal,
    /// A request for information / question (искане за информация). Its topic and status are public, its text is not.
    Question,
    /// Писмо. Registered users only; never public.
    Letter,
    /// Жалба. Registered users only; never public.
    Complaint,
    /// Предложение. Registered users only; never public.
    Proposal,
    /// Заявление за достъп до обществена информация (ЗДОИ). Registered users only; never public.
    AccessRequest,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signal => "signal",
            Self::Question => "question",
            Self::Letter => "letter",
            Self::Complaint => "complaint",
            Self::Proposal => "proposal",
            Self::AccessRequest => "access_request",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "signal" => Some(Self::Signal),
            "question" => Some(Self::Question),
            "letter" => Some(Self::Letter),
            "complaint" => Some(Self::Complaint),
            "proposal" => Some(Self::Proposal),
            "access_request" => Some(Self::AccessRequest),
            _ => None,
        }
    }

    pub fn label(self) -> Name {
        let (bg, en) = match self {
            Self::Signal => ("Сигнал", "Signal"),
            Self::Question => ("Искане за информация", "Request for information"),
            Self::Letter => ("Писмо", "Letter"),
            Self::Complaint => ("Жалба", "Complaint"),
            Self::Proposal => ("Предложение", "Proposal"),
            Self::AccessRequest => {
                ("Заявление за достъп до обществена информация", "Request for access to public information")
            }
        };
        Name { bg: bg.into(), en: en.into() }
    }

    /// Signals and questions can be looked up by anyone; the written kinds carry personal data and are seen
    /// only by their sender and staff.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Signal | Self::Question)
    }

    /// The kinds only registered users may file.
    pub const WRITTEN: [DocumentKind; 4] = [Self::Letter, Self::Complaint, Self::Proposal, Self::AccessRequest];
}

/// What a document is about; its shape depends on the kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Signal {
        category: String,
        signal_type: String,
        location: Location,
    },
    Question {
        topic: String,
    },
    /// A letter, complaint, proposal or ЗДОИ request: a title and, optionally, the unit it is addressed to.
    Written {
        kind: DocumentKind,
        title: String,
        addressee: Option<String>,
    },
}

impl Subject {
    pub fn kind(&self) -> DocumentKind {
        match self {
            Self::Signal { .. } => DocumentKind::Signal,
            Self::Question { .. } => DocumentKind::Question,
            Self::Written { kind, .. } => *kind,
        }
    }

    pub fn point(&self) -> Option<SofiaPoint> {
        match self {
            Self::Signal { location, .. } => location.point(),
            Self::Question { .. } | Self::Written { .. } => None,
        }
    }
}

/// Where a document is in its life. Which kind may move from which status to which is the workflow's state
/// machine (`workflow.rs`); these are the states themselves.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed and given a number and date, waiting to be looked at.
    New,
    /// Checked by the Contact Center.
    Registered,
    /// Sent to the competent unit.
    Forwarded,
    /// The unit is working on it.
    InProgress,
    /// The unit reports the problem fixed.
    Resolved,
    /// Not within the municipality's competence; sent to another body.
    NotCompetent,
    /// Refused, with a reason.
    Rejected,
    /// The same problem as another signal.
    Duplicate,
    /// A question answered.
    Answered,
    /// A reply to a letter, complaint or proposal registered.
    Replied,
    /// ЗДОИ: the requester is asked to clarify (30 days; the term restarts when they do).
    ClarificationRequested,
    /// ЗДОИ: the term was extended, with a reason.
    Extended,
    /// ЗДОИ decisions.
    AccessGranted,
    AccessPartlyGranted,
    AccessRefused,
    /// ЗДОИ: forwarded to the body that holds the information.
    ForwardedElsewhere,
    /// ЗДОИ: the municipality does not hold the information.
    NotHeld,
    /// Finished; no further action.
    Closed,
}

impl Status {
    pub const ALL: [Status; 18] = [
        Self::New,
        Self::Registered,
        Self::Forwarded,
        Self::InProgress,
        Self::Resolved,
        Self::NotCompetent,
        Self::Rejected,
        Self::Duplicate,
        Self::Answered,
        Self::Replied,
        Self::ClarificationRequested,
        Self::Extended,
        Self::AccessGranted,
        Self::AccessPartlyGranted,
        Self::AccessRefused,
        Self::ForwardedElsewhere,
        Self::NotHeld,
        Self::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Registered => "registered",
            Self::Forwarded => "forwarded",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::NotCompetent => "not_competent",
            Self::Rejected => "rejected",
            Self::Duplicate => "duplicate",
            Self::Answered => "answered",
            Self::Replied => "replied",
            Self::ClarificationRequested => "clarification_requested",
            Self::Extended => "extended",
            Self::AccessGranted => "access_granted",
            Self::AccessPartlyGranted => "access_partly_granted",
            Self::AccessRefused => "access_refused",
            Self::ForwardedElsewhere => "forwarded_elsewhere",
            Self::NotHeld => "not_held",
            Self::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> Name {
        let (bg, en) = match self {
            Self::New => ("Приет", "Received"),
            Self::Registered => ("Регистриран", "Registered"),
            Self::Forwarded => ("Насочен към звено", "Forwarded to a unit"),
            Self::InProgress => ("В процес на решаване", "In progress"),
            Self::Resolved => ("Решен", "Resolved"),
            Self::NotCompetent => ("Извън компетентността на общината", "Outside the municipality's competence"),
            Self::Rejected => ("Отхвърлен", "Rejected"),
            Self::Duplicate => ("Дублиран", "Duplicate"),
            Self::Answered => ("Отговорен", "Answered"),
            Self::Replied => ("Регистриран отговор", "Reply registered"),
            Self::ClarificationRequested => ("Поискано уточнение", "Clarification requested"),
            Self::Extended => ("Удължен срок", "Term extended"),
            Self::AccessGranted => ("Предоставен достъп", "Access granted"),
            Self::AccessPartlyGranted => ("Предоставен частичен достъп", "Access partly granted"),
            Self::AccessRefused => ("Отказан достъп", "Access refused"),
            Self::ForwardedElsewhere => ("Препратено по компетентност", "Forwarded to the competent body"),
            Self::NotHeld => ("Информацията не е налична", "Information not held"),
            Self::Closed => ("Приключен", "Closed"),
        };
        Name { bg: bg.into(), en: en.into() }
    }

    /// Still waiting for the municipality to act.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::New
                | Self::Registered
                | Self::Forwarded
                | Self::InProgress
                | Self::ClarificationRequested
                | Self::Extended
        )
    }

    /// Dealt with: what the public overview counts as resolved, and "an answer is registered" for the sender.
    pub fn is_resolved(self) -> bool {
        matches!(
            self,
            Self::Resolved
                | Self::Answered
                | Self::Replied
                | Self::Closed
                | Self::AccessGranted
                | Self::AccessPartlyGranted
                | Self::AccessRefused
                | Self::NotHeld
                | Self::ForwardedElsewhere
        )
    }
}

/// Who filed it. Never shown to the public.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sender {
    pub email: Option<Email>,
    pub name: Option<PersonName>,
    pub phone: Option<Phone>,
    pub address: Option<Address>,
}

/// A document as the citizen described it, validated and routed, before it has a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub subject: Subject,
    pub description: Description,
    pub sender: Sender,
    /// The unit competent for it, by the catalogue's routing rules.
    pub unit: String,
    /// The district its point lies in, when it has one.
    pub district: Option<String>,
    /// The account filing it, when signed in.
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub number: RegistryNumber,
    pub registered_at: Timestamp,
    pub subject: Subject,
    pub description: Description,
    pub status: Status,
    pub sender: Sender,
    pub unit: String,
    pub district: Option<String>,
    pub token_salt: TokenSalt,
    pub token_hash: TokenHash,
    /// Processed photos, in the order they were added (signals only).
    pub photos: Vec<PhotoRef>,
    /// Files attached to a letter, complaint, proposal or ЗДОИ request; private.
    pub attachments: Vec<AttachmentRef>,
    /// The account that filed it (Cognito `sub`), when filed signed in.
    pub owner: Option<String>,
    /// When it was last resolved: the sender may reopen it within 30 days.
    pub resolved_at: Option<Timestamp>,
    /// A ЗДОИ request's term once clarification or extension moved it.
    pub access_clock: Option<super::deadlines::AccessRequestClock>,
    /// The signal this one duplicates, and the signals that duplicate this one.
    pub duplicate_of: Option<RegistryNumber>,
    pub duplicates: Vec<RegistryNumber>,
    /// Photos a moderator hid from the public (kept for staff).
    pub hidden_photos: Vec<super::photos::PhotoId>,
    /// The description as the sender wrote it, when a moderator edited it for the public.
    pub original_description: Option<String>,
    /// Optimistic-locking version, starting at 1.
    pub version: u64,
}

impl Document {
    /// The document registered under `number` from a draft.
    pub fn register(
        draft: &Draft,
        number: RegistryNumber,
        registered_at: Timestamp,
        token_salt: TokenSalt,
        token_hash: TokenHash,
    ) -> Self {
        Self {
            number,
            registered_at,
            subject: draft.subject.clone(),
            description: draft.description.clone(),
            status: Status::New,
            sender: draft.sender.clone(),
            unit: draft.unit.clone(),
            district: draft.district.clone(),
            token_salt,
            token_hash,
            photos: Vec::new(),
            attachments: Vec::new(),
            owner: draft.owner.clone(),
            resolved_at: None,
            access_clock: None,
            duplicate_of: None,
            duplicates: Vec::new(),
            hidden_photos: Vec::new(),
            original_description: None,
            version: 1,
        }
    }

    pub fn kind(&self) -> DocumentKind {
        self.subject.kind()
    }

    /// The photos anyone may see: every place that shows a photo (the page, the map and nearby markers, Open311)
    /// takes them from here, so a photo a moderator hid is gone from all of them.
    pub fn public_photos(&self) -> impl Iterator<Item = &super::photos::PhotoRef> {
        self.photos.iter().filter(|p| !self.hidden_photos.contains(&p.id))
    }

    /// The legal deadline of a ЗДОИ request, as of `now`.
    pub fn due(&self, now: Timestamp) -> Option<DueView> {
        if self.kind() != DocumentKind::AccessRequest {
            return None;
        }
        let clock = self.access_clock(sofia_time_zone());
        let today = now.to_zoned_datetime(sofia_time_zone()).date();
        let due = clock.decision_due()?;
        Some(DueView {
            date: due.strftime("%Y-%m-%d").to_string(),
            overdue: clock.is_overdue(today, !self.status.is_open()),
        })
    }
}

/// The time zone of every date a person sees: registry dates are Sofia dates.
/// Sofia's rules (TZif from the IANA database), built in: Lambda's image has no zoneinfo, and bundling the
/// whole database would add about 200 KB to every function for the one zone this system uses.
pub fn sofia_time_zone() -> TimeZone {
    static SOFIA: std::sync::LazyLock<TimeZone> = std::sync::LazyLock::new(|| {
        TimeZone::tzif("Europe/Sofia", include_bytes!("europe-sofia.tzif")).unwrap_or(TimeZone::UTC)
    });
    SOFIA.clone()
}

/// The calendar year in Sofia at `at`: the year whose registry sequence a document filed then belongs to.
pub fn registry_year(at: Timestamp) -> u16 {
    u16::try_from(at.to_zoned_datetime(sofia_time_zone()).year()).unwrap_or(0)
}

/// A date as Bulgarian readers write it: `28.11.2026`.
pub fn sofia_date(at: Timestamp) -> String {
    at.to_zoned_datetime(sofia_time_zone()).strftime("%d.%m.%Y").to_string()
}

/// The Sofia calendar day of an instant, `yyyy-mm-dd`: how the map index groups signals.
pub fn sofia_day(at: Timestamp) -> String {
    at.to_zoned_datetime(sofia_time_zone()).strftime("%Y-%m-%d").to_string()
}

/// The last `days` Sofia calendar days, today first.
pub fn recent_sofia_days(now: Timestamp, days: u16) -> Vec<String> {
    let today = now.to_zoned_datetime(sofia_time_zone()).date();
    (0..i64::from(days))
        .filter_map(|back| today.checked_sub(jiff::Span::new().days(back)).ok())
        .map(|date| date.strftime("%Y-%m-%d").to_string())
        .collect()
}

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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublicView {
    pub number: RegistryNumber,
    #[schemars(with = "String")]
    pub registered_at: Timestamp,
    /// The registry date in Sofia, `dd.mm.yyyy`.
    pub registered_on: String,
    pub kind: DocumentKind,
    pub kind_label: Name,
    pub status: Status,
    pub status_label: Name,
    /// The unit the document is distributed to.
    pub unit: CodeAndName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<CodeAndName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<CodeAndName>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub signal_type: Option<CodeAndName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<CodeAndName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoView>,
    /// The subject line of a letter, complaint, proposal or ЗДОИ request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Until when the municipality must answer (ЗДОИ: the legal deadline), `yyyy-mm-dd`, and whether it passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<DueView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<RegistryNumber>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<RegistryNumber>,
    /// How many follow it (signals; filled in by the handler).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscribers: Option<u64>,
    /// What happened to it, as the public may see it (filled in by the handler, which reads the history).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<super::workflow::PublicEvent>,
}

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct DueView {
    pub date: String,
    pub overdue: bool,
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
    pub fn public_view(&self, catalogue: &Catalogue) -> PublicView {
        let unit = CodeAndName { id: self.unit.clone(), name: catalogue.unit(&self.unit).map(|u| u.name.clone()) };
        let district = self
            .district
            .as_ref()
            .map(|id| CodeAndName { id: id.clone(), name: catalogue.district(id).map(|d| d.name.clone()) });
        let mut view = PublicView {
            number: self.number,
            registered_at: self.registered_at,
            registered_on: sofia_date(self.registered_at),
            kind: self.kind(),
            kind_label: self.kind().label(),
            status: self.status,
            status_label: self.status.label(),
            unit,
            district,
            category: None,
            signal_type: None,
            topic: None,
            location: None,
            description: None,
            photos: self.public_photos().map(|p| p.view(self.number)).collect(),
            title: None,
            due: None,
            duplicate_of: self.duplicate_of,
            duplicates: self.duplicates.clone(),
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

    pub fn view_for(&self, viewer: Viewer, catalogue: &Catalogue) -> DocumentView {
        let sender = (viewer == Viewer::Sender).then(|| SenderView {
            email: self.sender.email.as_ref().map(|e| e.as_str().to_owned()),
            name: self.sender.name.as_ref().map(|n| n.as_str().to_owned()),
            phone: self.sender.phone.as_ref().map(|p| p.as_str().to_owned()),
            address: self.sender.address.as_ref().map(|a| a.as_str().to_owned()),
        });
        let mut public = self.public_view(catalogue);
        if viewer == Viewer::Sender {
            public.description = Some(self.description.as_str().to_owned());
        }
        public.due = self.due(Timestamp::now());
        DocumentView { public, viewer, sender, attachments: Vec::new() }
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
        assert_eq!(sofia_day(summer), "2026-07-16");
    }

    #[test]
    fn recent_days_count_back_across_months() {
        let at: Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
        assert_eq!(recent_sofia_days(at, 3), ["2026-03-01", "2026-02-28", "2026-02-27"]);
        assert_eq!(recent_sofia_days(at, 30).len(), 30);
    }
}
