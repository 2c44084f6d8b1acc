//! The Asia/Ho_Chi_Minh calendar dates of a dossier's three statistical instants:
//! `received_day`, `due_day`, `finished_day` (UTC+7 all year, no daylight saving time).
//! Statistics compare these plain `DATE`s, which behave the same on SQLite (ISO text) and
//! PostgreSQL (`DATE`), instead of converting instants in every query. Existing rows are
//! backfilled here; new rows get them from `dossier::vn_days` in the code that writes them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000002_dossier_days"
    }
}

/// (new column, instant it is the local date of).
const DAYS: [(&str, &str); 3] = [
    ("received_day", "received_at"),
    ("due_day", "due_at"),
    ("finished_day", "finished_at"),
];

fn statements(backend: DbBackend) -> Vec<String> {
    let pg = backend == DbBackend::Postgres;
    let mut out = Vec::new();
    if pg {
        // RLS is forced on `dossiers`, which binds the table owner too: without a tenant
        // setting the backfill would see no rows. Lift it for this (transactional) migration.
        out.push("ALTER TABLE dossiers NO FORCE ROW LEVEL SECURITY".to_string());
    }
    for (day, instant) in DAYS {
        // SQLite keeps dates as `YYYY-MM-DD` text, which is what sea-orm writes for `Date`.
        let ty = if pg { "DATE" } else { "TEXT" };
        out.push(format!("ALTER TABLE dossiers ADD COLUMN {day} {ty} NULL"));
        // Shift to UTC+7 first, then take the date. SQLite's date() reads the RFC 3339 text
        // sea-orm stores (offset included) and applies the '+7 hours' modifier in UTC.
        let local_date = if pg {
            format!("CAST(({instant} AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)")
        } else {
            format!("date({instant}, '+7 hours')")
        };
        out.push(format!(
            "UPDATE dossiers SET {day} = {local_date} WHERE {instant} IS NOT NULL"
        ));
    }
    if pg {
        out.push("ALTER TABLE dossiers FORCE ROW LEVEL SECURITY".to_string());
    }
    out.push(
        "CREATE INDEX dossiers_tenant_received_day ON dossiers (tenant_id, received_day)"
            .to_string(),
    );
    out.push(
        "CREATE INDEX dossiers_tenant_finished_day ON dossiers (tenant_id, finished_day)"
            .to_string(),
    );
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in statements(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
