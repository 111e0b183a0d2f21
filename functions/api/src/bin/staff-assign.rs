//! Lambda binary for the route template.yaml maps to `staff-assign`.

use sofia_core::handlers::{Handler, assign, run_lambda, uses_of};

const BINARY: &str = "staff-assign";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(assign(s, r)))).await
}
