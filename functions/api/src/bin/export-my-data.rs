//! Lambda binary for the route template.yaml maps to `export-my-data`.

use sofia_core::handlers::{Handler, export_my_data, run_lambda, uses_of};

const BINARY: &str = "export-my-data";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(export_my_data(s, r)))).await
}
