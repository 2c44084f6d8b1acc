//! SQL for the workflow: the version-guarded dossier update, timeline steps, documents, the
//! audit chain and the work queue. Tenant-owned tables only through `TenantScope`.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, IntoActiveModel,
    Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use super::model::{audit_entry, document};
use crate::auth::TenantScope;
use crate::domains::dossiers::model::{dossier, event};

/// Writes the workflow columns of `new` when the stored version is still `expected`; returns
/// whether it did (false: someone else changed the dossier first).
pub async fn update_dossier_if_version(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    new: &dossier::Model,
    expected: i32,
) -> Result<bool, DbErr> {
    use dossier::Column as C;
    let res = scope
        .update_many::<dossier::Entity>()
        .col_expr(C::Status, Expr::value(new.status.clone()))
        .col_expr(C::CurrentStep, Expr::value(new.current_step.clone()))
        .col_expr(C::AssignedTo, Expr::value(new.assigned_to))
        .col_expr(C::HandledByTenantId, Expr::value(new.handled_by_tenant_id))
        .col_expr(C::ReceivedAt, Expr::value(new.received_at))
        .col_expr(C::DueAt, Expr::value(new.due_at))
        .col_expr(C::DueAtOriginal, Expr::value(new.due_at_original))
        .col_expr(C::RescheduledTo, Expr::value(new.rescheduled_to))
        .col_expr(C::FinishedAt, Expr::value(new.finished_at))
        .col_expr(C::ReceivedDay, Expr::value(new.received_day))
        .col_expr(C::DueDay, Expr::value(new.due_day))
        .col_expr(C::FinishedDay, Expr::value(new.finished_day))
        .col_expr(C::ReturnedAt, Expr::value(new.returned_at))
        .col_expr(C::ReturnedByPost, Expr::value(new.returned_by_post))
        .col_expr(C::PauseStartedAt, Expr::value(new.pause_started_at))
        .col_expr(C::PausedSeconds, Expr::value(new.paused_seconds))
        .col_expr(C::SupplementCount, Expr::value(new.supplement_count))
        .col_expr(C::ResultCode, Expr::value(new.result_code.clone()))
        .col_expr(C::ReturnChannel, Expr::value(new.return_channel.clone()))
        .col_expr(
            C::PostalTrackingNumber,
            Expr::value(new.postal_tracking_number.clone()),
        )
        .col_expr(C::Version, Expr::value(new.version))
        .col_expr(C::UpdatedAt, Expr::value(new.updated_at))
        .filter(C::Id.eq(new.id))
        .filter(C::Version.eq(expected))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Appends a timeline step.
pub async fn insert_event(db: &impl ConnectionTrait, row: event::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(db).await?;
    Ok(())
}

/// How many documents of `kind` the dossier has (numbers the next one).
pub async fn count_documents(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
    kind: &str,
) -> Result<u64, DbErr> {
    scope
        .select::<document::Entity>()
        .filter(document::Column::DossierId.eq(dossier_id))
        .filter(document::Column::Kind.eq(kind))
        .count(db)
        .await
}

/// Stores a generated document.
pub async fn insert_document(db: &impl ConnectionTrait, row: document::Model) -> Result<(), DbErr> {
    row.into_active_model().insert(db).await?;
    Ok(())
}

/// A dossier's documents, oldest first.
pub async fn documents(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
) -> Result<Vec<document::Model>, DbErr> {
    scope
        .select::<document::Entity>()
        .filter(document::Column::DossierId.eq(dossier_id))
        .order_by_asc(document::Column::CreatedAt)
        .order_by_asc(document::Column::Id)
        .all(db)
        .await
}

/// Advisory-lock namespace of the audit chains ("MCAU").
const AUDIT_LOCK_NAMESPACE: i32 = 0x4d43_4155;

/// Serialises appends to one tenant's audit chain until the transaction ends. PostgreSQL: a
/// transaction-scoped advisory lock keyed by the tenant (works before the first entry exists,
/// unlike `SELECT … FOR UPDATE` on the last row). SQLite: writers already hold the database
/// write lock (`TenantScope::begin_write`), so nothing to do.
pub async fn lock_audit_chain(db: &impl ConnectionTrait, tenant_id: i64) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        let key = i32::try_from(tenant_id.rem_euclid(i64::from(i32::MAX))).unwrap_or(0);
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, $2)",
            [AUDIT_LOCK_NAMESPACE.into(), key.into()],
        ))
        .await?;
    }
    Ok(())
}

