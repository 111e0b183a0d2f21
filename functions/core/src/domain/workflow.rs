//! The staff workflow: who may see and do what (roles from Cognito groups), the state machine of each kind of
//! document, and the actions that move a document on, each recorded as a history event.

use super::FieldError;
use super::calendar::sofia_time_zone;
use super::catalogue::Catalogue;
use super::deadlines::ExtensionGround;
use super::document::{Document, Subject};
use super::history::{Actor, Change, HistoryEvent};
use super::kind::DocumentKind;
use super::outcome::{Outcome, OutcomeError};
use super::photos::PhotoId;
use super::registry::RegistryNumber;
use super::status::Status;
use super::text::{BoundedText, Description};
use super::workdays::WorkCalendar;
use jiff::Timestamp;

/// A staff member's role, from their Cognito groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The Contact Center (group `operators`): sees and routes everything.
    Operator,
    /// Group `unit-<unit id>`: sees and acts on what is assigned to that unit.
    Unit(String),
    /// Group `admins`: manages staff accounts, the catalogue and reply templates; sees everything.
    Admin,
}

pub const OPERATORS_GROUP: &str = "operators";
pub const ADMINS_GROUP: &str = "admins";
pub const UNIT_GROUP_PREFIX: &str = "unit-";

/// Every staff group: operators, admins, and each unit's clerks (`unit-<unit id>`).
pub fn staff_groups(catalogue: &super::catalogue::Catalogue) -> Vec<String> {
    let units = catalogue.units.iter().map(|u| format!("{UNIT_GROUP_PREFIX}{}", u.id));
    [OPERATORS_GROUP.to_owned(), ADMINS_GROUP.to_owned()].into_iter().chain(units).collect()
}

/// Every group an administrator sees on a staff account: the staff groups and each unit's heads (`head-<unit>`).
pub fn staff_and_head_groups(catalogue: &super::catalogue::Catalogue) -> Vec<String> {
    let heads = catalogue.units.iter().map(|u| format!("{HEAD_GROUP_PREFIX}{}", u.id));
    staff_groups(catalogue).into_iter().chain(heads).collect()
}

/// The groups an account leaves when it is given `role`: its other staff groups, and the heads of the units it no
/// longer belongs to (a head is told when that unit's documents are overdue).
pub fn left_for(role: &str, groups: &[String], catalogue: &super::catalogue::Catalogue) -> Vec<String> {
    let new_unit = role.strip_prefix(UNIT_GROUP_PREFIX);
    groups
        .iter()
        .filter(|g| g.as_str() != role)
        .filter(|g| match g.strip_prefix(HEAD_GROUP_PREFIX) {
            Some(unit) => Some(unit) != new_unit,
            None => is_staff_group(g, catalogue),
        })
        .cloned()
        .collect()
}

/// Whether `group` is a staff group (a role an administrator may give).
pub fn is_staff_group(group: &str, catalogue: &super::catalogue::Catalogue) -> bool {
    group == OPERATORS_GROUP
        || group == ADMINS_GROUP
        || group.strip_prefix(UNIT_GROUP_PREFIX).is_some_and(|unit| catalogue.unit(unit).is_some())
}
/// The heads of a unit (`head-<unit>`), told when its documents are overdue. Membership grants no role by itself:
/// a head is also in the unit's group to act on its documents.
pub const HEAD_GROUP_PREFIX: &str = "head-";

/// A signed-in member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub sub: String,
    pub name: String,
    pub roles: Vec<Role>,
}

impl Staff {
    /// The staff member these groups make, or `None` for a citizen.
    pub fn from_groups(sub: &str, name: &str, groups: &[String]) -> Option<Self> {
        let roles: Vec<Role> = groups
            .iter()
            .filter_map(|group| match group.as_str() {
                OPERATORS_GROUP => Some(Role::Operator),
                ADMINS_GROUP => Some(Role::Admin),
                other => other.strip_prefix(UNIT_GROUP_PREFIX).map(|unit| Role::Unit(unit.to_owned())),
            })
            .collect();
        (!roles.is_empty()).then(|| Self { sub: sub.to_owned(), name: name.to_owned(), roles })
    }

