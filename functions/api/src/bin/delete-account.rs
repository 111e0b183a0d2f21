//! Lambda binary for the route template.yaml maps to `delete-account`.

use sofia_core::handlers::{Handler, delete_account, run_lambda, uses_of};

const BINARY: &str = "delete-account";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(delete_account(s, r)))).await
}
