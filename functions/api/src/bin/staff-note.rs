//! Lambda binary for the route template.yaml maps to `staff-note`.

use sofia_core::handlers::{Handler, internal_note, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-note", |s, r| Box::pin(internal_note(s, r)))).await
}
