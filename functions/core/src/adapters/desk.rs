//! The back office's views on DynamoDB. A view reads one index partition per status of its scope (a unit's
//! `QueueIndex`/`QueueAgeIndex`, the city's `CityIndex`/`CityAgeIndex`), each at most a page's worth, with the
//! filters as a filter expression, and merges them in sort-key order: a page costs at most `statuses × limit`
//! items read, whatever the table holds. Search reads the inverted index the stream keeps: one partition per
//! term and scope (`TERM#<unit or *>#<term>`), newest first, the other terms checked on the posting itself.

use super::dynamo::DynamoDocumentStore;
use super::records::{
    CITY_AGE_INDEX, CITY_INDEX, QUEUE_AGE_INDEX, QUEUE_INDEX, SUBSCRIBER_COUNT_SK, city_pk, document_pk, queue_pk,
};
use super::{s, unavailable};
use crate::domain::desk::{DeskQuery, DeskScope, DeskSort};
use crate::domain::document::Document;
use crate::domain::registry::RegistryNumber;
use crate::domain::status::Status;
use crate::ports::{DeskIndex, DocumentStore, Indexed, PageError, SearchIndexWriter, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, PutRequest, WriteRequest};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::{BTreeMap, HashMap};

pub struct DynamoDesk {
    client: Client,
    table: String,
    documents: DynamoDocumentStore,
}

impl DynamoDesk {
    pub fn new(client: Client, table: String) -> Self {
        Self { documents: DynamoDocumentStore::new(client.clone(), table.clone()), client, table }
    }
}

/// The index, its key attributes, and the partition of one status, for a view's scope and order.
struct Partitions {
    index: &'static str,
    partition_key: &'static str,
    sort_key: &'static str,
}

fn partitions(query: &DeskQuery) -> (Partitions, Vec<String>) {
    let partition = |status: Status| match &query.scope {
        DeskScope::Unit(unit) => queue_pk(unit, status),
        DeskScope::City => city_pk(status),
    };
    let keys = match (&query.scope, query.sort) {
        (DeskScope::Unit(_), DeskSort::Due | DeskSort::Followers) => ("QueueIndex", "queue_pk", "queue_sk"),
        (DeskScope::Unit(_), DeskSort::Age) => (QUEUE_AGE_INDEX, "queue_pk", "age_sk"),
        (DeskScope::City, DeskSort::Due | DeskSort::Followers) => (CITY_INDEX, "city_pk", "queue_sk"),
        (DeskScope::City, DeskSort::Age) => (CITY_AGE_INDEX, "city_pk", "age_sk"),
    };
    debug_assert_eq!(QUEUE_INDEX, "QueueIndex");
    let (index, partition_key, sort_key) = keys;
    (Partitions { index, partition_key, sort_key }, query.statuses.iter().map(|s| partition(*s)).collect())
}

/// The filter expression of a view's filters, with its values (none when nothing is filtered).
fn filter_expression(query: &DeskQuery) -> (Option<String>, HashMap<String, AttributeValue>) {
    let filter = &query.filter;
    let mut terms = Vec::new();
    let mut values = HashMap::new();
    let mut equal = |attribute: &str, value: Option<String>| {
        if let Some(value) = value {
            terms.push(format!("{attribute} = :{attribute}"));
            values.insert(format!(":{attribute}"), s(value));
        }
    };
    equal("kind", filter.kind.map(|k| k.as_str().to_owned()));
    equal("category", filter.category.clone());
    equal("signal_type", filter.signal_type.clone());
    equal("district", filter.district.clone());
    equal("channel", filter.channel.map(|c| c.as_str().to_owned()));
    equal("assignee", filter.assignee.clone());
    if let Some(today) = filter.overdue_on {
        terms.push("due_on < :today".into());
        values.insert(":today".into(), s(today.to_string()));
    }
    if let Some(before) = filter.filed_before {
        terms.push("registered_at < :before".into());
        values.insert(":before".into(), s(before.to_string()));
    }
    ((!terms.is_empty()).then(|| terms.join(" AND ")), values)
}

/// A view's cursor: the sort key it stopped at, bound to the index it belongs to.
fn encode_cursor(index: &str, sort_key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{index}\n{sort_key}"))
}

