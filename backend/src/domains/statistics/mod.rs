//! Public statistics of a unit and its subtree over a period (CONTRACT "Statistics",
//! DOMAIN §6.1): headline counts and rates, and breakdowns by procedure, field, channel and
//! month, all aggregated by the database from the stored Asia/Ho_Chi_Minh days.

pub mod graphql;
pub mod repo;
pub mod service;
