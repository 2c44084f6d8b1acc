//! Everything a request needs, built once in `startup` and shared (Arc) by handlers and the schema.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::domains::procedures::calendar::CalendarStore;
use crate::domains::tenants::service::TenantDirectory;
use crate::infra::event_bus::EventBus;
use crate::infra::file_store::FileStore;
use crate::infra::metrics::Metrics;
use crate::infra::rate_limit::RateLimiter;
use crate::infra::redis_conn::RedisHandle;

/// Shared application state.
pub struct AppState {
    /// Configuration as loaded.
    pub config: Config,
    /// The application pool (on PostgreSQL: the RLS-bound role).
    pub db: DatabaseConnection,
    /// The tenant tree.
    pub tenants: TenantDirectory,
    /// Access-token keys.
    pub keys: TokenKeys,
    /// Rate limiter (Redis or in-process).
    pub limiter: RateLimiter,
    /// Event bus (Redis pub/sub or in-process).
    pub bus: EventBus,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
    /// Redis, when configured.
    pub redis: Option<RedisHandle>,
    /// The national working calendar.
    pub calendar: CalendarStore,
    /// Uploaded files.
    pub files: FileStore,
    /// Key deriving tracking secrets from dossier ids.
    pub tracking_key: Vec<u8>,
    /// Payment providers whose webhooks are accepted, with their secrets.
    pub payment_providers: crate::domains::payments::webhook::PaymentProviders,
    /// A valid argon2id hash of a random password, verified for unknown accounts.
    pub dummy_hash: String,
}
