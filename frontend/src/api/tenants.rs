//! Tenants: the administrative units (province, district, commune) that run a
//! one-stop office. Public query, no credentials.

use serde::Deserialize;

pub use shared::TenantLevel;

use super::{ApiError, graphql};

/// A tenant as the public `tenants` query returns it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub code: String,
    pub name: String,
    pub level: TenantLevel,
    pub parent_code: Option<String>,
}

/// Every tenant, ordered by code.
pub async fn all() -> Result<Vec<Tenant>, ApiError> {
    #[derive(Deserialize)]
    struct Data {
        tenants: Vec<Tenant>,
    }
    let data: Data = graphql(
        "query Tenants { tenants { code name level parentCode } }",
        serde_json::json!({}),
    )
    .await?;
    Ok(data.tenants)
}
