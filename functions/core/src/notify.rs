//! The DynamoDB stream function: reads what changed in the table and tells the people concerned.
//!
//! - every document insert and status change moves the overview's counters (once per record);
//! - a new document: the sender's confirmation; a new public signal: area-alert subscribers;
//! - a status change or a public reply: added to the document's pending mail (`PendingMail`). The changes of
//!   one document within [`WINDOW`](crate::change_mail::WINDOW) reach the sender and every subscriber (private
//!   kinds: the sender only) as one mail, sent by the scheduled run in `change_mail.rs` with the machinery here.
//!
//! Lambda delivers stream records at least once, in order per item, in batches. Each mail is claimed in the
//! delivery log before it is sent, so a redelivered record sends nothing twice; a record that fails for a
//! reason worth retrying is reported as the batch's first failure (`ReportBatchItemFailures`), so Lambda
//! re-delivers from it. Subscribers are read page by page and mailed concurrently up to a bound; when the
//! invocation's time runs short, the rest of the list is handed on as a work item the stream picks up again.

use crate::adapters::records::{DOCUMENT_ENTITY, DocumentRecord, EVENT_ENTITY};
use crate::domain::access::{TokenSecret, follow_link};
use crate::domain::accounts::{AccountState, account_deltas};
use crate::domain::catalogue::Catalogue;
use crate::domain::desk_figures::{desk_deltas, staff_deltas};
use crate::domain::districts::Districts;
use crate::domain::document::{Document, Subject};
use crate::domain::escalation::Step;
use crate::domain::fixed_check::fixed_check_token;
use crate::domain::history::{Change, HistoryEvent};
use crate::domain::mail::{
    Audience, Dated, OutgoingMail, Update, document_update, fixed_check, new_in_area, registration_confirmation,
};
use crate::domain::overview::{CountedSignal, counter_deltas};
use crate::domain::public_map::{MappedSignal, map_deltas};
use crate::domain::registry::RegistryNumber;
use crate::domain::search::document_terms;
use crate::domain::status::Status;
use crate::domain::subscriptions::{Subscriber, Target, unsubscribe_token};
use crate::ports::{
    CalendarStore, ChangeLog, DeliveryLog, DocumentStore, Mailer, PendingMail, StatsStore, Subscriptions,
};
use crate::ports::{Claim, Indexed, MailError, SearchIndexWriter};
use crate::wiring::{Clock, Dependency, Site, Wiring};
use aws_lambda_events::dynamodb::{Event, EventRecord};
use aws_lambda_events::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use futures::SinkExt;
use futures::stream::{self, StreamExt};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::sync::Arc;
use std::time::{Duration, Instant};

crate::dependencies! {
    /// What the stream function uses: the documents and their counters (the calendar counts working days for
    /// the public account), the subscribers, the delivery log and the mailer, the token secret for mail links,
    /// and the pending mail that gathers a document's changes.
    pub struct Notifier {
        documents: Arc<dyn DocumentStore>, stats: Arc<dyn StatsStore>, subscriptions: Arc<dyn Subscriptions>,
        deliveries: Arc<dyn DeliveryLog>, mailer: Arc<dyn Mailer>, calendar: Arc<dyn CalendarStore>,
        changes: Arc<dyn ChangeLog>, pending: Arc<dyn PendingMail>, search: Arc<dyn SearchIndexWriter>,
        token_secret: crate::wiring::Secret<TokenSecret>, site: Site, catalogue: &'static Catalogue, clock: Clock,
    }
}

/// What sending mail about a document takes, borrowed from the stream function's dependencies or the scheduled
/// change mail's: both send with the same fan-out, delivery log and hand-off.
#[derive(Clone, Copy)]
pub struct Post<'a> {
    pub documents: &'a dyn DocumentStore,
    pub subscriptions: &'a dyn Subscriptions,
    pub deliveries: &'a dyn DeliveryLog,
    pub mailer: &'a dyn Mailer,
    pub token_secret: &'a TokenSecret,
    pub site: &'a Site,
    pub catalogue: &'static Catalogue,
}

