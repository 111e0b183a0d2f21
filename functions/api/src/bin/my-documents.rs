//! Lambda binary for the route template.yaml maps to `my-documents`.

use sofia_core::handlers::{Handler, my_documents, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("my-documents", |s, r| Box::pin(my_documents(s, r)))).await
}
