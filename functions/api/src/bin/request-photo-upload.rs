//! Lambda binary for the route template.yaml maps to `request-photo-upload`.

use sofia_core::handlers::{Handler, request_photo_upload, run_lambda, uses_of};

const BINARY: &str = "request-photo-upload";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(request_photo_upload(s, r)))).await
}
