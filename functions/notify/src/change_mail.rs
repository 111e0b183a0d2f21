//! Lambda binary for the mail of gathered changes (`scheduled-change-mail` in template.yaml).

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    sofia_core::scheduled::run_lambda::<sofia_core::change_mail::ChangeMail>().await
}
