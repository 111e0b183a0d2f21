//! Lambda binary for the route template.yaml maps to `complete-photo-upload`.

use sofia_core::handlers::{Handler, complete_photo_upload, run_lambda, uses_of};

const BINARY: &str = "complete-photo-upload";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(complete_photo_upload(s, r)))).await
}
