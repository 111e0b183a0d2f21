//! Lambda binary for the route template.yaml maps to `subscribe`.

use sofia_core::handlers::{Handler, run_lambda, subscribe};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("subscribe", |s, r| Box::pin(subscribe(s, r)))).await
}
