//! Adapters: the ports implemented on the AWS SDK, and in memory for unit tests.

pub mod api_keys;
pub mod calendar;
pub mod changes;
pub mod cognito;
pub mod deliveries;
pub mod desk;
pub mod dynamo;
pub mod idempotency;
pub mod memory;
pub mod pending_mail;
pub mod rate_limits;
pub mod records;
pub mod registry;
pub mod requests;
pub mod retries;
pub mod runs;
pub mod s3;
pub mod ses;
pub mod stats;
pub mod subscriptions;
pub mod templates;

use crate::ports::{PageError, StoreError};
use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::HashMap;

/// A DynamoDB string value.
pub(crate) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

/// The key of one item of the table.
pub(crate) fn item_key(pk: impl Into<String>, sk: impl Into<String>) -> Option<HashMap<String, AttributeValue>> {
    Some(HashMap::from([("PK".to_owned(), s(pk)), ("SK".to_owned(), s(sk))]))
}

/// A failed DynamoDB call, as the store reports it: worth retrying later.
pub(crate) fn unavailable(error: impl std::error::Error) -> StoreError {
    StoreError::Unavailable(aws_sdk_dynamodb::error::DisplayErrorContext(error).to_string())
}

/// A global secondary index whose partition a list reads a page at a time.
pub(crate) struct PagedIndex {
    pub name: &'static str,
    pub partition_key: &'static str,
    pub sort_key: &'static str,
}

/// One page of `partition` in `index` (newest first or oldest first), after the item `after` names.
pub(crate) async fn index_page(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    index: &PagedIndex,
    partition: &str,
    after: Option<&str>,
    limit: usize,
    newest_first: bool,
) -> Result<aws_sdk_dynamodb::operation::query::QueryOutput, PageError> {
    let keys = ["PK", "SK", index.partition_key, index.sort_key];
    let start = match after {
        None => None,
        Some(after) => {
            Some(cursor::decode(after, &keys, index.partition_key, partition).ok_or(PageError::InvalidCursor)?)
        }
    };
    client
        .query()
        .table_name(table)
        .index_name(index.name)
        .key_condition_expression("#partition = :partition")
        .expression_attribute_names("#partition", index.partition_key)
        .expression_attribute_values(":partition", s(partition))
        .scan_index_forward(!newest_first)
        .limit(i32::try_from(limit).unwrap_or(50))
        .set_exclusive_start_key(start)
        .send()
        .await
        .map_err(|e| PageError::Store(unavailable(e)))
}

/// Page cursors: the key to continue after, as URL-safe base64 of its JSON (string attributes only).
pub(crate) mod cursor {
    use super::{AttributeValue, HashMap, s};
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use std::collections::BTreeMap;

    pub(crate) fn encode(key: &HashMap<String, AttributeValue>) -> String {
        let plain: BTreeMap<&str, &str> =
            key.iter().filter_map(|(k, v)| Some((k.as_str(), v.as_s().ok()?.as_str()))).collect();
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&plain).unwrap_or_default())
    }

    /// The key a cursor names, if it has exactly `keys` and its partition (`keys[..]` named `partition_key`) is
    /// the caller's own: a cursor cannot page into someone else's list.
    pub(crate) fn decode(
        cursor: &str,
        keys: &[&str],
        partition_key: &str,
        partition: &str,
    ) -> Option<HashMap<String, AttributeValue>> {
        let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).ok()?;
        let plain: BTreeMap<String, String> = serde_json::from_slice(&bytes).ok()?;
        let complete = plain.len() == keys.len() && keys.iter().all(|k| plain.contains_key(*k));
        (complete && plain.get(partition_key).map(String::as_str) == Some(partition))
            .then(|| plain.into_iter().map(|(k, v)| (k, s(v))).collect())
    }
}

/// Every item of `table` with these keys (`PK`, `SK`) that exists: BatchGetItem takes at most 100 keys, and
/// the keys it could not read this time come back to be asked again.
pub(crate) async fn batch_get(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    keys: impl IntoIterator<Item = (String, String)>,
) -> Result<Vec<HashMap<String, AttributeValue>>, StoreError> {
    use aws_sdk_dynamodb::types::KeysAndAttributes;
    let keys: Vec<HashMap<String, AttributeValue>> =
        keys.into_iter().map(|(pk, sk)| HashMap::from([("PK".to_owned(), s(pk)), ("SK".to_owned(), s(sk))])).collect();
    let mut items = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(100) {
        let mut request =
            Some(KeysAndAttributes::builder().set_keys(Some(chunk.to_vec())).build().map_err(unavailable)?);
        while let Some(keys) = request.take() {
            let output = client.batch_get_item().request_items(table, keys).send().await.map_err(unavailable)?;
            items.extend(output.responses.and_then(|mut r| r.remove(table)).unwrap_or_default());
            request = output.unprocessed_keys.and_then(|mut u| u.remove(table)).filter(|k| !k.keys().is_empty());
        }
    }
    Ok(items)
}

/// Runs a query (with its table set here) to its last page.
pub(crate) async fn query_all(
    table: &str,
    build: impl Fn() -> aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
) -> Result<Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>>, crate::ports::StoreError> {
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let output =
            build().table_name(table).set_exclusive_start_key(start.take()).send().await.map_err(unavailable)?;
        items.extend(output.items.unwrap_or_default());
        match output.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => return Ok(items),
        }
    }
}
