//! The delivery log on DynamoDB: one item per notification sent (`SENT#<delivery>`), written with a condition
//! so that only one of several deliveries of the same stream record sends, and expiring after three days.

use crate::ports::{DeliveryLog, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::AttributeValue;

pub struct DynamoDeliveryLog {
    client: Client,
    table: String,
}

const TTL_SECONDS: i64 = 3 * 24 * 3600;

impl DynamoDeliveryLog {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
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
            .item("PK", AttributeValue::S(format!("SENT#{delivery}")))
            .item("SK", AttributeValue::S("MAIL".into()))
            .item("entity", AttributeValue::S("delivery".into()))
            .item("expires_at", AttributeValue::N(expires_at.to_string()))
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
