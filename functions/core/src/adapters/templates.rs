//! Reply templates on DynamoDB: one partition (`TEMPLATES`), one item per category and status.

use super::unavailable;
use crate::domain::templates::ReplyTemplate;
use crate::ports::{StoreError, TemplateStore};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

pub struct DynamoTemplateStore {
    client: Client,
    table: String,
}

impl DynamoTemplateStore {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

#[derive(Serialize, Deserialize)]
struct TemplateRecord {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    template: ReplyTemplate,
}

const PARTITION: &str = "TEMPLATES";

#[async_trait]
impl TemplateStore for DynamoTemplateStore {
    #[tracing::instrument(skip_all, name = "TemplateStore::templates")]
    async fn templates(&self) -> Result<Vec<ReplyTemplate>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(PARTITION.into()))
            .send()
            .await
            .map_err(unavailable)?;
        output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                serde_dynamo::from_item::<_, TemplateRecord>(item)
                    .map(|r| r.template)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            })
            .collect()
    }

    #[tracing::instrument(skip_all, name = "TemplateStore::save_template")]
    async fn save_template(&self, template: &ReplyTemplate) -> Result<(), StoreError> {
        let record = TemplateRecord {
            pk: PARTITION.into(),
            sk: format!("{}#{}", template.category, template.status.as_str()),
            entity: "reply_template".into(),
            template: template.clone(),
        };
        let item = serde_dynamo::to_item(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(unavailable)?;
        Ok(())
    }
}
