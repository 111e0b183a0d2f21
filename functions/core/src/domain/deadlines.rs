//! Deadlines the law and the municipality set, computed from dates: nothing here reads a clock by itself.
//!
//! Every document gets a due date when it is registered, kept with how it was computed:
//! - **Signals** (АПК, chapter 8): the catalogue's target for the category, never later than the legal term: a
//!   signal is decided within two months of its arrival (АПК art. 121(1)). Complaints about the administration
//!   are signals in the sense of АПК art. 107(4), with the same term.
//! - **Proposals**: decided at the latest two months after their arrival (АПК art. 118(1)).
//! - **Letters and questions**: the municipality's own term for an answer, 14 days (no law sets one).
//! - **ЗДОИ** (Access to Public Information Act): a decision within 14 days of registration (art. 28(1)); when the
//!   request is unclear the requester is asked to clarify and has 30 days, and the 14 days start again from the
//!   clarification (art. 29); the term may be extended by up to 10 days for a large volume of information
//!   (art. 30) or up to 14 days when a third party must be asked (art. 31), each time with a reason.
//!
//! A term in days or months counts from the day after the day it starts from, and a term whose last day is not a
//! working day ends on the next working day: the rule of ГПК art. 60(6), which Bulgarian administrative practice
//! applies to administrative terms as well. Which days are working days is [`super::workdays`].
//!
//! A due date is kept, not recomputed at every read: reading it needs no calendar, and a due date a citizen was
//! shown does not move when the calendar is edited later. It is computed again only when the law restarts the
//! term (a ЗДОИ clarification, an extension, a signal reopened).

use super::catalogue::{Catalogue, Name};
use super::document::{Document, Subject};
use super::kind::DocumentKind;
use super::workdays::WorkCalendar;
use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

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
}

/// Working days past the due date after which the Contact Center's operators and the unit's head are told.
pub const ESCALATE_AFTER_WORKING_DAYS: u16 = 5;
/// Working days past the due date after which a document is "long overdue" (about a month).
pub const LONG_OVERDUE_AFTER_WORKING_DAYS: u16 = 20;
/// The municipality's own term for letters and questions.
pub const STANDARD_DAYS: u16 = 14;
/// АПК arts. 118(1) and 121(1): proposals and signals, two months.
pub const APK_MONTHS: u8 = 2;

/// Which rule set a document's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TermRule {
    /// A signal: its category's target in the catalogue, shorter than the legal two months.
    SignalTarget,
    /// A signal or complaint: two months (АПК art. 121(1)).
    Signal,
    /// A proposal: two months (АПК art. 118(1)).
    Proposal,
    /// A ЗДОИ request: 14 days (art. 28(1)), plus an extension (arts. 30, 31).
    AccessRequest,
    /// A letter or question: the municipality's 14 days.
    Standard,
}

impl TermRule {
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::SignalTarget => (
                "целевият срок на общината за тази категория, в рамките на двата месеца по чл. 121, ал. 1 АПК",
                "the municipality's target for this category, within the two months of АПК art. 121(1)",
            ),
            Self::Signal => {
                ("срокът за решаване на сигнал по чл. 121, ал. 1 АПК", "the term for a signal, АПК art. 121(1)")
            }
            Self::Proposal => {
                ("срокът за решение по предложение по чл. 118, ал. 1 АПК", "the term for a proposal, АПК art. 118(1)")
            }
            Self::AccessRequest => ("срокът по чл. 28, ал. 1 ЗДОИ", "the term of ЗДОИ art. 28(1)"),
            Self::Standard => ("срокът на общината за отговор", "the municipality's term for an answer"),
        }
    }
}

/// How long a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    Days(u16),
    Months(u8),
}

impl Length {
    fn after(self, date: Date) -> Date {
        let span = match self {
            Self::Days(days) => Span::new().days(i64::from(days)),
            Self::Months(months) => Span::new().months(i64::from(months)),
        };
        date.checked_add(span).unwrap_or(date)
    }

    fn describe(self) -> (String, String) {
        match self {
            Self::Days(1) => ("1 ден".into(), "1 day".into()),
            Self::Days(days) => (format!("{days} дни"), format!("{days} days")),
            Self::Months(1) => ("1 месец".into(), "1 month".into()),
            Self::Months(months) => (format!("{months} месеца"), format!("{months} months")),
        }
    }
}