/// The newest entry of the (single-tenant) scope's chain.
pub async fn last_audit_entry(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
) -> Result<Option<audit_entry::Model>, DbErr> {
    scope
        .select::<audit_entry::Entity>()
        .order_by_desc(audit_entry::Column::Seq)
        .one(db)
        .await
}

/// Appends an audit entry.
pub async fn insert_audit_entry(
    db: &impl ConnectionTrait,
    row: audit_entry::Model,
) -> Result<(), DbErr> {
    row.into_active_model().insert(db).await?;
    Ok(())
}

/// Up to `limit` entries after `after_seq`, in order.
pub async fn audit_page(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    after_seq: i64,
    limit: u64,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    scope
        .select::<audit_entry::Entity>()
        .filter(audit_entry::Column::Seq.gt(after_seq))
        .order_by_asc(audit_entry::Column::Seq)
        .limit(limit)
        .all(db)
        .await
}

/// A dossier's audit entries, in order (tests and the dossier view).
pub async fn audit_of_dossier(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    scope
        .select::<audit_entry::Entity>()
        .filter(audit_entry::Column::DossierId.eq(dossier_id))
        .order_by_asc(audit_entry::Column::TenantId)
        .order_by_asc(audit_entry::Column::Seq)
        .all(db)
        .await
}

/// Statuses that need someone's action: the work queue.
pub const OPEN_STATUSES: [&str; 6] = [
    "SUBMITTED",
    "RECEIVED",
    "IN_PROGRESS",
    "SUPPLEMENT_REQUESTED",
    "AWAITING_PAYMENT",
    "RESOLVED",
];
/// Open statuses whose clock runs (can be overdue).
const RUNNING_STATUSES: [&str; 3] = ["RECEIVED", "IN_PROGRESS", "AWAITING_PAYMENT"];
/// Waiting for the citizen (supplement or payment).
const WAITING_STATUSES: [&str; 2] = ["SUPPLEMENT_REQUESTED", "AWAITING_PAYMENT"];

/// Work-queue filters (all that are set must hold).
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// Due today (Asia/Ho_Chi_Minh date).
    pub due_on: Option<NaiveDate>,
    /// Past due at this instant, clock running.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Waiting for the citizen.
    pub waiting_for_citizen: bool,
    /// Of this procedure.
    pub procedure_id: Option<Uuid>,
    /// Assigned to this account.
    pub assigned_to: Option<Uuid>,
}

fn queue_select(scope: &TenantScope, f: &QueueFilter) -> sea_orm::Select<dossier::Entity> {
    use dossier::Column as C;
    let mut q = scope
        .select::<dossier::Entity>()
        .filter(C::Status.is_in(OPEN_STATUSES));
    if let Some(day) = f.due_on {
        q = q
            .filter(C::DueDay.eq(day))
            .filter(C::Status.is_in(RUNNING_STATUSES));
    }
    if let Some(now) = f.overdue_at {
        q = q
            .filter(C::DueAt.lt(now))
            .filter(C::Status.is_in(RUNNING_STATUSES));
    }
    if f.waiting_for_citizen {
        q = q.filter(C::Status.is_in(WAITING_STATUSES));
    }
    if let Some(p) = f.procedure_id {
        q = q.filter(C::ProcedureId.eq(p));
    }
    if let Some(u) = f.assigned_to {
        q = q.filter(C::AssignedTo.eq(u));
    }
    q
}

/// The queue's sort key: the due instant, or the submission instant before acceptance (most
/// urgent first; a dossier waiting for its check is as urgent as its age).
fn urgency() -> sea_orm::sea_query::Expr {
    Func::coalesce([
        Expr::col(dossier::Column::DueAt),
        Expr::col(dossier::Column::SubmittedAt),
    ])
    .into()
}

/// Keyset position in the queue: (urgency, id) of the last row of the previous page.
pub type QueuePosition = (DateTime<Utc>, Uuid);

/// A page of the queue, most urgent first, and the number matching the filter.
pub async fn queue(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    f: &QueueFilter,
    after: Option<QueuePosition>,
    limit: u64,
) -> Result<(Vec<dossier::Model>, u64), DbErr> {
    let total = queue_select(scope, f).count(db).await?;
    let mut q = queue_select(scope, f);
    if let Some((at, id)) = after {
        q = q.filter(
            Condition::any().add(urgency().gt(at)).add(
                Condition::all()
                    .add(urgency().eq(at))
                    .add(dossier::Column::Id.gt(id)),
            ),
        );
    }
    let rows = q
        .order_by(urgency(), Order::Asc)
        .order_by_asc(dossier::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// How many dossiers match a filter.
pub async fn queue_count(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    f: &QueueFilter,
) -> Result<u64, DbErr> {
    queue_select(scope, f).count(db).await
}
