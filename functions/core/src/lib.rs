//! The Sofia Contact Center: domain (pure), ports (traits), AWS adapters and the HTTP/stream glue.
//!
//! Lambda binaries in `functions/api` and `functions/notify` are a few lines around the handlers here;
//! the local stack in `infra/local` calls the very same handlers with the same event types.

#[cfg(feature = "aws")]
pub mod adapters;
#[cfg(feature = "aws")]
pub mod change_mail;
pub mod config;
pub mod domain;
#[cfg(feature = "aws")]
pub mod escalation;
#[cfg(feature = "aws")]
pub mod export;
#[cfg(feature = "aws")]
pub mod handlers;
#[cfg(feature = "aws")]
pub mod http;
#[cfg(feature = "aws")]
pub mod notify;
pub mod photo;
pub mod ports;
#[cfg(feature = "aws")]
pub mod routes;
#[cfg(feature = "aws")]
pub mod scheduled;
#[cfg(feature = "aws")]
pub mod wiring;

pub use config::Config;

/// JSON logs for CloudWatch, levels from `RUST_LOG` (`info`, or `target=level,…`; default `info`). Safe to call
/// more than once. A `Targets` filter, not `EnvFilter`, which would link a regex engine into every function.
pub fn init_logging() {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO));
    let logs = tracing_subscriber::fmt::layer().json().without_time();
    let _ = tracing_subscriber::registry().with(logs.with_filter(filter)).try_init();
}