/// A document's due date and how it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub rule: TermRule,
    /// The day the term counts from (registration, or the day the law restarted it).
    pub counted_from: Date,
    pub length: Length,
    /// Days a ЗДОИ term was extended by.
    #[serde(default)]
    pub extension_days: u16,
    /// When the municipality must have answered.
    pub due_on: Date,
    /// When the count ended on a day off: that day, and why it was one; the term moved to `due_on`.
    #[serde(default)]
    pub moved_from: Option<(Date, Name)>,
    /// Half the term: the unit is reminded.
    pub remind_on: Date,
    /// [`ESCALATE_AFTER_WORKING_DAYS`] after the due date: the operators and the unit's head are told.
    pub escalate_on: Date,
    /// [`LONG_OVERDUE_AFTER_WORKING_DAYS`] after the due date: "long overdue".
    pub long_overdue_on: Date,
}

/// Where an open document stands against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    OnTime,
    /// Past its due date: "просрочен".
    Overdue,
    /// Past it by [`LONG_OVERDUE_AFTER_WORKING_DAYS`] working days: "дълго просрочен".
    LongOverdue,
}

impl Deadline {
    /// The term `rule` sets, `length` (plus `extension_days`) counted from `counted_from`, on `calendar`.
    pub fn compute(
        rule: TermRule,
        counted_from: Date,
        length: Length,
        extension_days: u16,
        calendar: &WorkCalendar,
    ) -> Self {
        let counted = plus_days(length.after(counted_from), i64::from(extension_days));
        let due_on = calendar.on_or_after(counted);
        let moved_from =
            (due_on != counted).then(|| calendar.day_off(counted).map(|why| (counted, why.describe()))).flatten();
        let half = (due_on - counted_from).get_days() / 2;
        Self {
            rule,
            counted_from,
            length,
            extension_days,
            due_on,
            moved_from,
            remind_on: plus_days(counted_from, i64::from(half)),
            escalate_on: calendar.add_working_days(due_on, ESCALATE_AFTER_WORKING_DAYS),
            long_overdue_on: calendar.add_working_days(due_on, LONG_OVERDUE_AFTER_WORKING_DAYS),
        }
    }

    /// The term of `document` counted from `counted_from`: by its kind, its category's target and, for ЗДОИ, its
    /// clock (`None` while a ЗДОИ request waits for the requester's clarification: the term is suspended).
    pub fn of(document: &Document, counted_from: Date, catalogue: &Catalogue, calendar: &WorkCalendar) -> Option<Self> {
        let deadline = |rule, length, extension: i64| {
            Self::compute(rule, counted_from, length, u16::try_from(extension).unwrap_or(0), calendar)
        };
        Some(match &document.subject {
            Subject::Signal { category, .. } => {
                let legal = deadline(TermRule::Signal, Length::Months(APK_MONTHS), 0);
                match catalogue.category(category).map(|c| c.target_days) {
                    Some(days) => {
                        let target = deadline(TermRule::SignalTarget, Length::Days(days), 0);
                        if target.due_on < legal.due_on { target } else { legal }
                    }
                    None => legal,
                }
            }
            Subject::Question { .. } => deadline(TermRule::Standard, Length::Days(STANDARD_DAYS), 0),
            Subject::Written { kind, .. } => match kind {
                DocumentKind::AccessRequest => {
                    let clock = document.access_clock(super::calendar::sofia_time_zone());
                    if clock.clarification_due.is_some() {
                        return None;
                    }
                    return Some(Self::compute(
                        TermRule::AccessRequest,
                        clock.started_on,
                        Length::Days(ACCESS_DECISION_DAYS as u16),
                        u16::try_from(clock.extension_days).unwrap_or(0),
                        calendar,
                    ));
                }
                DocumentKind::Proposal => deadline(TermRule::Proposal, Length::Months(APK_MONTHS), 0),
                DocumentKind::Complaint | DocumentKind::Signal => {
                    deadline(TermRule::Signal, Length::Months(APK_MONTHS), 0)
                }
                DocumentKind::Letter | DocumentKind::Question => {
                    deadline(TermRule::Standard, Length::Days(STANDARD_DAYS), 0)
                }
            },
        })
    }

    /// Where a document stands on `today`: never overdue once decided.
    pub fn standing(&self, today: Date, open: bool) -> Standing {
        match () {
            _ if !open || today <= self.due_on => Standing::OnTime,
            _ if today >= self.long_overdue_on => Standing::LongOverdue,
            _ => Standing::Overdue,
        }
    }

    /// How the due date was computed, as a citizen reads it: "14 дни от 01.12.2026 (…); 15.12.2026 е …, затова
    /// срокът изтича в следващия работен ден."
    pub fn explanation(&self) -> Name {
        let (length_bg, length_en) = self.length.describe();
        let (rule_bg, rule_en) = self.rule.describe();
        let from = sofia_date_of(self.counted_from);
        let mut bg = format!("{length_bg} от {from} ({rule_bg})");
        let mut en = format!("{length_en} from {from} ({rule_en})");
        if self.extension_days > 0 {
            bg.push_str(&format!(", удължен с {} дни", self.extension_days));
            en.push_str(&format!(", extended by {} days", self.extension_days));
        }
        if let Some((day, why)) = &self.moved_from {
            let day = sofia_date_of(*day);
            bg.push_str(&format!("; {day} е {}, затова срокът изтича в следващия работен ден", why.bg));
            en.push_str(&format!("; {day} is {}, so the term ends on the next working day", why.en));
        }
        bg.push('.');
        en.push('.');
        Name { bg, en }
    }
}

