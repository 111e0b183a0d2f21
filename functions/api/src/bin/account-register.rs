//! Lambda binary for the route template.yaml maps to `account-register`.

use sofia_core::handlers::{Handler, register, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-register", |s, r| Box::pin(register(s, r)))).await
}