    pub fn is_operator(&self) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Operator | Role::Admin))
    }

    pub fn is_admin(&self) -> bool {
        self.roles.contains(&Role::Admin)
    }

    pub fn units(&self) -> impl Iterator<Item = &str> {
        self.roles.iter().filter_map(|r| match r {
            Role::Unit(unit) => Some(unit.as_str()),
            _ => None,
        })
    }

    /// Operators and admins see every document; a unit's staff those assigned to their unit.
    pub fn may_handle(&self, document: &Document) -> bool {
        self.is_operator() || self.units().any(|unit| unit == document.unit)
    }

    /// Whose queue this staff member may read.
    pub fn may_read_queue(&self, unit: &str) -> bool {
        self.is_operator() || self.units().any(|u| u == unit)
    }
}

/// Every allowed transition of each kind; anything else is refused.
pub fn allowed_transitions(kind: DocumentKind, from: Status) -> &'static [Status] {
    use Status::*;
    match kind {
        DocumentKind::Signal => match from {
            New => &[Registered, Forwarded, NotCompetent, Rejected, Duplicate],
            Registered => &[Forwarded, NotCompetent, Rejected, Duplicate],
            Forwarded => &[Forwarded, InProgress, Resolved, ClosedUnfixed, NotCompetent, Rejected, Duplicate],
            InProgress => &[Resolved, ClosedUnfixed, NotCompetent, Rejected, Duplicate],
            // Reopened (by the sender within 30 days, or by staff).
            Resolved | ClosedUnfixed => &[InProgress, Closed],
            NotCompetent | Rejected | Duplicate => &[Closed],
            _ => &[],
        },
        DocumentKind::Question => match from {
            New | Registered => &[Forwarded, Answered, Rejected],
            Forwarded => &[Forwarded, Answered, Rejected],
            Answered | Rejected => &[Closed],
            _ => &[],
        },
        DocumentKind::Letter | DocumentKind::Complaint | DocumentKind::Proposal => match from {
            New => &[Registered, Forwarded],
            Registered => &[Forwarded, Replied],
            Forwarded => &[Forwarded, Replied],
            Replied => &[Closed],
            _ => &[],
        },
        DocumentKind::AccessRequest => match from {
            New => &[Registered],
            Registered | Forwarded => &[
                Forwarded,
                ClarificationRequested,
                Extended,
                AccessGranted,
                AccessPartlyGranted,
                AccessRefused,
                ForwardedElsewhere,
                NotHeld,
            ],
            // The requester clarified: registered again, the 14 days start anew.
            ClarificationRequested => &[Registered, Closed],
            Extended => &[AccessGranted, AccessPartlyGranted, AccessRefused, ForwardedElsewhere, NotHeld],
            AccessGranted | AccessPartlyGranted | AccessRefused | ForwardedElsewhere | NotHeld => &[Closed],
            _ => &[],
        },
    }
}

/// How long after resolution the sender may reopen a signal.
pub const REOPEN_DAYS: i64 = 30;

/// Notes, replies and reasons: at most 4000 characters.
pub type NoteText = BoundedText<1, 4000>;

/// A staff action on a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Forward to a unit (the status becomes `forwarded`).
    Assign {
        unit: String,
        note: Option<NoteText>,
    },
    ChangeStatus {
        to: Status,
        note: Option<NoteText>,
        extension: Option<(ExtensionGround, i64)>,
        /// The body a "not competent" (or a ЗДОИ request forwarded elsewhere) went to.
        competent_body: Option<NoteText>,
    },
    Reply {
        text: NoteText,
    },
    InternalNote {
        text: NoteText,
    },
    MarkDuplicate {
        of: RegistryNumber,
    },
    Moderate {
        description: Option<Description>,
        hide_photo: Option<PhotoId>,
    },
    /// Name the clerk of the unit who works on it (`None`: nobody). The handler checks they are of the unit.
    AssignPerson {
        assignee: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("this document is not assigned to your unit")]
    NotYours,
    #[error("a document in status {current:?} cannot become {to:?}")]
    Transition { current: Status, to: Status },
    #[error("invalid field")]
    Field(FieldError),
}

