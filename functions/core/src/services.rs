//! The adapters a function uses, built once per Lambda instance (outside the handler) and shared.

use crate::adapters::retries;
use crate::adapters::unused::NotUsed;
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
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
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
    pub secrets: aws_sdk_secretsmanager::Client,
}

impl AwsClients {
    pub fn new(sdk: &aws_config::SdkConfig) -> Self {
        Self::with_interceptors(sdk, None, &[])
    }

    /// Clients with DynamoDB at `dynamodb_endpoint` (when given) and `interceptors` on every client: the local
    /// stack checks each function's calls against its IAM policy with one.
    pub fn with_interceptors(
        sdk: &aws_config::SdkConfig,
        dynamodb_endpoint: Option<&str>,
        interceptors: &[SharedInterceptor],
    ) -> Self {
        let mut dynamodb = retries::dynamodb_config(sdk);
        if let Some(endpoint) = dynamodb_endpoint {
            dynamodb = dynamodb.endpoint_url(endpoint);
        }
        let mut ses = aws_sdk_sesv2::config::Builder::from(sdk);
        let mut s3 = s3_config(sdk);
        let mut cognito = aws_sdk_cognitoidentityprovider::config::Builder::from(sdk);
        let mut secrets = aws_sdk_secretsmanager::config::Builder::from(sdk);
        for interceptor in interceptors {
            secrets.push_interceptor(interceptor.clone());
            dynamodb.push_interceptor(interceptor.clone());
            ses.push_interceptor(interceptor.clone());
            s3.push_interceptor(interceptor.clone());
            cognito.push_interceptor(interceptor.clone());
        }
        Self {
            dynamodb: aws_sdk_dynamodb::Client::from_conf(dynamodb.build()),
            ses: aws_sdk_sesv2::Client::from_conf(ses.build()),
            s3: aws_sdk_s3::Client::from_conf(s3.build()),
            cognito: aws_sdk_cognitoidentityprovider::Client::from_conf(cognito.build()),
            secrets: aws_sdk_secretsmanager::Client::from_conf(secrets.build()),
        }
    }
}

/// The AWS services a function uses besides DynamoDB (which they all use), as bits: a function's adapters for
/// the others are not built, so their SDK clients are not linked into its binary. `handlers::uses_of` says which
/// function uses what; the local stack builds each function's adapters from the same table, so a missing entry
/// fails the tests as it would fail in Lambda.
pub mod uses {
    pub const DYNAMODB_ONLY: u8 = 0;
    /// Accounts (Cognito user pool).
    pub const COGNITO: u8 = 1;
    /// Uploads and media (S3).
    pub const S3: u8 = 2;
    /// Mail (SES).
    pub const SES: u8 = 4;
    /// The token secret, read from Secrets Manager at start-up: signing or checking access links, unsubscribe
    /// links and API keys.
    pub const TOKEN_SECRET: u8 = 8;
    pub const ALL: u8 = COGNITO | S3 | SES | TOKEN_SECRET;
}

/// What each function binary uses besides DynamoDB; a binary not listed uses DynamoDB only. The account steps
/// call Cognito's public APIs (no IAM permission needed); the others need their template policies too.
const USES: &[(&str, u8)] = &[
    ("account-register", uses::COGNITO),
    ("account-confirm", uses::COGNITO),
    ("account-login", uses::COGNITO),
    ("account-refresh", uses::COGNITO),
    ("account-logout", uses::COGNITO),
    ("account-forgot-password", uses::COGNITO),
    ("account-reset-password", uses::COGNITO),
    ("account-change-password", uses::COGNITO),
    ("get-profile", uses::COGNITO),
    ("update-profile", uses::COGNITO),
    ("delete-account", uses::COGNITO),
    ("export-my-data", uses::COGNITO | uses::S3),
    // Filing and subscribing read a signed-in sender's profile; staff actions the clerk's.
    ("create-signal", uses::COGNITO | uses::TOKEN_SECRET),
    ("create-question", uses::COGNITO | uses::TOKEN_SECRET),
    ("create-written", uses::COGNITO | uses::TOKEN_SECRET),
    ("open311-post", uses::TOKEN_SECRET),
    ("unsubscribe-by-token", uses::TOKEN_SECRET),
    ("admin-issue-api-key", uses::TOKEN_SECRET),
    ("subscribe", uses::COGNITO),
    ("subscribe-area", uses::COGNITO),
    ("staff-assign", uses::COGNITO),
    ("staff-status", uses::COGNITO),
    ("staff-reply", uses::COGNITO),
    ("staff-note", uses::COGNITO),
    ("staff-moderate", uses::COGNITO | uses::S3),
    ("staff-duplicate", uses::COGNITO),
    ("admin-create-staff", uses::COGNITO),
    // Uploads, and the short-lived links to attachments in the sender's and the staff's views.
    ("get-document", uses::S3),
    ("my-document", uses::S3),
    ("staff-document", uses::S3),
    ("request-photo-upload", uses::S3),
    ("complete-photo-upload", uses::S3),
    ("request-attachment-upload", uses::S3),
    ("complete-attachment-upload", uses::S3),
    ("stream-notify", uses::SES | uses::TOKEN_SECRET),
];

