//! Staff workflow (issue 5): dossier transitions decided by `shared::lifecycle` and applied in
//! one transaction (dossier, timeline, document, notification, audit entry), the staff work
//! queue, the generated documents and the per-tenant hash-chained audit log.

pub mod audit;
pub mod documents;
pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
