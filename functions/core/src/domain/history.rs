//! A document's history: who did what and when, and what a citizen may see of it.

use super::registry::RegistryNumber;
use super::status::Status;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Who did something, as the history keeps it. The public never sees staff names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    Sender,
    Staff {
        sub: String,
        name: String,
    },
    /// The system itself: a scheduled reminder or escalation.
    System,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    Assigned {
        from: String,
        to: String,
    },
    /// A clerk of the unit was named to work on it (or nobody); internal.
    AssignedTo {
        assignee: Option<String>,
    },
    StatusChanged {
        from: Status,
        to: Status,
    },
    Reply,
    InternalNote,
    MarkedDuplicate {
        of: RegistryNumber,
    },
    DuplicateLinked {
        duplicate: RegistryNumber,
    },
    Moderated {
        description_edited: bool,
        hidden_photo: Option<String>,
    },
    Reopened,
    /// A step of the due date: a reminder to the unit, or an escalation (or the sender asked "is it fixed?").
    Reminded {
        step: super::escalation::Step,
    },
    /// The sender confirmed the fix.
    FixedConfirmed,
    /// The sender said it is not fixed: back in the unit's queue with a new term.
    NotFixed,
    /// The sender deleted their account: the document lost its owner, and a public one its sender data.
    AccountDeleted {
        anonymised: bool,
    },
}

/// One entry of a document's history: who, when, what, and the text that came with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HistoryEvent {
    #[schemars(with = "String")]
    pub at: Timestamp,
    pub actor: Actor,
    pub change: Change,
    /// A note for the public or the reply text; `None` for internal notes' visibility see `internal`.
    pub text: Option<String>,
    /// Internal notes and moderation are never shown to citizens.
    pub internal: bool,
}

/// What a citizen sees of an event: no internal ones, no staff names.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublicEvent {
    #[schemars(with = "String")]
    pub at: Timestamp,
    pub by: &'static str,
    pub change: Change,
    pub text: Option<String>,
}

impl HistoryEvent {
    pub fn public(&self) -> Option<PublicEvent> {
        (!self.internal).then(|| PublicEvent {
            at: self.at,
            by: match self.actor {
                Actor::Sender => "sender",
                Actor::Staff { .. } => "municipality",
                Actor::System => "system",
            },
            change: self.change.clone(),
            text: self.text.clone(),
        })
    }
}
