//! SQL for the catalogue: global procedures, tenant-owned assignments (through `TenantScope`).

use sea_orm::sea_query::{Expr, Order};
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

/// Filters of a catalogue search.
#[derive(Clone, Debug, Default)]
pub struct SearchFilter {
    /// Folded words that must all appear in the search key.
    pub words: Vec<String>,
    /// Only this field (lĩnh vực).
    pub field: Option<String>,
    /// Only this online level (FULL, PARTIAL, NONE).
    pub online_level: Option<String>,
}

/// A page of procedures among `ids` matching the filter, best match first (the whole phrase at
/// the start of the name, then the phrase anywhere, then all words; shorter names first), then
/// by code; returns
/// (rows, total).
pub async fn search(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    filter: &SearchFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<procedure::Model>, u64), DbErr> {
    if ids.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut q =
        global::<procedure::Entity>().filter(procedure::Column::Id.is_in(ids.iter().copied()));
    for w in &filter.words {
        q = q.filter(procedure::Column::SearchKey.like(format!("%{}%", escape_like(w))));
    }
    if let Some(f) = &filter.field {
        q = q.filter(procedure::Column::Field.eq(f.clone()));
    }
    if let Some(l) = &filter.online_level {
        q = q.filter(procedure::Column::OnlineLevel.eq(l.clone()));
    }
    let total = q.clone().count(db).await?;
    if !filter.words.is_empty() {
        let phrase = escape_like(&filter.words.join(" "));
        // sea-query takes `$n` placeholders in custom SQL for PostgreSQL and `?` elsewhere.
        let sql = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "CASE WHEN search_key LIKE $1 THEN 0 WHEN search_key LIKE $2 THEN 1 ELSE 2 END"
            }
            _ => "CASE WHEN search_key LIKE ? THEN 0 WHEN search_key LIKE ? THEN 1 ELSE 2 END",
        };
        let rank = Expr::cust_with_values(sql, [format!("{phrase}%"), format!("%{phrase}%")]);
        q = q
            .order_by(rank, Order::Asc)
            .order_by(Expr::cust("LENGTH(name)"), Order::Asc);
    }
    let rows = q
        .order_by_asc(procedure::Column::Code)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// The distinct fields (lĩnh vực) among `ids`, for filter menus.
pub async fn fields(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<String>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<String> = global::<procedure::Entity>()
        .select_only()
        .column(procedure::Column::Field)
        .distinct()
        .filter(procedure::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(procedure::Column::Field)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows)
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
