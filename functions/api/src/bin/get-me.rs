//! Lambda binary for the route template.yaml maps to `get-me`.

use sofia_core::handlers::{Handler, get_me, run_lambda, uses_of};

const BINARY: &str = "get-me";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(get_me(s, r)))).await
}
