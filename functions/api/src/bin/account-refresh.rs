//! Lambda binary for the route template.yaml maps to `account-refresh`.

use sofia_core::handlers::{Handler, refresh, run_lambda, uses_of};

const BINARY: &str = "account-refresh";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(refresh(s, r)))).await
}
