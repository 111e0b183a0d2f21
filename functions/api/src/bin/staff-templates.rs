//! Lambda binary for the route template.yaml maps to `staff-templates`.

use sofia_core::handlers::{Handler, list_templates, run_lambda, uses_of};

const BINARY: &str = "staff-templates";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(list_templates(s, r)))).await
}
