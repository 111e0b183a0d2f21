//! Configuration read from the function's environment, whose variables `template.yaml` defines.
//! The local stack resolves the same template variables and passes them in, so both read one definition.

use crate::domain::access::TokenSecret;
use crate::domain::email::Email;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Config {
    pub table_name: String,
    pub sender_email: Email,
    /// Where the site is served; links in e-mails point here.
    pub public_base_url: String,
    /// The key access links, unsubscribe links and API keys are derived from. Only the functions that sign or
    /// check them have it: read from Secrets Manager once per instance (`TOKEN_SECRET_ARN`), never an environment
    /// value in AWS; `TOKEN_SECRET` is for tests that run without one.
    pub token_secret: Option<TokenSecret>,
    /// The Secrets Manager secret holding `token_secret`, on the functions that need it.
    pub token_secret_arn: Option<String>,
    /// Private bucket where uploads wait for processing.
    pub uploads_bucket: String,
    /// Bucket of published media (processed photos), served under `/media/`.
    pub media_bucket: String,
    /// The site's bucket, on the function that publishes the open data there (`/open-data/`).
    pub site_bucket: Option<String>,
    pub user_pool_id: String,
    pub user_pool_client_id: String,
    /// The secret CloudFront adds to every request it passes to the API (`x-origin-verify`), on the functions
    /// that count submissions per source: only a request carrying it may name the viewer's address. Read from
    /// Secrets Manager once per instance (`ORIGIN_VERIFY_SECRET_ARN`); `ORIGIN_VERIFY_SECRET` is for tests.
    pub origin_verify_secret: Option<String>,
    pub origin_verify_secret_arn: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("configuration variable {name}: {problem}")]
pub struct ConfigError {
    pub name: &'static str,
    pub problem: &'static str,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_map(&std::env::vars().collect())
    }

    pub fn from_map(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| {
            vars.get(name).filter(|v| !v.is_empty()).ok_or(ConfigError { name, problem: "is not set" })
        };
        Ok(Self {
            table_name: get("TABLE_NAME")?.clone(),
            sender_email: Email::parse(get("SENDER_EMAIL")?)
                .map_err(|_| ConfigError { name: "SENDER_EMAIL", problem: "is not an e-mail address" })?,
            public_base_url: get("PUBLIC_BASE_URL")?.trim_end_matches('/').to_owned(),
            token_secret: match get("TOKEN_SECRET") {
                Ok(value) => Some(token_secret(value)?),
                Err(_) => None,
            },
            token_secret_arn: get("TOKEN_SECRET_ARN").ok().cloned(),
            uploads_bucket: get("UPLOADS_BUCKET")?.clone(),
            media_bucket: get("MEDIA_BUCKET")?.clone(),
            site_bucket: get("SITE_BUCKET").ok().cloned(),
            user_pool_id: get("USER_POOL_ID")?.clone(),
            user_pool_client_id: get("USER_POOL_CLIENT_ID")?.clone(),
            origin_verify_secret: get("ORIGIN_VERIFY_SECRET").ok().cloned(),
            origin_verify_secret_arn: get("ORIGIN_VERIFY_SECRET_ARN").ok().cloned(),
        })
    }
}

/// A token secret as stored: at least 32 bytes.
pub fn token_secret(value: &str) -> Result<TokenSecret, ConfigError> {
    TokenSecret::new(value.as_bytes().to_vec())
        .map_err(|_| ConfigError { name: "TOKEN_SECRET", problem: "must be at least 32 bytes" })
}