fn field(name: &str, code: &'static str, message: &str) -> WorkflowError {
    WorkflowError::Field(FieldError::new(name, code, message))
}

fn move_to(document: &mut Document, to: Status) -> Result<Change, WorkflowError> {
    let from = document.status;
    if !allowed_transitions(document.kind(), from).contains(&to) {
        return Err(WorkflowError::Transition { current: from, to });
    }
    document.status = to;
    Ok(Change::StatusChanged { from, to })
}

/// What a staff action changes: the document (its version one higher) and the history event to record with it,
/// and for a duplicate the original signal, which lists it, with its own event. All are saved together.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub document: Document,
    pub event: HistoryEvent,
    pub linked: Option<(Document, HistoryEvent)>,
}

/// Applies a staff action. `original` is the signal a `MarkDuplicate` names, as read (`None` if there is none).
pub fn apply(
    document: &Document,
    action: &Action,
    original: Option<&Document>,
    staff: &Staff,
    catalogue: &Catalogue,
    calendar: &WorkCalendar,
    now: Timestamp,
) -> Result<Applied, WorkflowError> {
    if !staff.may_handle(document) {
        return Err(WorkflowError::NotYours);
    }
    let mut next = document.clone();
    next.version += 1;
    let actor = Actor::Staff { sub: staff.sub.clone(), name: staff.name.clone() };
    let today = now.to_zoned_datetime(sofia_time_zone()).date();
    let mut linked = None;
    let (change, text, internal) = match action {
        Action::Assign { unit, note } => {
            if catalogue.unit(unit).is_none() {
                return Err(field("unit", "unknown", "unknown unit"));
            }
            // A unit may only hand a document back to the Contact Center; operators route anywhere.
            if !staff.is_operator() && unit != super::catalogue::FALLBACK_UNIT {
                return Err(field(
                    "unit",
                    "forbidden",
                    "a unit returns documents to the Contact Center, which forwards them",
                ));
            }
            let from = document.unit.clone();
            if !allowed_transitions(document.kind(), document.status).contains(&Status::Forwarded) {
                return Err(WorkflowError::Transition { current: document.status, to: Status::Forwarded });
            }
            next.unit = unit.clone();
            next.status = Status::Forwarded;
            // Another unit's clerks pick it up afresh.
            next.assignee = None;
            (Change::Assigned { from, to: unit.clone() }, note.as_ref().map(|n| n.as_str().to_owned()), false)
        }
        Action::ChangeStatus { to, note, extension, competent_body } => {
            if *to == Status::Duplicate {
                return Err(field(
                    "status",
                    "use_duplicate_action",
                    "mark duplicates with the duplicate action, which links both",
                ));
            }
            let outcome =
                Outcome::of_status(*to, note.as_ref().map(|n| n.as_str()), competent_body.as_ref().map(|b| b.as_str()))
                    .map_err(|error| match error {
                        OutcomeError::Missing("competent_body") => {
                            field("competent_body", "required", "name the body it goes to")
                        }
                        OutcomeError::Missing(_) => field(
                            "note",
                            "required",
                            "say why: the reason, the legal ground, or where the citizen should turn",
                        ),
                        OutcomeError::Unexpected(name) => {
                            field(name, "unexpected", "only a document sent to another body names one")
                        }
                    })?;
            let change = move_to(&mut next, *to)?;
            match outcome {
                Some(outcome) => next.outcome = Some(outcome),
                // Archiving (`closed`) keeps how it ended; reopening forgets it.
                None if to.is_open() => next.outcome = None,
                None => {}
            }
            match to {
                Status::Resolved => {
                    next.resolved_at = Some(now);
                    next.fixed_confirmed = None;
                }
                Status::ClarificationRequested => {
                    next.access_clock = Some(document.access_clock(sofia_time_zone()).request_clarification(today));
                }
                Status::Registered if document.status == Status::ClarificationRequested => {
                    next.access_clock = Some(document.access_clock(sofia_time_zone()).clarified(today));
                }
                Status::Extended => {
                    let (ground, days) = extension
                        .ok_or_else(|| field("extension", "required", "an extension needs its ground and days"))?;
                    let clock = document
                        .access_clock(sofia_time_zone())
                        .extend(ground, days)
                        .map_err(|e| field("extension", "invalid", &e.to_string()))?;
                    next.access_clock = Some(clock);
                }
                _ => {}
            }
            // The law restarted, suspended or extended the ЗДОИ term, or staff reopened a decided document: a new term.
            if next.access_clock != document.access_clock || (!document.status.is_open() && to.is_open()) {
                next = next.with_deadline_from(today, catalogue, calendar);
            }
            // The public note of a document sent elsewhere names where it went, so the history and the mail do.
            let text = match (&next.outcome, note) {
                (Some(Outcome::NotCompetent { body, where_to_turn }), _) => {
                    Some(format!("Компетентен орган / Competent body: {body}\n{where_to_turn}"))
                }
                (_, note) => note.as_ref().map(|n| n.as_str().to_owned()),
            };
            (change, text, false)
        }
        Action::Reply { text } => {
            // A reply to a question answers it; to a letter, complaint or proposal it is the registered reply.
            let change = match document.kind() {
                DocumentKind::Question if document.status != Status::Answered => move_to(&mut next, Status::Answered)?,
                DocumentKind::Letter | DocumentKind::Complaint | DocumentKind::Proposal
                    if document.status != Status::Replied =>
                {
                    move_to(&mut next, Status::Replied)?
                }
                _ => Change::Reply,
            };
            let change = if matches!(change, Change::StatusChanged { .. }) { change } else { Change::Reply };
            (change, Some(text.as_str().to_owned()), false)
        }
        Action::InternalNote { text } => (Change::InternalNote, Some(text.as_str().to_owned()), true),
        Action::MarkDuplicate { of } => {
            if !matches!(document.subject, Subject::Signal { .. }) {
                return Err(field("of", "not_a_signal", "only signals can be duplicates"));
            }
            if *of == document.number {
                return Err(field("of", "self", "a signal cannot duplicate itself"));
            }
            let original = original
                .filter(|o| o.number == *of)
                .ok_or_else(|| field("of", "not_a_signal", "the original must be an existing signal"))?;
            move_to(&mut next, Status::Duplicate)?;
            next.duplicate_of = Some(*of);
            next.outcome = Some(Outcome::Duplicate { of: *of });
            linked = Some(link_duplicate(original, document.number, staff, now)?);
            (Change::MarkedDuplicate { of: *of }, None, false)
        }
        Action::Moderate { description, hide_photo } => {
            if description.is_none() && hide_photo.is_none() {
                return Err(field("description", "required", "give the edited description or a photo to hide"));
            }
            if let Some(text) = description {
                // The original stays for staff; the public sees the edit.
                if next.original_description.is_none() {
                    next.original_description = Some(document.description.as_str().to_owned());
                }
                next.description = text.clone();
            }
            if let Some(photo) = hide_photo {
                if !document.photos.iter().any(|p| &p.id == photo) {
                    return Err(field("hide_photo", "unknown", "this signal has no such photo"));
                }
                if !next.hidden_photos.contains(photo) {
                    next.hidden_photos.push(photo.clone());
                }
            }
            let change = Change::Moderated {
                description_edited: description.is_some(),
                hidden_photo: hide_photo.as_ref().map(|p| p.as_str().to_owned()),
            };
            (change, None, true)
        }
        Action::AssignPerson { assignee } => {
            if *assignee == document.assignee {
                return Err(field("assignee", "unchanged", "it is assigned to them already"));
            }
            next.assignee = assignee.clone();
            (Change::AssignedTo { assignee: assignee.clone() }, None, true)
        }
    };
    if next.first_action_at.is_none() {
        next.first_action_at = Some(now);
        next.first_action_by = Some(staff.name.clone());
    }
    Ok(Applied { document: next, event: HistoryEvent { at: now, actor, change, text, internal }, linked })
}

