//! Lambda binary for the route template.yaml maps to `delete-account`.

use sofia_core::handlers::{Handler, delete_account, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("delete-account", |s, r| Box::pin(delete_account(s, r)))).await
}
