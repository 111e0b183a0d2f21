//! Lambda binary for the route template.yaml maps to `get-document`.

use sofia_core::handlers::{Handler, get_document, run_lambda, uses_of};

const BINARY: &str = "get-document";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_document(s, r)))).await
}
