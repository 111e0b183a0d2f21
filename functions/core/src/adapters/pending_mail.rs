//! Pending mail on DynamoDB: one item per document (`MAILQ#<number>` / `BATCH`) holding the changes not mailed
//! yet (`change#<id>`, each the JSON of a dated change), the ids of those mailed before (`mailed`, a string set, so
//! a redelivered stream record adds nothing), a `revision` counting additions, and, while a batch is open, its
//! place in the sparse `MailDueIndex` (`mail_due` = `DUE`, `mail_due_at` = `<send_after in ms, 15 digits>#<number>`).
//! Every write is a single-item update: adding and marking mailed never need a transaction.

use super::{s, unavailable};
use crate::domain::mail::Dated;
use crate::domain::registry::RegistryNumber;
use crate::ports::{PendingBatch, PendingMail, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::AttributeValue;
use jiff::Timestamp;

/// The index of open batches by the time their window closes.
pub const MAIL_DUE_INDEX: &str = "MailDueIndex";
/// The one partition of that index: open batches are few (those of the last few minutes' changes).
const DUE_PARTITION: &str = "DUE";
const CHANGE_PREFIX: &str = "change#";
/// A batch item outlives its last change by this long (the `mailed` ids guard against a stream record
/// redelivered within the stream's 24 hours).
const KEEP_SECONDS: i64 = 30 * 24 * 3600;

pub struct DynamoPendingMail {
    client: Client,
    table: String,
}

impl DynamoPendingMail {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

fn batch_pk(number: RegistryNumber) -> String {
    format!("MAILQ#{number}")
}

fn due_key(send_after: jiff::Timestamp, number: RegistryNumber) -> String {
    format!("{:015}#{number}", send_after.as_millisecond().max(0))
}

fn conditional_failed<R>(error: &SdkError<UpdateItemError, R>) -> bool {
    matches!(error.as_service_error(), Some(UpdateItemError::ConditionalCheckFailedException(_)))
}

#[async_trait]
impl PendingMail for DynamoPendingMail {
    #[tracing::instrument(skip_all, name = "PendingMail::add")]
    async fn add(&self, number: RegistryNumber, id: &str, change: &Dated, due: Timestamp) -> Result<bool, StoreError> {
        let json = serde_json::to_string(change).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let expires_at = jiff::Timestamp::now().as_second() + KEEP_SECONDS;
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(super::item_key(batch_pk(number), "BATCH"))
            .update_expression(
                "SET #change = :change, #entity = :entity, mail_due = :partition, \
                 mail_due_at = if_not_exists(mail_due_at, :due_at), expires_at = :expires ADD revision :one",
            )
            .condition_expression("attribute_not_exists(mailed) OR NOT contains(mailed, :id)")
            .expression_attribute_names("#change", format!("{CHANGE_PREFIX}{id}"))
            .expression_attribute_names("#entity", "entity")
            .expression_attribute_values(":change", s(json))
            .expression_attribute_values(":entity", s("pending_mail"))
            .expression_attribute_values(":partition", s(DUE_PARTITION))
            .expression_attribute_values(":due_at", s(due_key(due, number)))
            .expression_attribute_values(":expires", AttributeValue::N(expires_at.to_string()))
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":id", s(id))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(error) if conditional_failed(&error) => Ok(false),
            Err(error) => Err(unavailable(error)),
        }
    }

    #[tracing::instrument(skip_all, name = "PendingMail::due")]
    async fn due(&self, now: jiff::Timestamp) -> Result<Vec<RegistryNumber>, StoreError> {
        // Every key of a batch due by `now` sorts before this one ('$' follows '#').
        let bound = format!("{:015}$", now.as_millisecond().max(0));
        let items = super::query_all(&self.table, || {
            self.client
                .query()
                .index_name(MAIL_DUE_INDEX)
                .key_condition_expression("mail_due = :partition AND mail_due_at < :bound")
                .expression_attribute_values(":partition", s(DUE_PARTITION))
                .expression_attribute_values(":bound", s(bound.clone()))
        })
        .await?;
        Ok(items
            .iter()
            .filter_map(|item| match item.get("PK") {
                Some(AttributeValue::S(pk)) => pk.strip_prefix("MAILQ#")?.parse().ok(),
                _ => None,
            })
            .collect())
    }

    #[tracing::instrument(skip_all, name = "PendingMail::batch")]
    async fn batch(&self, number: RegistryNumber) -> Result<Option<PendingBatch>, StoreError> {
        let key = super::item_key(batch_pk(number), "BATCH");
        let read = self.client.get_item().consistent_read(true).table_name(&self.table).set_key(key);
        let Some(item) = read.send().await.map_err(unavailable)?.item else { return Ok(None) };
        let mut changes = Vec::new();
        for (name, value) in &item {
            let (Some(id), AttributeValue::S(json)) = (name.strip_prefix(CHANGE_PREFIX), value) else { continue };
            let change: Dated =
                serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("pending change {id}: {e}")))?;
            changes.push((id.to_owned(), change));
        }
        changes.sort_by(|a, b| (a.1.at, &a.0).cmp(&(b.1.at, &b.0)));
        let send_after = match item.get("mail_due_at") {
            Some(AttributeValue::S(key)) => key
                .split('#')
                .next()
                .and_then(|ms| ms.parse::<i64>().ok())
                .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok()),
            _ => None,
        };
        let revision = match item.get("revision") {
            Some(AttributeValue::N(n)) => n.parse().unwrap_or(0),
            _ => 0,
        };
        Ok(Some(PendingBatch { number, changes, send_after, revision }))
    }

    #[tracing::instrument(skip_all, name = "PendingMail::mailed")]
    async fn mailed(&self, batch: &PendingBatch) -> Result<(), StoreError> {
        let names: Vec<(String, String)> = batch
            .changes
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (format!("#c{i}"), format!("{CHANGE_PREFIX}{id}")))
            .collect();
        let ids: Vec<String> = batch.changes.iter().map(|(id, _)| id.clone()).collect();
        // Closes the batch (out of the index) only if nothing was added since it was read; else the changes
        // added meanwhile stay, still due, for the next run.
        for close in [true, false] {
            let mut removed: Vec<&str> = names.iter().map(|(placeholder, _)| placeholder.as_str()).collect();
            if close {
                removed.extend(["mail_due", "mail_due_at"]);
            }
            let mut expression = String::new();
            if !removed.is_empty() {
                expression.push_str(&format!("REMOVE {}", removed.join(", ")));
            }
            if !ids.is_empty() {
                expression.push_str(" ADD mailed :ids");
            }
            if expression.is_empty() {
                return Ok(());
            }
            let mut update = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(super::item_key(batch_pk(batch.number), "BATCH"))
                .update_expression(expression.trim());
            for (placeholder, name) in &names {
                update = update.expression_attribute_names(placeholder, name);
            }
            if !ids.is_empty() {
                update = update.expression_attribute_values(":ids", AttributeValue::Ss(ids.clone()));
            }
            if close {
                update = update
                    .condition_expression("revision = :revision")
                    .expression_attribute_values(":revision", AttributeValue::N(batch.revision.to_string()));
            }
            match update.send().await {
                Ok(_) => return Ok(()),
                Err(error) if close && conditional_failed(&error) => continue,
                Err(error) => return Err(unavailable(error)),
            }
        }
        Ok(())
    }
}
