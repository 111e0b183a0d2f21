//! Registry numbers at burst speed, and the registry book that explains every one of them.
//!
//! **Reserve, then write.** A filing takes its number with one `UpdateItem … ADD last 1` on the year's counter
//! (`COUNTER#<year>`/`REGISTRY`): DynamoDB applies such updates one after another on the item and returns the new
//! value, so filings at once never race for a number and never retry (before, each filing was a transaction on
//! the condition `last = n`, and of the filings racing for a number all but one started again: 200 at once ran
//! at 0.35 × the one-at-a-time throughput). The document is then written in one transaction with its line of the
//! registry book, `REGISTRY#<year>`/`<NNNNNN>` (state `filed`), each on the condition that it does not exist.
//!
//! **Void, as paper registries do.** If the document cannot be written (the store refused or failed), the filer
//! writes the number's line as `void` with its reason ([`VoidReason::NotWritten`]) and answers 503. If the filing
//! dies between the two (its function timed out or crashed, or an `ADD` was applied twice by a retry whose first
//! answer was lost), the number has no line; the book's listing (`GET /api/registry/{year}`) shows it as
//! `reserved` while its filing may still be under way, and once it is older than [`RESERVATION_GRACE`] records it
//! `void` ([`VoidReason::Abandoned`]) before answering. How old a missing number is, is told without a write per
//! filing: numbers are reserved in order, so it is older than any later line, and than the counter's
//! `reserved_at` (set by every `ADD`).
//!
//! **Why the listing, and not a sweep.** A hole is only ever seen by reading the sequence, and the listing is what
//! reads it: repairing there needs no new scheduled function, costs nothing while no filing has died (the
//! common case), and can never show a hole. The nightly export runs once a day, too late for a number that
//! should be explained within minutes; a scheduled sweep every few minutes would be a function, a schedule and
//! a policy to write what the listing writes anyway, and it would still leave the listing to show `reserved` in
//! between. The nightly open-data export does not publish the book.
//!
//! **Why it stays right.** A number's `filed` and `void` lines are the same item, written on the condition that
//! it does not exist: whichever comes first stands, and a document whose number was voided is not written (its
//! transaction is cancelled). A void line is also written on the condition that the number has no document,
//! so a document filed before the book existed is listed `filed`, never voided.

use super::records::{DOCUMENT_SK, REGISTRY_SK, counter_pk, document_pk, registry_pk};
use super::{item_key, s, unavailable};
use crate::domain::document::Document;
use crate::domain::registry::{Line, RESERVATION_GRACE, Recorded, RegistryNumber, VoidReason, book_lines};
use crate::ports::{BookPage, RegistryBook, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, ReturnValue, TransactWriteItem};
use futures::{StreamExt, TryStreamExt};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

const ENTRY_ENTITY: &str = "registry_entry";
/// How many abandoned numbers one listing records void at once.
const VOIDING_CONCURRENCY: usize = 16;

