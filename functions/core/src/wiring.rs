//! What a function's dependencies are built from, once per Lambda instance: its environment, the SDK
//! configuration, and the SDK clients, each made when a dependency first asks for it.
//!
//! A route's handler takes a small struct of exactly the ports it uses (declared with `dependencies!`); each
//! field is a [`Dependency`] that knows how to build itself from a [`Wiring`] and what it needs from AWS. A
//! Lambda binary builds its route's struct and nothing else, so the SDK clients of services it does not use are
//! never constructed and never linked; the local stack builds the same structs from the same code.

use crate::adapters::requests::DynamoRequestIndex;
use crate::adapters::{
    api_keys::DynamoApiKeys, calendar::DynamoCalendarStore, changes::DynamoChangeLog, cognito::CognitoAccounts,
    deliveries::DynamoDeliveryLog, desk::DynamoDesk, dynamo::DynamoDocumentStore, idempotency::DynamoIdempotency,
    pending_mail::DynamoPendingMail, rate_limits::DynamoRateLimiter, registry::DynamoRegistryBook, retries,
    runs::DynamoRunLog, s3::S3FileStore, ses::SesMailer, stats::DynamoStatsStore, subscriptions::DynamoSubscriptions,
    templates::DynamoTemplateStore,
};
use crate::config::{Config, ConfigError};
use crate::domain::access::TokenSecret;
use crate::domain::catalogue::Catalogue;
use crate::ports::{
    Accounts, ApiKeys, CalendarStore, ChangeLog, DeliveryLog, DeskIndex, DocumentStore, FileStore, IdempotencyStore,
    Mailer, PendingMail, PublicIndex, RateLimiter, RegistryBook, RunLog, SearchIndexWriter, SitePublisher, StatsStore,
    Subscriptions, TemplateStore,
};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use std::collections::BTreeSet;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

/// What a dependency needs from AWS: the template test checks each function's IAM policy against the needs of
/// its route's dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    DynamoDb,
    /// The user pool (the account steps call its public APIs; the others need the policy too).
    Cognito,
    S3,
    Ses,
    /// The token secret, from Secrets Manager once per instance, off its start-up (`TOKEN_SECRET_ARN`).
    TokenSecret,
    /// CloudFront's origin secret, from Secrets Manager once per instance, off its start-up (`ORIGIN_VERIFY_SECRET_ARN`).
    OriginSecret,
}

/// The SDK clients, each built on first use from one SDK configuration. The local stack points DynamoDB
/// elsewhere (DynamoDB Local) and puts its IAM check on every client.
#[derive(Clone)]
pub struct SdkClients {
    sdk: aws_config::SdkConfig,
    dynamodb_endpoint: Option<String>,
    interceptors: Vec<SharedInterceptor>,
    dynamodb: OnceLock<aws_sdk_dynamodb::Client>,
    cognito: OnceLock<aws_sdk_cognitoidentityprovider::Client>,
    s3: OnceLock<aws_sdk_s3::Client>,
    ses: OnceLock<aws_sdk_sesv2::Client>,
    secrets: OnceLock<aws_sdk_secretsmanager::Client>,
}

macro_rules! client {
    ($name:ident, $crate_:ident, $configure:expr) => {
        pub fn $name(&self) -> $crate_::Client {
            self.$name
                .get_or_init(|| {
                    let configure: fn(&aws_config::SdkConfig) -> $crate_::config::Builder = $configure;
                    let mut builder = configure(&self.sdk);
                    for interceptor in &self.interceptors {
                        builder.push_interceptor(interceptor.clone());
                    }
                    $crate_::Client::from_conf(builder.build())
                })
                .clone()
        }
    };
}

impl SdkClients {
    pub fn new(sdk: aws_config::SdkConfig) -> Self {
        Self::with_options(sdk, None, Vec::new())
    }

