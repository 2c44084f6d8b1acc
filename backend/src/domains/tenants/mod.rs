//! The tenant tree: provinces, (historical) districts, communes/wards and agencies.

pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
