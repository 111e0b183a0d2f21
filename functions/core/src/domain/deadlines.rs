//! Deadlines the law and the municipality set, computed from dates: nothing here reads a clock by itself.
//!
//! ЗДОИ (Access to Public Information Act): a decision within 14 days of registration (art. 28); when the
//! request is unclear the requester is asked to clarify and has 30 days, and the 14 days start again from the
//! clarification (art. 29); the term may be extended by up to 10 days for a large volume of information
//! (art. 30) or up to 14 days when a third party must be asked (art. 31), each time with a reason.

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

pub const ACCESS_DECISION_DAYS: i64 = 14;
pub const CLARIFICATION_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionGround {
    /// The information is large in volume (art. 30): up to 10 days.
    LargeVolume,
    /// A third party's consent is needed (art. 31): up to 14 days.
    ThirdParty,
}

impl ExtensionGround {
    pub fn max_days(self) -> i64 {
        match self {
            Self::LargeVolume => 10,
            Self::ThirdParty => 14,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("an extension for this ground is 1 to {max} days")]
    ExtensionOutOfRange { max: i64 },
    #[error("the term was already extended")]
    AlreadyExtended,
}

/// The running term of a ЗДОИ request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessRequestClock {
    /// The day the 14 days count from: registration, or the latest clarification.
    pub started_on: Date,
    pub extension_days: i64,
    /// While the requester is asked to clarify, the term is suspended; they answer by this day.
    pub clarification_due: Option<Date>,
}

fn plus_days(date: Date, days: i64) -> Date {
    date.checked_add(Span::new().days(days)).unwrap_or(date)
}

impl AccessRequestClock {
    pub fn registered(on: Date) -> Self {
        Self { started_on: on, extension_days: 0, clarification_due: None }
    }

    /// When the decision is due, unless the requester is being asked to clarify.
    pub fn decision_due(&self) -> Option<Date> {
        self.clarification_due.is_none().then(|| plus_days(self.started_on, ACCESS_DECISION_DAYS + self.extension_days))
    }

    pub fn request_clarification(self, on: Date) -> Self {
        Self { clarification_due: Some(plus_days(on, CLARIFICATION_DAYS)), ..self }
    }

    /// The requester clarified: the 14 days start again.
    pub fn clarified(self, on: Date) -> Self {
        Self { started_on: on, extension_days: 0, clarification_due: None }
    }

    pub fn extend(self, ground: ExtensionGround, days: i64) -> Result<Self, ClockError> {
        if self.extension_days > 0 {
            return Err(ClockError::AlreadyExtended);
        }
        if !(1..=ground.max_days()).contains(&days) {
            return Err(ClockError::ExtensionOutOfRange { max: ground.max_days() });
        }
        Ok(Self { extension_days: days, ..self })
    }

    /// Overdue is derived, never stored: the due day has passed and no decision was made.
    pub fn is_overdue(&self, today: Date, decided: bool) -> bool {
        !decided && self.decision_due().is_some_and(|due| today > due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_decision_is_due_fourteen_days_after_registration() {
        let clock = AccessRequestClock::registered(date(2026, 11, 20));
        assert_eq!(clock.decision_due(), Some(date(2026, 12, 4)));
        assert!(!clock.is_overdue(date(2026, 12, 4), false));
        assert!(clock.is_overdue(date(2026, 12, 5), false));
        assert!(!clock.is_overdue(date(2026, 12, 5), true), "decided: never overdue");
    }

    #[test]
    fn clarification_suspends_and_restarts_the_term() {
        let asked = AccessRequestClock::registered(date(2026, 11, 20)).request_clarification(date(2026, 11, 25));
        assert_eq!(asked.decision_due(), None);
        assert_eq!(asked.clarification_due, Some(date(2026, 12, 25)));
        assert_eq!(asked.clarified(date(2026, 12, 1)).decision_due(), Some(date(2026, 12, 15)));
    }

    #[test]
    fn extensions_are_bounded_by_their_ground_and_happen_once() {
        let clock = AccessRequestClock::registered(date(2026, 11, 20));
        assert_eq!(clock.extend(ExtensionGround::LargeVolume, 10).unwrap().decision_due(), Some(date(2026, 12, 14)));
        assert_eq!(clock.extend(ExtensionGround::LargeVolume, 11), Err(ClockError::ExtensionOutOfRange { max: 10 }));
        assert!(clock.extend(ExtensionGround::ThirdParty, 14).is_ok());
        assert_eq!(clock.extend(ExtensionGround::ThirdParty, 0), Err(ClockError::ExtensionOutOfRange { max: 14 }));
        let extended = clock.extend(ExtensionGround::ThirdParty, 3).unwrap();
        assert_eq!(extended.extend(ExtensionGround::LargeVolume, 2), Err(ClockError::AlreadyExtended));
    }
}
