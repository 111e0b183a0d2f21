//! Lambda binary for the route template.yaml maps to `get-profile`.

use sofia_core::handlers::{Handler, get_profile, run_lambda};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    run_lambda(Handler::new("get-profile", |s, r| Box::pin(get_profile(s, r)))).await
}
