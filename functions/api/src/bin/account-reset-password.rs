//! Lambda binary for the route template.yaml maps to `account-reset-password`.

use sofia_core::handlers::{Handler, reset_password, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-reset-password", |s, r| Box::pin(reset_password(s, r)))).await
}