    /// Clients with DynamoDB at `dynamodb_endpoint` (when given) and `interceptors` on every client.
    pub fn with_options(
        sdk: aws_config::SdkConfig,
        dynamodb_endpoint: Option<String>,
        interceptors: Vec<SharedInterceptor>,
    ) -> Self {
        Self {
            sdk,
            dynamodb_endpoint,
            interceptors,
            dynamodb: OnceLock::new(),
            cognito: OnceLock::new(),
            s3: OnceLock::new(),
            ses: OnceLock::new(),
            secrets: OnceLock::new(),
        }
    }

    pub fn dynamodb(&self) -> aws_sdk_dynamodb::Client {
        self.dynamodb
            .get_or_init(|| {
                let mut builder = retries::dynamodb_config(&self.sdk);
                if let Some(endpoint) = &self.dynamodb_endpoint {
                    builder = builder.endpoint_url(endpoint);
                }
                for interceptor in &self.interceptors {
                    builder.push_interceptor(interceptor.clone());
                }
                aws_sdk_dynamodb::Client::from_conf(builder.build())
            })
            .clone()
    }

    client!(cognito, aws_sdk_cognitoidentityprovider, |sdk| aws_sdk_cognitoidentityprovider::config::Builder::from(
        sdk
    ));
    client!(s3, aws_sdk_s3, s3_config);
    client!(ses, aws_sdk_sesv2, |sdk| aws_sdk_sesv2::config::Builder::from(sdk));
    client!(secrets, aws_sdk_secretsmanager, |sdk| aws_sdk_secretsmanager::config::Builder::from(sdk));
}

/// Path-style addresses only where an emulator stands in for S3 (it answers on one host); in AWS the presigned
/// upload URLs are virtual-hosted (`https://<bucket>.s3.<region>.amazonaws.com/...`), the one host the site's
/// `connect-src` allows.
fn s3_config(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::config::Builder {
    aws_sdk_s3::config::Builder::from(sdk).force_path_style(sdk.endpoint_url().is_some())
}

/// A function's environment, its clients and its clock: what its dependencies are built from.
pub struct Wiring {
    pub config: Config,
    pub clients: SdkClients,
    pub clock: Clock,
}

impl Wiring {
    pub fn new(config: Config, clients: SdkClients) -> Self {
        Self { config, clients, clock: Clock::default() }
    }

    /// A Lambda instance's start-up: logging, the configuration, the HTTPS client, the SDK settings, then what
    /// `build` makes of them (a route's or a job's dependencies). Lambda reports the whole as Init Duration;
    /// the one `init` log line says where it went, in microseconds per phase.
    pub async fn start_instance<T>(
        build: impl AsyncFnOnce(&Wiring) -> Result<T, ConfigError>,
    ) -> Result<T, ConfigError> {
        let started = std::time::Instant::now();
        let mut last = started;
        let mut lap = || {
            let now = std::time::Instant::now();
            let micros = u64::try_from((now - last).as_micros()).unwrap_or(u64::MAX);
            last = now;
            micros
        };
        crate::init_logging();
        let logging_us = lap();
        let config = Config::from_env()?;
        let config_us = lap();
        let https = retries::https_client();
        let https_us = lap();
        let sdk = retries::sdk_config_with(https).await;
        let sdk_us = lap();
        let wiring = Self::new(config, SdkClients::new(sdk));
        let built = build(&wiring).await?;
        let dependencies_us = lap();
        let total_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        tracing::info!(logging_us, config_us, https_us, sdk_us, dependencies_us, total_us, "init");
        Ok(built)
    }

    fn table(&self) -> String {
        self.config.table_name.clone()
    }
}

/// What a handler can take: built from the function's wiring once per instance, needing what
/// [`Dependency::add_needs`] adds. Ports and secrets are dependencies, and so is a struct of dependencies
/// declared with [`dependencies!`](crate::dependencies), which is what a handler takes.
pub trait Dependency: Sized + Send + Sync + 'static {
    /// Adds what this needs from AWS to `needs`.
    fn add_needs(needs: &mut BTreeSet<Need>);
    fn build(wiring: &Wiring) -> impl Future<Output = Result<Self, ConfigError>> + Send;

    /// Everything this needs from AWS.
    fn needs() -> BTreeSet<Need> {
        let mut needs = BTreeSet::new();
        Self::add_needs(&mut needs);
        needs
    }
}

