//! Lambda binary for the route template.yaml maps to `get-map`.

use sofia_core::handlers::{Handler, get_map, run_lambda, uses_of};

const BINARY: &str = "get-map";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_map(s, r)))).await
}
