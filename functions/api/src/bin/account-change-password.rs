//! Lambda binary for the route template.yaml maps to `account-change-password`.

use sofia_core::handlers::{Handler, change_password, run_lambda, uses_of};

const BINARY: &str = "account-change-password";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(change_password(s, r)))).await
}
