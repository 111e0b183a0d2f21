//! Lambda binary for the route template.yaml maps to `get-feed`.

use sofia_core::handlers::{Handler, get_feed, run_lambda, uses_of};

const BINARY: &str = "get-feed";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_feed(s, r)))).await
}
