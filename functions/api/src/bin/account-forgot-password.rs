//! Lambda binary for the route template.yaml maps to `account-forgot-password`.

use sofia_core::handlers::{Handler, forgot_password, run_lambda, uses_of};

const BINARY: &str = "account-forgot-password";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(forgot_password(s, r)))).await
}
