//! Lambda binary for the route template.yaml maps to `get-profile`.

use sofia_core::handlers::{Handler, get_profile, run_lambda, uses_of};

const BINARY: &str = "get-profile";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_profile(s, r)))).await
}
