//! Lambda binary for the route template.yaml maps to `staff-moderate`.

use sofia_core::handlers::{Handler, moderate, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-moderate", |s, r| Box::pin(moderate(s, r)))).await
}