impl<'a> Post<'a> {
    /// What mails are sent with, from a function's ports.
    pub fn of(
        (documents, subscriptions): (&'a Arc<dyn DocumentStore>, &'a Arc<dyn Subscriptions>),
        (deliveries, mailer): (&'a Arc<dyn DeliveryLog>, &'a Arc<dyn Mailer>),
        (token_secret, site, catalogue): (&'a TokenSecret, &'a Site, &'static Catalogue),
    ) -> Self {
        let (documents, subscriptions, deliveries, mailer) =
            (documents.as_ref(), subscriptions.as_ref(), deliveries.as_ref(), mailer.as_ref());
        Post { documents, subscriptions, deliveries, mailer, token_secret, site, catalogue }
    }
}

impl Notifier {
    /// What mailing needs, once the token secret is read (a record that mails nothing never waits for it).
    pub async fn post(&self) -> Result<Post<'_>, RecordError> {
        let secrets = (self.token_secret.get().await.map_err(retry)?, &self.site, self.catalogue);
        Ok(Post::of((&self.documents, &self.subscriptions), (&self.deliveries, &self.mailer), secrets))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("worth retrying: {0}")]
    Retryable(String),
}

pub(crate) fn retry(error: impl std::fmt::Display) -> RecordError {
    RecordError::Retryable(error.to_string())
}

/// Subscribers read per page.
const PAGE: usize = 500;
/// Deliveries claimed together (one DynamoDB transaction), and such claims at once.
const CLAIM_CHUNK: usize = 100;
/// Sent deliveries confirmed together (one `BatchWriteItem`).
const CONFIRM_CHUNK: usize = 25;
const CLAIMS_AT_ONCE: usize = 2;
/// When less than this is left of the invocation, the rest of a fan-out is handed on.
const HAND_OFF_MARGIN: Duration = Duration::from_secs(8);

/// Mails sent at once: bounded so SES's sending rate is respected (SES throttling is retried by the SDK).
pub fn concurrency() -> usize {
    std::env::var("FANOUT_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=256).contains(n))
        .unwrap_or(16)
}

/// Handles one batch and reports the first record to retry, if any.
pub async fn handle_batch(deps: &Notifier, event: Event) -> DynamoDbEventResponse {
    handle_batch_until(deps, event, None).await
}

/// As [`handle_batch`], knowing when the invocation must end.
pub async fn handle_batch_until(deps: &Notifier, event: Event, deadline: Option<Instant>) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    for record in event.records {
        if let Err(error) = handle_record(deps, &record, deadline).await {
            tracing::warn!(event_id = %record.event_id, error = %error, "stream record will be retried");
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = record.change.sequence_number.clone();
            response.batch_item_failures.push(failure);
            break;
        }
    }
    response
}

/// Marks a document in the followed index with its followers (or takes it out), in its unit.
async fn on_follower_count(deps: &Notifier, image: &serde_dynamo::Item) -> Result<(), RecordError> {
    let number = string_of(image, "PK").and_then(crate::adapters::records::number_of_pk);
    let count = match image.get("count") {
        Some(serde_dynamo::AttributeValue::N(n)) => n.parse::<u64>().unwrap_or(0),
        _ => 0,
    };
    let Some(number) = number else { return Ok(()) };
    let unit = match count {
        0 => String::new(),
        _ => match deps.documents.get(number).await.map_err(retry)? {
            Some(document) => document.unit,
            None => return Ok(()),
        },
    };
    deps.search.mark_followed(number, count, &unit).await.map_err(retry)
}

fn entity_of(image: &serde_dynamo::Item) -> Option<&str> {
    match image.get("entity") {
        Some(serde_dynamo::AttributeValue::S(entity)) => Some(entity),
        _ => None,
    }
}

fn string_of<'a>(image: &'a serde_dynamo::Item, name: &str) -> Option<&'a str> {
    match image.get(name) {
        Some(serde_dynamo::AttributeValue::S(value)) => Some(value),
        _ => None,
    }
}

/// The document in a stream image, if the image is one (counters, markers and the like are not).
fn document_of(image: &serde_dynamo::Item, event_id: &str) -> Option<Document> {
    if entity_of(image) != Some(DOCUMENT_ENTITY) {
        return None;
    }
    match serde_dynamo::from_item::<_, DocumentRecord>(image.clone())
        .map_err(|e| e.to_string())
        .and_then(|r| Document::try_from(r).map_err(|e| e.to_string()))
    {
        Ok(document) => Some(document),
        Err(error) => {
            // Retrying cannot repair a malformed item: log it for the operators and move on.
            tracing::error!(event_id = %event_id, error = %error, "stream image is not a valid document");
            None
        }
    }
}

