//! Lambda binary for the route template.yaml maps to `admin-issue-api-key`.

use sofia_core::handlers::{Handler, issue_api_key, run_lambda, uses_of};

const BINARY: &str = "admin-issue-api-key";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(issue_api_key(s, r)))).await
}
