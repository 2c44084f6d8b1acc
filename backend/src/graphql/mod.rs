//! The GraphQL layer: schema assembly and limits (`schema`, `limits`), HTTP and WebSocket
//! transport (`http`), connections and DataLoaders shared by the domains.

pub mod connection;
pub mod http;
pub mod limits;
pub mod loaders;
pub mod scalars;
pub mod schema;
pub mod subscription;

use async_graphql::Context;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// The application state from the schema data (an error, never a panic, if missing).
pub fn state<'a>(ctx: &Context<'a>) -> Result<&'a AppState, ApiError> {
    ctx.data::<std::sync::Arc<AppState>>()
        .map(|s| s.as_ref())
        .map_err(|_| ApiError::internal("schema data", anyhow::anyhow!("AppState missing")))
}

/// The caller attached to this request (anonymous when none was attached).
pub fn caller<'a>(ctx: &Context<'a>) -> Result<&'a Caller, ApiError> {
    ctx.data::<Caller>()
        .map_err(|_| ApiError::internal("request data", anyhow::anyhow!("Caller missing")))
}