/// The status a signal counts under: an archived (`closed`) signal still counts by how it ended, so archiving
/// a fixed signal does not take it out of "fixed", nor a refused one out of "refused".
fn counted_status(document: &Document) -> crate::domain::status::Status {
    use crate::domain::outcome::Outcome;
    use crate::domain::status::Status;
    match (&document.status, &document.outcome) {
        (Status::Closed, Some(outcome)) => match outcome {
            Outcome::Fixed => Status::Resolved,
            Outcome::ClosedWithoutFix { .. } => Status::ClosedUnfixed,
            Outcome::NotCompetent { .. } => Status::NotCompetent,
            Outcome::Duplicate { .. } => Status::Duplicate,
            Outcome::Refused { .. } => Status::Rejected,
        },
        (status, _) => *status,
    }
}

/// What the overview counts of a document: public signals only.
fn counted(document: &Document) -> Option<CountedSignal> {
    match &document.subject {
        Subject::Signal { category, .. } => Some(CountedSignal {
            registered_at: document.registered_at,
            category: category.clone(),
            district: document.district.clone(),
            status: counted_status(document),
            confirmed_fixed: document.fixed_confirmed == Some(true),
        }),
        Subject::Question { .. } | Subject::Written { .. } => None,
    }
}

/// What the map's clusters count of a document: public signals, by the status their marker shows.
fn mapped(document: &Document) -> Option<MappedSignal> {
    match &document.subject {
        Subject::Signal { category, location, .. } => Some(MappedSignal {
            registered_at: document.registered_at,
            category: category.clone(),
            district: document.district.clone(),
            status: document.status,
            point: location.point(),
        }),
        Subject::Question { .. } | Subject::Written { .. } => None,
    }
}

/// A fan-out to one target's subscribers, resumable from a cursor.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FanOut {
    /// The stream record it comes from: deliveries are keyed by it, so a resumed fan-out sends nothing twice.
    origin: String,
    number: RegistryNumber,
    update: FanOutUpdate,
    target: String,
    cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum FanOutUpdate {
    /// A document's changes within a window, oldest first: one mail.
    Changes {
        changes: Vec<Dated>,
    },
    /// One change, as work handed on before changes were gathered (such items may still be in the table).
    Status {
        from: Status,
        note: Option<String>,
    },
    Reply {
        text: String,
    },
    NewInArea,
}

