//! Lambda binary for the route template.yaml maps to `open311-request`.

use sofia_core::handlers::{Handler, open311_request, run_lambda, uses_of};

const BINARY: &str = "open311-request";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(open311_request(s, r)))).await
}
