//! Open311's request lists on DynamoDB: one `Query` of a month's partition of `RequestsIndex` (by registration)
//! or `UpdatesIndex` (by last public change), whose items hold what a service request shows.

use super::records::{DOCUMENT_SK, REQUESTS_INDEX, RequestRecord, UPDATES_INDEX, document_pk};
use super::{s, unavailable};
use crate::domain::open311::{Cursor, RequestFacts, RequestList};
use crate::ports::{ReadCost, RequestIndex, RequestPage, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity};
use std::collections::HashMap;

pub struct DynamoRequestIndex {
    client: Client,
    table: String,
}

impl DynamoRequestIndex {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

#[async_trait]
impl RequestIndex for DynamoRequestIndex {
    #[tracing::instrument(skip_all, name = "RequestIndex::requests_page")]
    async fn requests_page(
        &self,
        list: RequestList,
        month: &str,
        (low, high): (&str, &str),
        after: Option<&str>,
        limit: usize,
    ) -> Result<RequestPage, StoreError> {
        let (index, partition, sort) = match list {
            RequestList::Registered => (REQUESTS_INDEX, "requests_month", "requests_sk"),
            RequestList::Updated => (UPDATES_INDEX, "updates_month", "updates_sk"),
        };
        // The position after a key is that request's index item: its table key is in the list key.
        let start = match after {
            None => None,
            Some(key) => {
                let number = Cursor { list, key: key.to_owned() }
                    .number()
                    .ok_or_else(|| StoreError::Corrupt(format!("list key {key:?}")))?;
                Some(HashMap::from([
                    ("PK".to_owned(), s(document_pk(number))),
                    ("SK".to_owned(), s(DOCUMENT_SK)),
                    (partition.to_owned(), s(month)),
                    (sort.to_owned(), s(key)),
                ]))
            }
        };
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(index)
            .key_condition_expression("#month = :month AND #key BETWEEN :low AND :high")
            .expression_attribute_names("#month", partition)
            .expression_attribute_names("#key", sort)
            .expression_attribute_values(":month", s(month))
            .expression_attribute_values(":low", s(low))
            .expression_attribute_values(":high", s(high))
            .scan_index_forward(!list.newest_first())
            .limit(i32::try_from(limit.max(1)).unwrap_or(i32::MAX))
            .set_exclusive_start_key(start)
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await
            .map_err(unavailable)?;
        let cost = ReadCost {
            items_read: u64::try_from(output.scanned_count()).unwrap_or_default(),
            capacity_units: output.consumed_capacity().and_then(|c| c.capacity_units()).unwrap_or_default(),
        };
        let more = output.last_evaluated_key.as_ref().is_some_and(|k| !k.is_empty());
        let mut page = RequestPage { more, cost, ..RequestPage::default() };
        for item in output.items.unwrap_or_default() {
            page.last = match item.get(sort) {
                Some(AttributeValue::S(key)) => Some(key.clone()),
                _ => return Err(StoreError::Corrupt(format!("an item of {index} without {sort}"))),
            };
            let record: RequestRecord =
                serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            page.requests.push(RequestFacts::try_from(record)?);
        }
        Ok(page)
    }
}
