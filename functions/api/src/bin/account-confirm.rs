//! Lambda binary for the route template.yaml maps to `account-confirm`.

use sofia_core::handlers::{Handler, confirm, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-confirm", |s, r| Box::pin(confirm(s, r)))).await
}
