//! Idempotency keys on DynamoDB: `IDEMP#<scope>#<key>`, claimed with a conditional put, answered when done,
//! expiring after 24 hours.

use super::{item_key, s, unavailable};
use crate::ports::{Begun, IdempotencyStore, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::AttributeValue;

pub struct DynamoIdempotency {
    client: Client,
    table: String,
}

const TTL_SECONDS: i64 = 24 * 3600;

impl DynamoIdempotency {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

fn pk(key: &str) -> String {
    format!("IDEMP#{key}")
}

#[async_trait]
impl IdempotencyStore for DynamoIdempotency {
    #[tracing::instrument(skip_all, name = "IdempotencyStore::begin")]
    async fn begin(&self, key: &str, body_hash: &str) -> Result<Begun, StoreError> {
        let expires_at = jiff::Timestamp::now().as_second() + TTL_SECONDS;
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("PK", s(pk(key)))
            .item("SK", s("REQUEST"))
            .item("entity", s("idempotency_key"))
            .item("body_hash", s(body_hash))
            .item("state", s("pending"))
            .item("expires_at", AttributeValue::N(expires_at.to_string()))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match put {
            Ok(_) => return Ok(Begun::First),
            Err(SdkError::ServiceError(context))
                if matches!(context.err(), PutItemError::ConditionalCheckFailedException(_)) => {}
            Err(error) => return Err(unavailable(error)),
        }
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(item_key(pk(key), "REQUEST"))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let Some(item) = output.item else { return Ok(Begun::InProgress) };
        let text = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned();
        if text("body_hash").as_deref() != Some(body_hash) {
            return Ok(Begun::OtherBody);
        }
        if text("state").as_deref() != Some("done") {
            return Ok(Begun::InProgress);
        }
        let status = item.get("status").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()).unwrap_or(200);
        Ok(Begun::Answered { status, body: text("body").unwrap_or_default(), location: text("location") })
    }

    #[tracing::instrument(skip_all, name = "IdempotencyStore::finish")]
    async fn finish(&self, key: &str, status: u16, body: &str, location: Option<&str>) -> Result<(), StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(item_key(pk(key), "REQUEST"))
            .update_expression("SET #state = :done, #status = :status, body = :body, #location = :location")
            .expression_attribute_names("#state", "state")
            .expression_attribute_names("#status", "status")
            .expression_attribute_names("#location", "location")
            .expression_attribute_values(":done", s("done"))
            .expression_attribute_values(":status", AttributeValue::N(status.to_string()))
            .expression_attribute_values(":body", s(body));
        update = match location {
            Some(location) => update.expression_attribute_values(":location", s(location)),
            None => update.expression_attribute_values(":location", AttributeValue::Null(true)),
        };
        update.send().await.map_err(unavailable)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "IdempotencyStore::abandon")]
    async fn abandon(&self, key: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(item_key(pk(key), "REQUEST"))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
