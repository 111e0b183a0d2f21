//! Lambda binary for the route template.yaml maps to `account-login`.

use sofia_core::handlers::{Handler, login, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-login", |s, r| Box::pin(login(s, r)))).await
}
