//! Lambda binary for the route template.yaml maps to `complete-attachment-upload`.

use sofia_core::handlers::{Handler, complete_attachment_upload, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("complete-attachment-upload", |s, r| Box::pin(complete_attachment_upload(s, r)))).await
}
