//! SQL for the catalogue: global procedures, tenant-owned assignments (through `TenantScope`).

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::model::{assignment, procedure};
use crate::auth::TenantScope;
use crate::auth::scope::global;

/// Procedure ids enabled in the scope's tenants.
pub async fn enabled_ids(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
) -> Result<Vec<Uuid>, DbErr> {
    let rows = scope
        .select::<assignment::Entity>()
        .filter(assignment::Column::Enabled.eq(true))
        .all(db)
        .await?;
    let mut ids: Vec<Uuid> = rows.into_iter().map(|r| r.procedure_id).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// A page of procedures among `ids` whose folded search key contains every word of `words`,
/// ordered by code; returns (rows, total).
pub async fn search(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    words: &[String],
    offset: u64,
    limit: u64,
) -> Result<(Vec<procedure::Model>, u64), DbErr> {
    if ids.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut q =
        global::<procedure::Entity>().filter(procedure::Column::Id.is_in(ids.iter().copied()));
    for w in words {
        q = q.filter(procedure::Column::SearchKey.like(format!("%{}%", escape_like(w))));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_asc(procedure::Column::Code)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

fn escape_like(s: &str) -> String {
    s.replace(['%', '_', '\\'], "")
}

/// A procedure by national code.
pub async fn by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<procedure::Model>, DbErr> {
    global::<procedure::Entity>()
        .filter(procedure::Column::Code.eq(code))
        .one(db)
        .await
}

/// Procedures by ids.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<procedure::Model>, DbErr> {
    global::<procedure::Entity>()
        .filter(procedure::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}