async fn handle_record(deps: &Notifier, record: &EventRecord, deadline: Option<Instant>) -> Result<(), RecordError> {
    let new_image = &record.change.new_image;
    match entity_of(new_image) {
        // The rest of a long fan-out, handed on by an earlier invocation.
        Some("fanout") if record.event_name == "INSERT" => {
            let work: FanOut = string_of(new_image, "work")
                .and_then(|w| serde_json::from_str(w).ok())
                .ok_or_else(|| retry("unreadable fan-out work"))?;
            return fan_out(deps, work, deadline).await;
        }
        // A public reply that did not change the status (one that did is told with the status change), or the
        // step that asks a signal's sender whether it is fixed.
        Some(EVENT_ENTITY) if record.event_name == "INSERT" => return on_event(deps, record, deadline).await,
        // A document's followers changed: the back office's followed index follows.
        Some("subscriber_count") => return on_follower_count(deps, new_image).await,
        _ => {}
    }

    let before = document_of(&record.change.old_image, &record.event_id);
    let after = document_of(new_image, &record.event_id);
    if before.is_none() && after.is_none() {
        return Ok(());
    }

    // The overview's counters, once per record however often it is delivered.
    let at = Timestamp::from_second(record.change.approximate_creation_date_time.timestamp())
        .map(|at| deps.clock.moved(at))
        .unwrap_or_else(|_| deps.clock.now());
    let today = at.to_zoned_datetime(crate::domain::calendar::sofia_time_zone()).date();
    // The day's open-data export reads the public signals changed that day (noted before the counters, so a
    // change the figures show is one the export will find).
    if let Some(document) = after.as_ref().filter(|d| d.kind().is_public()) {
        deps.changes.mark_changed(today, document.number).await.map_err(retry)?;
    }
    let mut deltas =
        counter_deltas(before.as_ref().and_then(counted).as_ref(), after.as_ref().and_then(counted).as_ref(), at);
    // The units' and districts' public account, counted on the working days of the calendar.
    let calendar = deps.calendar.calendar().await.map_err(retry)?;
    let (was, is) = (before.as_ref().map(AccountState::of), after.as_ref().map(AccountState::of));
    deltas.extend(account_deltas(was.as_ref(), is.as_ref(), today, &calendar));
    // The back office's counts and the staff statistics.
    deltas.extend(desk_deltas(before.as_ref(), after.as_ref()));
    deltas.extend(staff_deltas(before.as_ref(), after.as_ref(), at));
    // The map's clusters: per day, tile and cell, by status.
    let (map_before, map_after) = (before.as_ref().and_then(mapped), after.as_ref().and_then(mapped));
    deltas.extend(map_deltas(map_before.as_ref(), map_after.as_ref(), Districts::builtin()));
    if !deltas.is_empty() {
        deps.stats.apply_once(&record.event_id, &deltas).await.map_err(retry)?;
    }
    // The back office's search follows what a document says and whose it is (most changes move neither).
    let indexed = |d: &Document| Indexed { unit: d.unit.clone(), terms: document_terms(d, deps.catalogue) };
    let (indexed_before, indexed_after) = (before.as_ref().map(indexed), after.as_ref().map(indexed));
    if indexed_before != indexed_after
        && let Some(document) = after.as_ref().or(before.as_ref())
    {
        let (number, registered_at) = (document.number, document.registered_at);
        deps.search
            .reindex(number, registered_at, indexed_before.as_ref(), indexed_after.as_ref())
            .await
            .map_err(retry)?;
    }
    if let (Some(before), Some(after)) = (&before, &after)
        && before.unit != after.unit
    {
        deps.search.move_followed(after.number, &after.unit).await.map_err(retry)?;
    }

    let Some(document) = after else { return Ok(()) };
    match before {
        None => {
            // A new document: the sender's confirmation; a new public signal also reaches area alerts.
            if let Some(to) = document.sender.email.clone() {
                let link = sender_link(&deps.post().await?, &document)?;
                let mail = registration_confirmation(&document, to, &link, deps.catalogue);
                deliver_once(&deps.post().await?, &record.event_id, &mail, deadline).await?;
            }
            if let Subject::Signal { category, .. } = &document.subject {
                for target in Target::areas_for(document.district.as_deref(), category) {
                    let work = FanOut {
                        origin: record.event_id.clone(),
                        number: document.number,
                        update: FanOutUpdate::NewInArea,
                        target: target.id(),
                        cursor: None,
                    };
                    fan_out_document(&deps.post().await?, &document, work, deadline).await?;
                }
            }
        }
        Some(before) if before.status != document.status => {
            // The public note that came with the change, from the history event written with it.
            let event =
                deps.documents.history(document.number).await.map_err(retry)?.into_iter().rev().find(|e| {
                    matches!(e.change, Change::StatusChanged { to, .. } if to == document.status) && !e.internal
                });
            let change = Dated {
                at: event.as_ref().map_or(at, |e| e.at),
                update: Update::Status { from: before.status, to: document.status, note: event.and_then(|e| e.text) },
            };
            gather(deps, document.number, &record.event_id, &change, at).await?;
        }
        Some(_) => {}
    }
    Ok(())
}

