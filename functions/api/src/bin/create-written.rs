//! Lambda binary for the route template.yaml maps to `create-written`.

use sofia_core::handlers::{Handler, create_written, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("create-written", |s, r| Box::pin(create_written(s, r)))).await
}
