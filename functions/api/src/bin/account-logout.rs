//! Lambda binary for the route template.yaml maps to `account-logout`.

use sofia_core::handlers::{Handler, logout, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-logout", |s, r| Box::pin(logout(s, r)))).await
}