/// Declares a struct of dependencies (the ports a handler uses) and makes it a [`Dependency`] itself.
#[macro_export]
macro_rules! dependencies {
    ($(#[$meta:meta])* $vis:vis struct $name:ident { $($(#[$field_meta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone)]
        $vis struct $name { $($(#[$field_meta])* pub $field: $ty),* }

        impl $crate::wiring::Dependency for $name {
            fn add_needs(_needs: &mut std::collections::BTreeSet<$crate::wiring::Need>) {
                $(<$ty as $crate::wiring::Dependency>::add_needs(_needs);)*
            }

            async fn build(_wiring: &$crate::wiring::Wiring) -> Result<Self, $crate::config::ConfigError> {
                Ok(Self { $($field: <$ty as $crate::wiring::Dependency>::build(_wiring).await?),* })
            }
        }
    };
}

/// A dependency that needs `$need` (or nothing).
macro_rules! needs {
    () => {
        fn add_needs(_: &mut BTreeSet<Need>) {}
    };
    ($need:ident) => {
        fn add_needs(needs: &mut BTreeSet<Need>) {
            needs.insert(Need::$need);
        }
    };
}

/// A DynamoDB adapter on the function's table.
macro_rules! table_part {
    ($port:path, $adapter:ident) => {
        impl Dependency for Arc<dyn $port> {
            needs!(DynamoDb);
            async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
                Ok(Arc::new($adapter::new(wiring.clients.dynamodb(), wiring.table())))
            }
        }
    };
}

table_part!(DocumentStore, DynamoDocumentStore);
table_part!(PublicIndex, DynamoDocumentStore);
table_part!(crate::ports::RequestIndex, DynamoRequestIndex);
table_part!(RegistryBook, DynamoRegistryBook);
table_part!(DeskIndex, DynamoDesk);
table_part!(SearchIndexWriter, DynamoDesk);
table_part!(StatsStore, DynamoStatsStore);
table_part!(DeliveryLog, DynamoDeliveryLog);
table_part!(TemplateStore, DynamoTemplateStore);
table_part!(CalendarStore, DynamoCalendarStore);
table_part!(RunLog, DynamoRunLog);
table_part!(ChangeLog, DynamoChangeLog);
table_part!(PendingMail, DynamoPendingMail);
table_part!(Subscriptions, DynamoSubscriptions);
table_part!(ApiKeys, DynamoApiKeys);
table_part!(IdempotencyStore, DynamoIdempotency);
table_part!(RateLimiter, DynamoRateLimiter);

impl Dependency for Arc<dyn Accounts> {
    needs!(Cognito);
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        let config = &wiring.config;
        Ok(Arc::new(CognitoAccounts::new(
            wiring.clients.cognito(),
            config.user_pool_id.clone(),
            config.user_pool_client_id.clone(),
        )))
    }
}

impl Dependency for Arc<dyn FileStore> {
    needs!(S3);
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        let config = &wiring.config;
        Ok(Arc::new(S3FileStore::new(wiring.clients.s3(), config.uploads_bucket.clone(), config.media_bucket.clone())))
    }
}

impl Dependency for Arc<dyn SitePublisher> {
    needs!(S3);
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        let bucket =
            wiring.config.site_bucket.clone().ok_or(ConfigError { name: "SITE_BUCKET", problem: "is not set" })?;
        Ok(Arc::new(crate::adapters::s3::S3SitePublisher::new(wiring.clients.s3(), bucket)))
    }
}

