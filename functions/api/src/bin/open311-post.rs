//! Lambda binary for the route template.yaml maps to `open311-post`.

use sofia_core::handlers::{Handler, open311_post, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("open311-post", |s, r| Box::pin(open311_post(s, r)))).await
}
