//! Lambda binary for the route template.yaml maps to `get-feed`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    sofia_core::handlers::run_lambda(env!("CARGO_BIN_NAME")).await
}
