//! The delivery log on DynamoDB: one item per notification (`SENT#<delivery>`), expiring after three days. A
//! claim is a lease (`state = sending` until `lease_until`, Unix milliseconds), written on the condition that nobody holds one, so
//! only one of several deliveries of the same stream record sends; the sender confirms (`state = sent`). A
//! lease that ran out unconfirmed (its function was stopped mid-send) is taken over, so no mail is lost.

use super::item_key;
use crate::ports::{Claim, DeliveryLog, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};

pub struct DynamoDeliveryLog {
    client: Client,
    table: String,
}

const TTL_SECONDS: i64 = 3 * 24 * 3600;
/// DynamoDB's limit of items in one transaction.
const TRANSACTION_ITEMS: usize = 100;
/// DynamoDB's limit of items in one `BatchWriteItem`, and how often unprocessed ones are sent again.
const BATCH_WRITE_ITEMS: usize = 25;
const BATCH_WRITE_ROUNDS: usize = 5;

const SENDING: &str = "sending";
const SENT: &str = "sent";
/// Nobody claimed it, or its claim is an unconfirmed lease that ran out. (Items from before leases have no
/// state and count as sent.)
const CLAIMABLE: &str = "attribute_not_exists(PK) OR (#state = :sending AND lease_until < :now)";

/// The delivery-log item of a claim.
fn claim_item(delivery: &str, expires_at: i64, lease_until: i64) -> std::collections::HashMap<String, AttributeValue> {
    std::collections::HashMap::from([
        ("PK".to_owned(), AttributeValue::S(format!("SENT#{delivery}"))),
        ("SK".to_owned(), AttributeValue::S("MAIL".into())),
        ("entity".to_owned(), AttributeValue::S("delivery".into())),
        ("state".to_owned(), AttributeValue::S(SENDING.into())),
        ("lease_until".to_owned(), AttributeValue::N(lease_until.to_string())),
        ("expires_at".to_owned(), AttributeValue::N(expires_at.to_string())),
    ])
}

fn claim_values(now: i64) -> std::collections::HashMap<String, AttributeValue> {
    std::collections::HashMap::from([
        (":sending".to_owned(), AttributeValue::S(SENDING.into())),
        (":now".to_owned(), AttributeValue::N(now.to_string())),
    ])
}

fn state_name() -> std::collections::HashMap<String, String> {
    std::collections::HashMap::from([("#state".to_owned(), "state".to_owned())])
}

fn unavailable(error: impl std::error::Error) -> StoreError {
    StoreError::Unavailable(DisplayErrorContext(error).to_string())
}

impl DynamoDeliveryLog {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }

    fn claim_put(&self, delivery: &str, now: i64, lease_until: i64) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(claim_item(delivery, now / 1000 + TTL_SECONDS, lease_until)))
            .condition_expression(CLAIMABLE)
            .set_expression_attribute_names(Some(state_name()))
            .set_expression_attribute_values(Some(claim_values(now)))
            .build()
            .map_err(unavailable)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Why a claim was refused: sent before, or leased to another delivery that has not confirmed yet.
    async fn held(&self, delivery: &str) -> Result<Claim, StoreError> {
        let item = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(item_key(format!("SENT#{delivery}"), "MAIL"))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let item = item.item();
        let sending =
            item.and_then(|i| i.get("state")).and_then(|s| s.as_s().ok()).map(String::as_str) == Some(SENDING);
        let until = item.and_then(|i| i.get("lease_until")).and_then(|n| n.as_n().ok()).and_then(|n| n.parse().ok());
        Ok(match until {
            Some(until) if sending => Claim::InFlight { until },
            _ => Claim::Sent,
        })
    }

    /// Claims up to a transaction's worth of deliveries. A transaction is all or nothing: when some were
    /// claimed before, DynamoDB cancels it and says which (`ConditionalCheckFailed`); the others go again.
    async fn claim_chunk(&self, deliveries: &[String], lease_until: i64) -> Result<Vec<Claim>, StoreError> {
        let now = jiff::Timestamp::now().as_millisecond();
        let mut claimed = vec![Claim::Sent; deliveries.len()];
        let mut refused = Vec::new();
        let mut pending: Vec<usize> = (0..deliveries.len()).collect();
        while !pending.is_empty() {
            let items = pending
                .iter()
                .map(|&i| self.claim_put(&deliveries[i], now, lease_until))
                .collect::<Result<Vec<_>, _>>()?;
            let error = match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
                Ok(_) => {
                    pending.iter().for_each(|&i| claimed[i] = Claim::Mine);
                    break;
                }
                Err(error) => error,
            };
            let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = error.as_service_error()
            else {
                return Err(unavailable(error));
            };
            let reasons = cancelled.cancellation_reasons();
            let (held, still): (Vec<_>, Vec<_>) =
                pending.iter().zip(reasons).partition(|(_, reason)| reason.code() == Some("ConditionalCheckFailed"));
            let still: Vec<usize> = still.into_iter().map(|(&i, _)| i).collect();
            refused.extend(held.into_iter().map(|(&i, _)| i));
            if reasons.len() != pending.len() || still.len() == pending.len() {
                // Cancelled for another reason (a conflict the SDK's retries did not get past).
                return Err(StoreError::Unavailable("claiming deliveries: transaction cancelled".into()));
            }
            pending = still;
        }
        // Refusals are rare (a redelivered record): each is read to tell a sent mail from one still in flight.
        for i in refused {
            claimed[i] = self.held(&deliveries[i]).await?;
        }
        Ok(claimed)
    }
}

