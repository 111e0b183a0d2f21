//! The adapters a function uses, built once per Lambda instance (outside the handler) and shared.

use crate::adapters::retries;
use crate::adapters::{
    api_keys::DynamoApiKeys, cognito::CognitoAccounts, deliveries::DynamoDeliveryLog, dynamo::DynamoDocumentStore,
    idempotency::DynamoIdempotency, rate_limits::DynamoRateLimiter, s3::S3FileStore, ses::SesMailer,
    stats::DynamoStatsStore, subscriptions::DynamoSubscriptions, templates::DynamoTemplateStore,
};
use crate::config::Config;
use crate::domain::catalogue::Catalogue;
use crate::ports::{
    Accounts, ApiKeys, DeliveryLog, DocumentStore, FileStore, IdempotencyStore, Mailer, PublicIndex, RateLimiter,
    StatsStore, Subscriptions, TemplateStore,
};
use std::sync::Arc;

pub struct Services {
    pub config: Config,
    pub catalogue: &'static Catalogue,
    pub documents: Arc<dyn DocumentStore>,
    pub index: Arc<dyn PublicIndex>,
    pub stats: Arc<dyn StatsStore>,
    pub files: Arc<dyn FileStore>,
    pub accounts: Arc<dyn Accounts>,
    pub deliveries: Arc<dyn DeliveryLog>,
    pub templates: Arc<dyn TemplateStore>,
    pub subscriptions: Arc<dyn Subscriptions>,
    pub api_keys: Arc<dyn ApiKeys>,
    pub idempotency: Arc<dyn IdempotencyStore>,
    pub rate_limits: Arc<dyn RateLimiter>,
    pub mailer: Arc<dyn Mailer>,
}

/// The AWS SDK clients the adapters run on. Built from one SDK configuration; the local stack may point
/// DynamoDB elsewhere (Amazon's DynamoDB Local) while the rest stays on moto.
#[derive(Clone)]
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub ses: aws_sdk_sesv2::Client,
    pub s3: aws_sdk_s3::Client,
    pub cognito: aws_sdk_cognitoidentityprovider::Client,
}

impl AwsClients {
    pub fn new(sdk: &aws_config::SdkConfig) -> Self {
        Self {
            dynamodb: aws_sdk_dynamodb::Client::from_conf(retries::dynamodb_config(sdk).build()),
            ses: aws_sdk_sesv2::Client::new(sdk),
            // Path-style addressing works on every S3 endpoint, including emulators on loopback.
            s3: aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build()),
            cognito: aws_sdk_cognitoidentityprovider::Client::new(sdk),
        }
    }
}

impl Services {
    /// Adapters on the AWS SDK. Endpoints, region and credentials come from the SDK's own configuration
    /// (`AWS_ENDPOINT_URL` and friends locally, the Lambda role in AWS).
    pub fn on_aws(config: Config, clients: &AwsClients) -> Self {
        let store = Arc::new(DynamoDocumentStore::new(clients.dynamodb.clone(), config.table_name.clone()));
        Self {
            documents: store.clone(),
            index: store,
            stats: Arc::new(DynamoStatsStore::new(clients.dynamodb.clone(), config.table_name.clone())),
            files: Arc::new(S3FileStore::new(
                clients.s3.clone(),
                config.uploads_bucket.clone(),
                config.media_bucket.clone(),
            )),
            accounts: Arc::new(CognitoAccounts::new(
                clients.cognito.clone(),
                config.user_pool_id.clone(),
                config.user_pool_client_id.clone(),
            )),
            deliveries: Arc::new(DynamoDeliveryLog::new(clients.dynamodb.clone(), config.table_name.clone())),
            templates: Arc::new(DynamoTemplateStore::new(clients.dynamodb.clone(), config.table_name.clone())),
            subscriptions: Arc::new(DynamoSubscriptions::new(clients.dynamodb.clone(), config.table_name.clone())),
            api_keys: Arc::new(DynamoApiKeys::new(clients.dynamodb.clone(), config.table_name.clone())),
            idempotency: Arc::new(DynamoIdempotency::new(clients.dynamodb.clone(), config.table_name.clone())),
            rate_limits: Arc::new(DynamoRateLimiter::new(clients.dynamodb.clone(), config.table_name.clone())),
            mailer: Arc::new(SesMailer::new(clients.ses.clone(), config.sender_email.clone())),
            catalogue: Catalogue::builtin(),
            config,
        }
    }

    /// What a Lambda binary calls in `main`: configuration from the environment, the SDK from its defaults.
    pub async fn from_lambda_environment() -> Result<Arc<Self>, crate::config::ConfigError> {
        let config = Config::from_env()?;
        let sdk = retries::sdk_config().await;
        Ok(Arc::new(Self::on_aws(config, &AwsClients::new(&sdk))))
    }
}