async fn on_event(deps: &Notifier, record: &EventRecord, deadline: Option<Instant>) -> Result<(), RecordError> {
    let event: Option<HistoryEvent> =
        serde_dynamo::from_item::<_, crate::adapters::records::EventRecord>(record.change.new_image.clone())
            .ok()
            .map(|r| r.event);
    let Some(HistoryEvent { change, text, internal: false, at: event_at, .. }) = event else { return Ok(()) };
    let Some(number) = string_of(&record.change.new_image, "PK").and_then(crate::adapters::records::number_of_pk)
    else {
        return Ok(());
    };
    match (change, text) {
        (Change::Reply, Some(text)) => {
            let at = Timestamp::from_second(record.change.approximate_creation_date_time.timestamp())
                .map(|at| deps.clock.moved(at))
                .unwrap_or_else(|_| deps.clock.now());
            let change = Dated { at: event_at, update: Update::Reply { text } };
            gather(deps, number, &record.event_id, &change, at).await
        }
        (Change::Reminded { step: Step::AskIfFixed }, _) => {
            let Some(document) = deps.documents.get(number).await.map_err(retry)? else { return Ok(()) };
            let (Some(to), Some(resolved_at)) = (document.sender.email.clone(), document.resolved_at) else {
                return Ok(());
            };
            let token = fixed_check_token(deps.token_secret.get().await.map_err(retry)?, number, resolved_at);
            let link = |answer: &str| {
                format!(
                    "{}/fixed.html?number={number}&answer={answer}#token={token}",
                    deps.site.base_url.trim_end_matches('/')
                )
            };
            let mail = fixed_check(&document, to, &link("fixed"), &link("not_fixed"), deps.catalogue);
            deliver_once(&deps.post().await?, &record.event_id, &mail, deadline).await
        }
        _ => Ok(()),
    }
}

/// Adds a public change to its document's pending mail: the first change opens a batch that closes
/// [`WINDOW`](crate::change_mail::WINDOW) after `at` (when the stream saw it); later ones join it. A redelivered
/// record adds nothing, and a change mailed before is not added again.
async fn gather(
    deps: &Notifier,
    number: RegistryNumber,
    id: &str,
    change: &Dated,
    at: Timestamp,
) -> Result<(), RecordError> {
    let send_after = at + crate::change_mail::WINDOW;
    if !deps.pending.add(number, id, change, send_after).await.map_err(retry)? {
        tracing::info!(event_id = id, "change mailed before; not gathered again");
    }
    Ok(())
}

fn sender_link(deps: &Post<'_>, document: &Document) -> Result<String, RecordError> {
    let token = deps.token_secret.access_token(document.number, &document.token_salt);
    Ok(follow_link(&deps.site.base_url, document.number, &token))
}

/// The changes a mail lists, oldest first (`None` for an area alert).
fn mail_changes(update: &FanOutUpdate, document: &Document) -> Option<Vec<Dated>> {
    // Work from before changes were gathered carries no time: it is told as of now.
    let now = Timestamp::now;
    match update {
        FanOutUpdate::Changes { changes } => Some(changes.clone()),
        FanOutUpdate::Status { from, note } => Some(vec![Dated {
            at: now(),
            update: Update::Status { from: *from, to: document.status, note: note.clone() },
        }]),
        FanOutUpdate::Reply { text } => Some(vec![Dated { at: now(), update: Update::Reply { text: text.clone() } }]),
        FanOutUpdate::NewInArea => None,
    }
}

/// Mails a document's `changes` (oldest first) as one mail to its sender and, for public kinds, one to each
/// subscriber; each delivery is claimed in the log under `origin` and the recipient, so the same changes under the
/// same origin are never sent twice to anyone, however often this runs.
pub async fn mail_changes_once(
    deps: &Post<'_>,
    document: &Document,
    origin: &str,
    changes: Vec<Dated>,
    deadline: Option<Instant>,
) -> Result<(), RecordError> {
    notify_all(deps, document, origin, FanOutUpdate::Changes { changes }, deadline).await
}

/// The sender, then — for public kinds — every subscriber of the document.
async fn notify_all(
    deps: &Post<'_>,
    document: &Document,
    origin: &str,
    update: FanOutUpdate,
    deadline: Option<Instant>,
) -> Result<(), RecordError> {
    if let (Some(to), Some(changes)) = (document.sender.email.clone(), mail_changes(&update, document)) {
        let link = sender_link(deps, document)?;
        let mail = document_update(document, &changes, to, &Audience::Sender { follow_link: &link }, deps.catalogue);
        deliver_once(deps, origin, &mail, deadline).await?;
    }
    if document.kind().is_public() {
        let work = FanOut {
            origin: origin.to_owned(),
            number: document.number,
            update,
            target: Target::Document(document.number).id(),
            cursor: None,
        };
        fan_out_document(deps, document, work, deadline).await?;
    }
    Ok(())
}

async fn fan_out(deps: &Notifier, work: FanOut, deadline: Option<Instant>) -> Result<(), RecordError> {
    let Some(document) = deps.documents.get(work.number).await.map_err(retry)? else { return Ok(()) };
    fan_out_document(&deps.post().await?, &document, work, deadline).await
}

