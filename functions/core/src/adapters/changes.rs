//! The public documents changed each day, on DynamoDB: `EXPORT#<yyyy-mm-dd>` / `<number>`, written by the stream,
//! kept 30 days (the export reads a day once it is over).

use super::{s, unavailable};
use crate::domain::registry::RegistryNumber;
use crate::ports::{ChangeLog, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;

const KEEP_SECONDS: i64 = 30 * 24 * 3600;

pub struct DynamoChangeLog {
    client: Client,
    table: String,
}

impl DynamoChangeLog {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

fn day_pk(day: jiff::civil::Date) -> String {
    format!("EXPORT#{day}")
}

#[async_trait]
impl ChangeLog for DynamoChangeLog {
    #[tracing::instrument(skip_all, name = "ChangeLog::mark_changed")]
    async fn mark_changed(&self, day: jiff::civil::Date, number: RegistryNumber) -> Result<(), StoreError> {
        let expires_at = jiff::Timestamp::now().as_second() + KEEP_SECONDS;
        self.client
            .put_item()
            .table_name(&self.table)
            .item("PK", s(day_pk(day)))
            .item("SK", s(number.to_string()))
            .item("entity", s("changed"))
            .item("expires_at", AttributeValue::N(expires_at.to_string()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "ChangeLog::changed_on")]
    async fn changed_on(&self, day: jiff::civil::Date) -> Result<Vec<RegistryNumber>, StoreError> {
        let items = super::query_all(&self.table, || {
            self.client.query().key_condition_expression("PK = :pk").expression_attribute_values(":pk", s(day_pk(day)))
        })
        .await?;
        Ok(items
            .iter()
            .filter_map(|item| match item.get("SK") {
                Some(AttributeValue::S(sk)) => sk.parse().ok(),
                _ => None,
            })
            .collect())
    }
}
