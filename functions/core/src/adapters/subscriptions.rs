//! Subscriptions on DynamoDB. A subscription is an item under the target (`DOC#<number>` or
//! `AREA#<district>#<category>`, sort key `SUB#<account>`), so the fan-out reads a target's subscribers page by
//! page; the user index (`owner_pk = FOLLOWS#<account>`) lists what an account follows. A document's subscriber
//! count is a counter item (`SK = COUNT#SUBSCRIBERS`) moved in the same transaction as the subscription.

use super::records::{OWNER_PAGES, SUBSCRIBER_COUNT_SK, subscribers_pk, target_of_pk};
use super::{cursor, index_page, item_key, s, unavailable};
use crate::domain::registry::RegistryNumber;
use crate::domain::subscriptions::{Subscriber, Target};
use crate::ports::{PageError, StoreError, Subscriptions};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use std::collections::HashMap;

pub struct DynamoSubscriptions {
    client: Client,
    table: String,
}

fn follows_pk(sub: &str) -> String {
    format!("FOLLOWS#{sub}")
}

impl DynamoSubscriptions {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }

    fn counter(&self, target: &Target, delta: i64) -> Result<Option<TransactWriteItem>, StoreError> {
        let Target::Document(_) = target else { return Ok(None) };
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(item_key(subscribers_pk(target), SUBSCRIBER_COUNT_SK))
            .update_expression("ADD #count :delta SET entity = :entity")
            .expression_attribute_names("#count", "count")
            .expression_attribute_values(":delta", AttributeValue::N(delta.to_string()))
            .expression_attribute_values(":entity", s("subscriber_count"))
            .build()
            .map_err(unavailable)?;
        Ok(Some(TransactWriteItem::builder().update(update).build()))
    }

    async fn transact(&self, items: Vec<TransactWriteItem>) -> Result<bool, StoreError> {
        match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
            Ok(_) => Ok(true),
            // The condition on the subscription failed: already there (or already gone).
            Err(SdkError::ServiceError(context))
                if matches!(context.err(), TransactWriteItemsError::TransactionCanceledException(_)) =>
            {
                Ok(false)
            }
            Err(error) => Err(unavailable(error)),
        }
    }
}

/// A subscription's item: under its target's partition (what the fan-out reads), and in the subscriber's own
/// index (what "my subscriptions" reads), newest first by `at`.
pub fn subscription_item(
    target: &Target,
    subscriber: &Subscriber,
    at: jiff::Timestamp,
) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("PK".to_owned(), s(subscribers_pk(target))),
        ("SK".to_owned(), s(format!("SUB#{}", subscriber.sub))),
        ("entity".to_owned(), s("subscription")),
        ("sub".to_owned(), s(&subscriber.sub)),
        ("email".to_owned(), s(&subscriber.email)),
        ("target".to_owned(), s(subscribers_pk(target))),
        ("owner_pk".to_owned(), s(follows_pk(&subscriber.sub))),
        ("owner_sk".to_owned(), s(format!("{at}#{}", subscribers_pk(target)))),
    ])
}

#[async_trait]
impl Subscriptions for DynamoSubscriptions {
    #[tracing::instrument(skip_all, name = "Subscriptions::subscribe")]
    async fn subscribe(&self, target: &Target, subscriber: &Subscriber) -> Result<bool, StoreError> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(subscription_item(target, subscriber, jiff::Timestamp::now())))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(unavailable)?;
        let mut items = vec![TransactWriteItem::builder().put(put).build()];
        items.extend(self.counter(target, 1)?);
        self.transact(items).await
    }

    #[tracing::instrument(skip_all, name = "Subscriptions::unsubscribe")]
    async fn unsubscribe(&self, target: &Target, sub: &str) -> Result<bool, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(item_key(subscribers_pk(target), format!("SUB#{sub}")))
            .condition_expression("attribute_exists(PK)")
            .build()
            .map_err(unavailable)?;
        let mut items = vec![TransactWriteItem::builder().delete(delete).build()];
        items.extend(self.counter(target, -1)?);
        self.transact(items).await
    }

    #[tracing::instrument(skip_all, name = "Subscriptions::subscriber_count")]
    async fn subscriber_count(&self, number: RegistryNumber) -> Result<u64, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(item_key(subscribers_pk(&Target::Document(number)), SUBSCRIBER_COUNT_SK))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(match output.item().and_then(|i| i.get("count")) {
            Some(AttributeValue::N(n)) => n.parse::<i64>().unwrap_or(0).max(0) as u64,
            _ => 0,
        })
    }

    #[tracing::instrument(skip_all, name = "Subscriptions::subscribers")]
    async fn subscribers(
        &self,
        target: &Target,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Subscriber>, Option<String>), PageError> {
        let partition = subscribers_pk(target);
        let start = match after {
            None => None,
            Some(cursor) => {
                Some(cursor::decode(cursor, &["PK", "SK"], "PK", &partition).ok_or(PageError::InvalidCursor)?)
            }
        };
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk AND begins_with(SK, :sub)")
            .expression_attribute_values(":pk", s(&partition))
            .expression_attribute_values(":sub", s("SUB#"))
            .projection_expression("PK, SK, #sub, email")
            .expression_attribute_names("#sub", "sub")
            .limit(i32::try_from(limit).unwrap_or(500))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(|e| PageError::Store(unavailable(e)))?;
        let subscribers = output
            .items()
            .iter()
            .filter_map(|item| {
                Some(Subscriber {
                    sub: item.get("sub")?.as_s().ok()?.clone(),
                    email: item.get("email")?.as_s().ok()?.clone(),
                })
            })
            .collect();
        let next = output.last_evaluated_key.filter(|k| !k.is_empty()).map(|k| cursor::encode(&k));
        Ok((subscribers, next))
    }

    #[tracing::instrument(skip_all, name = "Subscriptions::subscriptions_of")]
    async fn subscriptions_of(
        &self,
        sub: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Target>, Option<String>), PageError> {
        let partition = follows_pk(sub);
        let output = index_page(&self.client, &self.table, &OWNER_PAGES, &partition, after, limit, true).await?;
        let targets = output.items().iter().filter_map(|item| target_of_pk(item.get("target")?.as_s().ok()?)).collect();
        let next = output.last_evaluated_key.filter(|k| !k.is_empty()).map(|k| cursor::encode(&k));
        Ok((targets, next))
    }
}
