//! SQL for the tenant tree (a global table: no tenant scope).

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, QueryOrder, Set};

use super::model::{self, Entity as Tenant};
use crate::auth::scope::global;

/// Every tenant, ordered by code.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<model::Model>, DbErr> {
    global::<Tenant>()
        .order_by_asc(model::Column::Code)
        .all(db)
        .await
}

/// Fields of a new tenant.
pub struct NewTenant {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Level.
    pub level: String,
    /// Parent id.
    pub parent_id: Option<i64>,
    /// Official unit code.
    pub admin_unit_code: Option<String>,
    /// Valid from.
    pub valid_from: Option<chrono::NaiveDate>,
    /// Valid to.
    pub valid_to: Option<chrono::NaiveDate>,
    /// Settings JSON.
    pub settings: serde_json::Value,
}

/// Inserts a tenant and returns it.
pub async fn insert(db: &impl ConnectionTrait, t: NewTenant) -> Result<model::Model, DbErr> {
    model::ActiveModel {
        code: Set(t.code),
        name: Set(t.name),
        level: Set(t.level),
        parent_id: Set(t.parent_id),
        admin_unit_code: Set(t.admin_unit_code),
        valid_from: Set(t.valid_from),
        valid_to: Set(t.valid_to),
        settings: Set(t.settings),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}