#[async_trait]
impl DeliveryLog for DynamoDeliveryLog {
    #[tracing::instrument(skip_all, name = "DeliveryLog::claim")]
    async fn claim(&self, delivery: &str, lease_until: i64) -> Result<Claim, StoreError> {
        let now = jiff::Timestamp::now().as_millisecond();
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(claim_item(delivery, now / 1000 + TTL_SECONDS, lease_until)))
            .condition_expression(CLAIMABLE)
            .set_expression_attribute_names(Some(state_name()))
            .set_expression_attribute_values(Some(claim_values(now)))
            .send()
            .await;
        match result {
            Ok(_) => Ok(Claim::Mine),
            Err(SdkError::ServiceError(context))
                if matches!(context.err(), PutItemError::ConditionalCheckFailedException(_)) =>
            {
                self.held(delivery).await
            }
            Err(error) => Err(StoreError::Unavailable(DisplayErrorContext(error).to_string())),
        }
    }

    /// One transaction per hundred deliveries.
    #[tracing::instrument(skip_all, name = "DeliveryLog::claim_many")]
    async fn claim_many(&self, deliveries: &[String], lease_until: i64) -> Result<Vec<Claim>, StoreError> {
        let mut claimed = Vec::with_capacity(deliveries.len());
        for chunk in deliveries.chunks(TRANSACTION_ITEMS) {
            claimed.extend(self.claim_chunk(chunk, lease_until).await?);
        }
        Ok(claimed)
    }

    #[tracing::instrument(skip_all, name = "DeliveryLog::confirm")]
    async fn confirm(&self, delivery: &str) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .set_key(item_key(format!("SENT#{delivery}"), "MAIL"))
            .update_expression("SET #state = :sent REMOVE lease_until")
            .set_expression_attribute_names(Some(state_name()))
            .expression_attribute_values(":sent", AttributeValue::S(SENT.into()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Twenty-five per `BatchWriteItem` (its limit): each item rewritten as sent; unprocessed items go again.
    #[tracing::instrument(skip_all, name = "DeliveryLog::confirm_many")]
    async fn confirm_many(&self, deliveries: &[String]) -> Result<(), StoreError> {
        use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
        let expires_at = jiff::Timestamp::now().as_second() + TTL_SECONDS;
        for chunk in deliveries.chunks(BATCH_WRITE_ITEMS) {
            let mut writes = chunk
                .iter()
                .map(|delivery| {
                    let mut item = claim_item(delivery, expires_at, 0);
                    item.insert("state".to_owned(), AttributeValue::S(SENT.into()));
                    item.remove("lease_until");
                    let put = PutRequest::builder().set_item(Some(item)).build().map_err(unavailable)?;
                    Ok(WriteRequest::builder().put_request(put).build())
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            for _ in 0..BATCH_WRITE_ROUNDS {
                let output = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, writes)
                    .send()
                    .await
                    .map_err(unavailable)?;
                writes = output.unprocessed_items().and_then(|u| u.get(&self.table)).cloned().unwrap_or_default();
                if writes.is_empty() {
                    break;
                }
            }
            if !writes.is_empty() {
                return Err(StoreError::Unavailable(format!("{} confirmations left unprocessed", writes.len())));
            }
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "DeliveryLog::hand_off")]
    async fn hand_off(&self, work_id: &str, work: &str) -> Result<(), StoreError> {
        let expires_at = jiff::Timestamp::now().as_second() + TTL_SECONDS;
        self.client
            .put_item()
            .table_name(&self.table)
            .item("PK", AttributeValue::S(format!("FANOUT#{work_id}")))
            .item("SK", AttributeValue::S("WORK".into()))
            .item("entity", AttributeValue::S("fanout".into()))
            .item("work", AttributeValue::S(work.to_owned()))
            .item("expires_at", AttributeValue::N(expires_at.to_string()))
            .send()
            .await
            .map_err(|e| StoreError::Unavailable(DisplayErrorContext(e).to_string()))?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "DeliveryLog::release")]
    async fn release(&self, delivery: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(item_key(format!("SENT#{delivery}"), "MAIL"))
            .send()
            .await
            .map_err(|e| StoreError::Unavailable(DisplayErrorContext(e).to_string()))?;
        Ok(())
    }
}
