//! Open311 API keys on DynamoDB: `APIKEY#<sha256 of the key>`; the key itself is never stored.

use super::item_key;
use super::unavailable;
use crate::ports::{ApiKeys, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use sha2::Digest;

pub struct DynamoApiKeys {
    client: Client,
    table: String,
}

impl DynamoApiKeys {
    pub fn new(client: Client, table: String) -> Self {
        Self { client, table }
    }
}

fn key_pk(key: &str) -> String {
    format!("APIKEY#{}", hex::encode(sha2::Sha256::digest(key.as_bytes())))
}

#[async_trait]
impl ApiKeys for DynamoApiKeys {
    #[tracing::instrument(skip_all, name = "ApiKeys::issue")]
    async fn issue(&self, client_name: &str, key: &str) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("PK", AttributeValue::S(key_pk(key)))
            .item("SK", AttributeValue::S("KEY".into()))
            .item("entity", AttributeValue::S("api_key".into()))
            .item("client", AttributeValue::S(client_name.to_owned()))
            .item("issued_at", AttributeValue::S(jiff::Timestamp::now().to_string()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "ApiKeys::client_of")]
    async fn client_of(&self, key: &str) -> Result<Option<String>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(item_key(key_pk(key), "KEY"))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output.item().and_then(|i| i.get("client")).and_then(|c| c.as_s().ok()).cloned())
    }
}
