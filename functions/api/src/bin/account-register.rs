//! Lambda binary for the route template.yaml maps to `account-register`.

use sofia_core::handlers::{Handler, register, run_lambda, uses_of};

const BINARY: &str = "account-register";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(register(s, r)))).await
}
