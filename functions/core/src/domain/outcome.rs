//! How a document ended, as the public sees it and the figures count it. A signal is never just "closed": it was
//! fixed, closed without a fix (and why), not the municipality's to fix (and whose it is, and where to turn),
//! a duplicate of another, or refused (and why).

use super::catalogue::Name;
use super::registry::RegistryNumber;
use super::status::Status;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outcome {
    Fixed,
    ClosedWithoutFix {
        reason: String,
    },
    /// Not within the municipality's competence (or, for ЗДОИ, the information is another body's): the body it
    /// went to, and what the citizen should do.
    NotCompetent {
        body: String,
        where_to_turn: String,
    },
    Duplicate {
        of: RegistryNumber,
    },
    Refused {
        reason: String,
    },
}

/// Why a status change cannot carry the outcome it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeError {
    /// The status needs this field (`note` or `competent_body`).
    Missing(&'static str),
    /// `competent_body` was given for a status that sends nothing elsewhere.
    Unexpected(&'static str),
}

impl Outcome {
    /// The outcome a move to `status` records, from the note and the competent body that came with it; `None`
    /// for a status that ends nothing. A status that needs a reason or a body gets neither from nowhere.
    pub fn of_status(
        status: Status,
        note: Option<&str>,
        competent_body: Option<&str>,
    ) -> Result<Option<Self>, OutcomeError> {
        let sends_elsewhere = matches!(status, Status::NotCompetent | Status::ForwardedElsewhere);
        if competent_body.is_some() && !sends_elsewhere {
            return Err(OutcomeError::Unexpected("competent_body"));
        }
        let reason = || note.map(str::to_owned).ok_or(OutcomeError::Missing("note"));
        Ok(Some(match status {
            Status::Resolved => Self::Fixed,
            Status::ClosedUnfixed => Self::ClosedWithoutFix { reason: reason()? },
            Status::Rejected | Status::AccessRefused => Self::Refused { reason: reason()? },
            Status::NotCompetent | Status::ForwardedElsewhere => Self::NotCompetent {
                body: competent_body.map(str::to_owned).ok_or(OutcomeError::Missing("competent_body"))?,
                where_to_turn: reason()?,
            },
            _ => return Ok(None),
        }))
    }

    /// The outcome in words, for the public page and the mail.
    pub fn describe(&self) -> Name {
        let (bg, en) = match self {
            Self::Fixed => ("Проблемът е отстранен.".to_owned(), "The problem was fixed.".to_owned()),
            Self::ClosedWithoutFix { reason } => {
                (format!("Приключен без отстраняване: {reason}"), format!("Closed without a fix: {reason}"))
            }
            Self::NotCompetent { body, where_to_turn } => (
                format!("Извън компетентността на общината; компетентен орган: {body}. {where_to_turn}"),
                format!("Outside the municipality's competence; the competent body: {body}. {where_to_turn}"),
            ),
            Self::Duplicate { of } => (format!("Дублира сигнал № {of}."), format!("Duplicates signal No. {of}.")),
            Self::Refused { reason } => (format!("Отхвърлен: {reason}"), format!("Refused: {reason}")),
        };
        Name { bg, en }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_closing_status_needs_what_makes_its_outcome_honest() {
        assert_eq!(Outcome::of_status(Status::Resolved, None, None), Ok(Some(Outcome::Fixed)));
        assert_eq!(Outcome::of_status(Status::ClosedUnfixed, None, None), Err(OutcomeError::Missing("note")));
        assert_eq!(
            Outcome::of_status(Status::NotCompetent, Some("Обърнете се към СДВР"), None),
            Err(OutcomeError::Missing("competent_body"))
        );
        assert_eq!(
            Outcome::of_status(Status::NotCompetent, Some("Обърнете се към СДВР, тел. 112"), Some("СДВР")),
            Ok(Some(Outcome::NotCompetent {
                body: "СДВР".into(),
                where_to_turn: "Обърнете се към СДВР, тел. 112".into()
            }))
        );
        assert_eq!(
            Outcome::of_status(Status::Resolved, None, Some("СДВР")),
            Err(OutcomeError::Unexpected("competent_body"))
        );
        assert_eq!(Outcome::of_status(Status::InProgress, Some("Работим"), None), Ok(None));
    }
}
