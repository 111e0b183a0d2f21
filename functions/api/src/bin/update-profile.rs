//! Lambda binary for the route template.yaml maps to `update-profile`.

use sofia_core::handlers::{Handler, run_lambda, update_profile, uses_of};

const BINARY: &str = "update-profile";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(update_profile(s, r)))).await
}
