//! Lambda binary for the route template.yaml maps to `get-catalogue`.

use sofia_core::handlers::{Handler, get_catalogue, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("get-catalogue", |s, r| Box::pin(get_catalogue(s, r)))).await
}
