//! Lambda binary for the route template.yaml maps to `staff-queue-counts`.

use sofia_core::handlers::{Handler, queue_counts, run_lambda, uses_of};

const BINARY: &str = "staff-queue-counts";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(queue_counts(s, r)))).await
}
