//! Lambda binary for the morning escalation run (`scheduled-escalation` in template.yaml).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    sofia_core::scheduled::run_lambda::<sofia_core::escalation::Escalator>().await
}