/// The other half of marking a duplicate: the original signal lists the duplicate. It is a second document the
/// action writes, so it passes the same check as the first: a clerk cannot touch another unit's signal this way.
fn link_duplicate(
    original: &Document,
    duplicate: RegistryNumber,
    staff: &Staff,
    now: Timestamp,
) -> Result<(Document, HistoryEvent), WorkflowError> {
    if !staff.may_handle(original) {
        return Err(WorkflowError::NotYours);
    }
    if original.kind() != DocumentKind::Signal {
        return Err(field("of", "not_a_signal", "the original must be an existing signal"));
    }
    let mut next = original.clone();
    next.version += 1;
    if !next.duplicates.contains(&duplicate) {
        next.duplicates.push(duplicate);
    }
    let actor = Actor::Staff { sub: staff.sub.clone(), name: staff.name.clone() };
    Ok((
        next,
        HistoryEvent { at: now, actor, change: Change::DuplicateLinked { duplicate }, text: None, internal: false },
    ))
}

/// The sender reopens their resolved signal within 30 days of its resolution: the unit has a new term from today.
pub fn reopen_by_sender(
    document: &Document,
    catalogue: &Catalogue,
    calendar: &WorkCalendar,
    now: Timestamp,
) -> Result<(Document, HistoryEvent), WorkflowError> {
    let resolved_recently =
        document.resolved_at.is_some_and(|at| now.as_second() - at.as_second() <= REOPEN_DAYS * 86_400);
    if document.status != Status::Resolved || !resolved_recently {
        return Err(WorkflowError::Transition { current: document.status, to: Status::InProgress });
    }
    let mut next = document.clone();
    next.version += 1;
    next.status = Status::InProgress;
    next.resolved_at = None;
    next.outcome = None;
    next.fixed_confirmed = None;
    let next = next.with_deadline_from(now.to_zoned_datetime(sofia_time_zone()).date(), catalogue, calendar);
    Ok((next, HistoryEvent { at: now, actor: Actor::Sender, change: Change::Reopened, text: None, internal: false }))
}

