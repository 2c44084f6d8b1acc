//! Infrastructure with an in-process fallback: everything Redis does for motcua, written so
//! the service runs on one instance without Redis and keeps running (per instance) when
//! Redis goes away. Which variant to use is chosen once, in `startup.rs`.

/// Uploaded files on disk, written atomically.
pub mod file_store;

/// Counters and latency histograms, rendered for `GET /metrics`.
pub mod metrics;

/// Cross-instance events (dossier changes for subscriptions), with local delivery when
/// Redis is absent or down.
pub mod event_bus;

/// Token-bucket rate limiting, shared through Redis or held in memory.
pub mod rate_limit;

/// The shared Redis connection, its timeouts and its health flag.
pub mod redis_conn;
