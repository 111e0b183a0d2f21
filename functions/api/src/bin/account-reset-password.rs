//! Lambda binary for the route template.yaml maps to `account-reset-password`.

use sofia_core::handlers::{Handler, reset_password, run_lambda, uses_of};

const BINARY: &str = "account-reset-password";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(reset_password(s, r)))).await
}
