//! Lambda binary for the route template.yaml maps to `staff-reply`.

use sofia_core::handlers::{Handler, reply, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("staff-reply", |s, r| Box::pin(reply(s, r)))).await
}
