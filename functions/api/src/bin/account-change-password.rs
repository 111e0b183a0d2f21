//! Lambda binary for the route template.yaml maps to `account-change-password`.

use sofia_core::handlers::{Handler, change_password, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-change-password", |s, r| Box::pin(change_password(s, r)))).await
}
