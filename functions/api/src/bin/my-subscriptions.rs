//! Lambda binary for the route template.yaml maps to `my-subscriptions`.

use sofia_core::handlers::{Handler, my_subscriptions, run_lambda, uses_of};

const BINARY: &str = "my-subscriptions";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(my_subscriptions(s, r)))).await
}