impl Dependency for Arc<dyn Mailer> {
    needs!(Ses);
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        Ok(Arc::new(SesMailer::new(wiring.clients.ses(), wiring.config.sender_email.clone())))
    }
}

impl Dependency for &'static Catalogue {
    needs!();
    async fn build(_: &Wiring) -> Result<Self, ConfigError> {
        Ok(Catalogue::builtin())
    }
}

/// A secret from Secrets Manager, read once per instance but not in its start-up: the read begins in the
/// background as the instance starts, and a request that needs the secret waits for it (a route that seldom needs
/// it, or a stream batch with nothing to mail, never waits). A failed read is tried again by the next request
/// that needs the secret, which answers 503 meanwhile. Where a test set the secret itself, it is used as it is.
pub struct Secret<T> {
    value: Arc<tokio::sync::OnceCell<T>>,
    read: Option<Arc<SecretRead<T>>>,
}

impl<T> Clone for Secret<T> {
    fn clone(&self) -> Self {
        Self { value: self.value.clone(), read: self.read.clone() }
    }
}

struct SecretRead<T> {
    client: aws_sdk_secretsmanager::Client,
    arn: String,
    name: &'static str,
    parse: fn(&str) -> Result<T, ConfigError>,
}

impl<T: Send + Sync + 'static> Secret<T> {
    /// A secret known already (a test's, from the environment).
    pub fn given(value: T) -> Self {
        Self { value: Arc::new(tokio::sync::OnceCell::new_with(Some(value))), read: None }
    }

    /// The secret of `arn`, as `parse` reads its text; the read starts now, in the background.
    fn from_secrets_manager(
        client: aws_sdk_secretsmanager::Client,
        arn: &str,
        name: &'static str,
        parse: fn(&str) -> Result<T, ConfigError>,
    ) -> Self {
        let read = Arc::new(SecretRead { client, arn: arn.to_owned(), name, parse });
        let secret = Self { value: Arc::new(tokio::sync::OnceCell::new()), read: Some(read) };
        let early = secret.clone();
        tokio::spawn(async move {
            let _ = early.get().await;
        });
        secret
    }

    /// The secret, read if it has not been yet.
    pub async fn get(&self) -> Result<&T, ConfigError> {
        self.value
            .get_or_try_init(|| async {
                let read = self.read.as_ref().ok_or(ConfigError { name: "secret", problem: "is not set" })?;
                // Boxed: the SDK call's future is deep, and every handler that awaits a secret would nest it.
                (read.parse)(&Box::pin(secret_text(&read.client, &read.arn, read.name)).await?)
            })
            .await
    }
}

/// The token secret (Secrets Manager's `TOKEN_SECRET_ARN`, or `TOKEN_SECRET` where a test set it).
impl Dependency for Secret<TokenSecret> {
    needs!(TokenSecret);
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        let config = &wiring.config;
        if let Some(secret) = &config.token_secret {
            return Ok(Secret::given(secret.clone()));
        }
        let arn = config
            .token_secret_arn
            .as_deref()
            .ok_or(ConfigError { name: "TOKEN_SECRET_ARN", problem: "is not set" })?;
        Ok(Secret::from_secrets_manager(wiring.clients.secrets(), arn, "TOKEN_SECRET_ARN", crate::config::token_secret))
    }
}

/// What time it is: the system's, in Lambda; in the local stack, the stack's own, which a test can move forward
/// (to see a due date pass, or a scheduled step come due) without waiting.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    ahead_seconds: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// A clock `ahead_seconds` ahead of the system's, shared with whoever moves it.
    pub fn ahead_by(ahead_seconds: Arc<AtomicI64>) -> Self {
        Self { ahead_seconds: Some(ahead_seconds) }
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.moved(jiff::Timestamp::now())
    }

    /// An instant the system's clock gave (a stream record's time), as this clock tells it.
    pub fn moved(&self, at: jiff::Timestamp) -> jiff::Timestamp {
        match &self.ahead_seconds {
            Some(ahead) => at + jiff::SignedDuration::from_secs(ahead.load(Ordering::Relaxed)),
            None => at,
        }
    }
}

