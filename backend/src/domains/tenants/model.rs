//! The `tenants` table: one row per province, district (historical), commune/ward or agency.

use sea_orm::entity::prelude::*;

/// A tenant row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenants")]
pub struct Model {
    /// Internal id (used in RLS settings and foreign keys).
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Public code (CONTRACT `Tenant.code`), prefix of dossier codes.
    #[sea_orm(unique)]
    pub code: String,
    /// Name with diacritics.
    pub name: String,
    /// PROVINCE | DISTRICT | COMMUNE | AGENCY.
    pub level: String,
    /// Current parent.
    pub parent_id: Option<i64>,
    /// Official administrative unit code.
    pub admin_unit_code: Option<String>,
    /// First day in force.
    pub valid_from: Option<Date>,
    /// Last day in force (historical units).
    pub valid_to: Option<Date>,
    /// Office hours, cut-off, contact, branding (JSON, see `TenantSettings`).
    pub settings: Json,
    /// Row creation.
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
