//! The adapters a function uses, built once per Lambda instance (outside the handler) and shared.

use crate::adapters::{dynamo::DynamoDocumentStore, ses::SesMailer};
use crate::config::Config;
use crate::domain::catalogue::Catalogue;
use crate::ports::{DocumentStore, Mailer};
use std::sync::Arc;

pub struct Services {
    pub config: Config,
    pub catalogue: &'static Catalogue,
    pub documents: Arc<dyn DocumentStore>,
    pub mailer: Arc<dyn Mailer>,
}

impl Services {
    /// Adapters on the AWS SDK. Endpoints, region and credentials come from the SDK's own configuration
    /// (`AWS_ENDPOINT_URL` and friends locally, the Lambda role in AWS).
    pub fn on_aws(config: Config, sdk: &aws_config::SdkConfig) -> Self {
        Self {
            documents: Arc::new(DynamoDocumentStore::new(aws_sdk_dynamodb::Client::new(sdk), config.table_name.clone())),
            mailer: Arc::new(SesMailer::new(aws_sdk_sesv2::Client::new(sdk), config.sender_email.clone())),
            catalogue: Catalogue::builtin(),
            config,
        }
    }

    /// What a Lambda binary calls in `main`: configuration from the environment, the SDK from its defaults.
    pub async fn from_lambda_environment() -> Result<Arc<Self>, crate::config::ConfigError> {
        let config = Config::from_env()?;
        let sdk = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Ok(Arc::new(Self::on_aws(config, &sdk)))
    }
}
