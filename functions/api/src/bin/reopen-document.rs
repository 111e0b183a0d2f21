//! Lambda binary for the route template.yaml maps to `reopen-document`.

use sofia_core::handlers::{Handler, reopen, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("reopen-document", |s, r| Box::pin(reopen(s, r)))).await
}
