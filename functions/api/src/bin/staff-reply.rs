//! Lambda binary for the route template.yaml maps to `staff-reply`.

use sofia_core::handlers::{Handler, reply, run_lambda, uses_of};

const BINARY: &str = "staff-reply";

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda::<{ uses_of(BINARY) }>(Handler::new(BINARY, |s, r| Box::pin(reply(s, r)))).await
}
