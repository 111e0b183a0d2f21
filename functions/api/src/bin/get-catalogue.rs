//! Lambda binary for the route template.yaml maps to `get-catalogue`.

use sofia_core::handlers::{Handler, get_catalogue, run_lambda, uses_of};

const BINARY: &str = "get-catalogue";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_catalogue(s, r)))).await
}
