//! Lambda binary for the route template.yaml maps to `staff-templates`.

use sofia_core::handlers::{Handler, list_templates, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-templates", |s, r| Box::pin(list_templates(s, r)))).await
}
