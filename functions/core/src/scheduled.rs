//! What every scheduled function shares: EventBridge Scheduler's input (the time the run was scheduled for) and a
//! Lambda main that builds the job's dependencies once and runs it per event.

use crate::wiring::{Dependency, Wiring};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::future::Future;

/// The scheduler's input: when the run was scheduled for (`<aws.scheduler.scheduled-time>`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScheduledRun {
    #[serde(default)]
    pub scheduled_time: Option<String>,
}

/// A job a schedule runs: its dependencies are the job itself, and a run takes the time it is for.
pub trait ScheduledJob: Dependency {
    type Report: std::fmt::Debug + Send;
    type Error: std::fmt::Display + Send;
    fn run(&self, at: Timestamp) -> impl Future<Output = Result<Self::Report, Self::Error>> + Send;
}

/// The Lambda binary's main: the job's dependencies built once, then one run per scheduled event. A failed run
/// fails the invocation, so the scheduler's retry policy runs it again.
pub async fn run_lambda<J: ScheduledJob>() -> Result<(), lambda_runtime::Error> {
    let job = &Wiring::start_instance(J::build).await?;
    lambda_runtime::run(lambda_runtime::service_fn(
        move |event: lambda_runtime::LambdaEvent<ScheduledRun>| async move {
            let at =
                event.payload.scheduled_time.as_deref().and_then(|t| t.parse().ok()).unwrap_or_else(Timestamp::now);
            match job.run(at).await {
                Ok(report) => {
                    tracing::info!(?report, "scheduled run done");
                    Ok(())
                }
                Err(error) => {
                    tracing::error!(error = %error, "scheduled run failed; the next run starts where it stopped");
                    Err(lambda_runtime::Error::from(error.to_string()))
                }
            }
        },
    ))
    .await
}
