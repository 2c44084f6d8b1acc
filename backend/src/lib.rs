//! motcua backend: the one-stop administrative-procedure service as a library, so the `motcua`
//! binary, the integration tests and future tools build the application the same way.

/// Who is calling, roles, tokens, passwords and tenant scoping.
pub mod auth;
/// Configuration (defaults → TOML → `MOTCUA_*`).
pub mod config;
/// Database connections and migrations.
pub mod db;
/// Business domains.
pub mod domains;
/// The API error table.
pub mod error;
/// GraphQL schema and transport.
pub mod graphql;
/// Health, metrics, web bundle.
pub mod http;
/// Redis-or-in-process infrastructure: rate limits, events, metrics registry.
pub mod infra;
/// The demo data set.
pub mod seed;
/// Build and run the server.
pub mod startup;
/// Shared state.
pub mod state;
/// Logging set-up.
pub mod telemetry;
