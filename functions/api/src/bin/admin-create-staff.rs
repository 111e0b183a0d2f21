//! Lambda binary for the route template.yaml maps to `admin-create-staff`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    sofia_core::handlers::run_lambda(sofia_core::handlers::create_staff_account).await
}
