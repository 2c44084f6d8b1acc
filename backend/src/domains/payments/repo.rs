//! SQL for payments. Tenant-owned tables (`payments`, `payment_reviews`, and the dossier
//! columns and timeline a payment touches) go through a `TenantScope`; the global reference
//! map and the webhook record through `scope::global`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TryInsertResult,
};
use uuid::Uuid;

use super::model::{PaymentStatus, notification, payment, reference, review};
use crate::auth::TenantScope;
use crate::auth::scope::global;
use crate::domains::dossiers::model::{dossier, event};

/// A dossier by id within the scope.
pub async fn dossier_by_id(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> Result<Option<dossier::Model>, DbErr> {
    scope
        .select::<dossier::Entity>()
        .filter(dossier::Column::Id.eq(id))
        .one(db)
        .await
}

/// Takes the dossier's row lock (PostgreSQL) or the database write lock (SQLite) with a
/// no-op update, so concurrent payment requests for one dossier run one after the other.
/// Returns whether the dossier exists in the scope.
pub async fn lock_dossier(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
) -> Result<bool, DbErr> {
    let res = scope
        .update_many::<dossier::Entity>()
        .col_expr(
            dossier::Column::Version,
            Expr::col(dossier::Column::Version),
        )
        .filter(dossier::Column::Id.eq(dossier_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Sets `paid_online`, bumps the version and `updated_at`. Returns the rows changed.
pub async fn mark_dossier_paid(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = scope
        .update_many::<dossier::Entity>()
        .col_expr(dossier::Column::PaidOnline, Expr::value(true))
        .col_expr(
            dossier::Column::Version,
            Expr::col(dossier::Column::Version).add(1),
        )
        .col_expr(dossier::Column::UpdatedAt, Expr::value(now))
        .filter(dossier::Column::Id.eq(dossier_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Appends a timeline step that leaves the status as it is.
pub async fn insert_event(
    db: &impl ConnectionTrait,
    d: &dossier::Model,
    at: DateTime<Utc>,
    actor: (Option<Uuid>, &str),
    note: String,
) -> Result<(), DbErr> {
    event::ActiveModel {
        tenant_id: Set(d.tenant_id),
        id: Set(Uuid::now_v7()),
        dossier_id: Set(d.id),
        at: Set(at),
        actor_user_id: Set(actor.0),
        actor_name: Set(actor.1.to_string()),
        from_status: Set(Some(d.status.clone())),
        to_status: Set(d.status.clone()),
        note: Set(note),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The newest payment of a dossier.
pub async fn latest_for_dossier(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
) -> Result<Option<payment::Model>, DbErr> {
    scope
        .select::<payment::Entity>()
        .filter(payment::Column::DossierId.eq(dossier_id))
        .order_by_desc(payment::Column::CreatedAt)
        .order_by_desc(payment::Column::Id)
        .one(db)
        .await
}

/// Whether any payment of the dossier is paid.
pub async fn any_paid(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
) -> Result<bool, DbErr> {
    let n = scope
        .select::<payment::Entity>()
        .filter(payment::Column::DossierId.eq(dossier_id))
        .filter(payment::Column::Status.eq(PaymentStatus::Paid.as_str()))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// A payment by reference within the scope.
pub async fn by_reference(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    reference: &str,
) -> Result<Option<payment::Model>, DbErr> {
    scope
        .select::<payment::Entity>()
        .filter(payment::Column::Reference.eq(reference))
        .one(db)
        .await
}

/// A payment by id within the scope.
pub async fn by_id(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> Result<Option<payment::Model>, DbErr> {
    scope
        .select::<payment::Entity>()
        .filter(payment::Column::Id.eq(id))
        .one(db)
        .await
}

/// Inserts a payment and its global reference entry. A reference already taken is a unique
/// violation (the caller draws a new one).
pub async fn insert_payment(
    db: &impl ConnectionTrait,
    p: payment::Model,
) -> Result<payment::Model, DbErr> {
    reference::ActiveModel {
        reference: Set(p.reference.clone()),
        tenant_id: Set(p.tenant_id),
        created_at: Set(p.created_at),
    }
    .insert(db)
    .await?;
    payment::ActiveModel::from(p).insert(db).await
}

/// Marks pending payments of a dossier whose deadline passed as expired.
pub async fn expire_pending(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = scope
        .update_many::<payment::Entity>()
        .col_expr(
            payment::Column::Status,
            Expr::value(PaymentStatus::Expired.as_str()),
        )
        .filter(payment::Column::DossierId.eq(dossier_id))
        .filter(payment::Column::Status.eq(PaymentStatus::Pending.as_str()))
        .filter(payment::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Cancels the dossier's pending payment requests (their QR must not be paid any more).
pub async fn cancel_pending(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
) -> Result<u64, DbErr> {
    let res = scope
        .update_many::<payment::Entity>()
        .col_expr(
            payment::Column::Status,
            Expr::value(PaymentStatus::Cancelled.as_str()),
        )
        .filter(payment::Column::DossierId.eq(dossier_id))
        .filter(payment::Column::Status.eq(PaymentStatus::Pending.as_str()))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Settles a payment that is pending or expired. Returns the rows changed (0 when another
/// notification settled it first).
pub async fn set_paid(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    payment_id: Uuid,
    provider: &str,
    provider_txn_id: &str,
    paid_at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = scope
        .update_many::<payment::Entity>()
        .col_expr(
            payment::Column::Status,
            Expr::value(PaymentStatus::Paid.as_str()),
        )
        .col_expr(payment::Column::Provider, Expr::value(provider))
        .col_expr(payment::Column::ProviderTxnId, Expr::value(provider_txn_id))
        .col_expr(payment::Column::PaidAt, Expr::value(paid_at))
        .filter(payment::Column::Id.eq(payment_id))
        .filter(payment::Column::Status.is_in([
            PaymentStatus::Pending.as_str(),
            PaymentStatus::Expired.as_str(),
        ]))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// The tenant of a reference (global map; no scope needed or possible yet).
pub async fn tenant_of_reference(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<Option<i64>, DbErr> {
    Ok(global::<reference::Entity>()
        .filter(reference::Column::Reference.eq(reference))
        .one(db)
        .await?
        .map(|r| r.tenant_id))
}

/// The stored record of a provider transaction.
pub async fn notification(
    db: &impl ConnectionTrait,
    provider: &str,
    txn_id: &str,
) -> Result<Option<notification::Model>, DbErr> {
    global::<notification::Entity>()
        .filter(notification::Column::Provider.eq(provider))
        .filter(notification::Column::ProviderTxnId.eq(txn_id))
        .one(db)
        .await
}

/// Claims a provider transaction: inserts its record unless one exists. `false` means
/// another delivery of the same transaction got there first.
pub async fn claim_notification(
    db: &impl ConnectionTrait,
    n: notification::Model,
) -> Result<bool, DbErr> {
    let res = notification::Entity::insert(notification::ActiveModel::from(n))
        .on_conflict_do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(matches!(res, TryInsertResult::Inserted(rows) if rows > 0))
}

/// Records the outcome of a claimed transaction.
pub async fn set_outcome(
    db: &impl ConnectionTrait,
    provider: &str,
    txn_id: &str,
    outcome: &str,
) -> Result<(), DbErr> {
    notification::Entity::update_many()
        .col_expr(notification::Column::Outcome, Expr::value(outcome))
        .filter(notification::Column::Provider.eq(provider))
        .filter(notification::Column::ProviderTxnId.eq(txn_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Queues a review.
pub async fn insert_review(db: &impl ConnectionTrait, r: review::Model) -> Result<(), DbErr> {
    review::ActiveModel::from(r).insert(db).await?;
    Ok(())
}

/// Keyset position of a review page: (created_at, id) of the last row shown.
pub type ReviewPosition = (DateTime<Utc>, Uuid);

fn reviews_filtered(scope: &TenantScope, open: Option<bool>) -> sea_orm::Select<review::Entity> {
    let q = scope.select::<review::Entity>();
    match open {
        Some(true) => q.filter(review::Column::ResolvedAt.is_null()),
        Some(false) => q.filter(review::Column::ResolvedAt.is_not_null()),
        None => q,
    }
}

/// A page of reviews, newest first, and the total.
pub async fn reviews(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    open: Option<bool>,
    after: Option<ReviewPosition>,
    limit: u64,
) -> Result<(Vec<review::Model>, u64), DbErr> {
    let total = reviews_filtered(scope, open).count(db).await?;
    let mut q = reviews_filtered(scope, open);
    if let Some((at, id)) = after {
        q = q.filter(
            Condition::any().add(review::Column::CreatedAt.lt(at)).add(
                Condition::all()
                    .add(review::Column::CreatedAt.eq(at))
                    .add(review::Column::Id.lt(id)),
            ),
        );
    }
    let rows = q
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// A review by id within the scope.
pub async fn review_by_id(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> Result<Option<review::Model>, DbErr> {
    scope
        .select::<review::Entity>()
        .filter(review::Column::Id.eq(id))
        .one(db)
        .await
}

/// Resolves an open review. Returns the rows changed (0 when someone resolved it first).
pub async fn resolve_review(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
    by: Uuid,
    accepted: bool,
    note: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = scope
        .update_many::<review::Entity>()
        .col_expr(review::Column::ResolvedAt, Expr::value(now))
        .col_expr(review::Column::ResolvedBy, Expr::value(by))
        .col_expr(review::Column::Accepted, Expr::value(accepted))
        .col_expr(review::Column::Note, Expr::value(note))
        .filter(review::Column::Id.eq(id))
        .filter(review::Column::ResolvedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Dossier codes by id within the scope (for review lists).
pub async fn dossier_codes(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, String)>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    scope
        .select::<dossier::Entity>()
        .select_only()
        .column(dossier::Column::Id)
        .column(dossier::Column::Code)
        .filter(dossier::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await
}
