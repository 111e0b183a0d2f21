//! Lambda binary for the route template.yaml maps to `open311-request`.

use sofia_core::handlers::{Handler, open311_request, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("open311-request", |s, r| Box::pin(open311_request(s, r)))).await
}
