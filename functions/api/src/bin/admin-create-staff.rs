//! Lambda binary for the route template.yaml maps to `admin-create-staff`.

use sofia_core::handlers::{Handler, create_staff_account, run_lambda, uses_of};

const BINARY: &str = "admin-create-staff";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(create_staff_account(s, r)))).await
}
