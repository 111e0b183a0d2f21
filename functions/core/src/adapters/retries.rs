//! How the SDK retries: throttling, transient errors and DynamoDB transaction conflicts are retried with
//! backoff a few times within one request; what still fails becomes 503 with `Retry-After` for the client.

use aws_sdk_dynamodb::config::retry::{ClassifyRetry, RetryAction, RetryConfig};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use std::time::Duration;

/// Attempts per SDK call (the first included) with the SDK's standard jittered backoff from one second: an
/// API request has 29 seconds in all, and spreading retries out is what lets a throttled table or a contended
/// item recover.
pub fn retry_config() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_secs(1))
        .with_max_backoff(Duration::from_secs(5))
}

/// A transaction cancelled only because another transaction was touching the same items (reason
/// `TransactionConflict`) succeeds when tried again; the SDK's own classifiers leave it to the caller. A
/// cancellation with a failed condition is an answer (a key already taken, a stale version) and is not retried.
#[derive(Debug, Default)]
pub struct TransactionConflicts;

impl ClassifyRetry for TransactionConflicts {
    fn classify_retry(&self, context: &InterceptorContext) -> RetryAction {
        let Some(Err(error)) = context.output_or_error() else { return RetryAction::NoActionIndicated };
        let cancelled = error.as_operation_error().and_then(|error| error.downcast_ref::<TransactWriteItemsError>());
        let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = cancelled else {
            return RetryAction::NoActionIndicated;
        };
        let codes = || cancelled.cancellation_reasons().iter().filter_map(|reason| reason.code());
        let conflict = codes().any(|code| code == "TransactionConflict");
        let failed_condition = codes().any(|code| code == "ConditionalCheckFailed");
        if conflict && !failed_condition { RetryAction::transient_error() } else { RetryAction::NoActionIndicated }
    }

    fn name(&self) -> &'static str {
        "DynamoDB transaction conflicts"
    }
}

/// The DynamoDB client configuration every function uses: the shared SDK settings plus the conflict classifier.
pub fn dynamodb_config(sdk: &aws_config::SdkConfig) -> aws_sdk_dynamodb::config::Builder {
    aws_sdk_dynamodb::config::Builder::from(sdk).retry_classifier(TransactionConflicts)
}

/// The SDK settings from the environment (region, credentials, endpoints) with this system's retry policy and
/// its one HTTPS client (see [`https_client`]).
pub async fn sdk_config() -> aws_config::SdkConfig {
    sdk_config_with(https_client()).await
}

/// The roots every AWS endpoint's certificate chains to: Amazon Trust Services' four, and the Starfield root
/// that cross-signs them (AWS moved its endpoints to ATS; S3, the last, in June 2022). Compiled in, because
/// loading the system's store reads every file of `/etc/ssl/certs`: about 4 ms of each function's start-up,
/// most of it (BENCHMARKS.md, section 5). It also means a function trusts no other CA for its AWS calls.
const AWS_ROOTS: &[u8] = include_bytes!("aws-roots.pem");

/// The one HTTPS client: rustls on ring (the SDK's default, aws-lc, would add about a megabyte to every
/// function; see BENCHMARKS.md), trusting [`AWS_ROOTS`] only.
pub fn https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    use aws_smithy_http_client::tls::{Provider, TlsContext, TrustStore, rustls_provider::CryptoMode};
    let builder = aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring));
    match TlsContext::builder().with_trust_store(TrustStore::empty().with_pem_certificate(AWS_ROOTS)).build() {
        Ok(roots) => builder.tls_context(roots).build_https(),
        // Unreachable with the bundle the tests parse; the system's roots are the safe way to still start.
        Err(_) => builder.build_https(),
    }
}

#[cfg(test)]
mod tests {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;

    /// The connector parses the bundle with `expect` when it first connects: it must hold the five roots.
    #[test]
    fn the_compiled_in_roots_are_the_five_amazon_trust_services_roots() {
        let roots = CertificateDer::pem_slice_iter(super::AWS_ROOTS).collect::<Result<Vec<_>, _>>().expect("PEM");
        assert_eq!(roots.len(), 5);
        let text = String::from_utf8_lossy(super::AWS_ROOTS);
        for name in
            ["Amazon Root CA 1", "Amazon Root CA 2", "Amazon Root CA 3", "Amazon Root CA 4", "Starfield Services"]
        {
            assert!(text.contains(&name.replace(' ', "_")), "{name}");
        }
    }
}

/// The SDK settings from the environment with this system's retry policy and `https` as the HTTP client.
pub async fn sdk_config_with(https: aws_smithy_runtime_api::client::http::SharedHttpClient) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(https)
        .retry_config(retry_config())
        .load()
        .await
}
