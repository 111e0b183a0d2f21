//! Lambda binary for the route template.yaml maps to `staff-moderate`.

use sofia_core::handlers::{Handler, moderate, run_lambda, uses_of};

const BINARY: &str = "staff-moderate";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(moderate(s, r)))).await
}