/// A line of the registry book as stored.
#[derive(Debug, Serialize, Deserialize)]
struct EntryRecord {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    /// `filed` or `void`.
    state: String,
    at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl EntryRecord {
    fn new(number: RegistryNumber, recorded: Recorded) -> Self {
        let (state, at, reason) = match recorded {
            Recorded::Filed { at } => ("filed", at, None),
            Recorded::Void { reason, at } => ("void", at, Some(reason.as_str().to_owned())),
        };
        Self {
            pk: registry_pk(number.year()),
            sk: entry_sk(number.sequence()),
            entity: ENTRY_ENTITY.to_owned(),
            state: state.to_owned(),
            at,
            reason,
        }
    }

    fn recorded(&self) -> Result<(u32, Recorded), StoreError> {
        let corrupt = || StoreError::Corrupt(format!("registry entry {}/{}", self.pk, self.sk));
        let sequence = self.sk.parse().map_err(|_| corrupt())?;
        let recorded = match (self.state.as_str(), self.reason.as_deref().and_then(VoidReason::parse)) {
            ("filed", _) => Recorded::Filed { at: self.at },
            ("void", Some(reason)) => Recorded::Void { reason, at: self.at },
            _ => return Err(corrupt()),
        };
        Ok((sequence, recorded))
    }

    fn item(&self) -> Result<HashMap<String, AttributeValue>, StoreError> {
        serde_dynamo::to_item(self).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

fn entry_sk(sequence: u32) -> String {
    format!("{sequence:06}")
}

/// Reserves the next number of `year`: one atomic `ADD` on the counter, which also notes when (`at`, when the
/// filing began). A retry of the SDK whose first attempt was applied after all reserves a number nobody files:
/// the book records it void once it is old.
pub(crate) async fn reserve(client: &Client, table: &str, year: u16, at: Timestamp) -> Result<u32, StoreError> {
    let output = client
        .update_item()
        .table_name(table)
        .set_key(item_key(counter_pk(year), REGISTRY_SK))
        .update_expression("ADD #last :one SET entity = :entity, reserved_at = :at")
        .expression_attribute_names("#last", "last")
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":entity", s("registry_counter"))
        .expression_attribute_values(":at", s(at.to_string()))
        .return_values(ReturnValue::UpdatedNew)
        .send()
        .await
        .map_err(unavailable)?;
    match output.attributes().and_then(|a| a.get("last")) {
        Some(AttributeValue::N(n)) => n.parse().map_err(|_| StoreError::Corrupt(format!("registry counter {year}"))),
        _ => Err(StoreError::Corrupt(format!("registry counter {year}"))),
    }
}

/// Writes the document and its `filed` line, all or nothing. `Ok(false)` when the number already has a line
/// (it was voided: its filing took longer than [`RESERVATION_GRACE`]).
pub(crate) async fn write_filed(
    client: &Client,
    table: &str,
    document: &Document,
    record: HashMap<String, AttributeValue>,
) -> Result<bool, StoreError> {
    let entry = EntryRecord::new(document.number, Recorded::Filed { at: document.registered_at });
    let put = |item| {
        Put::builder().table_name(table).set_item(Some(item)).condition_expression("attribute_not_exists(PK)").build()
    };
    let result = client
        .transact_write_items()
        .transact_items(TransactWriteItem::builder().put(put(record).map_err(unavailable)?).build())
        .transact_items(TransactWriteItem::builder().put(put(entry.item()?).map_err(unavailable)?).build())
        .send()
        .await;
    match result {
        Ok(_) => Ok(true),
        Err(SdkError::ServiceError(context))
            if matches!(context.err(), TransactWriteItemsError::TransactionCanceledException(_)) =>
        {
            Ok(false)
        }
        Err(error) => Err(unavailable(error)),
    }
}

/// Records `number` void for `reason`, unless it has a line or a document already; answers what the book then
/// holds for it.
pub(crate) async fn void(
    client: &Client,
    table: &str,
    number: RegistryNumber,
    reason: VoidReason,
    at: Timestamp,
) -> Result<Recorded, StoreError> {
    let voided = Recorded::Void { reason, at };
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(EntryRecord::new(number, voided).item()?))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(unavailable)?;
    let no_document = ConditionCheck::builder()
        .table_name(table)
        .set_key(item_key(document_pk(number), DOCUMENT_SK))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(unavailable)?;
    let result = client
        .transact_write_items()
        .transact_items(TransactWriteItem::builder().put(put).build())
        .transact_items(TransactWriteItem::builder().condition_check(no_document).build())
        .send()
        .await;
    match result {
        Ok(_) => Ok(voided),
        Err(SdkError::ServiceError(context))
            if matches!(context.err(), TransactWriteItemsError::TransactionCanceledException(_)) =>
        {
            recorded_after_all(client, table, number).await
        }
        Err(error) => Err(unavailable(error)),
    }
}

/// What a number holds when voiding it was refused: its line, or (a document filed before the book existed)
/// its document, whose `filed` line is then written.
async fn recorded_after_all(client: &Client, table: &str, number: RegistryNumber) -> Result<Recorded, StoreError> {
    let entry_key = item_key(registry_pk(number.year()), entry_sk(number.sequence()));
    let output = client
        .get_item()
        .table_name(table)
        .set_key(entry_key)
        .consistent_read(true)
        .send()
        .await
        .map_err(unavailable)?;
    if let Some(item) = output.item {
        let entry: EntryRecord = serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        return Ok(entry.recorded()?.1);
    }
    let output = client
        .get_item()
        .table_name(table)
        .set_key(item_key(document_pk(number), DOCUMENT_SK))
        .projection_expression("registered_at")
        .consistent_read(true)
        .send()
        .await
        .map_err(unavailable)?;
    let at = match output.item().and_then(|item| item.get("registered_at")) {
        Some(AttributeValue::S(at)) => at.parse().map_err(|_| StoreError::Corrupt(format!("document {number}")))?,
        _ => return Err(StoreError::Unavailable(format!("registry entry {number} changed while it was voided"))),
    };
    let filed = Recorded::Filed { at };
    let put = client
        .put_item()
        .table_name(table)
        .set_item(Some(EntryRecord::new(number, filed).item()?))
        .condition_expression("attribute_not_exists(PK)")
        .send()
        .await;
    match put {
        Ok(_) => Ok(filed),
        Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(filed),
        Err(error) => Err(unavailable(error)),
    }
}

/// The registry book on the table.
pub struct DynamoRegistryBook {
    client: Client,
    table: String,
}

impl DynamoRegistryBook {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }

