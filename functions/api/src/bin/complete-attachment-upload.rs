//! Lambda binary for the route template.yaml maps to `complete-attachment-upload`.

use sofia_core::handlers::{Handler, complete_attachment_upload, run_lambda, uses_of};

const BINARY: &str = "complete-attachment-upload";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(complete_attachment_upload(s, r)))).await
}
