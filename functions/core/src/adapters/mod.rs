//! Adapters: the ports implemented on the AWS SDK, and in memory for unit tests.

pub mod api_keys;
pub mod cognito;
pub mod deliveries;
pub mod dynamo;
pub mod idempotency;
pub mod memory;
pub mod rate_limits;
pub mod records;
pub mod s3;
pub mod ses;
pub mod stats;
pub mod subscriptions;
pub mod templates;