fn decode_cursor(index: &str, cursor: &str) -> Result<String, PageError> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| PageError::InvalidCursor)?;
    let text = String::from_utf8(bytes).map_err(|_| PageError::InvalidCursor)?;
    match text.split_once('\n') {
        Some((named, sort_key)) if named == index && !sort_key.is_empty() => Ok(sort_key.to_owned()),
        _ => Err(PageError::InvalidCursor),
    }
}

fn string_of(item: &HashMap<String, AttributeValue>, name: &str) -> Option<String> {
    item.get(name).and_then(|v| v.as_s().ok()).cloned()
}

/// What one partition gave: the matching documents with their sort keys, and the last sort key it read when
/// it has more.
struct PartitionRead {
    found: Vec<(String, Document)>,
    more_after: Option<String>,
}

impl DynamoDesk {
    async fn read_partition(
        &self,
        keys: &Partitions,
        partition: String,
        after: Option<&str>,
        filter: &(Option<String>, HashMap<String, AttributeValue>),
        limit: usize,
    ) -> Result<PartitionRead, StoreError> {
        let condition = match after {
            Some(_) => "#pk = :pk AND #sk > :after",
            None => "#pk = :pk",
        };
        let mut request = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(keys.index)
            .key_condition_expression(condition)
            .expression_attribute_names("#pk", keys.partition_key)
            .expression_attribute_values(":pk", s(partition))
            .set_filter_expression(filter.0.clone())
            .limit(i32::try_from(limit).unwrap_or(i32::MAX));
        if let Some(after) = after {
            request = request
                .expression_attribute_names("#sk", keys.sort_key)
                .expression_attribute_values(":after", s(after));
        }
        for (name, value) in &filter.1 {
            request = request.expression_attribute_values(name, value.clone());
        }
        let output = request.send().await.map_err(unavailable)?;
        let more_after = output.last_evaluated_key.as_ref().and_then(|key| string_of(key, keys.sort_key));
        let mut found = Vec::new();
        for item in output.items.unwrap_or_default() {
            let sort_key = string_of(&item, keys.sort_key).unwrap_or_default();
            let record: super::records::DocumentRecord =
                serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            found.push((sort_key, Document::try_from(record)?));
        }
        Ok(PartitionRead { found, more_after })
    }
}

