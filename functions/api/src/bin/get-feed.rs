//! Lambda binary for the route template.yaml maps to `get-feed`.

use sofia_core::handlers::{Handler, get_feed, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("get-feed", |s, r| Box::pin(get_feed(s, r)))).await
}
