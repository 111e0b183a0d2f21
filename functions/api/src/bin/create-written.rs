//! Lambda binary for the route template.yaml maps to `create-written`.

use sofia_core::handlers::{Handler, create_written, run_lambda, uses_of};

const BINARY: &str = "create-written";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(create_written(s, r)))).await
}
