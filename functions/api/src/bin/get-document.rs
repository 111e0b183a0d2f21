//! Lambda binary for the route template.yaml maps to `get-document`.

use sofia_core::handlers::{Handler, get_document, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("get-document", |s, r| Box::pin(get_document(s, r)))).await
}
