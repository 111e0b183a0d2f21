//! Lambda binary for the route template.yaml maps to `staff-assign`.

use sofia_core::handlers::{Handler, assign, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-assign", |s, r| Box::pin(assign(s, r)))).await
}
