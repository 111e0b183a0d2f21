//! Lambda binary for the route template.yaml maps to `staff-queue`.

use sofia_core::handlers::{Handler, queue, run_lambda, uses_of};

const BINARY: &str = "staff-queue";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(queue(s, r)))).await
}
