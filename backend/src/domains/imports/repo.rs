//! SQL of the historical import: which codes and procedures exist, and bulk inserts of
//! dossiers with their timeline events, imported procedures and their assignments.
//! Tenant-owned rows are written only for tenants inside the given scope (and, on PostgreSQL,
//! inside a transaction opened by that scope, so RLS checks them too).
//!
//! Two bulk paths, one per backend:
//! - SQLite: look up the batch's codes through the unique `(tenant_id, code)` index, then
//!   multi-row `INSERT … VALUES` (bounded by SQLite's 32,766 parameters).
//! - PostgreSQL: the whole batch travels as ONE JSON parameter, expanded server-side by
//!   `json_populate_recordset` with `ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`.
//!   Existing codes are found by the unique index itself, so the check cannot degrade into a
//!   scan while the table grows inside the import's transaction (the planner's statistics
//!   still describe the table as it was), and a few large messages replace thousands of
//!   parameters (COPY is not allowed under row-level security).

use std::collections::HashSet;

use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    IdenStatic, Iterable, QueryFilter, QuerySelect, Set, Statement,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::TenantScope;
use crate::auth::scope::global;
use crate::domains::dossiers::model::{dossier, event};
use crate::domains::procedures::model::{assignment, procedure};

/// Rows per batch on this backend: SQLite's parameter limit (38 columns × 500), PostgreSQL's
/// message size (a few MB of JSON).
pub fn batch_rows(backend: DbBackend) -> usize {
    match backend {
        DbBackend::Postgres => 5_000,
        _ => 500,
    }
}

/// Which of `codes` already name a dossier in the scope.
pub async fn existing_codes(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    codes: &[String],
) -> Result<HashSet<String>, DbErr> {
    if codes.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<String> = scope
        .select::<dossier::Entity>()
        .select_only()
        .column(dossier::Column::Code)
        .filter(dossier::Column::Code.is_in(codes.iter().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().collect())
}

/// (code, id) of the catalogue procedures among `codes`.
pub async fn procedure_ids(
    db: &impl ConnectionTrait,
    codes: &[String],
) -> Result<Vec<(String, Uuid)>, DbErr> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    global::<procedure::Entity>()
        .select_only()
        .column(procedure::Column::Code)
        .column(procedure::Column::Id)
        .filter(procedure::Column::Code.is_in(codes.iter().cloned()))
        .into_tuple()
        .all(db)
        .await
}

fn outside(what: &str) -> DbErr {
    DbErr::Custom(format!(
        "refusing to write a {what} outside the import's scope"
    ))
}

/// Inserts procedures created by an import and their (disabled) assignments to the tenant.
pub async fn insert_imported_procedures(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    procedures: Vec<procedure::ActiveModel>,
    assignments: Vec<assignment::ActiveModel>,
) -> Result<(), DbErr> {
    if procedures.is_empty() {
        return Ok(());
    }
    if assignments
        .iter()
        .any(|a| !matches!(&a.tenant_id, Set(t) if scope.contains(*t)))
    {
        return Err(outside("procedure assignment"));
    }
    procedure::Entity::insert_many(procedures)
        .exec_without_returning(db)
        .await?;
    assignment::Entity::insert_many(assignments)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Inserts the dossiers whose code is new in their tenant, each with its timeline event, and
/// returns the codes that already existed (nothing is written for those). Columns left
/// `NotSet` take the table's defaults.
pub async fn insert_new_dossiers(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    rows: Vec<(dossier::ActiveModel, event::ActiveModel)>,
) -> Result<Vec<String>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let in_scope = |t: Option<&i64>| t.is_some_and(|t| scope.contains(*t));
    if rows
        .iter()
        .any(|(d, e)| !in_scope(d.tenant_id.try_as_ref()) || !in_scope(e.tenant_id.try_as_ref()))
    {
        return Err(outside("dossier"));
    }
    match db.get_database_backend() {
        DbBackend::Postgres => insert_postgres(db, rows).await,
        _ => insert_values(db, scope, rows).await,
    }
}

