//! The last day each scheduled run covered, on DynamoDB: one item per run (`RUN#<name>` / `LAST`).

use super::{s, unavailable};
use crate::ports::{RunLog, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;

pub struct DynamoRunLog {
    client: Client,
    table: String,
}

impl DynamoRunLog {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

fn run_pk(run: &str) -> String {
    format!("RUN#{run}")
}

#[async_trait]
impl RunLog for DynamoRunLog {
    #[tracing::instrument(skip_all, name = "RunLog::last_day")]
    async fn last_day(&self, run: &str) -> Result<Option<jiff::civil::Date>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("PK", s(run_pk(run)))
            .key("SK", s("LAST"))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        match output.item.as_ref().and_then(|item| item.get("day")) {
            Some(AttributeValue::S(day)) => {
                day.parse().map(Some).map_err(|_| StoreError::Corrupt(format!("run {run}: day {day}")))
            }
            _ => Ok(None),
        }
    }

    #[tracing::instrument(skip_all, name = "RunLog::record_day")]
    async fn record_day(&self, run: &str, day: jiff::civil::Date) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("PK", s(run_pk(run)))
            .item("SK", s("LAST"))
            .item("entity", s("run_log"))
            .item("day", s(day.to_string()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