#[async_trait]
impl DeskIndex for DynamoDesk {
    #[tracing::instrument(skip_all, name = "DeskIndex::desk_page")]
    async fn desk_page(
        &self,
        query: &DeskQuery,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError> {
        let (keys, partitions) = partitions(query);
        let after = after.map(|cursor| decode_cursor(keys.index, cursor)).transpose()?;
        let filter = filter_expression(query);
        let reads = futures::future::try_join_all(
            partitions.into_iter().map(|p| self.read_partition(&keys, p, after.as_deref(), &filter, limit)),
        )
        .await?;
        // Everything up to the lowest point a partition stopped at has been read in every partition.
        let frontier = reads.iter().filter_map(|r| r.more_after.clone()).min();
        let mut found: Vec<(String, Document)> = reads
            .into_iter()
            .flat_map(|r| r.found)
            .filter(|(sort_key, document)| frontier.as_ref().is_none_or(|f| sort_key <= f) && query.matches(document))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let next = if found.len() > limit {
            found.truncate(limit);
            found.last().map(|(sort_key, _)| sort_key.clone())
        } else {
            frontier
        };
        Ok((found.into_iter().map(|(_, d)| d).collect(), next.map(|sk| encode_cursor(keys.index, &sk))))
    }

    #[tracing::instrument(skip_all, name = "DeskIndex::search_page")]
    async fn search_page(
        &self,
        scope: &DeskScope,
        terms: &[String],
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError> {
        let Some((first, others)) = terms.split_first() else { return Ok((Vec::new(), None)) };
        let partition = term_pk(scope_key(scope), first);
        let start = match after {
            None => None,
            Some(cursor) => {
                Some(super::cursor::decode(cursor, &["PK", "SK"], "PK", &partition).ok_or(PageError::InvalidCursor)?)
            }
        };
        let mut request = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", s(partition))
            .scan_index_forward(false)
            .set_exclusive_start_key(start)
            .limit(i32::try_from(limit).unwrap_or(i32::MAX));
        if !others.is_empty() {
            let conditions: Vec<String> = (0..others.len()).map(|i| format!("contains(terms, :t{i})")).collect();
            request = request.filter_expression(conditions.join(" AND "));
            for (i, term) in others.iter().enumerate() {
                request = request.expression_attribute_values(format!(":t{i}"), s(term.clone()));
            }
        }
        let output = request.send().await.map_err(|e| PageError::Store(unavailable(e)))?;
        let numbers: Vec<RegistryNumber> = output
            .items
            .unwrap_or_default()
            .iter()
            .filter_map(|item| string_of(item, "number")?.parse().ok())
            .collect();
        let next = output.last_evaluated_key.filter(|k| !k.is_empty()).map(|key| super::cursor::encode(&key));
        let mut documents = self.documents.get_many(&numbers).await?;
        // Newest first, as the postings are.
        documents.sort_by(|a, b| b.registered_at.cmp(&a.registered_at).then(b.number.cmp(&a.number)));
        Ok((documents, next))
    }

    #[tracing::instrument(skip_all, name = "DeskIndex::followers")]
    async fn followers(&self, numbers: &[RegistryNumber]) -> Result<BTreeMap<RegistryNumber, u64>, StoreError> {
        let keys = numbers.iter().map(|n| (document_pk(*n), SUBSCRIBER_COUNT_SK.to_owned()));
        let mut counts = BTreeMap::new();
        for item in super::batch_get(&self.client, &self.table, keys).await? {
            let number = string_of(&item, "PK").and_then(|pk| super::records::number_of_pk(&pk));
            let count = item.get("count").and_then(|c| c.as_n().ok()).and_then(|n| n.parse::<u64>().ok());
            if let (Some(number), Some(count)) = (number, count) {
                counts.insert(number, count);
            }
        }
        Ok(counts)
    }

    #[tracing::instrument(skip_all, name = "DeskIndex::followed_page")]
    async fn followed_page(
        &self,
        unit: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError> {
        let keys = ["PK", "SK", "followed_pk", "followed_sk"];
        let partition = followed_partition(unit);
        let start = match after {
            None => None,
            Some(cursor) => {
                Some(super::cursor::decode(cursor, &keys, "followed_pk", &partition).ok_or(PageError::InvalidCursor)?)
            }
        };
        let request = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(FOLLOWED_INDEX)
            .key_condition_expression("followed_pk = :pk")
            .expression_attribute_values(":pk", s(partition))
            .scan_index_forward(false)
            .set_exclusive_start_key(start)
            .limit(i32::try_from(limit).unwrap_or(i32::MAX));
        let output = request.send().await.map_err(|e| PageError::Store(unavailable(e)))?;
        let numbers: Vec<RegistryNumber> = output
            .items
            .unwrap_or_default()
            .iter()
            .filter_map(|item| string_of(item, "PK")?.strip_prefix("FOLLOWED#")?.parse().ok())
            .collect();
        let next = output.last_evaluated_key.filter(|k| !k.is_empty()).map(|key| super::cursor::encode(&key));
        let mut documents = self.documents.get_many(&numbers).await?;
        documents.sort_by_key(|d| numbers.iter().position(|n| *n == d.number));
        Ok((documents, next))
    }
}

/// The scope part of a posting's partition: a unit's id, or `*` for the whole city.
fn scope_key(scope: &DeskScope) -> &str {
    match scope {
        DeskScope::City => "*",
        DeskScope::Unit(unit) => unit,
    }
}

/// The followed index: documents with at least one follower, by how many, in the whole city's partition and in
/// their unit's, so a unit's page reads only its own. A followed document has two marker items of its own
/// (`FOLLOWED#<number>`: sort key `FOLLOWED` for the city, `FOLLOWED#UNIT` for its unit), which the stream writes
/// from the subscriber counter's records.
const FOLLOWED_PK: &str = "FOLLOWED";
const FOLLOWED_UNIT_SK: &str = "FOLLOWED#UNIT";
const FOLLOWED_INDEX: &str = "FollowedIndex";

/// The followed index's partition of a unit, or of the whole city.
fn followed_partition(unit: Option<&str>) -> String {
    match unit {
        Some(unit) => format!("{FOLLOWED_PK}#{unit}"),
        None => FOLLOWED_PK.to_owned(),
    }
}

fn followed_key(number: RegistryNumber) -> String {
    format!("FOLLOWED#{number}")
}

fn term_pk(scope: &str, term: &str) -> String {
    format!("TERM#{scope}#{term}")
}

#[async_trait]
impl SearchIndexWriter for DynamoDesk {
    #[tracing::instrument(skip_all, name = "SearchIndexWriter::reindex")]
    async fn reindex(
        &self,
        number: RegistryNumber,
        registered_at: jiff::Timestamp,
        was: Option<&Indexed>,
        is: Option<&Indexed>,
    ) -> Result<(), StoreError> {
        let sort_key = format!("{registered_at}#{number}");
        let postings = |indexed: Option<&Indexed>| -> Vec<String> {
            indexed
                .map(|i| i.terms.iter().flat_map(|t| [term_pk("*", t), term_pk(&i.unit, t)]).collect::<Vec<String>>())
                .unwrap_or_default()
        };
        let (old, new) = (postings(was), postings(is));
        let terms = is.map(|i| i.terms.iter().cloned().collect::<Vec<_>>()).unwrap_or_default();
        let mut writes = Vec::new();
        for pk in old.iter().filter(|pk| !new.contains(pk)) {
            let key = HashMap::from([("PK".to_owned(), s(pk.clone())), ("SK".to_owned(), s(sort_key.clone()))]);
            writes.push(
                WriteRequest::builder()
                    .delete_request(DeleteRequest::builder().set_key(Some(key)).build().map_err(unavailable)?)
                    .build(),
            );
        }
        // Every posting of the document is written again when its terms changed: each carries the whole set.
        let terms_changed = was.map(|w| &w.terms) != is.map(|i| &i.terms);
        for pk in new.iter().filter(|pk| terms_changed || !old.contains(pk)) {
            let item = HashMap::from([
                ("PK".to_owned(), s(pk.clone())),
                ("SK".to_owned(), s(sort_key.clone())),
                ("entity".to_owned(), s("posting")),
                ("number".to_owned(), s(number.to_string())),
                ("terms".to_owned(), AttributeValue::Ss(terms.clone())),
            ]);
            writes.push(
                WriteRequest::builder()
                    .put_request(PutRequest::builder().set_item(Some(item)).build().map_err(unavailable)?)
                    .build(),
            );
        }
        for chunk in writes.chunks(25) {
            // (BatchWriteItem takes 25 requests.)
            let mut pending = Some(HashMap::from([(self.table.clone(), chunk.to_vec())]));
            while let Some(items) = pending.take() {
                let output =
                    self.client.batch_write_item().set_request_items(Some(items)).send().await.map_err(unavailable)?;
                pending = output.unprocessed_items.filter(|u| u.values().any(|v| !v.is_empty()));
            }
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "SearchIndexWriter::mark_followed")]
    async fn mark_followed(&self, number: RegistryNumber, count: u64, unit: &str) -> Result<(), StoreError> {
        // The city's marker and the unit's.
        for (sort_key, partition) in
            [(FOLLOWED_PK, followed_partition(None)), (FOLLOWED_UNIT_SK, followed_partition(Some(unit)))]
        {
            if count == 0 {
                let key = super::item_key(followed_key(number), sort_key);
                self.client.delete_item().table_name(&self.table).set_key(key).send().await.map_err(unavailable)?;
                continue;
            }
            self.client
                .put_item()
                .table_name(&self.table)
                .item("PK", s(followed_key(number)))
                .item("SK", s(sort_key))
                .item("entity", s("followed"))
                .item("followed_pk", s(partition))
                .item("followed_sk", s(format!("{count:010}#{number}")))
                .item("unit", s(unit))
                .send()
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "SearchIndexWriter::move_followed")]
    async fn move_followed(&self, number: RegistryNumber, unit: &str) -> Result<(), StoreError> {
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(super::item_key(followed_key(number), FOLLOWED_UNIT_SK))
            .condition_expression("attribute_exists(PK)")
            .update_expression("SET #unit = :unit, followed_pk = :partition")
            .expression_attribute_names("#unit", "unit")
            .expression_attribute_values(":unit", s(unit))
            .expression_attribute_values(":partition", s(followed_partition(Some(unit))));
        match request.send().await {
            Ok(_) => Ok(()),
            // Nobody follows it: nothing to move.
            Err(error) if error.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }
}
