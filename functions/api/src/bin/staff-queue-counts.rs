//! Lambda binary for the route template.yaml maps to `staff-queue-counts`.

use sofia_core::handlers::{Handler, queue_counts, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-queue-counts", |s, r| Box::pin(queue_counts(s, r)))).await
}
