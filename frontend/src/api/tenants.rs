//! Tenants: the administrative units (province, district, commune) that run a
//! one-stop office. Public query, no credentials.

pub use shared::TenantLevel;

use super::json::{enumeration, list, opt_string, string};
use super::{ApiError, Json, graphql, obj};

/// A tenant as the public `tenants` query returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    pub code: String,
    pub name: String,
    pub level: TenantLevel,
    pub parent_code: Option<String>,
    /// Last day the unit existed; `None` while it is in force.
    pub valid_to: Option<String>,
}

impl Tenant {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(Tenant {
            code: string(v, "code")?,
            name: string(v, "name")?,
            level: enumeration(v, "level", |s| s.parse().ok())?,
            parent_code: opt_string(v, "parentCode"),
            valid_to: opt_string(v, "validTo"),
        })
    }

    /// A commune or ward in force today: the units that receive dossiers.
    pub fn receives_dossiers(&self) -> bool {
        self.level == TenantLevel::Commune && self.valid_to.as_deref().is_none_or(str::is_empty)
    }
}

/// Every tenant, ordered by code.
pub async fn all() -> Result<Vec<Tenant>, ApiError> {
    let data = graphql(
        "query Tenants { tenants { code name level parentCode validTo } }",
        obj([]),
    )
    .await?;
    list(&data, "tenants", Tenant::from_json)
}
