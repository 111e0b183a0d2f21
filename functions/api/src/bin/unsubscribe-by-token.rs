//! Lambda binary for the route template.yaml maps to `unsubscribe-by-token`.

use sofia_core::handlers::{Handler, run_lambda, unsubscribe_by_token};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("unsubscribe-by-token", |s, r| Box::pin(unsubscribe_by_token(s, r)))).await
}
