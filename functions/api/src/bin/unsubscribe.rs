//! Lambda binary for the route template.yaml maps to `unsubscribe`.

use sofia_core::handlers::{Handler, run_lambda, unsubscribe, uses_of};

const BINARY: &str = "unsubscribe";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(unsubscribe(s, r)))).await
}
