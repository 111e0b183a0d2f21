//! Lambda binary for the route template.yaml maps to `account-logout`.

use sofia_core::handlers::{Handler, logout, run_lambda, uses_of};

const BINARY: &str = "account-logout";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(logout(s, r)))).await
}
