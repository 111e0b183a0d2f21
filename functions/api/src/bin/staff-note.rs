//! Lambda binary for the route template.yaml maps to `staff-note`.

use sofia_core::handlers::{Handler, internal_note, run_lambda, uses_of};

const BINARY: &str = "staff-note";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(internal_note(s, r)))).await
}
