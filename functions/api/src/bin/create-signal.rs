//! Lambda binary for the route template.yaml maps to `create-signal`.

use sofia_core::handlers::{Handler, create_signal, run_lambda, uses_of};

const BINARY: &str = "create-signal";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(create_signal(s, r)))).await
}