impl Dependency for Clock {
    needs!();
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        Ok(wiring.clock.clone())
    }
}

/// Where the site is served: links in answers and e-mails point here.
#[derive(Debug, Clone)]
pub struct Site {
    pub base_url: String,
}

impl Dependency for Site {
    needs!();
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        Ok(Self { base_url: wiring.config.public_base_url.clone() })
    }
}

/// How a function tells who is asking, for the limits it counts per source: CloudFront's origin secret, which
/// only a request through CloudFront carries, lets the request name the viewer's address.
#[derive(Clone)]
pub struct Viewers {
    origin_secret: Secret<Option<String>>,
}

impl Default for Viewers {
    /// No origin secret: requests are told apart by API Gateway's source address alone.
    fn default() -> Self {
        Self { origin_secret: Secret::given(None) }
    }
}

impl Dependency for Viewers {
    needs!(OriginSecret);
    async fn build(wiring: &Wiring) -> Result<Self, ConfigError> {
        let config = &wiring.config;
        let origin_secret = match (&config.origin_verify_secret, &config.origin_verify_secret_arn) {
            (Some(secret), _) => Secret::given(Some(secret.clone())),
            (None, Some(arn)) => {
                Secret::from_secrets_manager(wiring.clients.secrets(), arn, "ORIGIN_VERIFY_SECRET_ARN", |text| {
                    Ok(Some(text.to_owned()))
                })
            }
            (None, None) => Secret::given(None),
        };
        Ok(Self { origin_secret })
    }
}

impl Viewers {
    /// Where a request comes from, as far as this function can tell.
    pub async fn source(
        &self,
        request: &lambda_http::Request,
    ) -> Result<Option<crate::domain::abuse::Source>, ConfigError> {
        Ok(crate::http::request::source(request, self.origin_secret.get().await?.as_deref()))
    }
}

/// The text of a Secrets Manager secret.
async fn secret_text(
    client: &aws_sdk_secretsmanager::Client,
    arn: &str,
    name: &'static str,
) -> Result<String, ConfigError> {
    let value = client.get_secret_value().secret_id(arn).send().await.map_err(|error| {
        tracing::error!(error = %aws_sdk_secretsmanager::error::DisplayErrorContext(&error), name, "secret not read");
        ConfigError { name, problem: "could not be read from Secrets Manager" }
    })?;
    value.secret_string().map(str::to_owned).ok_or(ConfigError { name, problem: "holds no text" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Secrets Manager where nothing answers: the connection is refused at once.
    fn unreachable_secrets() -> aws_sdk_secretsmanager::Client {
        let config = aws_sdk_secretsmanager::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_sdk_secretsmanager::config::Region::new("eu-central-1"))
            .credentials_provider(aws_sdk_secretsmanager::config::Credentials::new("k", "s", None, None, "test"))
            .endpoint_url("http://127.0.0.1:9")
            .retry_config(aws_sdk_secretsmanager::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_secretsmanager::Client::from_conf(config)
    }

    #[tokio::test]
    async fn a_secret_that_cannot_be_read_fails_the_request_not_the_start_and_is_read_again() {
        let parse = |text: &str| Ok(text.to_owned());
        let secret = Secret::from_secrets_manager(unreachable_secrets(), "arn:secret", "TOKEN_SECRET_ARN", parse);
        let error = secret.get().await.expect_err("nothing answers");
        assert_eq!(error.name, "TOKEN_SECRET_ARN");
        assert_eq!(crate::http::Problem::from(error).into_response().status(), 503);
        // Not kept as failed: the next request that needs it reads again (and fails again here).
        assert!(secret.get().await.is_err());
        assert_eq!(Secret::given(7).get().await.ok(), Some(&7));
    }
}
