//! Lambda binary for the route template.yaml maps to `subscribe`.

use sofia_core::handlers::{Handler, run_lambda, subscribe, uses_of};

const BINARY: &str = "subscribe";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(subscribe(s, r)))).await
}
