//! The overview's counters on DynamoDB: `STATS#ALL`, `STATS#Y<year>` and `STATS#DAYS` (sort key prefixed by
//! the day, so the 30-day window is one range query); the public account's `STATS#ACCOUNT#<yyyy-mm>`,
//! `STATS#ACCOUNT#ALL` and `STATS#ACCOUNT#NOW`; the map's cluster counts `STATS#MAP#<precision>#<tile>#<filter>`
//! (one item per day, its counters its attributes). Each change's deltas and a marker for its id are
//! written in one transaction: a redelivered stream record finds its marker and adds nothing.

use super::{item_key, s, unavailable};
use crate::domain::overview::{CounterKey, CounterRow, Scope};
use crate::domain::public_map::MapTileKey;
use crate::ports::{ReadCost, StatsStore, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnConsumedCapacity, TransactWriteItem, Update};
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

pub struct DynamoStatsStore {
    client: Client,
    table: String,
}

/// How long a change's marker is kept: longer than a stream keeps records (24 h).
const MARKER_TTL_SECONDS: i64 = 3 * 24 * 3600;
const MAX_ATTEMPTS: u32 = 8;

fn partition(scope: &Scope) -> String {
    match scope {
        Scope::AllTime => "STATS#ALL".into(),
        Scope::Year(year) => format!("STATS#Y{year}"),
        Scope::Day(_) => "STATS#DAYS".into(),
        Scope::AccountMonth(month) => format!("STATS#ACCOUNT#{month}"),
        Scope::AccountAll => "STATS#ACCOUNT#ALL".into(),
        Scope::AccountNow => "STATS#ACCOUNT#NOW".into(),
        Scope::Desk(unit) => format!("STATS#DESK#{unit}"),
        Scope::Ageing(unit) => format!("STATS#AGE#{unit}"),
        Scope::StaffMonth(month) => format!("STATS#STAFF#{month}"),
        Scope::MapTile(tile, _) => tile_partition(tile),
    }
}

/// A map tile's counters for one filter: one item per day, its counters its attributes.
fn tile_partition(tile: &MapTileKey) -> String {
    format!("STATS#MAP#{}#{}#{}", tile.cell_precision, tile.tile, tile.filter)
}

fn sort_key(key: &CounterKey) -> String {
    match &key.scope {
        Scope::Day(day) => format!("{day}#{}", key.name),
        Scope::MapTile(_, day) => day.clone(),
        _ => key.name.clone(),
    }
}

/// The map tile items (partition and sort key) that `deltas` change, with each one's counters; the other
/// counters are left out.
fn map_tiles(deltas: &BTreeMap<CounterKey, i64>) -> BTreeMap<(String, String), Vec<(&str, i64)>> {
    let mut tiles: BTreeMap<(String, String), Vec<(&str, i64)>> = BTreeMap::new();
    for (key, delta) in deltas.iter().filter(|(key, _)| matches!(key.scope, Scope::MapTile(..))) {
        tiles.entry((partition(&key.scope), sort_key(key))).or_default().push((&key.name, *delta));
    }
    tiles
}

/// The map tile items `deltas` add up to, whole, as the stream would leave them in an empty table: for seeding
/// (the benchmark) without replaying a stream.
pub fn map_tile_items(deltas: &BTreeMap<CounterKey, i64>) -> Vec<HashMap<String, AttributeValue>> {
    map_tiles(deltas)
        .into_iter()
        .map(|((pk, sk), counters)| {
            let mut item = item_key(pk, sk).unwrap_or_default();
            item.insert("entity".into(), s(MAP_TILE_ENTITY));
            for (name, value) in counters {
                item.insert(name.to_owned(), AttributeValue::N(value.to_string()));
            }
            item
        })
        .collect()
}

/// The counter updates of one change: one item per counter, but a map tile's day is one item whose counters
/// are attributes, so a change to it is one update of several attributes.
fn updates(table: &str, deltas: &BTreeMap<CounterKey, i64>) -> Result<Vec<Update>, StoreError> {
    let tiles = map_tiles(deltas);
    let mut updates = Vec::new();
    for (key, delta) in deltas {
        if let Scope::MapTile(..) = key.scope {
            continue;
        }
        let update = Update::builder()
            .table_name(table)
            .set_key(item_key(partition(&key.scope), sort_key(key)))
            .update_expression("ADD #count :delta SET entity = :entity")
            .expression_attribute_names("#count", "count")
            .expression_attribute_values(":delta", AttributeValue::N(delta.to_string()))
            .expression_attribute_values(":entity", s("counter"))
            .build()
            .map_err(unavailable)?;
        updates.push(update);
    }
    for ((pk, sk), counters) in tiles {
        let adds: Vec<String> = (0..counters.len()).map(|i| format!("#c{i} :d{i}")).collect();
        let mut update = Update::builder()
            .table_name(table)
            .set_key(item_key(pk, sk))
            .update_expression(format!("ADD {} SET entity = :entity", adds.join(", ")))
            .expression_attribute_values(":entity", s(MAP_TILE_ENTITY));
        for (i, (name, delta)) in counters.into_iter().enumerate() {
            update = update
                .expression_attribute_names(format!("#c{i}"), name)
                .expression_attribute_values(format!(":d{i}"), AttributeValue::N(delta.to_string()));
        }
        updates.push(update.build().map_err(unavailable)?);
    }
    Ok(updates)
}

