//! Lambda binary for the route template.yaml maps to `update-profile`.

use sofia_core::handlers::{Handler, run_lambda, update_profile};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("update-profile", |s, r| Box::pin(update_profile(s, r)))).await
}