/// Mails a target's subscribers page by page; hands the rest on when time runs short. Two stages run side by
/// side: claiming deliveries in the log, a hundred per transaction, and sending the claimed mails
/// `concurrency()` at once; so the claims (and reading the next page of subscribers) stay off the sends' path
/// and the sending lanes stay full.
async fn fan_out_document(
    deps: &Post<'_>,
    document: &Document,
    mut work: FanOut,
    deadline: Option<Instant>,
) -> Result<(), RecordError> {
    let Some(target) = Target::parse_id(&work.target) else { return Ok(()) };
    let secret = &deps.token_secret;
    let base = &deps.site.base_url;
    let origin = work.origin.clone();
    let origin = origin.as_str();
    let lanes = concurrency();
    // Room for a page of claimed mails: the claiming stage reads the next page while the senders work through
    // this one, so they do not wait for the read.
    let (mut claimed, to_send) = futures::channel::mpsc::channel::<Claimed>(PAGE);
    let claim_pages = async move {
        // Every claim is awaited to its end, even after another failed: a claim made and then dropped
        // would never be sent. (A failed chunk claimed nothing: its transaction was cancelled whole.)
        let mut failures = 0;
        loop {
            if deadline.is_some_and(|d| d.saturating_duration_since(Instant::now()) < HAND_OFF_MARGIN) {
                let id = format!("{}#{}", work.origin, work.cursor.as_deref().unwrap_or("start"));
                let id = hex::encode(&sha2::Sha256::digest(id.as_bytes())[..16]);
                deps.deliveries.hand_off(&id, &serde_json::to_string(&work).map_err(retry)?).await.map_err(retry)?;
                tracing::info!(origin = %work.origin, "fan-out handed on");
                break;
            }
            let (subscribers, next) =
                deps.subscriptions.subscribers(&target, work.cursor.as_deref(), PAGE).await.map_err(retry)?;
            let mails: Vec<OutgoingMail> = subscribers
                .iter()
                .filter_map(|subscriber| {
                    subscriber_mail(deps, secret, document, &work.update, &target, subscriber, base)
                })
                .collect();
            let mut chunks = Vec::new();
            let mut mails = mails.into_iter().peekable();
            while mails.peek().is_some() {
                chunks.push(mails.by_ref().take(CLAIM_CHUNK).collect::<Vec<_>>());
            }
            let mut claims = stream::iter(chunks.into_iter().map(|chunk| claim_all(deps, origin, chunk, deadline)))
                .buffer_unordered(CLAIMS_AT_ONCE);
            while let Some(result) = claims.next().await {
                match result {
                    Ok((ready, in_flight_elsewhere)) => {
                        for mail in ready {
                            claimed.send(mail).await.map_err(retry)?;
                        }
                        // What this attempt claimed is sent; the record is retried for the rest.
                        failures += in_flight_elsewhere;
                    }
                    Err(_) => failures += 1,
                }
            }
            if failures > 0 {
                return Err(RecordError::Retryable(format!("{failures} deliveries could not be claimed")));
            }
            match next {
                Some(cursor) => work.cursor = Some(cursor),
                None => break,
            }
        }
        Ok(())
        // `claimed` is dropped here, which ends the sending stage once it has sent what was claimed.
    };
    // Sent mails are confirmed in batches by a third stage, off the senders' path.
    let (mut sent, to_confirm) = futures::channel::mpsc::channel::<String>(PAGE);
    let send_claimed = async move {
        let mut failed = 0usize;
        let mut sends = to_send.map(|mail| send_unconfirmed(deps, origin, mail)).buffer_unordered(lanes);
        while let Some(result) = sends.next().await {
            match result {
                Ok(delivery) => {
                    if sent.send(delivery).await.is_err() {
                        failed += 1;
                    }
                }
                Err(_) => failed += 1,
            }
        }
        failed
        // `sent` is dropped here, which ends the confirming stage once it has confirmed what was sent.
    };
    let confirm_sent = async move {
        let mut unconfirmed = 0usize;
        let mut batches = to_confirm.ready_chunks(CONFIRM_CHUNK);
        while let Some(deliveries) = batches.next().await {
            if let Err(error) = deps.deliveries.confirm_many(&deliveries).await {
                // Unconfirmed, these go again once their lease runs out: better twice than never.
                tracing::warn!(%error, count = deliveries.len(), "deliveries not confirmed");
                unconfirmed += deliveries.len();
            }
        }
        unconfirmed
    };
    let (claiming, failed, unconfirmed) = futures::join!(claim_pages, send_claimed, confirm_sent);
    claiming?;
    let failed = failed + unconfirmed;
    if failed > 0 {
        // The whole record is retried; what went out is in the delivery log and is not sent again.
        return Err(RecordError::Retryable(format!("{failed} mails failed")));
    }
    Ok(())
}

