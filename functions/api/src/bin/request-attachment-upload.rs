//! Lambda binary for the route template.yaml maps to `request-attachment-upload`.

use sofia_core::handlers::{Handler, request_attachment_upload, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("request-attachment-upload", |s, r| Box::pin(request_attachment_upload(s, r)))).await
}
