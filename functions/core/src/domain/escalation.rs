//! The steps that follow an open document's due date, each taken once, in order, by the scheduled run:
//! - at half the term the unit is reminded;
//! - on the due date it is reminded again;
//! - the day after, it is recorded as overdue;
//! - [`ESCALATE_AFTER_WORKING_DAYS`](super::deadlines::ESCALATE_AFTER_WORKING_DAYS) working days after it, the
//!   Contact Center's operators and the unit's head are told;
//! - [`LONG_OVERDUE_AFTER_WORKING_DAYS`](super::deadlines::LONG_OVERDUE_AFTER_WORKING_DAYS) after it, it is
//!   recorded as long overdue (the label follows from the dates anyway).
//!
//! And [`fixed_check::ASK_AFTER_DAYS`](super::fixed_check::ASK_AFTER_DAYS) after a signal is marked fixed, its
//! sender is asked whether it is (the stream sends that mail when the step is recorded).
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
    /// The day after the due date: overdue (recorded, and counted in the unit's public account).
    Overdue,
    Escalated,
    LongOverdue,
    /// The sender of a signal marked fixed is asked "is it fixed?".
    AskIfFixed,
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
    /// The steps of an open document's due date, in order.
    pub const ALL: [Step; 5] = [Step::HalfTerm, Step::Due, Step::Overdue, Step::Escalated, Step::LongOverdue];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HalfTerm => "half_term",
            Self::Due => "due",
            Self::Overdue => "overdue",
            Self::Escalated => "escalated",
            Self::LongOverdue => "long_overdue",
            Self::AskIfFixed => "ask_if_fixed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().chain([Self::AskIfFixed]).find(|s| s.as_str() == text)
    }

    pub fn audience(self) -> Audience {
        match self {
            Self::HalfTerm | Self::Due => Audience::Unit,
            Self::Escalated => Audience::OperatorsAndHead,
            Self::Overdue | Self::LongOverdue | Self::AskIfFixed => Audience::Nobody,
        }
    }

    /// What the step means, as a digest's heading and the history say it.
    pub fn label(self) -> Name {
        let (bg, en) = match self {
            Self::HalfTerm => ("Изтече половината от срока", "Half the term has passed"),
            Self::Due => ("Срокът изтича днес", "The term ends today"),
            Self::Overdue => ("Просрочен", "Overdue"),
            Self::Escalated => (
                "Просрочен: уведомени са операторите и ръководителят на звеното",
                "Overdue: the operators and the unit's head were told",
            ),
            Self::LongOverdue => ("Дълго просрочен", "Long overdue"),
            Self::AskIfFixed => {
                ("Подателят е попитан дали проблемът е отстранен", "The sender was asked whether it is fixed")
            }
        };
        Name { bg: bg.to_owned(), en: en.to_owned() }
    }
}

impl Document {
    /// The day a step falls on, by the document's kept due date (or its resolution, for the question).
    fn step_on(&self, step: Step) -> Option<Date> {
        let deadline = || self.deadline.as_ref();
        match step {
            Step::HalfTerm => deadline().map(|d| d.remind_on),
            Step::Due => deadline().map(|d| d.due_on),
            Step::Overdue => deadline().and_then(|d| d.due_on.checked_add(jiff::Span::new().days(1)).ok()),
            Step::Escalated => deadline().map(|d| d.escalate_on),
            Step::LongOverdue => deadline().map(|d| d.long_overdue_on),
            Step::AskIfFixed => {
                let resolved = self.resolved_at?.to_zoned_datetime(super::calendar::sofia_time_zone()).date();
                resolved.checked_add(jiff::Span::new().days(super::fixed_check::ASK_AFTER_DAYS)).ok()
            }
        }
    }

    /// A signal marked fixed whose sender has an address and has not been asked yet.
    fn to_ask_if_fixed(&self) -> bool {
        self.status == super::status::Status::Resolved
            && self.kind() == super::kind::DocumentKind::Signal
            && self.sender.email.is_some()
            && self.fixed_confirmed.is_none()
            && self.last_step != Some(Step::AskIfFixed)
    }

    /// The next step still to take and its day: what the scheduled run looks the document up by. `None` once
    /// the document is decided, its term suspended, or every step taken.
    pub fn next_step(&self) -> Option<(Step, Date)> {
        if self.to_ask_if_fixed() {
            return self.step_on(Step::AskIfFixed).map(|on| (Step::AskIfFixed, on));
        }
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
        if self.to_ask_if_fixed() {
            return self.step_on(Step::AskIfFixed).filter(|on| *on <= today).map(|_| Step::AskIfFixed);
        }
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
    fn a_decided_document_has_no_steps_but_a_fixed_signals_sender_is_asked_once() {
        let mut document = filed_on(date(2026, 11, 2));
        document.status = Status::Rejected;
        assert_eq!(document.next_step(), None);
        assert_eq!(document.step_due(date(2027, 1, 1)), None);
        document.status = Status::Resolved;
        document.resolved_at = Some("2026-11-10T10:00:00Z".parse().unwrap());
        assert_eq!(document.next_step(), None, "nobody to ask: no address");
        document.sender.email = Some(crate::domain::email::Email::parse("a@example.bg").unwrap());
        assert_eq!(document.next_step(), Some((Step::AskIfFixed, date(2026, 11, 24))));
        assert_eq!(document.step_due(date(2026, 11, 23)), None);
        let (asked, _) = document.take_step(Step::AskIfFixed, "2026-11-24T07:00:00Z".parse().unwrap());
        assert_eq!((asked.next_step(), asked.step_due(date(2027, 1, 1))), (None, None), "asked once");
    }
}
