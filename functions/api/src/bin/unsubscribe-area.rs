//! Lambda binary for the route template.yaml maps to `unsubscribe-area`.

use sofia_core::handlers::{Handler, run_lambda, unsubscribe_area};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("unsubscribe-area", |s, r| Box::pin(unsubscribe_area(s, r)))).await
}
