//! "Is it fixed?": some time after a signal is marked fixed, its sender gets a mail with two one-click answers,
//! signed like the unsubscribe links. "Fixed" confirms it (a public figure counts the share confirmed);
//! "not fixed" puts it back in the unit's queue with a new term, in public. Reopening within 30 days stays.

use super::FieldError;
use super::access::TokenSecret;
use super::calendar::sofia_time_zone;
use super::catalogue::Catalogue;
use super::document::{Document, Subject};
use super::history::{Actor, Change, HistoryEvent};
use super::outcome::Outcome;
use super::registry::RegistryNumber;
use super::status::Status;
use super::workdays::WorkCalendar;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Days after a signal is marked fixed when its sender is asked.
pub const ASK_AFTER_DAYS: i64 = 14;
const PURPOSE: &str = "fixed-check";

/// What the sender answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FixedAnswer {
    Fixed,
    NotFixed,
}

/// The token of the mail's links: the signal and the resolution it asks about, so a link from an earlier
/// resolution cannot answer a later one.
pub fn fixed_check_token(secret: &TokenSecret, number: RegistryNumber, resolved_at: Timestamp) -> String {
    secret.sign(PURPOSE, &format!("{number}\n{resolved_at}"))
}

fn read_token(secret: &TokenSecret, token: &str) -> Option<(RegistryNumber, Timestamp)> {
    let payload = secret.verify(PURPOSE, token)?;
    let (number, resolved_at) = payload.split_once('\n')?;
    Some((number.parse().ok()?, resolved_at.parse().ok()?))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixedCheckError {
    /// Forged, or for another signal.
    BadToken,
    /// Answered already, or the signal was reopened or resolved again since the mail.
    NotAsked,
}

/// Whether the signal is waiting for its sender's answer about the resolution `resolved_at`.
fn awaiting(document: &Document, resolved_at: Timestamp) -> bool {
    let fixed = match document.status {
        Status::Resolved => true,
        Status::Closed => document.outcome == Some(Outcome::Fixed),
        _ => false,
    };
    fixed && document.resolved_at == Some(resolved_at) && document.fixed_confirmed.is_none()
}

/// The sender's answer, with the token of their mail: the signal at its next version and the public event.
pub fn answer(
    document: &Document,
    answer: FixedAnswer,
    token: &str,
    secret: &TokenSecret,
    catalogue: &Catalogue,
    calendar: &WorkCalendar,
    now: Timestamp,
) -> Result<(Document, HistoryEvent), FixedCheckError> {
    let (number, resolved_at) = read_token(secret, token).ok_or(FixedCheckError::BadToken)?;
    if number != document.number || !matches!(document.subject, Subject::Signal { .. }) {
        return Err(FixedCheckError::BadToken);
    }
    if !awaiting(document, resolved_at) {
        return Err(FixedCheckError::NotAsked);
    }
    let mut next = document.clone();
    next.version += 1;
    let change = match answer {
        FixedAnswer::Fixed => {
            next.fixed_confirmed = Some(true);
            Change::FixedConfirmed
        }
        FixedAnswer::NotFixed => {
            next.status = Status::InProgress;
            next.resolved_at = None;
            next.outcome = None;
            next = next.with_deadline_from(now.to_zoned_datetime(sofia_time_zone()).date(), catalogue, calendar);
            Change::NotFixed
        }
    };
    Ok((next, HistoryEvent { at: now, actor: Actor::Sender, change, text: None, internal: false }))
}

/// Why an answer cannot be taken, for the field it is about.
pub fn field_error(error: &FixedCheckError) -> FieldError {
    match error {
        FixedCheckError::BadToken => FieldError::new("token", "invalid", "this link is not valid for this signal"),
        FixedCheckError::NotAsked => {
            FieldError::new("answer", "not_awaited", "this signal is not waiting for an answer (answered already?)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved() -> (Document, Timestamp) {
        let mut document = crate::domain::document::sample_signal("district-lozenets");
        let at: Timestamp = "2026-11-10T10:00:00Z".parse().unwrap();
        document.status = Status::Resolved;
        document.resolved_at = Some(at);
        document.outcome = Some(Outcome::Fixed);
        (document, at)
    }

    fn secret() -> TokenSecret {
        TokenSecret::new(b"0123456789abcdef0123456789abcdef".to_vec()).unwrap()
    }

    #[test]
    fn fixed_confirms_once_and_not_fixed_reopens_with_a_new_term() {
        let (document, at) = resolved();
        let token = fixed_check_token(&secret(), document.number, at);
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let (calendar, catalogue) = (WorkCalendar::default(), Catalogue::builtin());
        let (confirmed, event) =
            answer(&document, FixedAnswer::Fixed, &token, &secret(), catalogue, &calendar, now).unwrap();
        assert_eq!((confirmed.fixed_confirmed, event.change), (Some(true), Change::FixedConfirmed));
        assert_eq!(
            answer(&confirmed, FixedAnswer::NotFixed, &token, &secret(), catalogue, &calendar, now).unwrap_err(),
            FixedCheckError::NotAsked,
            "answered once"
        );
        let (reopened, event) =
            answer(&document, FixedAnswer::NotFixed, &token, &secret(), catalogue, &calendar, now).unwrap();
        assert_eq!((reopened.status, event.change, reopened.outcome), (Status::InProgress, Change::NotFixed, None));
        assert_eq!(reopened.deadline.unwrap().counted_from, jiff::civil::date(2026, 11, 25));
    }

    #[test]
    fn a_forged_or_stale_link_answers_nothing() {
        let (document, at) = resolved();
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let (calendar, catalogue) = (WorkCalendar::default(), Catalogue::builtin());
        let forged = fixed_check_token(
            &TokenSecret::new(b"another-secret-another-secret-xx".to_vec()).unwrap(),
            document.number,
            at,
        );
        assert_eq!(
            answer(&document, FixedAnswer::Fixed, &forged, &secret(), catalogue, &calendar, now).unwrap_err(),
            FixedCheckError::BadToken
        );
        let earlier = fixed_check_token(&secret(), document.number, "2026-10-01T10:00:00Z".parse().unwrap());
        assert_eq!(
            answer(&document, FixedAnswer::Fixed, &earlier, &secret(), catalogue, &calendar, now).unwrap_err(),
            FixedCheckError::NotAsked
        );
    }
}
