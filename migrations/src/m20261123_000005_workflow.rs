//! Staff workflow: the dossier columns the state machine and the clock need (assignment, step,
//! the open supplement pause, paused working time, supplement count, result code, return
//! channel and postal tracking number), the documents each transition produces
//! (`dossier_documents`) and the per-tenant hash-chained audit log (`audit_log`).
//!
//! `audit_log` is append-only: on PostgreSQL the application role may only SELECT and INSERT
//! it; on SQLite triggers refuse UPDATE and DELETE. Tampering by someone who owns the database
//! is what the hash chain and `motcua audit verify` detect.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::APP_ROLE;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000005_workflow"
    }
}

fn statements(backend: DbBackend) -> Vec<String> {
    let pg = backend == DbBackend::Postgres;
    let (ts, uuid) = if pg {
        ("TIMESTAMPTZ", "UUID")
    } else {
        ("TEXT", "BLOB")
    };
    let mut sql: Vec<String> = [
        format!("ALTER TABLE dossiers ADD COLUMN assigned_to {uuid} NULL"),
        "ALTER TABLE dossiers ADD COLUMN current_step TEXT NULL".to_string(),
        format!("ALTER TABLE dossiers ADD COLUMN pause_started_at {ts} NULL"),
        "ALTER TABLE dossiers ADD COLUMN paused_seconds BIGINT NOT NULL DEFAULT 0".to_string(),
        "ALTER TABLE dossiers ADD COLUMN supplement_count INTEGER NOT NULL DEFAULT 0".to_string(),
        "ALTER TABLE dossiers ADD COLUMN result_code TEXT NULL".to_string(),
        "ALTER TABLE dossiers ADD COLUMN return_channel TEXT NULL".to_string(),
        "ALTER TABLE dossiers ADD COLUMN postal_tracking_number TEXT NULL".to_string(),
        // The work queue: per assignee, and by due date within the open statuses.
        "CREATE INDEX dossiers_tenant_assigned ON dossiers (tenant_id, assigned_to, status)"
            .to_string(),
        "CREATE INDEX dossiers_tenant_status_due ON dossiers (tenant_id, status, due_at)"
            .to_string(),
        "CREATE UNIQUE INDEX dossiers_result_code ON dossiers (result_code)".to_string(),
        format!(
            "CREATE TABLE dossier_documents (
                tenant_id BIGINT NOT NULL REFERENCES tenants(id),
                id {uuid} NOT NULL,
                dossier_id {uuid} NOT NULL,
                event_id {uuid} NULL,
                kind TEXT NOT NULL,
                number TEXT NOT NULL,
                title TEXT NOT NULL,
                content_type TEXT NOT NULL,
                body TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                created_at {ts} NOT NULL,
                created_by {uuid} NULL,
                PRIMARY KEY (tenant_id, id)
            )"
        ),
        "CREATE INDEX dossier_documents_dossier ON dossier_documents (tenant_id, dossier_id, created_at)"
            .to_string(),
        "CREATE UNIQUE INDEX dossier_documents_number ON dossier_documents (tenant_id, number)"
            .to_string(),
        format!(
            "CREATE TABLE audit_log (
                tenant_id BIGINT NOT NULL REFERENCES tenants(id),
                seq BIGINT NOT NULL,
                at {ts} NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                dossier_id {uuid} NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (tenant_id, seq)
            )"
        ),
    ]
    .into();
    if pg {
        for table in ["dossier_documents", "audit_log"] {
            sql.push(format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"));
            sql.push(format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"));
            sql.push(format!(
                "CREATE POLICY tenant_isolation ON {table}
                 USING (motcua_tenant_visible(tenant_id))
                 WITH CHECK (motcua_tenant_visible(tenant_id))"
            ));
        }
        // Default privileges granted UPDATE and DELETE on new tables; the log is append-only.
        sql.push(format!(
            "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {APP_ROLE}"
        ));
    } else {
        for op in ["UPDATE", "DELETE"] {
            sql.push(format!(
                "CREATE TRIGGER audit_log_no_{op} BEFORE {op} ON audit_log
                 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                op = op.to_lowercase()
            ));
        }
    }
    sql
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for s in statements(manager.get_database_backend()) {
            db.execute_unprepared(&s).await?;
        }
        Ok(())
    }
}
