//! Lambda binary for the route template.yaml maps to `account-login`.

use sofia_core::handlers::{Handler, login, run_lambda, uses_of};

const BINARY: &str = "account-login";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(login(s, r)))).await
}
