//! Mail per change, not per click (`scheduled-change-mail` in template.yaml; EventBridge Scheduler calls it every
//! minute with the time it was scheduled for, and the local stack with its own clock).
//!
//! A clerk's three clicks in a minute are three changes of one document; each recipient hears of them in one
//! mail that lists every public change in order (status changes with their notes, replies), each with its time:
//!
//! 1. **Gathering.** The stream function (`notify.rs`) adds each public change of a document to the document's
//!    pending mail (`PendingMail`, one item per document): the first change opens a batch that closes
//!    [`WINDOW`] later, the next ones within the window join it. A change is added under its stream record's id,
//!    and the ids of changes mailed before are kept, so a redelivered record adds nothing and is never mailed
//!    again.
//! 2. **Mailing.** Every minute this run reads the batches whose window has closed (a sparse index on the time
//!    it closes: never a scan) and mails each one's changes with the stream function's own fan-out: the sender
//!    (with the access link) and, for public kinds, every subscriber (page by page, concurrently, handed on to the
//!    stream when the run's time runs short). Each delivery is claimed in the delivery log under the document, the
//!    batch's change ids and the recipient before it is sent, so a run that stops halfway, a run that overlaps
//!    another, or the same batch read twice sends nothing twice, and a run stopped between claim and send leaves a
//!    lease the next run takes over once it ran out, as for the stream's mails. Then the batch's changes are
//!    marked mailed; a change that came while the batch was being mailed stays for the next run.
//!
//! Why a batch per document with a scheduled run, rather than delaying the stream: a stream record cannot wait
//! five minutes (the shard would stall behind it), and a per-recipient queue would write a row per subscriber
//! per change. Why the batch holds the changes themselves rather than a pointer into the history: the stream
//! already knows each change as it happened (the status before and after, from the record's images, and the
//! public note or reply), a change is keyed by its stream record so a redelivery is recognised without reading
//! anything, and the run reads one item per document instead of its whole history. Immediate mails stay
//! immediate in the stream: the sender's confirmation, area alerts and the "is it fixed?" question.

use crate::domain::catalogue::Catalogue;
use crate::notify::{Post, mail_changes_once};
use crate::ports::{DeliveryLog, DocumentStore, Mailer, PendingBatch, PendingMail, StoreError, Subscriptions};
use crate::wiring::Site;
use jiff::Timestamp;
use serde::Serialize;
use sha2::Digest;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the changes of a document are gathered into one mail, from its first change.
pub const WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);
/// How long one run mails before it leaves the rest to the next (the template's timeout is 60 s; a long list of
/// subscribers is handed on to the stream before this runs out).
const RUN_BUDGET: Duration = Duration::from_secs(50);

crate::dependencies! {
    /// What the change mail uses: the pending mail, and what the stream function mails with (the documents, their
    /// subscribers, the delivery log, the mailer, the token secret for links).
    pub struct ChangeMail {
        pending: Arc<dyn PendingMail>, documents: Arc<dyn DocumentStore>, subscriptions: Arc<dyn Subscriptions>,
        deliveries: Arc<dyn DeliveryLog>, mailer: Arc<dyn Mailer>,
        token_secret: crate::wiring::Secret<crate::domain::access::TokenSecret>, site: Site, catalogue: &'static Catalogue,
    }
}

impl ChangeMail {
    /// What mailing needs, once the token secret is read.
    async fn post(&self) -> Result<Post<'_>, crate::notify::RecordError> {
        let stores = (&self.documents, &self.subscriptions);
        let secret = self.token_secret.get().await.map_err(crate::notify::retry)?;
        Ok(Post::of(stores, (&self.deliveries, &self.mailer), (secret, &self.site, self.catalogue)))
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MailReport {
    /// Documents whose changes were mailed (or found mailed before).
    pub documents_mailed: usize,
    pub changes_mailed: usize,
    /// Documents whose mail could not go out now (the mail service, a lease of an earlier run): the next run
    /// takes them again.
    pub left_for_later: usize,
}

/// The delivery-log origin of a batch: the document and the ids of the changes it lists.
fn origin_of(batch: &PendingBatch) -> String {
    let ids: Vec<&str> = batch.changes.iter().map(|(id, _)| id.as_str()).collect();
    let hash = hex::encode(&sha2::Sha256::digest(ids.join(",").as_bytes())[..12]);
    format!("changes#{}#{hash}", batch.number)
}

/// One run as of `at`: every batch whose window closed by then.
#[tracing::instrument(skip_all, name = "change_mail::run", fields(at = %at))]
pub async fn run(deps: &ChangeMail, at: Timestamp) -> Result<MailReport, StoreError> {
    let deadline = Instant::now() + RUN_BUDGET;
    let mut report = MailReport::default();
    let due = deps.pending.due(at).await?;
    for (i, number) in due.iter().enumerate() {
        if Instant::now() >= deadline {
            report.left_for_later += due.len() - i;
            break;
        }
        // The index may lag behind the item: the item itself says whether it is due, and what it holds.
        let Some(batch) = deps.pending.batch(*number).await? else { continue };
        if batch.send_after.is_none_or(|closes| closes > at) {
            continue;
        }
        if batch.changes.is_empty() {
            deps.pending.mailed(&batch).await?;
            continue;
        }
        let Some(document) = deps.documents.get(*number).await? else {
            deps.pending.mailed(&batch).await?;
            continue;
        };
        let changes = batch.changes.iter().map(|(_, change)| change.clone()).collect();
        let mailed = async {
            mail_changes_once(&deps.post().await?, &document, &origin_of(&batch), changes, Some(deadline)).await
        };
        match mailed.await {
            Ok(()) => {
                deps.pending.mailed(&batch).await?;
                report.documents_mailed += 1;
                report.changes_mailed += batch.changes.len();
            }
            Err(error) => {
                tracing::warn!(number = %number, error = %error, "change mail left for the next run");
                report.left_for_later += 1;
            }
        }
    }
    tracing::info!(?report, "change mail run done");
    Ok(report)
}

impl crate::scheduled::ScheduledJob for ChangeMail {
    type Report = MailReport;
    type Error = StoreError;
    async fn run(&self, at: Timestamp) -> Result<MailReport, StoreError> {
        run(self, at).await
    }
}