/// What the function binary `binary` uses besides DynamoDB (see [`uses`]); a `const fn`, so a binary's `main`
/// can make it a compile-time constant.
pub const fn uses_of(binary: &str) -> u8 {
    let mut i = 0;
    while i < USES.len() {
        if same_str(USES[i].0, binary) {
            return USES[i].1;
        }
        i += 1;
    }
    uses::DYNAMODB_ONLY
}

const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Services {
    /// Adapters on the AWS SDK. Endpoints, region and credentials come from the SDK's own configuration
    /// (`AWS_ENDPOINT_URL` and friends locally, the Lambda role in AWS).
    pub fn on_aws(config: Config, clients: &AwsClients) -> Self {
        Self::on_aws_using(config, clients, uses::ALL)
    }

    /// Adapters on the given clients for the services in `using` (see [`uses`]), the others [`NotUsed`].
    pub fn on_aws_using(config: Config, clients: &AwsClients, using: u8) -> Self {
        let wanted = |service: u8| using & service != 0;
        Self::on_clients(
            config,
            clients.dynamodb.clone(),
            wanted(uses::COGNITO).then(|| clients.cognito.clone()),
            wanted(uses::S3).then(|| clients.s3.clone()),
            wanted(uses::SES).then(|| clients.ses.clone()),
        )
    }

    /// Inlined so that in a Lambda binary, where the clients it does not use are a constant `None`, the
    /// optimiser drops their adapters, and the linker the SDK code behind them.
    #[inline(always)]
    fn on_clients(
        config: Config,
        dynamodb: aws_sdk_dynamodb::Client,
        cognito: Option<aws_sdk_cognitoidentityprovider::Client>,
        s3: Option<aws_sdk_s3::Client>,
        ses: Option<aws_sdk_sesv2::Client>,
    ) -> Self {
        let table = || config.table_name.clone();
        let store = Arc::new(DynamoDocumentStore::new(dynamodb.clone(), table()));
        let files: Arc<dyn FileStore> = match s3 {
            Some(s3) => Arc::new(S3FileStore::new(s3, config.uploads_bucket.clone(), config.media_bucket.clone())),
            None => Arc::new(NotUsed("S3")),
        };
        let accounts: Arc<dyn Accounts> = match cognito {
            Some(cognito) => {
                Arc::new(CognitoAccounts::new(cognito, config.user_pool_id.clone(), config.user_pool_client_id.clone()))
            }
            None => Arc::new(NotUsed("Cognito")),
        };
        let mailer: Arc<dyn Mailer> = match ses {
            Some(ses) => Arc::new(SesMailer::new(ses, config.sender_email.clone())),
            None => Arc::new(NotUsed("SES")),
        };
        Self {
            documents: store.clone(),
            index: store,
            stats: Arc::new(DynamoStatsStore::new(dynamodb.clone(), table())),
            files,
            accounts,
            deliveries: Arc::new(DynamoDeliveryLog::new(dynamodb.clone(), table())),
            templates: Arc::new(DynamoTemplateStore::new(dynamodb.clone(), table())),
            subscriptions: Arc::new(DynamoSubscriptions::new(dynamodb.clone(), table())),
            api_keys: Arc::new(DynamoApiKeys::new(dynamodb.clone(), table())),
            idempotency: Arc::new(DynamoIdempotency::new(dynamodb.clone(), table())),
            rate_limits: Arc::new(DynamoRateLimiter::new(dynamodb, table())),
            mailer,
            catalogue: Catalogue::builtin(),
            config,
        }
    }

    /// What a Lambda binary calls in `main`: configuration from the environment, the SDK from its defaults,
    /// and clients only for the services in `USES` (a constant, so the others are never linked).
    pub async fn from_lambda_environment<const USES: u8>() -> Result<Arc<Self>, crate::config::ConfigError> {
        let mut config = Config::from_env()?;
        let sdk = retries::sdk_config().await;
        let wanted = |service: u8| USES & service != 0;
        if wanted(uses::TOKEN_SECRET) || config.origin_verify_secret_arn.is_some() {
            let client = aws_sdk_secretsmanager::Client::new(&sdk);
            if wanted(uses::TOKEN_SECRET) {
                config.token_secret = Some(load_token_secret(&client, &config).await?);
            }
            config.origin_verify_secret = load_origin_secret(&client, &config).await?;
        }
        Ok(Arc::new(Self::on_clients(
            config,
            aws_sdk_dynamodb::Client::from_conf(retries::dynamodb_config(&sdk).build()),
            wanted(uses::COGNITO).then(|| aws_sdk_cognitoidentityprovider::Client::new(&sdk)),
            wanted(uses::S3).then(|| s3_client(&sdk)),
            wanted(uses::SES).then(|| aws_sdk_sesv2::Client::new(&sdk)),
        )))
    }
}

