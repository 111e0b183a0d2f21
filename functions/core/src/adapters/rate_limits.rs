//! Submission counters on DynamoDB: `RATE#<client>#<window start>`, moved with an atomic `ADD` and expiring
//! with the window.

use super::item_key;
use crate::ports::{RateLimiter, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};

pub struct DynamoRateLimiter {
    client: Client,
    table: String,
}

impl DynamoRateLimiter {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

#[async_trait]
impl RateLimiter for DynamoRateLimiter {
    #[tracing::instrument(skip_all, name = "RateLimiter::hit")]
    async fn hit(&self, client: &str, limit: u32, window_seconds: i64) -> Result<Option<u32>, StoreError> {
        let now = jiff::Timestamp::now().as_second();
        let window = now - now.rem_euclid(window_seconds);
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(item_key(format!("RATE#{client}#{window}"), "COUNT"))
            .update_expression("ADD #count :one SET expires_at = :expires, entity = :entity")
            .expression_attribute_names("#count", "count")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":expires", AttributeValue::N((window + window_seconds + 60).to_string()))
            .expression_attribute_values(":entity", AttributeValue::S("rate_counter".into()))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(|e| StoreError::Unavailable(DisplayErrorContext(e).to_string()))?;
        let count: u32 = output
            .attributes()
            .and_then(|a| a.get("count"))
            .and_then(|c| c.as_n().ok())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        Ok((count > limit).then(|| u32::try_from(window + window_seconds - now).unwrap_or(60).max(1)))
    }
}