    /// The last number issued in `year` and when it was reserved (`None` for a counter older than the book).
    async fn counter(&self, year: u16) -> Result<(u32, Option<Timestamp>), StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(item_key(counter_pk(year), REGISTRY_SK))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let Some(item) = output.item else { return Ok((0, None)) };
        let corrupt = || StoreError::Corrupt(format!("registry counter {year}"));
        let last = match item.get("last") {
            Some(AttributeValue::N(n)) => n.parse().map_err(|_| corrupt())?,
            _ => return Err(corrupt()),
        };
        let reserved_at = match item.get("reserved_at") {
            Some(AttributeValue::S(at)) => Some(at.parse().map_err(|_| corrupt())?),
            _ => None,
        };
        Ok((last, reserved_at))
    }
}

#[async_trait]
impl RegistryBook for DynamoRegistryBook {
    #[tracing::instrument(skip_all, name = "RegistryBook::page")]
    async fn page(&self, year: u16, from: u32, limit: u32, now: Timestamp) -> Result<BookPage, StoreError> {
        let (last, reserved_at) = self.counter(year).await?;
        let from = from.max(1);
        if from > last || limit == 0 {
            return Ok(BookPage { last, lines: Vec::new() });
        }
        let to = last.min(from.saturating_add(limit - 1));
        // The page's lines, and one after it when there is one: its time tells how old the page's last holes are.
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND SK >= :from")
            .expression_attribute_values(":pk", s(registry_pk(year)))
            .expression_attribute_values(":from", s(entry_sk(from)))
            .limit(i32::try_from(limit.saturating_add(1)).unwrap_or(i32::MAX))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let mut recorded = BTreeMap::new();
        for item in output.items.unwrap_or_default() {
            let entry: EntryRecord = serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let (sequence, line) = entry.recorded()?;
            recorded.insert(sequence, line);
        }
        let lines = book_lines(from, to, &recorded, reserved_at, now);
        let lines = futures::stream::iter(lines)
            .map(|(sequence, line)| async move {
                let Line::Abandoned = line else { return Ok((sequence, line)) };
                let number = RegistryNumber::new(year, sequence).map_err(|_| StoreError::Corrupt("number".into()))?;
                tracing::warn!(%number, grace = ?RESERVATION_GRACE, "registry number without a document: recorded void");
                let recorded = void(&self.client, &self.table, number, VoidReason::Abandoned, now).await?;
                Ok::<_, StoreError>((sequence, Line::Recorded(recorded)))
            })
            .buffered(VOIDING_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(BookPage { last, lines })
    }
}
