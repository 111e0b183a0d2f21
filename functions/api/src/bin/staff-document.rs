//! Lambda binary for the route template.yaml maps to `staff-document`.

use sofia_core::handlers::{Handler, run_lambda, staff_document};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-document", |s, r| Box::pin(staff_document(s, r)))).await
}