/// A civil date as Bulgarian readers write it: `01.12.2026`.
fn sofia_date_of(date: Date) -> String {
    date.strftime("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_decision_is_due_fourteen_days_after_registration() {
        let clock = AccessRequestClock::registered(date(2026, 11, 20));
        assert_eq!(clock.decision_due(), Some(date(2026, 12, 4)));
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

    use crate::domain::workdays::{CalendarChanges, ChangedDay};

    fn deadline(rule: TermRule, from: Date, length: Length, calendar: &WorkCalendar) -> Deadline {
        Deadline::compute(rule, from, length, 0, calendar)
    }

    #[test]
    fn a_term_ending_on_a_holiday_moves_to_the_next_working_day() {
        let calendar = WorkCalendar::default();
        // 14 days from 10.12.2026 end on Thursday 24.12 (Christmas Eve); 25, 26 and Monday 28 are off too.
        let due = deadline(TermRule::Standard, date(2026, 12, 10), Length::Days(14), &calendar);
        assert_eq!(due.due_on, date(2026, 12, 29));
        assert_eq!(due.moved_from.as_ref().map(|m| m.0), Some(date(2026, 12, 24)));
        let text = due.explanation();
        assert_eq!(
            text.bg,
            "14 дни от 10.12.2026 (срокът на общината за отговор); 24.12.2026 е официален празник (Бъдни вечер), \
             затова срокът изтича в следващия работен ден."
        );
        assert!(text.en.starts_with("14 days from 10.12.2026"), "{}", text.en);
    }

    #[test]
    fn a_term_ending_on_a_weekend_moves_to_monday_unless_that_saturday_is_worked() {
        // 14 days from 21.11.2026 end on Saturday 05.12.2026.
        let plain = deadline(TermRule::Standard, date(2026, 11, 21), Length::Days(14), &WorkCalendar::default());
        assert_eq!(plain.due_on, date(2026, 12, 7));
        assert!(plain.explanation().bg.contains("05.12.2026 е почивен ден"));
        let worked = WorkCalendar::new(CalendarChanges {
            days_off: vec![],
            working_days: vec![ChangedDay { date: date(2026, 12, 5), note: "РМС".into() }],
        });
        let on_saturday = deadline(TermRule::Standard, date(2026, 11, 21), Length::Days(14), &worked);
        assert_eq!(on_saturday.due_on, date(2026, 12, 5));
        assert_eq!(on_saturday.moved_from, None);
    }

    #[test]
    fn a_signal_is_due_at_its_categorys_target_within_the_legal_two_months() {
        let catalogue = Catalogue::builtin();
        let calendar = WorkCalendar::default();
        let mut signal = crate::domain::document::sample_signal("district-lozenets");
        let target = catalogue.category("streets").map(|c| c.target_days).unwrap();
        let due = Deadline::of(&signal, date(2026, 11, 2), catalogue, &calendar).unwrap();
        assert_eq!(due.rule, TermRule::SignalTarget);
        assert_eq!(due.length, Length::Days(target));
        // A category whose target were longer than two months would get the legal term.
        if let Subject::Signal { category, .. } = &mut signal.subject {
            *category = "no-such-category".into();
        }
        let legal = Deadline::of(&signal, date(2026, 11, 2), catalogue, &calendar).unwrap();
        assert_eq!((legal.rule, legal.due_on), (TermRule::Signal, date(2027, 1, 4)), "2 January 2027 is a Saturday");
    }

    #[test]
    fn overdue_and_long_overdue_follow_the_kept_dates() {
        let calendar = WorkCalendar::default();
        let due = deadline(TermRule::Standard, date(2026, 11, 2), Length::Days(14), &calendar);
        assert_eq!(due.due_on, date(2026, 11, 16));
        assert_eq!(due.remind_on, date(2026, 11, 9));
        assert_eq!(due.escalate_on, date(2026, 11, 23));
        assert_eq!(due.standing(date(2026, 11, 16), true), Standing::OnTime);
        assert_eq!(due.standing(date(2026, 11, 17), true), Standing::Overdue);
        assert_eq!(due.standing(due.long_overdue_on, true), Standing::LongOverdue);
        assert_eq!(due.standing(due.long_overdue_on, false), Standing::OnTime, "decided: never overdue");
    }
}