fn subscriber_mail(
    deps: &Post<'_>,
    secret: &crate::domain::access::TokenSecret,
    document: &Document,
    update: &FanOutUpdate,
    target: &Target,
    subscriber: &Subscriber,
    base: &str,
) -> Option<OutgoingMail> {
    let to = crate::domain::email::Email::parse(&subscriber.email).ok()?;
    let token = unsubscribe_token(secret, &subscriber.sub, target);
    let page = format!("{base}/track.html?number={}", document.number);
    let unsubscribe = format!("{base}/unsubscribe.html?token={token}");
    let one_click = format!("{base}/api/unsubscribe?token={token}");
    Some(match mail_changes(update, document) {
        Some(changes) => document_update(
            document,
            &changes,
            to,
            &Audience::Subscriber { page_link: &page, unsubscribe_link: &unsubscribe, one_click_link: &one_click },
            deps.catalogue,
        ),
        None => new_in_area(document, to, &page, &unsubscribe, &one_click, deps.catalogue),
    })
}

/// A mail whose delivery is claimed in the log, ready to send.
struct Claimed {
    delivery: String,
    mail: OutgoingMail,
}

/// The delivery-log key of a mail: one per stream record and recipient. The recipient is hashed: no
/// addresses in keys or logs.
fn delivery_key(event_id: &str, mail: &OutgoingMail) -> String {
    let recipient = hex::encode(&sha2::Sha256::digest(mail.to.as_str().as_bytes())[..12]);
    format!("{event_id}#{recipient}")
}

/// How long a claim holds: to the end of the invocation and a little beyond, so that a later delivery takes it
/// over only once the function that claimed it can no longer be sending (Lambda stops it at its deadline).
const LEASE_MARGIN: Duration = Duration::from_secs(2);
/// The lease when the invocation has no deadline: longer than the function's timeout in the template.
const LEASE_WITHOUT_DEADLINE: Duration = Duration::from_secs(120);
/// Time kept for sending after waiting out an earlier attempt's lease.
const SEND_ALLOWANCE: Duration = Duration::from_secs(1);

/// The end of this invocation's leases, in Unix milliseconds.
fn lease_until(deadline: Option<Instant>) -> i64 {
    let left = deadline.map_or(LEASE_WITHOUT_DEADLINE, |d| d.saturating_duration_since(Instant::now()));
    Timestamp::now().as_millisecond() + (left + LEASE_MARGIN).as_millis() as i64
}

/// Claims a mail's delivery; `None` if it was sent before. A delivery leased to an earlier attempt (stopped
/// mid-send) is waited for when its lease ends within this invocation, and otherwise left to a retry.
async fn claim(
    deps: &Post<'_>,
    event_id: &str,
    mail: OutgoingMail,
    deadline: Option<Instant>,
) -> Result<Option<Claimed>, RecordError> {
    let delivery = delivery_key(event_id, &mail);
    let mut waited = false;
    loop {
        match deps.deliveries.claim(&delivery, lease_until(deadline)).await.map_err(retry)? {
            Claim::Mine => return Ok(Some(Claimed { delivery, mail })),
            Claim::Sent => return Ok(None),
            Claim::InFlight { until } => {
                let wait = Duration::from_millis((until - Timestamp::now().as_millisecond()).max(0) as u64 + 50);
                let fits = deadline.is_none_or(|d| Instant::now() + wait + SEND_ALLOWANCE < d);
                if waited || !fits || wait > LEASE_WITHOUT_DEADLINE {
                    return Err(RecordError::Retryable(
                        "a delivery is leased to an earlier attempt that has not confirmed it".into(),
                    ));
                }
                tracing::info!(event_id, wait_ms = wait.as_millis() as u64, "waiting out an earlier attempt's lease");
                tokio::time::sleep(wait).await;
                waited = true;
            }
        }
    }
}

