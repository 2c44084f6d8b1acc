//! Integration tests: a real server on port 0 with a fresh database per test, driven through
//! the public HTTP/GraphQL API. SQLite by default; PostgreSQL (and Redis) when
//! `MOTCUA_TEST_DATABASE_URL` (and `MOTCUA_TEST_REDIS_URL`) are set — the README test command
//! runs the suite once per backend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod catalogue;
mod config_cli;
mod health;
mod helpers;
mod imports;
mod limits;
mod payments;
mod schema;
mod statistics;
mod submissions;
mod tenancy;
mod workflow;
