//! Lambda binary for the route template.yaml maps to `unsubscribe-by-token`.

use sofia_core::handlers::{Handler, run_lambda, unsubscribe_by_token, uses_of};

const BINARY: &str = "unsubscribe-by-token";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(unsubscribe_by_token(s, r)))).await
}
