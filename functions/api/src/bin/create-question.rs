//! Lambda binary for the route template.yaml maps to `create-question`.

use sofia_core::handlers::{Handler, create_question, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("create-question", |s, r| Box::pin(create_question(s, r)))).await
}
