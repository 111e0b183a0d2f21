//! Lambda binary for the route template.yaml maps to `request-photo-upload`.

use sofia_core::handlers::{Handler, request_photo_upload, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("request-photo-upload", |s, r| Box::pin(request_photo_upload(s, r)))).await
}