/// Claims the deliveries of several mails at once (a few round trips, not one each): the mails this claimed,
/// and how many are leased to an earlier attempt (the record must be retried for those).
async fn claim_all(
    deps: &Post<'_>,
    event_id: &str,
    mails: Vec<OutgoingMail>,
    deadline: Option<Instant>,
) -> Result<(Vec<Claimed>, usize), RecordError> {
    let deliveries: Vec<String> = mails.iter().map(|mail| delivery_key(event_id, mail)).collect();
    let claims = deps.deliveries.claim_many(&deliveries, lease_until(deadline)).await.map_err(retry)?;
    let mut claimed = Vec::new();
    let mut in_flight_elsewhere = 0;
    for ((delivery, mail), claim) in deliveries.into_iter().zip(mails).zip(claims) {
        match claim {
            Claim::Mine => claimed.push(Claimed { delivery, mail }),
            Claim::Sent => {}
            Claim::InFlight { .. } => in_flight_elsewhere += 1,
        }
    }
    if in_flight_elsewhere > 0 {
        tracing::info!(event_id, in_flight_elsewhere, "deliveries leased to an earlier attempt");
    }
    Ok((claimed, in_flight_elsewhere))
}

/// Sends a claimed mail: the delivery to confirm (sent, or refused for good); gives the claim back if sending
/// failed for now, so that the retry sends it.
async fn send_unconfirmed(deps: &Post<'_>, event_id: &str, claimed: Claimed) -> Result<String, RecordError> {
    match deps.mailer.send(&claimed.mail).await {
        Ok(()) => Ok(claimed.delivery),
        Err(MailError::Rejected(reason)) => {
            tracing::warn!(event_id, reason = %reason, "recipient rejected; not retried");
            Ok(claimed.delivery)
        }
        Err(MailError::Unavailable(reason)) => {
            deps.deliveries.release(&claimed.delivery).await.map_err(retry)?;
            Err(RecordError::Retryable(reason))
        }
    }
}

/// Sends a claimed mail and confirms it. Unconfirmed, a mail is sent again once its lease runs out: better twice
/// than never.
async fn send_claimed(deps: &Post<'_>, event_id: &str, claimed: Claimed) -> Result<(), RecordError> {
    let delivery = send_unconfirmed(deps, event_id, claimed).await?;
    deps.deliveries.confirm(&delivery).await.map_err(retry)
}

/// Sends a mail once per stream record and recipient, however often the record is delivered.
async fn deliver_once(
    deps: &Post<'_>,
    event_id: &str,
    mail: &OutgoingMail,
    deadline: Option<Instant>,
) -> Result<(), RecordError> {
    match claim(deps, event_id, mail.clone(), deadline).await? {
        Some(claimed) => send_claimed(deps, event_id, claimed).await,
        None => Ok(()),
    }
}

/// What the stream binary's `main` does.
pub async fn run_lambda() -> Result<(), lambda_runtime::Error> {
    let deps = &Wiring::start_instance(Notifier::build).await?;
    lambda_runtime::run(lambda_runtime::service_fn(move |event: lambda_runtime::LambdaEvent<Event>| async move {
        // The context's deadline is in milliseconds since the epoch.
        let left = Some(event.context.deadline).map(|deadline| {
            let now = u64::try_from(Timestamp::now().as_millisecond()).unwrap_or(0);
            Duration::from_millis(deadline.saturating_sub(now))
        });
        let deadline = left.map(|left| Instant::now() + left);
        Ok::<_, std::convert::Infallible>(handle_batch_until(deps, event.payload, deadline).await)
    }))
    .await
}

pub type StreamResponseFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = DynamoDbEventResponse> + Send + 'a>>;
pub type StreamHandler = for<'a> fn(&'a Notifier, Event, Option<Instant>) -> StreamResponseFuture<'a>;

/// The stream handler of the Lambda binary `name`, as `template.yaml` refers to it.
pub fn by_binary(name: &str) -> Option<StreamHandler> {
    match name {
        "stream-notify" => Some(|deps, event, deadline| Box::pin(handle_batch_until(deps, event, deadline))),
        _ => None,
    }
}
