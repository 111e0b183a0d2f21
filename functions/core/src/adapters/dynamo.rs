//! The document store on DynamoDB.

use super::records::{
    CELL_CATEGORY_INDEX, CELL_INDEX, CELL_TONE_INDEX, DOCUMENT_SK, DigestRecord, DocumentRecord, EventRecord,
    MAP_INDEX, MarkerRecord, NEAR_INDEX, OPEN_INDEX, OWNER_PAGES, PAGE_FIRST_SK, QUEUE_PAGES, STEP_PAGES,
    SUBSCRIBER_COUNT_SK, digest_pk, document_pk, open_pk, owner_pk, queue_pk, step_pk,
};
use super::{cursor, index_page, item_key, registry, s, unavailable};
use crate::domain::attachments::AttachmentRef;
use crate::domain::document::Document;
use crate::domain::escalation::DigestLine;
use crate::domain::history::HistoryEvent;
use crate::domain::photos::PhotoRef;
use crate::domain::public_map::{Marker, tone_asked};
use crate::domain::registry::{MAX_SEQUENCE, Recorded, RegistryNumber, VoidReason};
use crate::domain::status::Status;
use crate::ports::{Attached, BuildDocument, DocumentPage, DocumentStore, PageError, SaveError, Saved, StoreError};
use crate::ports::{PublicIndex, ReadCost};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::query::QueryOutput;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::ReturnConsumedCapacity;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use std::collections::HashMap;

pub struct DynamoDocumentStore {
    client: Client,
    table: String,
}

impl DynamoDocumentStore {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

impl DynamoDocumentStore {
    /// Appends `item` to the list attribute `lists.0` and its id to `lists.1`, on the condition that the
    /// document exists, holds fewer than `max` and not this id; optionally sets an attribute if absent.
    /// `None` when the condition failed (the caller reads the document to tell why).
    async fn append_once(
        &self,
        number: RegistryNumber,
        lists: (&str, &str),
        item: AttributeValue,
        id: &str,
        max: usize,
        set_if_absent: Option<(&str, String)>,
    ) -> Result<Option<Attached>, StoreError> {
        let mut expression = "SET #list = list_append(if_not_exists(#list, :empty), :item), \
             #ids = list_append(if_not_exists(#ids, :empty), :id_list), version = version + :one"
            .to_owned();
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(item_key(document_pk(number), DOCUMENT_SK))
            .condition_expression("attribute_exists(PK) AND (attribute_not_exists(#ids) OR (size(#ids) < :max AND NOT contains(#ids, :id)))")
            .expression_attribute_names("#list", lists.0)
            .expression_attribute_names("#ids", lists.1)
            .expression_attribute_values(":empty", AttributeValue::L(Vec::new()))
            .expression_attribute_values(":item", AttributeValue::L(vec![item]))
            .expression_attribute_values(":id_list", AttributeValue::L(vec![s(id)]))
            .expression_attribute_values(":id", s(id))
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":max", AttributeValue::N(max.to_string()));
        if let Some((name, value)) = set_if_absent {
            expression.push_str(", #extra = if_not_exists(#extra, :extra)");
            request =
                request.expression_attribute_names("#extra", name).expression_attribute_values(":extra", s(value));
        }
        match request.update_expression(expression).send().await {
            Ok(_) => Ok(Some(Attached::Yes)),
            Err(SdkError::ServiceError(context))
                if matches!(context.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Ok(None)
            }
            Err(error) => Err(unavailable(error)),
        }
    }
}