fn code_of(d: &dossier::ActiveModel) -> String {
    d.code.try_as_ref().cloned().unwrap_or_default()
}

async fn insert_values(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    rows: Vec<(dossier::ActiveModel, event::ActiveModel)>,
) -> Result<Vec<String>, DbErr> {
    let codes: Vec<String> = rows.iter().map(|(d, _)| code_of(d)).collect();
    let existing = existing_codes(db, scope, &codes).await?;
    let (old, new): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|(d, _)| existing.contains(&code_of(d)));
    if !new.is_empty() {
        let (dossiers, events): (Vec<_>, Vec<_>) = new.into_iter().unzip();
        dossier::Entity::insert_many(dossiers)
            .exec_without_returning(db)
            .await?;
        event::Entity::insert_many(events)
            .exec_without_returning(db)
            .await?;
    }
    Ok(old.iter().map(|(d, _)| code_of(d)).collect())
}

async fn insert_postgres(
    db: &impl ConnectionTrait,
    rows: Vec<(dossier::ActiveModel, event::ActiveModel)>,
) -> Result<Vec<String>, DbErr> {
    let (columns, dossiers) = json_rows(rows.iter().map(|(d, _)| d))?;
    let inserted: HashSet<Uuid> = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!(
                "INSERT INTO dossiers ({columns}) SELECT {columns} \
                 FROM json_populate_recordset(NULL::dossiers, $1::json) \
                 ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id"
            ),
            [dossiers.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get::<Uuid>("", "id"))
        .collect::<Result<_, _>>()?;
    let (new, old): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|(d, _)| d.id.try_as_ref().is_some_and(|id| inserted.contains(id)));
    if !new.is_empty() {
        let (columns, events) = json_rows(new.iter().map(|(_, e)| e))?;
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!(
                "INSERT INTO dossier_events ({columns}) SELECT {columns} \
                 FROM json_populate_recordset(NULL::dossier_events, $1::json)"
            ),
            [events.into()],
        ))
        .await?;
    }
    Ok(old.iter().map(|(d, _)| code_of(d)).collect())
}

/// The set columns (quoted, comma-separated) and a JSON array of the rows keyed by column
/// name, for `json_populate_recordset`. Every row must set the same columns.
fn json_rows<'a, A: ActiveModelTrait + 'a>(
    rows: impl Iterator<Item = &'a A>,
) -> Result<(String, String), DbErr> {
    use sea_orm::sea_query::Value as V;
    let mut names: Option<Vec<&'static str>> = None;
    let mut out = Vec::new();
    for am in rows {
        let mut row = serde_json::Map::new();
        for col in <A::Entity as EntityTrait>::Column::iter() {
            let value = match am.get(col) {
                ActiveValue::Set(v) | ActiveValue::Unchanged(v) => v,
                ActiveValue::NotSet => continue,
            };
            let json = match value {
                V::Bool(b) => json!(b),
                V::Int(n) => json!(n),
                V::BigInt(n) => json!(n),
                V::String(s) => json!(s),
                V::Uuid(u) => json!(u),
                V::Json(j) => j.map_or(Value::Null, |j| *j),
                V::ChronoDate(d) => json!(d),
                V::ChronoDateTimeUtc(t) => json!(t),
                other => {
                    return Err(DbErr::Custom(format!(
                        "bulk import: column {} has an unsupported type {other:?}",
                        col.as_str()
                    )));
                }
            };
            row.insert(col.as_str().to_string(), json);
        }
        let these: Vec<&'static str> = <A::Entity as EntityTrait>::Column::iter()
            .map(|c| c.as_str())
            .filter(|c| row.contains_key(*c))
            .collect();
        match &names {
            None => names = Some(these),
            Some(n) if *n == these => {}
            Some(_) => {
                return Err(DbErr::Custom(
                    "bulk import: rows set different columns".into(),
                ));
            }
        }
        out.push(Value::Object(row));
    }
    let columns = names
        .unwrap_or_default()
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Ok((columns, Value::Array(out).to_string()))
}
