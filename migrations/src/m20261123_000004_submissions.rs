//! Online submission: the files attached to dossiers (`dossier_files`) and the notification
//! outbox (`outbox`), written in the same transaction as the change it announces. Both are
//! tenant-owned and guarded by row-level security on PostgreSQL.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000004_submissions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let pg = manager.get_database_backend() == DbBackend::Postgres;
        let (ts, uuid, json) = if pg {
            ("TIMESTAMPTZ", "UUID", "JSONB")
        } else {
            ("TEXT", "BLOB", "TEXT")
        };
        let mut sql = vec![
            format!(
                "CREATE TABLE dossier_files (
                    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
                    id {uuid} NOT NULL,
                    dossier_id {uuid} NOT NULL,
                    component TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size_bytes BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    storage_key TEXT NOT NULL,
                    uploaded_by {uuid} NULL,
                    created_at {ts} NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )"
            ),
            "CREATE INDEX dossier_files_dossier ON dossier_files (tenant_id, dossier_id)"
                .to_string(),
            format!(
                "CREATE TABLE outbox (
                    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
                    id {uuid} NOT NULL,
                    kind TEXT NOT NULL,
                    recipient_user_id {uuid} NULL,
                    recipient_email TEXT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    payload {json} NOT NULL,
                    created_at {ts} NOT NULL,
                    attempts INTEGER NOT NULL,
                    next_attempt_at {ts} NOT NULL,
                    delivered_at {ts} NULL,
                    last_error TEXT NULL,
                    read_at {ts} NULL,
                    PRIMARY KEY (tenant_id, id)
                )"
            ),
            "CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL"
                .to_string(),
            "CREATE INDEX outbox_recipient ON outbox (recipient_user_id, created_at)".to_string(),
        ];
        if pg {
            for table in ["dossier_files", "outbox"] {
                sql.push(format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"));
                sql.push(format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"));
                sql.push(format!(
                    "CREATE POLICY tenant_isolation ON {table}
                     USING (motcua_tenant_visible(tenant_id))
                     WITH CHECK (motcua_tenant_visible(tenant_id))"
                ));
            }
        }
        for s in sql {
            db.execute_unprepared(&s).await?;
        }
        Ok(())
    }
}
