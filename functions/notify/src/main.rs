//! Lambda binary for the table's DynamoDB stream (`stream-notify` in template.yaml).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    sofia_core::notify::run_lambda().await
}
