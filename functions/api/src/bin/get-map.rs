//! Lambda binary for the route template.yaml maps to `get-map`.

use sofia_core::handlers::{Handler, get_map, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("get-map", |s, r| Box::pin(get_map(s, r)))).await
}
