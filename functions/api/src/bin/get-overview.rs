//! Lambda binary for the route template.yaml maps to `get-overview`.

use sofia_core::handlers::{Handler, get_overview, run_lambda, uses_of};

const BINARY: &str = "get-overview";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_overview(s, r)))).await
}
