//! The procedure catalogue and which procedures each tenant offers.

pub mod calendar;
pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
