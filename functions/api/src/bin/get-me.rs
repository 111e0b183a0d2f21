//! Lambda binary for the route template.yaml maps to `get-me`.

use sofia_core::handlers::{Handler, get_me, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("get-me", |s, r| Box::pin(get_me(s, r)))).await
}
