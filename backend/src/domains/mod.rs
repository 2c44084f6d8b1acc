//! Business domains, one module each: model (tables), repo (SQL through `TenantScope`),
//! service (authorization and rules), graphql (the public types and roots).

pub mod accounts;
pub mod dossiers;
pub mod imports;
pub mod notifications;
pub mod payments;
pub mod procedures;
pub mod statistics;
pub mod tenants;
pub mod workflow;
