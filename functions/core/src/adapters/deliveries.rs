//! The delivery log on DynamoDB: one item per notification sent (`SENT#<delivery>`), written with a condition
//! so that only one of several deliveries of the same stream record sends, and expiring after three days.

use crate::ports::{DeliveryLog, StoreError};
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

/// The delivery-log item of a claim (written on the condition that it does not exist yet).
fn claim_item(delivery: &str, expires_at: i64) -> std::collections::HashMap<String, AttributeValue> {
    std::collections::HashMap::from([
        ("PK".to_owned(), AttributeValue::S(format!("SENT#{delivery}"))),
        ("SK".to_owned(), AttributeValue::S("MAIL".into())),
        ("entity".to_owned(), AttributeValue::S("delivery".into())),
        ("expires_at".to_owned(), AttributeValue::N(expires_at.to_string())),
    ])
}

fn unavailable(error: impl std::error::Error) -> StoreError {
    StoreError::Unavailable(DisplayErrorContext(error).to_string())
}

impl DynamoDeliveryLog {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }

    fn claim_put(&self, delivery: &str, expires_at: i64) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(claim_item(delivery, expires_at)))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(unavailable)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// Claims up to a transaction's worth of deliveries. A transaction is all or nothing: when some were
    /// claimed before, DynamoDB cancels it and says which (`ConditionalCheckFailed`); the others go again.
    async fn claim_chunk(&self, deliveries: &[String], expires_at: i64) -> Result<Vec<bool>, StoreError> {
        let mut claimed = vec![false; deliveries.len()];
        let mut pending: Vec<usize> = (0..deliveries.len()).collect();
        while !pending.is_empty() {
            let items =
                pending.iter().map(|&i| self.claim_put(&deliveries[i], expires_at)).collect::<Result<Vec<_>, _>>()?;
            let error = match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
                Ok(_) => {
                    pending.iter().for_each(|&i| claimed[i] = true);
                    return Ok(claimed);
                }
                Err(error) => error,
            };
            let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = error.as_service_error()
            else {
                return Err(unavailable(error));
            };
            let reasons = cancelled.cancellation_reasons();
            let still: Vec<usize> = pending
                .iter()
                .zip(reasons)
                .filter(|(_, reason)| reason.code() != Some("ConditionalCheckFailed"))
                .map(|(&i, _)| i)
                .collect();
            if reasons.len() != pending.len() || still.len() == pending.len() {
                // Cancelled for another reason (a conflict the SDK's retries did not get past).
                return Err(StoreError::Unavailable("claiming deliveries: transaction cancelled".into()));
            }
            pending = still;
        }
        Ok(claimed)
    }
}

#[async_trait]
impl DeliveryLog for DynamoDeliveryLog {
    async fn claim(&self, delivery: &str) -> Result<bool, StoreError> {
        let expires_at = jiff::Timestamp::now().as_second() + TTL_SECONDS;
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(claim_item(delivery, expires_at)))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(context))
                if matches!(context.err(), PutItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(false)
            }
            Err(error) => Err(StoreError::Unavailable(DisplayErrorContext(error).to_string())),
        }
    }

    /// One transaction per hundred deliveries.
    async fn claim_many(&self, deliveries: &[String]) -> Result<Vec<bool>, StoreError> {
        let expires_at = jiff::Timestamp::now().as_second() + TTL_SECONDS;
        let mut claimed = Vec::with_capacity(deliveries.len());
        for chunk in deliveries.chunks(TRANSACTION_ITEMS) {
            claimed.extend(self.claim_chunk(chunk, expires_at).await?);
        }
        Ok(claimed)
    }

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

    async fn release(&self, delivery: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("PK", AttributeValue::S(format!("SENT#{delivery}")))
            .key("SK", AttributeValue::S("MAIL".into()))
            .send()
            .await
            .map_err(|e| StoreError::Unavailable(DisplayErrorContext(e).to_string()))?;
        Ok(())
    }
}
