//! Lambda binary for the route template.yaml maps to `reopen-document`.

use sofia_core::handlers::{Handler, reopen, run_lambda, uses_of};

const BINARY: &str = "reopen-document";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(reopen(s, r)))).await
}
