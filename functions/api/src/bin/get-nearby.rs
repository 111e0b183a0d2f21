//! Lambda binary for the route template.yaml maps to `get-nearby`.

use sofia_core::handlers::{Handler, get_nearby, run_lambda, uses_of};

const BINARY: &str = "get-nearby";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_nearby(s, r)))).await
}
