//! A document filed with the Contact Center: what it is about, who filed it, where it stands.

use super::access::{TokenHash, TokenSalt};
use super::account::Phone;
use super::attachments::AttachmentRef;
use super::calendar::sofia_time_zone;
use super::deadlines::{Deadline, Standing};
use super::email::Email;
use super::kind::DocumentKind;
use super::location::{Location, SofiaPoint};
use super::photos::PhotoRef;
use super::registry::RegistryNumber;
use super::status::Status;
use super::text::{Address, Description, PersonName};
use super::views::DueView;
use jiff::Timestamp;

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
    /// How it reached the municipality (an operator's intake, or the site).
    pub channel: super::intake::Channel,
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
    /// When the municipality must answer, and how that was computed (`None` while a ЗДОИ term is suspended).
    pub deadline: Option<Deadline>,
    /// How it ended (signals, and ЗДОИ requests sent elsewhere); `None` while open.
    pub outcome: Option<super::outcome::Outcome>,
    /// The sender's answer to "is it fixed?" (`Some(true)`: confirmed).
    pub fixed_confirmed: Option<bool>,
    /// The last of the due date's steps (reminders, escalation) taken for the current term.
    pub last_step: Option<super::escalation::Step>,
    /// The signal this one duplicates, and the signals that duplicate this one.
    pub duplicate_of: Option<RegistryNumber>,
    pub duplicates: Vec<RegistryNumber>,
    /// Photos a moderator hid from the public (kept for staff).
    pub hidden_photos: Vec<super::photos::PhotoId>,
    /// The description as the sender wrote it, when a moderator edited it for the public.
    pub original_description: Option<String>,
    /// How it reached the municipality.
    pub channel: super::intake::Channel,
    /// The clerk of its unit working on it (their e-mail), if one was named.
    pub assignee: Option<String>,
    /// When staff first acted on it (the clock of "time to first action"), and who (their name).
    pub first_action_at: Option<Timestamp>,
    pub first_action_by: Option<String>,
    /// What the public last saw change: when (`None`: nothing since registration) and the latest public text
    /// (Open311's `updated_datetime` and `status_notes`). Kept on the document so a list reads one item a request.
    pub public_update: Option<PublicUpdate>,
    /// Optimistic-locking version, starting at 1.
    pub version: u64,
}

/// The last public change of a document: its time and the latest public text given with one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUpdate {
    pub at: Timestamp,
    pub note: Option<String>,
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
            deadline: None,
            last_step: None,
            outcome: None,
            fixed_confirmed: None,
            duplicate_of: None,
            duplicates: Vec::new(),
            hidden_photos: Vec::new(),
            original_description: None,
            channel: draft.channel,
            assignee: None,
            first_action_at: None,
            first_action_by: None,
            public_update: None,
            version: 1,
        }
    }

    /// When the public last saw it change: its last public event, or its registration.
    pub fn updated_at(&self) -> Timestamp {
        self.public_update.as_ref().map_or(self.registered_at, |u| u.at)
    }

    /// Records `event` as the public's last update if the public sees it (the store calls this with every event
    /// it saves); a public event without text keeps the text of the one before.
    pub fn note_event(&mut self, event: &super::history::HistoryEvent) {
        if event.internal {
            return;
        }
        let note = event.text.clone().or_else(|| self.public_update.take().and_then(|u| u.note));
        self.public_update = Some(PublicUpdate { at: event.at, note });
    }

    pub fn kind(&self) -> DocumentKind {
        self.subject.kind()
    }

    /// The photos anyone may see: every place that shows a photo (the page, the map and nearby markers, Open311)
    /// takes them from here, so a photo a moderator hid is gone from all of them.
    pub fn public_photos(&self) -> impl Iterator<Item = &super::photos::PhotoRef> {
        self.photos.iter().filter(|p| !self.hidden_photos.contains(&p.id))
    }

    /// Its due date as of `now`: the date, how it was computed, and whether it passed.
    pub fn due(&self, now: Timestamp) -> Option<DueView> {
        let deadline = self.deadline.as_ref()?;
        let today = now.to_zoned_datetime(sofia_time_zone()).date();
        let standing = deadline.standing(today, self.status.is_open());
        Some(DueView {
            date: deadline.due_on.strftime("%Y-%m-%d").to_string(),
            overdue: standing != Standing::OnTime,
            standing,
            rule: deadline.rule,
            counted_from: deadline.counted_from.strftime("%Y-%m-%d").to_string(),
            explanation: deadline.explanation(),
        })
    }

    /// The document with its term computed afresh from `counted_from` (registration, or a restart).
    pub fn with_deadline_from(
        mut self,
        counted_from: jiff::civil::Date,
        catalogue: &super::catalogue::Catalogue,
        calendar: &super::workdays::WorkCalendar,
    ) -> Self {
        self.deadline = Deadline::of(&self, counted_from, catalogue, calendar);
        self.last_step = None;
        self
    }
}

impl Document {
    /// The ЗДОИ term as it stands (from registration if nothing moved it).
    pub fn access_clock(&self, zone: jiff::tz::TimeZone) -> super::deadlines::AccessRequestClock {
        self.access_clock.unwrap_or_else(|| {
            super::deadlines::AccessRequestClock::registered(self.registered_at.to_zoned_datetime(zone).date())
        })
    }
}

/// A pothole signal at a unit, for the domain's tests.
#[cfg(test)]
pub(crate) fn sample_signal(unit: &str) -> Document {
    let draft = Draft {
        subject: Subject::Signal {
            category: "streets".into(),
            signal_type: "pothole".into(),
            location: super::location::Location::new(None, Some(super::text::Address::parse("ул. Шипка 6").unwrap()))
                .unwrap(),
        },
        description: super::text::Description::parse("Дупка пред входа на блока").unwrap(),
        sender: Sender { email: None, name: None, phone: None, address: None },
        unit: unit.into(),
        district: None,
        owner: None,
        channel: super::intake::Channel::Web,
    };
    let at: Timestamp = "2026-11-01T10:00:00Z".parse().unwrap();
    Document::register(
        &draft,
        super::registry::RegistryNumber::new(2026, 7).unwrap(),
        at,
        super::access::TokenSalt::from_stored("s".into()),
        super::access::TokenHash::from_stored("h".into()),
    )
}
