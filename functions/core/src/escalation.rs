//! The scheduled escalation run (`scheduled-escalation` in template.yaml; EventBridge Scheduler calls it every
//! morning with the time it was scheduled for, and the local stack calls it with its own clock).
//!
//! 1. **Steps.** For today and the days a missed run left behind, it reads the open documents whose next step
//!    falls on that day (the step index, never a scan) and takes the latest step due: the document at its next
//!    version, a public history event, and a digest line, in one transaction that fails if the document changed in
//!    between (the next run sees it again). The days covered run from the last day the previous run covered, so
//!    a schedule that stopped for a while loses nothing.
//! 2. **Digests.** For the same days, it groups the digest lines by unit and step and sends each recipient one
//!    mail per group: the unit's staff for reminders, the operators and the unit's head for escalations. Each mail
//!    is claimed in the delivery log before it is sent, so a run that stops halfway and runs again sends nothing
//!    twice, and what it had not sent yet goes out.

use crate::domain::calendar::sofia_time_zone;
use crate::domain::catalogue::{Catalogue, FALLBACK_UNIT, Name};
use crate::domain::document::Document;
use crate::domain::email::Email;
use crate::domain::escalation::{Audience, DigestLine, Step};
use crate::domain::mail::unit_digest;
use crate::domain::workflow::{HEAD_GROUP_PREFIX, OPERATORS_GROUP, UNIT_GROUP_PREFIX};
use crate::ports::{Accounts, Claim, DeliveryLog, DocumentStore, Mailer, RunLog, SaveError, Saved, StoreError};
use crate::wiring::Site;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How many days back the first run looks (further than any step falls from a document's registration or fix);
/// later runs start from the last day a run covered, however long ago.
pub const FIRST_RUN_DAYS: i64 = 120;
/// The name the run log keeps this run's last day under.
const RUN_NAME: &str = "escalation";
const PAGE: usize = 100;
/// How long a claimed digest is this run's to send before another run may take it over.
const LEASE_MILLISECONDS: i64 = 5 * 60 * 1000;

crate::dependencies! {
    /// What the escalation run uses: the documents and their digest lines, the staff directory (who is in a
    /// unit, who heads it), the delivery log and the mailer.
    pub struct Escalator {
        documents: Arc<dyn DocumentStore>, accounts: Arc<dyn Accounts>, deliveries: Arc<dyn DeliveryLog>,
        mailer: Arc<dyn Mailer>, runs: Arc<dyn RunLog>, site: Site, catalogue: &'static Catalogue,
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    pub steps_taken: usize,
    /// Documents that changed while the run looked at them: the next run takes their step.
    pub steps_left_for_later: usize,
    pub mails_sent: usize,
    pub mails_already_sent: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("staff directory: {0}")]
    Accounts(#[from] crate::ports::AccountError),
    #[error("mail: {0}")]
    Mail(#[from] crate::ports::MailError),
}

impl From<crate::ports::PageError> for RunError {
    fn from(error: crate::ports::PageError) -> Self {
        match error {
            crate::ports::PageError::Store(error) => Self::Store(error),
            crate::ports::PageError::InvalidCursor => Self::Store(StoreError::Corrupt("cursor".into())),
        }
    }
}

/// The days a run at `today` covers, oldest first: from the last day the previous run covered (a document's next
/// step may have fallen on any day since), or the last week for the first run.
fn days_covered(last: Option<Date>, today: Date) -> Vec<Date> {
    let first_run = today.checked_sub(jiff::Span::new().days(FIRST_RUN_DAYS - 1)).unwrap_or(today);
    let mut day = last.filter(|last| *last <= today).unwrap_or(first_run);
    let mut days = Vec::new();
    while day <= today {
        days.push(day);
        match day.checked_add(jiff::Span::new().days(1)) {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    days
}

/// One run as of `at`.
#[tracing::instrument(skip_all, name = "escalation::run", fields(at = %at))]
pub async fn run(deps: &Escalator, at: Timestamp) -> Result<RunReport, RunError> {
    let today = at.to_zoned_datetime(sofia_time_zone()).date();
    let mut report = RunReport::default();
    let days = days_covered(deps.runs.last_day(RUN_NAME).await?, today);
    for day in &days {
        take_steps(deps, *day, today, at, &mut report).await?;
    }
    // Who is in a group, asked once per run however many units and days need it.
    let mut members = BTreeMap::new();
    for day in &days {
        send_digests(deps, *day, &mut members, &mut report).await?;
    }
    // Only a run that got through every day moves the start of the next one.
    deps.runs.record_day(RUN_NAME, today).await?;
    tracing::info!(?report, "escalation run done");
    Ok(report)
}

async fn take_steps(
    deps: &Escalator,
    day: Date,
    today: Date,
    at: Timestamp,
    report: &mut RunReport,
) -> Result<(), RunError> {
    let mut cursor: Option<String> = None;
    loop {
        let (documents, next) = deps.documents.steps_on(day, cursor.as_deref(), PAGE).await?;
        for document in &documents {
            let Some(step) = document.step_due(today) else { continue };
            let (updated, event) = document.take_step(step, at);
            let line = DigestLine {
                day: today,
                unit: document.unit.clone(),
                step,
                number: document.number,
                about: about(document, deps.catalogue),
                due_on: document.deadline.as_ref().map_or(today, |d| d.due_on),
            };
            let saved = Saved { document: &updated, expected_version: document.version, event: &event };
            match deps.documents.save_step(&saved, &line).await {
                Ok(()) => report.steps_taken += 1,
                Err(SaveError::Stale) => report.steps_left_for_later += 1,
                Err(SaveError::Store(error)) => return Err(error.into()),
            }
        }
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

/// "Сигнал: Дупка на пътя" — the kind and what it is about, as a digest line names a document.
fn about(document: &Document, catalogue: &Catalogue) -> Name {
    let kind = document.kind().label();
    let subject = crate::domain::mail::subject_of(document, catalogue);
    Name { bg: format!("{}: {}", kind.bg, subject.bg), en: format!("{}: {}", kind.en, subject.en) }
}

/// The staff groups a step's digest goes to.
fn groups_for(audience: Audience, unit: &str) -> Vec<String> {
    let unit_group =
        if unit == FALLBACK_UNIT { OPERATORS_GROUP.to_owned() } else { format!("{UNIT_GROUP_PREFIX}{unit}") };
    match audience {
        Audience::Unit => vec![unit_group],
        Audience::OperatorsAndHead => vec![OPERATORS_GROUP.to_owned(), format!("{HEAD_GROUP_PREFIX}{unit}")],
        Audience::Nobody => Vec::new(),
    }
}

async fn send_digests(
    deps: &Escalator,
    day: Date,
    members: &mut BTreeMap<String, Vec<String>>,
    report: &mut RunReport,
) -> Result<(), RunError> {
    let mut groups: BTreeMap<(String, Step), Vec<DigestLine>> = BTreeMap::new();
    for line in deps.documents.digest_lines(day).await? {
        groups.entry((line.unit.clone(), line.step)).or_default().push(line);
    }
    let lease_until = Timestamp::now().as_millisecond() + LEASE_MILLISECONDS;
    for ((unit, step), mut lines) in groups {
        lines.sort_by_key(|l| (l.due_on, l.number));
        let mut recipients = BTreeSet::new();
        for group in groups_for(step.audience(), &unit) {
            if !members.contains_key(&group) {
                let found = deps.accounts.members_of(&group).await?;
                members.insert(group.clone(), found);
            }
            recipients.extend(members[&group].iter().cloned());
        }
        let unit_name = deps
            .catalogue
            .unit(&unit)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| Name { bg: unit.clone(), en: unit.clone() });
        for recipient in recipients {
            let Ok(to) = Email::parse(&recipient) else { continue };
            let delivery = format!("digest:{day}:{unit}:{}:{}", step.as_str(), to.as_str());
            match deps.deliveries.claim(&delivery, lease_until).await? {
                Claim::Mine => {}
                Claim::Sent | Claim::InFlight { .. } => {
                    report.mails_already_sent += 1;
                    continue;
                }
            }
            let mail = unit_digest(to, &unit_name, step, day, &lines, &deps.site.base_url);
            if let Err(error) = deps.mailer.send(&mail).await {
                deps.deliveries.release(&delivery).await?;
                return Err(error.into());
            }
            deps.deliveries.confirm(&delivery).await?;
            report.mails_sent += 1;
        }
    }
    Ok(())
}

impl crate::scheduled::ScheduledJob for Escalator {
    type Report = RunReport;
    type Error = RunError;
    async fn run(&self, at: Timestamp) -> Result<RunReport, RunError> {
        run(self, at).await
    }
}
