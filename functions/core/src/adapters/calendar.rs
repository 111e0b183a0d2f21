//! The calendar's changes on DynamoDB: one item (`CALENDAR` / `CHANGES`), read at most once a minute per
//! function instance (every filing computes a due date on it; an edit is rare and may take a minute to apply).

use super::unavailable;
use crate::domain::workdays::CalendarChanges;
use crate::ports::{CalendarStore, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PARTITION: &str = "CALENDAR";
const SORT_KEY: &str = "CHANGES";
const FRESH_FOR: Duration = Duration::from_secs(60);

pub struct DynamoCalendarStore {
    client: Client,
    table: String,
    cached: Mutex<Option<(Instant, CalendarChanges)>>,
}

impl DynamoCalendarStore {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table, cached: Mutex::new(None) }
    }

    fn fresh(&self) -> Option<CalendarChanges> {
        let cached = self.cached.lock().ok()?;
        cached.as_ref().filter(|(at, _)| at.elapsed() < FRESH_FOR).map(|(_, changes)| changes.clone())
    }

    fn remember(&self, changes: &CalendarChanges) {
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some((Instant::now(), changes.clone()));
        }
    }
}

#[derive(Serialize, Deserialize)]
struct CalendarRecord {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    changes: CalendarChanges,
}

#[async_trait]
impl CalendarStore for DynamoCalendarStore {
    #[tracing::instrument(skip_all, name = "CalendarStore::changes")]
    async fn changes(&self) -> Result<CalendarChanges, StoreError> {
        if let Some(changes) = self.fresh() {
            return Ok(changes);
        }
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("PK", AttributeValue::S(PARTITION.into()))
            .key("SK", AttributeValue::S(SORT_KEY.into()))
            .send()
            .await
            .map_err(unavailable)?;
        let changes = match output.item {
            Some(item) => {
                serde_dynamo::from_item::<_, CalendarRecord>(item)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?
                    .changes
            }
            None => CalendarChanges::default(),
        };
        self.remember(&changes);
        Ok(changes)
    }

    #[tracing::instrument(skip_all, name = "CalendarStore::save_changes")]
    async fn save_changes(&self, changes: &CalendarChanges) -> Result<(), StoreError> {
        let record = CalendarRecord {
            pk: PARTITION.into(),
            sk: SORT_KEY.into(),
            entity: "calendar_changes".into(),
            changes: changes.clone(),
        };
        let item = serde_dynamo::to_item(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(unavailable)?;
        self.remember(changes);
        Ok(())
    }
}
