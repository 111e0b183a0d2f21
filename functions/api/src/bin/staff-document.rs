//! Lambda binary for the route template.yaml maps to `staff-document`.

use sofia_core::handlers::{Handler, run_lambda, staff_document, uses_of};

const BINARY: &str = "staff-document";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(staff_document(s, r)))).await
}
