//! SQL for the outbox.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use uuid::Uuid;

use super::model::outbox;

/// A notification to write with a change.
pub struct NewNotification {
    /// Tenant.
    pub tenant_id: i64,
    /// Kind, e.g. `dossier.submitted`.
    pub kind: &'static str,
    /// Account to tell.
    pub recipient_user_id: Option<Uuid>,
    /// Email to tell.
    pub recipient_email: Option<String>,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Details.
    pub payload: serde_json::Value,
}

/// Writes a notification in the caller's transaction (so it exists iff the change does).
pub async fn enqueue(db: &impl ConnectionTrait, n: NewNotification) -> Result<(), DbErr> {
    let now = Utc::now();
    outbox::ActiveModel {
        tenant_id: Set(n.tenant_id),
        id: Set(Uuid::now_v7()),
        kind: Set(n.kind.to_string()),
        recipient_user_id: Set(n.recipient_user_id),
        recipient_email: Set(n.recipient_email),
        subject: Set(n.subject),
        body: Set(n.body),
        payload: Set(n.payload),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        delivered_at: Set(None),
        last_error: Set(None),
        read_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::auth::TenantScope;

/// Up to `limit` notifications due for delivery, oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    now: chrono::DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    scope
        .select::<outbox::Entity>()
        .filter(outbox::Column::DeliveredAt.is_null())
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit)
        .all(db)
        .await
}

/// Marks one delivered.
pub async fn mark_delivered(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
    at: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    scope
        .update_many::<outbox::Entity>()
        .col_expr(outbox::Column::DeliveredAt, Expr::value(at))
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
    attempts: i32,
    next: chrono::DateTime<Utc>,
    error: &str,
) -> Result<(), DbErr> {
    scope
        .update_many::<outbox::Entity>()
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
        .col_expr(outbox::Column::LastError, Expr::value(error.to_string()))
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A page of one account's notifications, newest first, and the number unread.
pub async fn for_user(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    user: Uuid,
    limit: u64,
) -> Result<(Vec<outbox::Model>, u64), DbErr> {
    use sea_orm::PaginatorTrait;
    let rows = scope
        .select::<outbox::Entity>()
        .filter(outbox::Column::RecipientUserId.eq(user))
        .order_by_desc(outbox::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?;
    let unread = scope
        .select::<outbox::Entity>()
        .filter(outbox::Column::RecipientUserId.eq(user))
        .filter(outbox::Column::ReadAt.is_null())
        .count(db)
        .await?;
    Ok((rows, unread))
}

/// Marks one of the user's notifications read; false when it is not theirs.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    user: Uuid,
    id: Uuid,
    at: chrono::DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = scope
        .update_many::<outbox::Entity>()
        .col_expr(outbox::Column::ReadAt, Expr::value(at))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::RecipientUserId.eq(user))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}
