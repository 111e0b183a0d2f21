//! Lambda binary for the route template.yaml maps to `unsubscribe-area`.

use sofia_core::handlers::{Handler, run_lambda, unsubscribe_area, uses_of};

const BINARY: &str = "unsubscribe-area";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(unsubscribe_area(s, r)))).await
}
