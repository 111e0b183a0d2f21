//! Lambda binary for the route template.yaml maps to `admin-save-template`.

use sofia_core::handlers::{Handler, run_lambda, save_template, uses_of};

const BINARY: &str = "admin-save-template";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(save_template(s, r)))).await
}