const MAP_TILE_ENTITY: &str = "map_tile_counts";

/// The attributes of a map tile's item that are not counters.
fn is_counter_attribute(name: &str) -> bool {
    !matches!(name, "PK" | "SK" | "entity")
}

impl DynamoStatsStore {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

#[async_trait]
impl StatsStore for DynamoStatsStore {
    #[tracing::instrument(skip_all, name = "StatsStore::apply_once")]
    async fn apply_once(&self, change_id: &str, deltas: &BTreeMap<CounterKey, i64>) -> Result<bool, StoreError> {
        if deltas.is_empty() {
            return Ok(true);
        }
        let expires_at = jiff::Timestamp::now().as_second() + MARKER_TTL_SECONDS;
        let marker = Put::builder()
            .table_name(&self.table)
            .item("PK", s(format!("APPLIED#{change_id}")))
            .item("SK", s("STATS"))
            .item("entity", s("applied_marker"))
            .item("expires_at", AttributeValue::N(expires_at.to_string()))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(unavailable)?;
        let mut items = vec![TransactWriteItem::builder().put(marker).build()];
        for update in updates(&self.table, deltas)? {
            items.push(TransactWriteItem::builder().update(update).build());
        }
        for attempt in 0..MAX_ATTEMPTS {
            let result = self.client.transact_write_items().set_transact_items(Some(items.clone())).send().await;
            match result {
                Ok(_) => return Ok(true),
                Err(SdkError::ServiceError(context)) => match context.err() {
                    TransactWriteItemsError::TransactionCanceledException(cancelled) => {
                        let marker_exists = cancelled
                            .cancellation_reasons()
                            .first()
                            .and_then(|reason| reason.code())
                            .is_some_and(|code| code == "ConditionalCheckFailed");
                        if marker_exists {
                            return Ok(false);
                        }
                        // Another transaction touched the same counters: try again shortly.
                        tokio::time::sleep(Duration::from_millis(10 + u64::from(attempt) * 20)).await;
                    }
                    _ => return Err(unavailable(SdkError::ServiceError(context))),
                },
                Err(error) => return Err(unavailable(error)),
            }
        }
        Err(StoreError::Unavailable("counters kept conflicting".into()))
    }

    #[tracing::instrument(skip_all, name = "StatsStore::counters")]
    async fn counters(&self, scope: &Scope, from_day: Option<&str>) -> Result<Vec<CounterRow>, StoreError> {
        let mut rows = Vec::new();
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .expression_attribute_values(":pk", s(partition(scope)))
                .set_exclusive_start_key(start.take());
            query = match from_day {
                Some(day) => query
                    .key_condition_expression("PK = :pk AND SK >= :from")
                    .expression_attribute_values(":from", s(day)),
                None => query.key_condition_expression("PK = :pk"),
            };
            let output = query.send().await.map_err(unavailable)?;
            for item in output.items() {
                let name = match item.get("SK") {
                    Some(AttributeValue::S(name)) => name.clone(),
                    _ => continue,
                };
                let value = match item.get("count") {
                    Some(AttributeValue::N(n)) => n.parse().unwrap_or(0),
                    _ => 0,
                };
                rows.push(CounterRow { name, value });
            }
            match output.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok(rows),
            }
        }
    }

    #[tracing::instrument(skip_all, name = "StatsStore::tile_counts")]
    async fn tile_counts(
        &self,
        tile: &MapTileKey,
        from_day: &str,
    ) -> Result<(BTreeMap<String, i64>, ReadCost), StoreError> {
        let (mut counts, mut cost) = (BTreeMap::new(), ReadCost::default());
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("PK = :pk AND SK >= :from")
                .expression_attribute_values(":pk", s(tile_partition(tile)))
                .expression_attribute_values(":from", s(from_day))
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(unavailable)?;
            cost.items_read += u64::try_from(output.scanned_count()).unwrap_or_default();
            cost.capacity_units += output.consumed_capacity().and_then(|c| c.capacity_units()).unwrap_or_default();
            for item in output.items() {
                for (name, value) in item.iter().filter(|(name, _)| is_counter_attribute(name)) {
                    if let AttributeValue::N(n) = value {
                        *counts.entry(name.clone()).or_default() += n.parse::<i64>().unwrap_or(0);
                    }
                }
            }
            match output.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok((counts, cost)),
            }
        }
    }
}
