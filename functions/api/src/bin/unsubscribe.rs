//! Lambda binary for the route template.yaml maps to `unsubscribe`.

use sofia_core::handlers::{Handler, run_lambda, unsubscribe};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("unsubscribe", |s, r| Box::pin(unsubscribe(s, r)))).await
}
