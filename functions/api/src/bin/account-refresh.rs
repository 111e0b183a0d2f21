//! Lambda binary for the route template.yaml maps to `account-refresh`.

use sofia_core::handlers::{Handler, refresh, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-refresh", |s, r| Box::pin(refresh(s, r)))).await
}
