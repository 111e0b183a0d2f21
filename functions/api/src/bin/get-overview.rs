//! Lambda binary for the route template.yaml maps to `get-overview`.

use sofia_core::handlers::{Handler, get_overview, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("get-overview", |s, r| Box::pin(get_overview(s, r)))).await
}
