//! Notifications: an outbox row is written in the same transaction as every status change; a
//! worker delivers it (email when configured, otherwise logged) and it stays readable in-app.

pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
