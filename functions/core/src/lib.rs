//! The Sofia Contact Center: domain (pure), ports (traits), AWS adapters and the HTTP/stream glue.
//!
//! Lambda binaries in `functions/api` and `functions/notify` are a few lines around the handlers here;
//! the local stack in `infra/local` calls the very same handlers with the same event types.

#[cfg(feature = "aws")]
pub mod adapters;
pub mod config;
pub mod domain;
#[cfg(feature = "aws")]
pub mod handlers;
#[cfg(feature = "aws")]
pub mod http;
#[cfg(feature = "aws")]
pub mod notify;
pub mod photo;
pub mod ports;
#[cfg(feature = "aws")]
pub mod services;

pub use config::Config;
#[cfg(feature = "aws")]
pub use services::{AwsClients, Services};

/// JSON logs for CloudWatch, level from `RUST_LOG` (default `info`). Safe to call more than once.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().json().with_env_filter(filter).without_time().try_init();
}
