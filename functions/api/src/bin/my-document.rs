//! Lambda binary for the route template.yaml maps to `my-document`.

use sofia_core::handlers::{Handler, my_document, run_lambda, uses_of};

const BINARY: &str = "my-document";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(my_document(s, r)))).await
}
