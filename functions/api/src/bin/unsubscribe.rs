//! Lambda binary for the route template.yaml maps to `unsubscribe`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    sofia_core::handlers::run_lambda(sofia_core::handlers::unsubscribe).await
}