/// Whether a document is past its due date at `now`.
pub fn is_overdue(document: &Document, now: Timestamp) -> bool {
    document.due(now).is_some_and(|due| due.overdue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_role_leaves_the_other_staff_groups_and_the_heads_of_units_left() {
        let catalogue = Catalogue::builtin();
        let groups: Vec<String> =
            ["unit-district-lyulin", "head-district-lyulin", "head-district-lozenets", "beta-testers"]
                .map(String::from)
                .into();
        assert_eq!(
            left_for("unit-district-lozenets", &groups, catalogue),
            ["unit-district-lyulin", "head-district-lyulin"],
            "the head of the unit it joins stays; groups that are not staff groups are not touched"
        );
        assert_eq!(left_for("unit-district-lyulin", &groups, catalogue), ["head-district-lozenets"]);
    }
    use crate::domain::history::Change;

    fn signal(unit: &str) -> Document {
        crate::domain::document::sample_signal(unit)
    }

    /// A document of `kind` at the Contact Center.
    fn of_kind(kind: DocumentKind) -> Document {
        let mut document = signal("contact-center");
        document.subject = match kind {
            DocumentKind::Signal => document.subject,
            DocumentKind::Question => Subject::Question { topic: "taxes".into() },
            written => Subject::Written { kind: written, title: "Заглавие".into(), addressee: None },
        };
        document
    }

    fn staff(groups: &[&str]) -> Staff {
        Staff::from_groups("sub-1", "Служител", &groups.iter().map(|g| g.to_string()).collect::<Vec<_>>()).unwrap()
    }

    fn now() -> Timestamp {
        "2026-11-05T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn roles_come_from_groups_and_citizens_have_none() {
        assert!(Staff::from_groups("s", "n", &["citizens".into()]).is_none());
        let unit = staff(&["unit-district-lozenets"]);
        assert!(!unit.is_operator());
        assert!(unit.may_handle(&signal("district-lozenets")));
        assert!(!unit.may_handle(&signal("district-lyulin")));
        assert!(unit.may_read_queue("district-lozenets") && !unit.may_read_queue("contact-center"));
        let operator = staff(&["operators"]);
        assert!(operator.may_handle(&signal("district-lyulin")) && operator.may_read_queue("district-lyulin"));
        assert!(staff(&["admins"]).is_admin());
    }

    #[test]
    fn every_transition_not_listed_is_refused() {
        let operator = staff(&["operators"]);
        let catalogue = Catalogue::builtin();
        for kind in DocumentKind::all() {
            for from in Status::all() {
                // A duplicate is marked by its own action, which links the original.
                for to in Status::all().filter(|to| *to != Status::Duplicate) {
                    let allowed = allowed_transitions(kind, from).contains(&to);
                    let mut document = of_kind(kind);
                    document.status = from;
                    let note = Some(NoteText::parse("причина").unwrap());
                    let extension = (to == Status::Extended).then_some((ExtensionGround::LargeVolume, 10));
                    let competent_body = matches!(to, Status::NotCompetent | Status::ForwardedElsewhere)
                        .then(|| NoteText::parse("СДВР").unwrap());
                    let action = Action::ChangeStatus { to, note, extension, competent_body };
                    let result = apply(&document, &action, None, &operator, catalogue, &WorkCalendar::default(), now());
                    assert_eq!(result.is_ok(), allowed, "{kind:?} {from:?} -> {to:?}");
                    if let Err(error) = result {
                        assert_eq!(error, WorkflowError::Transition { current: from, to });
                    }
                }
            }
        }
    }

    #[test]
    fn actions_record_events_and_bump_the_version() {
        let operator = staff(&["operators"]);
        let document = signal("contact-center");
        let Applied { document: assigned, event, .. } = apply(
            &document,
            &Action::Assign { unit: "district-lozenets".into(), note: None },
            None,
            &operator,
            Catalogue::builtin(),
            &WorkCalendar::default(),
            now(),
        )
        .unwrap();
        assert_eq!(
            (assigned.unit.as_str(), assigned.status, assigned.version),
            ("district-lozenets", Status::Forwarded, 2)
        );
        assert_eq!(event.change, Change::Assigned { from: "contact-center".into(), to: "district-lozenets".into() });
        assert!(event.public().is_some_and(|p| p.by == "municipality"));

        let note = Action::InternalNote { text: NoteText::parse("само за служители").unwrap() };
        let Applied { event, .. } =
            apply(&assigned, &note, None, &operator, Catalogue::builtin(), &WorkCalendar::default(), now()).unwrap();
        assert!(event.internal && event.public().is_none(), "internal notes never reach the public");

        // A unit may only hand documents back to the Contact Center.
        let unit = staff(&["unit-district-lozenets"]);
        let sideways = Action::Assign { unit: "district-lyulin".into(), note: None };
        assert!(matches!(
            apply(&assigned, &sideways, None, &unit, Catalogue::builtin(), &WorkCalendar::default(), now()),
            Err(WorkflowError::Field(_))
        ));
        assert_eq!(
            apply(&document, &note, None, &unit, Catalogue::builtin(), &WorkCalendar::default(), now()).unwrap_err(),
            WorkflowError::NotYours
        );
    }

    #[test]
    fn marking_a_duplicate_links_the_original_and_checks_its_unit_too() {
        let original = signal("district-lyulin");
        let mut duplicate = signal("district-lozenets");
        duplicate.number = RegistryNumber::new(2026, 8).unwrap();
        let mark = Action::MarkDuplicate { of: original.number };
        let lozenets = staff(&["unit-district-lozenets"]);
        let refused =
            apply(&duplicate, &mark, Some(&original), &lozenets, Catalogue::builtin(), &WorkCalendar::default(), now());
        assert_eq!(refused.unwrap_err(), WorkflowError::NotYours, "another unit's original");
        let missing = apply(
            &duplicate,
            &mark,
            None,
            &staff(&["operators"]),
            Catalogue::builtin(),
            &WorkCalendar::default(),
            now(),
        );
        assert!(matches!(missing, Err(WorkflowError::Field(e)) if e.code == "not_a_signal"));
        let applied = apply(
            &duplicate,
            &mark,
            Some(&original),
            &staff(&["operators"]),
            Catalogue::builtin(),
            &WorkCalendar::default(),
            now(),
        );
        let Applied { document, linked, .. } = applied.unwrap();
        assert_eq!((document.status, document.duplicate_of), (Status::Duplicate, Some(original.number)));
        let (linked, event) = linked.expect("the original is written too");
        assert_eq!((linked.duplicates.as_slice(), linked.version), (&[duplicate.number][..], original.version + 1));
        assert_eq!(event.change, Change::DuplicateLinked { duplicate: duplicate.number });
    }

    #[test]
    fn a_rejection_needs_a_reason_and_a_duplicate_another_signal() {
        let operator = staff(&["operators"]);
        let document = signal("contact-center");
        let reject = Action::ChangeStatus { to: Status::Rejected, note: None, extension: None, competent_body: None };
        assert!(
            matches!(apply(&document, &reject, None, &operator, Catalogue::builtin(), &WorkCalendar::default(), now()), Err(WorkflowError::Field(e)) if e.field == "note")
        );
        let itself = Action::MarkDuplicate { of: document.number };
        assert!(
            matches!(apply(&document, &itself, None, &operator, Catalogue::builtin(), &WorkCalendar::default(), now()), Err(WorkflowError::Field(e)) if e.code == "self")
        );
    }

    #[test]
    fn the_sender_reopens_within_thirty_days_of_resolution_only() {
        let mut document = signal("district-lozenets");
        document.status = Status::Resolved;
        document.resolved_at = Some("2026-11-01T10:00:00Z".parse().unwrap());
        let reopen_at = |document: &Document, at: &str| {
            reopen_by_sender(document, Catalogue::builtin(), &WorkCalendar::default(), at.parse().unwrap())
        };
        assert_eq!(reopen_at(&document, "2026-11-30T10:00:00Z").unwrap().0.status, Status::InProgress);
        assert!(reopen_at(&document, "2026-12-02T10:00:00Z").is_err());
        document.status = Status::Closed;
        assert!(reopen_at(&document, "2026-11-02T10:00:00Z").is_err());
    }

    #[test]
    fn signals_are_overdue_after_their_category_target() {
        let catalogue = Catalogue::builtin();
        // Filed on Sunday 1 November 2026; the 14 days end on Sunday the 15th, so it is due on Monday the 16th.
        let document = signal("district-lozenets").with_deadline_from(
            jiff::civil::date(2026, 11, 1),
            catalogue,
            &WorkCalendar::default(),
        );
        assert!(!is_overdue(&document, "2026-11-16T20:00:00Z".parse().unwrap()));
        assert!(is_overdue(&document, "2026-11-17T10:00:00Z".parse().unwrap()));
        let mut done = document.clone();
        done.status = Status::Resolved;
        assert!(!is_overdue(&done, "2026-12-30T10:00:00Z".parse().unwrap()));
    }
}
