//! Online payments (DOMAIN §7): one row per payment request of a dossier (`payments`), the
//! global reference → tenant map that lets a provider webhook find the tenant before any
//! tenant scope exists (`payment_references`, no personal data), the idempotency and audit
//! record of every webhook notification (`payment_notifications`), and the queue of
//! notifications that did not match exactly (`payment_reviews`). `payments` and
//! `payment_reviews` are tenant-owned and guarded by row-level security on PostgreSQL.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000003_payments"
    }
}

/// The tenant-owned tables this migration creates (frozen: later migrations add their own).
const TENANT_OWNED: &[&str] = &["payments", "payment_reviews"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let pg = manager.get_database_backend() == DbBackend::Postgres;
        let (ts, uuid) = if pg {
            ("TIMESTAMPTZ", "UUID")
        } else {
            ("TEXT", "BLOB")
        };
        let mut sql = vec![
            format!(
                "CREATE TABLE payments (
                    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
                    id {uuid} NOT NULL,
                    dossier_id {uuid} NOT NULL,
                    reference TEXT NOT NULL,
                    amount_vnd BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    bank_bin TEXT NOT NULL,
                    bank_account TEXT NOT NULL,
                    account_name TEXT NOT NULL,
                    provider TEXT NULL,
                    provider_txn_id TEXT NULL,
                    created_by {uuid} NULL,
                    created_at {ts} NOT NULL,
                    expires_at {ts} NOT NULL,
                    paid_at {ts} NULL,
                    PRIMARY KEY (tenant_id, id)
                )"
            ),
            "CREATE UNIQUE INDEX payments_reference ON payments (reference)".to_string(),
            "CREATE INDEX payments_tenant_dossier ON payments (tenant_id, dossier_id, created_at)"
                .to_string(),
            format!(
                "CREATE TABLE payment_references (
                    reference TEXT NOT NULL PRIMARY KEY,
                    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
                    created_at {ts} NOT NULL
                )"
            ),
            format!(
                "CREATE TABLE payment_notifications (
                    provider TEXT NOT NULL,
                    provider_txn_id TEXT NOT NULL,
                    tenant_id BIGINT NULL REFERENCES tenants(id),
                    reference TEXT NOT NULL,
                    amount_vnd BIGINT NOT NULL,
                    received_at {ts} NOT NULL,
                    payload_sha256 TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    PRIMARY KEY (provider, provider_txn_id)
                )"
            ),
            "CREATE INDEX payment_notifications_received ON payment_notifications (received_at)"
                .to_string(),
            format!(
                "CREATE TABLE payment_reviews (
                    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
                    id {uuid} NOT NULL,
                    payment_id {uuid} NOT NULL,
                    dossier_id {uuid} NOT NULL,
                    reference TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    expected_vnd BIGINT NOT NULL,
                    received_vnd BIGINT NOT NULL,
                    provider TEXT NOT NULL,
                    provider_txn_id TEXT NOT NULL,
                    paid_at {ts} NOT NULL,
                    created_at {ts} NOT NULL,
                    resolved_at {ts} NULL,
                    resolved_by {uuid} NULL,
                    accepted BOOLEAN NULL,
                    note TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, id)
                )"
            ),
            "CREATE INDEX payment_reviews_tenant_created ON payment_reviews (tenant_id, created_at, id)"
                .to_string(),
        ];
        if pg {
            for table in TENANT_OWNED {
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
