//! The statuses a document passes through (which may follow which is the workflow's state machine).

use super::catalogue::Name;
use serde::Serialize;

/// Where a document is in its life. Which kind may move from which status to which is the workflow's state
/// machine (`workflow.rs`); these are the states themselves.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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

super::text_enum!(Status);

impl Status {
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
