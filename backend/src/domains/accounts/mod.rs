//! Accounts: registration, sign-in, token rotation, sign-out, and staff account creation.

pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
