//! Lambda binary for the nightly open-data export (`scheduled-open-data` in template.yaml).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    sofia_core::scheduled::run_lambda::<sofia_core::export::Exporter>().await
}
