//! Lambda binary for the route template.yaml maps to `staff-status`.

use sofia_core::handlers::{Handler, change_status, run_lambda, uses_of};

const BINARY: &str = "staff-status";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(change_status(s, r)))).await
}
