//! Lambda binary for the route template.yaml maps to `staff-queue`.

use sofia_core::handlers::{Handler, queue, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-queue", |s, r| Box::pin(queue(s, r)))).await
}