impl DynamoDocumentStore {
    /// Writes `items` in one transaction: `Stale` when a condition (a document's version) failed.
    async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<(), SaveError> {
        match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(context))
                if matches!(context.err(), TransactWriteItemsError::TransactionCanceledException(_)) =>
            {
                Err(SaveError::Stale)
            }
            Err(error) => Err(SaveError::Store(unavailable(error))),
        }
    }

    fn saved_items(&self, saved: &Saved<'_>) -> Result<[TransactWriteItem; 2], StoreError> {
        // The document as the public last saw it change: Open311's lists read it from the item alone.
        let mut document = saved.document.clone();
        document.note_event(saved.event);
        let item =
            serde_dynamo::to_item(DocumentRecord::from(&document)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("version = :expected")
            .expression_attribute_values(":expected", AttributeValue::N(saved.expected_version.to_string()))
            .build()
            .map_err(unavailable)?;
        let event = serde_dynamo::to_item(EventRecord::new(saved.document.number, saved.event))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let event = Put::builder().table_name(&self.table).set_item(Some(event)).build().map_err(unavailable)?;
        Ok([TransactWriteItem::builder().put(put).build(), TransactWriteItem::builder().put(event).build()])
    }
}

#[async_trait]
impl DocumentStore for DynamoDocumentStore {
    #[tracing::instrument(skip_all, name = "DocumentStore::save_action")]
    async fn save_action(&self, change: &Saved<'_>, linked: Option<&Saved<'_>>) -> Result<(), SaveError> {
        let mut items = self.saved_items(change)?.to_vec();
        if let Some(linked) = linked {
            items.extend(self.saved_items(linked)?);
        }
        self.transact(items).await
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::steps_on")]
    async fn steps_on(
        &self,
        day: jiff::civil::Date,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError> {
        let output = index_page(&self.client, &self.table, &STEP_PAGES, &step_pk(day), after, limit, false).await?;
        documents_of(output)
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::save_step")]
    async fn save_step(&self, saved: &Saved<'_>, line: &DigestLine) -> Result<(), SaveError> {
        let mut items = self.saved_items(saved)?.to_vec();
        let line = serde_dynamo::to_item(DigestRecord::from(line)).map_err(|e| SaveError::Store(corrupt(e)))?;
        let put = Put::builder().table_name(&self.table).set_item(Some(line)).build().map_err(unavailable)?;
        items.push(TransactWriteItem::builder().put(put).build());
        self.transact(items).await
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::digest_lines")]
    async fn digest_lines(&self, day: jiff::civil::Date) -> Result<Vec<DigestLine>, StoreError> {
        decoded(self.partition(digest_pk(day), None).await?, |record: DigestRecord| record.line)
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::oldest_open")]
    async fn oldest_open(&self, unit: &str) -> Result<Option<jiff::Timestamp>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(OPEN_INDEX)
            .key_condition_expression("open_pk = :pk")
            .expression_attribute_values(":pk", s(open_pk(unit)))
            .limit(1)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output.items().first().and_then(|item| match item.get("open_sk") {
            Some(AttributeValue::S(sk)) => sk.split('#').next().and_then(|at| at.parse().ok()),
            _ => None,
        }))
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::history")]
    async fn history(&self, number: RegistryNumber) -> Result<Vec<HistoryEvent>, StoreError> {
        decoded(self.partition(document_pk(number), Some("EVT#")).await?, |record: EventRecord| record.event)
    }

    /// One `Query` of the document's partition from the subscriber counter to the document item: the counter,
    /// the history and the document, in sort-key order (see `records::SUBSCRIBER_COUNT_SK`).
    #[tracing::instrument(skip_all, name = "DocumentStore::page")]
    async fn page(&self, number: RegistryNumber) -> Result<Option<DocumentPage>, StoreError> {
        let items = self
            .query_all(|| {
                self.client
                    .query()
                    .key_condition_expression("PK = :pk AND SK BETWEEN :first AND :last")
                    .expression_attribute_values(":pk", s(document_pk(number)))
                    .expression_attribute_values(":first", s(PAGE_FIRST_SK))
                    .expression_attribute_values(":last", s(DOCUMENT_SK))
            })
            .await?;
        let (mut document, mut history, mut subscribers) = (None, Vec::new(), 0);
        for item in items {
            match item.get("SK") {
                Some(AttributeValue::S(sk)) if sk == DOCUMENT_SK => {
                    let record: DocumentRecord = serde_dynamo::from_item(item).map_err(corrupt)?;
                    document = Some(Document::try_from(record)?);
                }
                Some(AttributeValue::S(sk)) if sk == SUBSCRIBER_COUNT_SK => {
                    subscribers = match item.get("count") {
                        Some(AttributeValue::N(n)) => n.parse::<i64>().unwrap_or(0).max(0) as u64,
                        _ => 0,
                    };
                }
                Some(AttributeValue::S(sk)) if sk.starts_with("EVT#") => {
                    let record: EventRecord = serde_dynamo::from_item(item).map_err(corrupt)?;
                    history.push(record.event);
                }
                _ => {}
            }
        }
        Ok(document.map(|document| DocumentPage { document, history, subscribers: Some(subscribers) }))
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::queue")]
    async fn queue(
        &self,
        unit: &str,
        status: Status,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError> {
        let partition = queue_pk(unit, status);
        let output = index_page(&self.client, &self.table, &QUEUE_PAGES, &partition, after, limit, false).await?;
        documents_of(output)
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::owned_by")]
    async fn owned_by(
        &self,
        owner: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Document>, Option<String>), PageError> {
        let partition = owner_pk(owner);
        let output = index_page(&self.client, &self.table, &OWNER_PAGES, &partition, after, limit, true).await?;
        documents_of(output)
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::attach_photo")]
    async fn attach_photo(&self, number: RegistryNumber, photo: &PhotoRef, max: usize) -> Result<Attached, StoreError> {
        let item = serde_dynamo::to_attribute_value(photo).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let thumbnail = photo.view(number).thumbnail_url;
        let outcome = self
            .append_once(number, ("photos", "photo_ids"), item, photo.id.as_str(), max, Some(("thumbnail", thumbnail)))
            .await?;
        Ok(match outcome {
            Some(attached) => attached,
            None => match self.get(number).await? {
                None => Attached::NoSuchDocument,
                Some(document) if document.photos.iter().any(|p| p.id == photo.id) => Attached::AlreadyThere,
                Some(_) => Attached::Full,
            },
        })
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::attach_file")]
    async fn attach_file(
        &self,
        number: RegistryNumber,
        file: &AttachmentRef,
        max: usize,
    ) -> Result<Attached, StoreError> {
        let item = serde_dynamo::to_attribute_value(file).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let outcome =
            self.append_once(number, ("attachments", "attachment_ids"), item, file.id.as_str(), max, None).await?;
        Ok(match outcome {
            Some(attached) => attached,
            None => match self.get(number).await? {
                None => Attached::NoSuchDocument,
                Some(document) if document.attachments.iter().any(|a| a.id == file.id) => Attached::AlreadyThere,
                Some(_) => Attached::Full,
            },
        })
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::register")]
    async fn register(&self, year: u16, at: jiff::Timestamp, build: BuildDocument<'_>) -> Result<Document, StoreError> {
        // One atomic `ADD` reserves the number; the document and its line of the registry book follow
        // (see `adapters::registry`).
        let sequence = registry::reserve(&self.client, &self.table, year, at).await?;
        if sequence > MAX_SEQUENCE {
            return Err(StoreError::Unavailable(format!("registry sequence of {year} is exhausted")));
        }
        let number = RegistryNumber::new(year, sequence).map_err(|_| StoreError::Corrupt("registry counter".into()))?;
        let document = build(number);
        let record =
            serde_dynamo::to_item(DocumentRecord::from(&document)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let failure = match registry::write_filed(&self.client, &self.table, &document, record).await {
            Ok(true) => return Ok(document),
            Ok(false) => StoreError::Unavailable(format!("registry number {number} was voided before it was filed")),
            Err(error) => error,
        };
        // The number is reserved and has no document: the book records it void, with the reason, and the
        // filer is told to try again. (If even that fails, the book's listing records it once it is old.)
        match registry::void(&self.client, &self.table, number, VoidReason::NotWritten, at).await {
            // The write was applied after all (its answer was lost).
            Ok(Recorded::Filed { .. }) => Ok(document),
            Ok(Recorded::Void { .. }) => {
                tracing::warn!(%number, error = %failure, "document not written: its number is recorded void");
                Err(failure)
            }
            Err(error) => {
                tracing::error!(%number, error = %failure, void_error = %error, "document not written, nor its number voided");
                Err(failure)
            }
        }
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::get_many")]
    async fn get_many(&self, numbers: &[RegistryNumber]) -> Result<Vec<Document>, StoreError> {
        let keys = numbers.iter().map(|number| (document_pk(*number), DOCUMENT_SK.to_owned()));
        let items = super::batch_get(&self.client, &self.table, keys).await?;
        decoded(items, |record: DocumentRecord| Document::try_from(record))?.into_iter().collect()
    }

    #[tracing::instrument(skip_all, name = "DocumentStore::get")]
    async fn get(&self, number: RegistryNumber) -> Result<Option<Document>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(item_key(document_pk(number), DOCUMENT_SK))
            .send()
            .await
            .map_err(unavailable)?;
        let Some(item) = output.item else { return Ok(None) };
        let record: DocumentRecord = serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Document::try_from(record).map(Some)
    }
}

/// A page of documents from an index `Query`, and the cursor of the next page.
fn documents_of(output: QueryOutput) -> Result<(Vec<Document>, Option<String>), PageError> {
    let mut documents = Vec::new();
    for item in output.items.unwrap_or_default() {
        let record: DocumentRecord = serde_dynamo::from_item(item).map_err(|e| PageError::Store(corrupt(e)))?;
        documents.push(Document::try_from(record)?);
    }
    let next = output.last_evaluated_key.filter(|k| !k.is_empty()).map(|key| cursor::encode(&key));
    Ok((documents, next))
}

/// Each item as a record of type `R`, and what `pick` takes of it.
fn decoded<R: serde::de::DeserializeOwned, T>(
    items: Vec<HashMap<String, AttributeValue>>,
    pick: impl Fn(R) -> T,
) -> Result<Vec<T>, StoreError> {
    items.into_iter().map(|item| Ok(pick(serde_dynamo::from_item::<_, R>(item).map_err(corrupt)?))).collect()
}

fn corrupt(error: serde_dynamo::Error) -> StoreError {
    StoreError::Corrupt(error.to_string())
}

impl DynamoDocumentStore {
    /// Every item a query of the table finds, page after page.
    /// Every item of a partition, or of the sort keys that begin with `prefix`.
    async fn partition(
        &self,
        pk: String,
        prefix: Option<&str>,
    ) -> Result<Vec<HashMap<String, AttributeValue>>, StoreError> {
        self.query_all(|| {
            let query = self.client.query().expression_attribute_values(":pk", s(pk.clone()));
            match prefix {
                Some(prefix) => query
                    .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
                    .expression_attribute_values(":prefix", s(prefix)),
                None => query.key_condition_expression("PK = :pk"),
            }
        })
        .await
    }

    async fn query_all(
        &self,
        build: impl Fn() -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    ) -> Result<Vec<HashMap<String, AttributeValue>>, StoreError> {
        super::query_all(&self.table, build).await
    }

    /// Runs a query to its last page, or until `limit` items are read, turning each item into a marker.
    async fn query_markers(
        &self,
        limit: Option<usize>,
        build: impl Fn() -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    ) -> Result<(Vec<Marker>, ReadCost), StoreError> {
        let mut markers = Vec::new();
        let mut cost = ReadCost::default();
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            // DynamoDB's `Limit` bounds the items a query reads (and is charged for), not only those it returns.
            let remaining = limit.map(|limit| limit.saturating_sub(markers.len()));
            if remaining == Some(0) {
                return Ok((markers, cost));
            }
            let output = build()
                .set_limit(remaining.map(|n| i32::try_from(n).unwrap_or(i32::MAX)))
                .set_exclusive_start_key(start.take())
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .send()
                .await
                .map_err(unavailable)?;
            cost.items_read += u64::try_from(output.scanned_count()).unwrap_or_default();
            cost.capacity_units += output.consumed_capacity().and_then(|c| c.capacity_units()).unwrap_or_default();
            for item in output.items.unwrap_or_default() {
                let record: MarkerRecord =
                    serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                markers.push(Marker::try_from(record)?);
            }
            match output.last_evaluated_key {
                Some(key) if !key.is_empty() => start = Some(key),
                _ => return Ok((markers, cost)),
            }
        }
    }
}

#[async_trait]
impl PublicIndex for DynamoDocumentStore {
    #[tracing::instrument(skip_all, name = "PublicIndex::markers_of_day")]
    async fn markers_of_day(
        &self,
        day: &str,
        category: Option<&str>,
        limit: Option<usize>,
    ) -> Result<(Vec<Marker>, ReadCost), StoreError> {
        self.query_markers(limit, || {
            let query = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(MAP_INDEX)
                .expression_attribute_values(":day", s(day));
            match category {
                // The category leads the sort key, so filtering by it reads only that category's items.
                Some(category) => query
                    .key_condition_expression("map_day = :day AND begins_with(map_cell, :category)")
                    .expression_attribute_values(":category", s(format!("{category}#"))),
                None => query.key_condition_expression("map_day = :day"),
            }
        })
        .await
    }

    #[tracing::instrument(skip_all, name = "PublicIndex::markers_of_tile")]
    async fn markers_of_tile(
        &self,
        tile: &str,
        from_day: &str,
        query: &crate::domain::public_map::MapQuery,
    ) -> Result<(Vec<Marker>, ReadCost), StoreError> {
        // A category, and the open or the resolved signals, have their own partitions of the tile; the filters
        // the key does not apply (district, other statuses) are applied as the items are read.
        let tone = tone_asked(&query.statuses).filter(|_| query.category.is_none());
        let (index, partition) = match (&query.category, tone) {
            (Some(category), _) => (CELL_CATEGORY_INDEX, ("cell_category_pk", format!("{tile}#{category}"))),
            (None, Some(tone)) => (CELL_TONE_INDEX, ("cell_tone_pk", format!("{tile}#{tone}"))),
            (None, None) => (CELL_INDEX, ("cell_pk", tile.to_owned())),
        };
        let statuses = if tone.is_some() { &[][..] } else { &query.statuses[..] };
        let mut conditions = Vec::new();
        let mut values: Vec<(String, String)> = Vec::new();
        if let Some(district) = &query.district {
            conditions.push("district = :district".to_owned());
            values.push((":district".into(), district.clone()));
        }
        if !statuses.is_empty() {
            let names: Vec<String> = (0..statuses.len()).map(|i| format!(":s{i}")).collect();
            conditions.push(format!("#status IN ({})", names.join(", ")));
            values.extend(names.into_iter().zip(statuses.iter().map(|s| s.as_str().to_owned())));
        }
        self.query_markers(None, || {
            let mut request = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(index)
                .key_condition_expression(format!("{} = :tile AND cell_sk >= :from", partition.0))
                .expression_attribute_values(":tile", s(&partition.1))
                .expression_attribute_values(":from", s(from_day));
            if !conditions.is_empty() {
                request = request.filter_expression(conditions.join(" AND "));
            }
            if !statuses.is_empty() {
                request = request.expression_attribute_names("#status", "status");
            }
            for (name, value) in &values {
                request = request.expression_attribute_values(name, s(value));
            }
            request
        })
        .await
    }

    #[tracing::instrument(skip_all, name = "PublicIndex::markers_in_cell")]
    async fn markers_in_cell(&self, cell: &str, since: jiff::Timestamp) -> Result<Vec<Marker>, StoreError> {
        let (markers, _) = self
            .query_markers(None, || {
                self.client
                    .query()
                    .table_name(&self.table)
                    .index_name(NEAR_INDEX)
                    .key_condition_expression("near_cell = :cell AND near_sk >= :since")
                    .expression_attribute_values(":cell", s(cell))
                    .expression_attribute_values(":since", s(since.to_string()))
            })
            .await?;
        Ok(markers)
    }
}
