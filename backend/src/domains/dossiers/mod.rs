//! Dossiers: listing and reading within the caller's tenants, with their timeline.

pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
pub mod status;
pub mod submit;
pub mod tracking;
