//! Lambda binary for the route template.yaml maps to `create-signal`.

use sofia_core::handlers::{Handler, create_signal, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("create-signal", |s, r| Box::pin(create_signal(s, r)))).await
}
