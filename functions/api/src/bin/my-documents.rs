//! Lambda binary for the route template.yaml maps to `my-documents`.

use sofia_core::handlers::{Handler, my_documents, run_lambda, uses_of};

const BINARY: &str = "my-documents";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(my_documents(s, r)))).await
}
