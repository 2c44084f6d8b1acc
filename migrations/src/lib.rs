//! motcua database migrations, in order. Every migration runs on SQLite and PostgreSQL and
//! branches on the backend only for PostgreSQL-only features (row-level security, roles).
//! An applied migration is never edited; a new one is written.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000002_dossier_days;
mod m20261123_000003_payments;
mod m20261123_000004_submissions;
mod m20261123_000005_workflow;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000002_dossier_days::Migration),
            Box::new(m20261123_000003_payments::Migration),
            Box::new(m20261123_000004_submissions::Migration),
            Box::new(m20261123_000005_workflow::Migration),
        ]
    }
}

/// The PostgreSQL role the application switches to so that row-level security applies.
pub const APP_ROLE: &str = "motcua_app";

/// Every table whose rows belong to one tenant and are guarded by row-level security on
/// PostgreSQL (each migration enables RLS on the tables it creates; the isolation test walks
/// this list).
pub const TENANT_OWNED_TABLES: &[&str] = &[
    "procedure_assignments",
    "dossiers",
    "dossier_events",
    "dossier_counters",
    "dossier_files",
    "outbox",
    "payments",
    "payment_reviews",
    "dossier_documents",
    "audit_log",
];
