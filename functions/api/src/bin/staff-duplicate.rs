//! Lambda binary for the route template.yaml maps to `staff-duplicate`.

use sofia_core::handlers::{Handler, mark_duplicate, run_lambda, uses_of};

const BINARY: &str = "staff-duplicate";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(mark_duplicate(s, r)))).await
}