/// Path-style addressing works on every S3 endpoint, including emulators on loopback.
fn s3_client(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(s3_config(sdk).build())
}

/// Path-style addresses only where an emulator stands in for S3 (it answers on one host); in AWS the presigned
/// upload URLs are virtual-hosted (`https://<bucket>.s3.<region>.amazonaws.com/...`), the one host the site's
/// `connect-src` allows.
fn s3_config(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::config::Builder {
    aws_sdk_s3::config::Builder::from(sdk).force_path_style(sdk.endpoint_url().is_some())
}

/// The text of a Secrets Manager secret, read at start-up.
async fn secret_text(
    client: &aws_sdk_secretsmanager::Client,
    arn: &str,
    name: &'static str,
) -> Result<String, crate::config::ConfigError> {
    use crate::config::ConfigError;
    let value = client.get_secret_value().secret_id(arn).send().await.map_err(|error| {
        tracing::error!(error = %aws_sdk_secretsmanager::error::DisplayErrorContext(&error), name, "secret not read");
        ConfigError { name, problem: "could not be read from Secrets Manager" }
    })?;
    value.secret_string().map(str::to_owned).ok_or(ConfigError { name, problem: "holds no text" })
}

/// CloudFront's origin secret, where the function counts submissions per source (`ORIGIN_VERIFY_SECRET_ARN`).
pub async fn load_origin_secret(
    client: &aws_sdk_secretsmanager::Client,
    config: &Config,
) -> Result<Option<String>, crate::config::ConfigError> {
    match (&config.origin_verify_secret, &config.origin_verify_secret_arn) {
        (Some(secret), _) => Ok(Some(secret.clone())),
        (None, Some(arn)) => secret_text(client, arn, "ORIGIN_VERIFY_SECRET_ARN").await.map(Some),
        (None, None) => Ok(None),
    }
}

/// The token secret of a function that signs or checks tokens, read once at start-up from Secrets Manager (or
/// from `TOKEN_SECRET` where a test set it): a function without it does not start.
pub async fn load_token_secret(
    client: &aws_sdk_secretsmanager::Client,
    config: &Config,
) -> Result<crate::domain::access::TokenSecret, crate::config::ConfigError> {
    use crate::config::ConfigError;
    if let Some(secret) = &config.token_secret {
        return Ok(secret.clone());
    }
    let arn =
        config.token_secret_arn.as_deref().ok_or(ConfigError { name: "TOKEN_SECRET_ARN", problem: "is not set" })?;
    crate::config::token_secret(&secret_text(client, arn, "TOKEN_SECRET_ARN").await?)
}
