//! Lambda binary for the route template.yaml maps to `admin-create-staff`.

use sofia_core::handlers::{Handler, create_staff_account, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("admin-create-staff", |s, r| Box::pin(create_staff_account(s, r)))).await
}
