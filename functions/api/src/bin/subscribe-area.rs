//! Lambda binary for the route template.yaml maps to `subscribe-area`.

use sofia_core::handlers::{Handler, run_lambda, subscribe_area};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("subscribe-area", |s, r| Box::pin(subscribe_area(s, r)))).await
}
