//! Lambda binary for the route template.yaml maps to `staff-status`.

use sofia_core::handlers::{Handler, change_status, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-status", |s, r| Box::pin(change_status(s, r)))).await
}
