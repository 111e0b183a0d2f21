//! Lambda binary for the route template.yaml maps to `account-forgot-password`.

use sofia_core::handlers::{Handler, forgot_password, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("account-forgot-password", |s, r| Box::pin(forgot_password(s, r)))).await
}
