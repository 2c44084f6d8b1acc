//! The procedure catalogue and which procedures each tenant offers.

pub mod graphql;
pub mod model;
pub mod repo;
