//! Lambda binary for the route template.yaml maps to `export-my-data`.

use sofia_core::handlers::{Handler, export_my_data, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("export-my-data", |s, r| Box::pin(export_my_data(s, r)))).await
}
