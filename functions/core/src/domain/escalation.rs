//! The steps that follow an open document's due date, each taken once, in order, by the scheduled run:
//! - at half the term the unit is reminded;
//! - on the due date it is reminded again;
//! - [`ESCALATE_AFTER_WORKING_DAYS`](super::deadlines::ESCALATE_AFTER_WORKING_DAYS) working days after it, the
//!   Contact Center's operators and the unit's head are told;
//! - [`LONG_OVERDUE_AFTER_WORKING_DAYS`](super::deadlines::LONG_OVERDUE_AFTER_WORKING_DAYS) after it, it is
//!   recorded as long overdue (the label follows from the dates anyway).
//!
//! A run that finds a document several steps behind (it did not run for days) takes only the latest step: a
//! reminder of half the term is noise once the term has passed.

use super::catalogue::Name;
use super::document::Document;
use super::history::{Actor, Change, HistoryEvent};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    HalfTerm,
    Due,
    Escalated,
    LongOverdue,
}

/// Who a step's digest goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The staff of the unit the document is assigned to.
    Unit,
    /// The Contact Center's operators and the unit's head.
    OperatorsAndHead,
    /// Nobody: the step is recorded and shown, not mailed.
    Nobody,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::HalfTerm, Step::Due, Step::Escalated, Step::LongOverdue];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HalfTerm => "half_term",
            Self::Due => "due",
            Self::Escalated => "escalated",
            Self::LongOverdue => "long_overdue",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn audience(self) -> Audience {
        match self {
            Self::HalfTerm | Self::Due => Audience::Unit,
            Self::Escalated => Audience::OperatorsAndHead,
            Self::LongOverdue => Audience::Nobody,
        }
    }

    /// What the step means, as a digest's heading and the history say it.
    pub fn label(self) -> Name {
        let (bg, en) = match self {
            Self::HalfTerm => ("Изтече половината от срока", "Half the term has passed"),
            Self::Due => ("Срокът изтича днес", "The term ends today"),
            Self::Escalated => (
                "Просрочен: уведомени са операторите и ръководителят на звеното",
                "Overdue: the operators and the unit's head were told",
            ),
            Self::LongOverdue => ("Дълго просрочен", "Long overdue"),
        };
        Name { bg: bg.to_owned(), en: en.to_owned() }
    }
}

impl Document {
    /// The day a step falls on, by the document's kept due date.
    fn step_on(&self, step: Step) -> Option<Date> {
        let deadline = self.deadline.as_ref()?;
        Some(match step {
            Step::HalfTerm => deadline.remind_on,
            Step::Due => deadline.due_on,
            Step::Escalated => deadline.escalate_on,
            Step::LongOverdue => deadline.long_overdue_on,
        })
    }

    /// The next step still to take and its day: what the scheduled run looks the document up by. `None` once
    /// the document is decided, its term suspended, or every step taken.
    pub fn next_step(&self) -> Option<(Step, Date)> {
        if !self.status.is_open() {
            return None;
        }
        Step::ALL
            .into_iter()
            .filter(|step| self.last_step.is_none_or(|last| *step > last))
            .find_map(|step| self.step_on(step).map(|on| (step, on)))
    }

    /// The latest step due on `today` and not yet taken.
    pub fn step_due(&self, today: Date) -> Option<Step> {
        if !self.status.is_open() {
            return None;
        }
        Step::ALL
            .into_iter()
            .rev()
            .filter(|step| self.last_step.is_none_or(|last| *step > last))
            .find(|step| self.step_on(*step).is_some_and(|on| on <= today))
    }

    /// The document with `step` taken at `at`, and the public history event that records it.
    pub fn take_step(&self, step: Step, at: Timestamp) -> (Document, HistoryEvent) {
        let mut next = self.clone();
        next.version += 1;
        next.last_step = Some(step);
        let event =
            HistoryEvent { at, actor: Actor::System, change: Change::Reminded { step }, text: None, internal: false };
        (next, event)
    }
}

/// One line of a unit's digest: a document that reached a step on a day. Written with the step, in the same
/// transaction, so a run that stops after recording steps still mails them when it runs again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestLine {
    pub day: Date,
    pub unit: String,
    pub step: Step,
    pub number: super::registry::RegistryNumber,
    /// What the document is about, as the digest names it: "Сигнал: Дупка на пътя".
    pub about: Name,
    pub due_on: Date,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::Catalogue;
    use crate::domain::status::Status;
    use crate::domain::workdays::WorkCalendar;
    use jiff::civil::date;

    fn filed_on(day: Date) -> Document {
        crate::domain::document::sample_signal("district-lozenets").with_deadline_from(
            day,
            Catalogue::builtin(),
            &WorkCalendar::default(),
        )
    }

    #[test]
    fn the_steps_come_in_order_and_each_once() {
        let document = filed_on(date(2026, 11, 2));
        let deadline = document.deadline.clone().unwrap();
        assert_eq!(document.next_step(), Some((Step::HalfTerm, deadline.remind_on)));
        assert_eq!(document.step_due(date(2026, 11, 2)), None);
        assert_eq!(document.step_due(deadline.remind_on), Some(Step::HalfTerm));
        let (reminded, event) = document.take_step(Step::HalfTerm, "2026-11-09T07:00:00Z".parse().unwrap());
        assert_eq!((reminded.version, event.change.clone()), (2, Change::Reminded { step: Step::HalfTerm }));
        assert_eq!(reminded.step_due(deadline.remind_on), None, "taken once");
        assert_eq!(reminded.next_step(), Some((Step::Due, deadline.due_on)));
    }

    #[test]
    fn a_run_days_late_takes_only_the_latest_step() {
        let document = filed_on(date(2026, 11, 2));
        let deadline = document.deadline.clone().unwrap();
        assert_eq!(document.step_due(deadline.escalate_on), Some(Step::Escalated));
        let (escalated, _) = document.take_step(Step::Escalated, "2026-12-01T07:00:00Z".parse().unwrap());
        assert_eq!(escalated.next_step(), Some((Step::LongOverdue, deadline.long_overdue_on)));
    }

    #[test]
    fn a_decided_document_has_no_steps() {
        let mut document = filed_on(date(2026, 11, 2));
        document.status = Status::Resolved;
        assert_eq!(document.next_step(), None);
        assert_eq!(document.step_due(date(2027, 1, 1)), None);
    }
}
