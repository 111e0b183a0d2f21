//! Lambda binary for the route template.yaml maps to `create-question`.

use sofia_core::handlers::{Handler, create_question, run_lambda, uses_of};

const BINARY: &str = "create-question";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(create_question(s, r)))).await
}
