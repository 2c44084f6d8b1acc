//! SQL for accounts and refresh tokens (global tables: identity look-ups happen before any
//! tenant is known; the service decides who may read what).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use uuid::Uuid;

use super::model::{refresh_token, user};
use crate::auth::scope::global;

/// A user by normalised email.
pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, DbErr> {
    global::<user::Entity>()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
}

/// A user by normalised phone.
pub async fn by_phone(
    db: &impl ConnectionTrait,
    phone: &str,
) -> Result<Option<user::Model>, DbErr> {
    global::<user::Entity>()
        .filter(user::Column::Phone.eq(phone))
        .one(db)
        .await
}

/// A user by id.
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<user::Model>, DbErr> {
    global::<user::Entity>()
        .filter(user::Column::Id.eq(id))
        .one(db)
        .await
}

/// Whether any account exists (first start prints demo passwords only then).
pub async fn count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    global::<user::Entity>().count(db).await
}

/// Inserts an account.
pub async fn insert(db: &impl ConnectionTrait, row: user::Model) -> Result<user::Model, DbErr> {
    user::ActiveModel {
        id: Set(row.id),
        email: Set(row.email),
        phone: Set(row.phone),
        password_hash: Set(row.password_hash),
        full_name: Set(row.full_name),
        role: Set(row.role),
        tenant_id: Set(row.tenant_id),
        assurance_level: Set(row.assurance_level),
        personal_id: Set(row.personal_id),
        disabled: Set(row.disabled),
        created_at: Set(row.created_at),
        last_login_at: Set(row.last_login_at),
    }
    .insert(db)
    .await
}

/// Records a successful sign-in.
pub async fn touch_login(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(at))
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Stores a new refresh token.
pub async fn insert_refresh(
    db: &impl ConnectionTrait,
    row: refresh_token::Model,
) -> Result<(), DbErr> {
    refresh_token::ActiveModel {
        id: Set(row.id),
        user_id: Set(row.user_id),
        family_id: Set(row.family_id),
        token_hash: Set(row.token_hash),
        created_at: Set(row.created_at),
        expires_at: Set(row.expires_at),
        used_at: Set(row.used_at),
        revoked_at: Set(row.revoked_at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A refresh token by id.
pub async fn refresh_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<refresh_token::Model>, DbErr> {
    global::<refresh_token::Entity>()
        .filter(refresh_token::Column::Id.eq(id))
        .one(db)
        .await
}

/// Marks a token used if nobody has used it yet; returns whether this call won.
pub async fn mark_used(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(at))
        .filter(refresh_token::Column::Id.eq(id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Revokes every token of a family.
pub async fn revoke_family(
    db: &impl ConnectionTrait,
    family: Uuid,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(at))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
