//! Lambda binary for the route template.yaml maps to `account-confirm`.

use sofia_core::handlers::{Handler, confirm, run_lambda, uses_of};

const BINARY: &str = "account-confirm";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(confirm(s, r)))).await
}
