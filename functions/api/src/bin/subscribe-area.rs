//! Lambda binary for the route template.yaml maps to `subscribe-area`.

use sofia_core::handlers::{Handler, run_lambda, subscribe_area, uses_of};

const BINARY: &str = "subscribe-area";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(subscribe_area(s, r)))).await
}
