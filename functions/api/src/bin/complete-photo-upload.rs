//! Lambda binary for the route template.yaml maps to `complete-photo-upload`.

use sofia_core::handlers::{Handler, complete_photo_upload, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("complete-photo-upload", |s, r| Box::pin(complete_photo_upload(s, r)))).await
}
