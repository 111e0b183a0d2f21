//! Lambda binary for the route template.yaml maps to `staff-duplicate`.

use sofia_core::handlers::{Handler, mark_duplicate, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-duplicate", |s, r| Box::pin(mark_duplicate(s, r)))).await
}
