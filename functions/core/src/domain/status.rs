//! The statuses a document passes through (which may follow which is the workflow's state machine).

super::text_enum! {
    /// Where a document is in its life. Which kind may move from which status to which is the workflow's state
    /// machine (`workflow.rs`); these are the states themselves.
    pub enum Status {
        /// Filed and given a number and date, waiting to be looked at.
        #[strum(props(bg = "Приет", en = "Received"))]
        New,
        /// Checked by the Contact Center.
        #[strum(props(bg = "Регистриран", en = "Registered"))]
        Registered,
        /// Sent to the competent unit.
        #[strum(props(bg = "Насочен към звено", en = "Forwarded to a unit"))]
        Forwarded,
        /// The unit is working on it.
        #[strum(props(bg = "В процес на решаване", en = "In progress"))]
        InProgress,
        /// The unit reports the problem fixed.
        #[strum(props(bg = "Решен", en = "Resolved"))]
        Resolved,
        /// Closed without the problem fixed, with the reason: counted apart from "fixed" in every public figure.
        #[strum(props(bg = "Приключен без отстраняване", en = "Closed without a fix"))]
        ClosedUnfixed,
        /// Not within the municipality's competence; sent to another body.
        #[strum(props(bg = "Извън компетентността на общината", en = "Outside the municipality's competence"))]
        NotCompetent,
        /// Refused, with a reason.
        #[strum(props(bg = "Отхвърлен", en = "Rejected"))]
        Rejected,
        /// The same problem as another signal.
        #[strum(props(bg = "Дублиран", en = "Duplicate"))]
        Duplicate,
        /// A question answered.
        #[strum(props(bg = "Отговорен", en = "Answered"))]
        Answered,
        /// A reply to a letter, complaint or proposal registered.
        #[strum(props(bg = "Регистриран отговор", en = "Reply registered"))]
        Replied,
        /// ЗДОИ: the requester is asked to clarify (30 days; the term restarts when they do).
        #[strum(props(bg = "Поискано уточнение", en = "Clarification requested"))]
        ClarificationRequested,
        /// ЗДОИ: the term was extended, with a reason.
        #[strum(props(bg = "Удължен срок", en = "Term extended"))]
        Extended,
        /// ЗДОИ decisions.
        #[strum(props(bg = "Предоставен достъп", en = "Access granted"))]
        AccessGranted,
        #[strum(props(bg = "Предоставен частичен достъп", en = "Access partly granted"))]
        AccessPartlyGranted,
        #[strum(props(bg = "Отказан достъп", en = "Access refused"))]
        AccessRefused,
        /// ЗДОИ: forwarded to the body that holds the information.
        #[strum(props(bg = "Препратено по компетентност", en = "Forwarded to the competent body"))]
        ForwardedElsewhere,
        /// ЗДОИ: the municipality does not hold the information.
        #[strum(props(bg = "Информацията не е налична", en = "Information not held"))]
        NotHeld,
        /// Finished; no further action.
        #[strum(props(bg = "Приключен", en = "Closed"))]
        Closed,
    }
}

impl Status {
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
                | Self::ClosedUnfixed
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

#[cfg(test)]
mod tests {
    use super::super::kind::DocumentKind;
    use super::Status;

    #[test]
    fn every_status_and_kind_has_a_name_in_both_languages_and_a_stable_id() {
        for status in Status::all() {
            let name = status.label();
            assert!(!name.bg.is_empty() && !name.en.is_empty(), "{status:?}");
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for kind in DocumentKind::all() {
            let name = kind.label();
            assert!(!name.bg.is_empty() && !name.en.is_empty(), "{kind:?}");
            assert_eq!(DocumentKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(
            (Status::InProgress.as_str(), DocumentKind::AccessRequest.as_str()),
            ("in_progress", "access_request")
        );
        assert_eq!(Status::Replied.label().bg, "Регистриран отговор");
    }
}
