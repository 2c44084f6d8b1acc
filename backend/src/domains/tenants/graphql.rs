//! GraphQL: the public tenant tree (`tenants`, `tenant`).

use std::sync::Arc;

use async_graphql::{Context, Enum, Object, Result};

use super::service::TenantNode;
use crate::graphql::state;

/// Level of a unit in the administrative tree (CONTRACT).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
pub enum TenantLevel {
    /// Province or centrally run city (tỉnh / thành phố trực thuộc trung ương).
    Province,
    /// District-level unit (huyện / quận / thị xã / thành phố thuộc tỉnh); historical since 1 July 2025.
    District,
    /// Commune, ward, township or special zone (xã / phường / thị trấn / đặc khu).
    Commune,
    /// A provincial agency (sở, centre, branch).
    Agency,
}

impl TenantLevel {
    fn parse(level: &str) -> TenantLevel {
        match level {
            "PROVINCE" => TenantLevel::Province,
            "DISTRICT" => TenantLevel::District,
            "AGENCY" => TenantLevel::Agency,
            _ => TenantLevel::Commune,
        }
    }
}

/// A unit that runs a one-stop office (or aggregates those below it).
pub struct Tenant(pub Arc<TenantNode>);

/// A unit that runs a one-stop office, or a province/district that aggregates its subtree.
#[Object]
impl Tenant {
    /// Unique code; the prefix of the unit's dossier codes.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Name in Vietnamese, with diacritics.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Level in the tree.
    async fn level(&self) -> TenantLevel {
        TenantLevel::parse(&self.0.level)
    }
    /// Code of the parent unit; null for a province.
    async fn parent_code(&self) -> Option<&str> {
        self.0.parent_code.as_deref()
    }
    /// Official administrative unit code (2-digit province, 3-digit district, 5-digit commune).
    async fn admin_unit_code(&self) -> Option<&str> {
        self.0.admin_unit_code.as_deref()
    }
    /// First day the unit exists (YYYY-MM-DD); null when unknown.
    async fn valid_from(&self) -> Option<String> {
        self.0.valid_from.map(|d| d.to_string())
    }
    /// Last day the unit existed (YYYY-MM-DD); null while it is in force. Districts and the
    /// communes merged on 1 July 2025 end on 2025-06-30.
    async fn valid_to(&self) -> Option<String> {
        self.0.valid_to.map(|d| d.to_string())
    }
    /// Office address.
    async fn address(&self) -> &str {
        &self.0.settings.address
    }
    /// Hotline for feedback.
    async fn hotline(&self) -> &str {
        &self.0.settings.hotline
    }
}

/// Public queries on the tenant tree.
#[derive(Default)]
pub struct TenantQuery;

#[Object]
impl TenantQuery {
    /// Every unit ordered by code, or with `parentCode` the direct children of that unit.
    async fn tenants(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Code of the parent unit; omit for every unit.",
            validator(max_length = 64)
        )]
        parent_code: Option<String>,
    ) -> Result<Vec<Tenant>> {
        let dir = &state(ctx)?.tenants;
        let nodes = match parent_code {
            None => dir.all(),
            Some(code) => match dir.by_code(&code) {
                Some(parent) => dir.children(parent.id),
                None => Vec::new(),
            },
        };
        Ok(nodes.into_iter().map(Tenant).collect())
    }

    /// One unit by code; null when no unit has it.
    async fn tenant(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Unit code, e.g. `TN.BINHMINH`.", validator(max_length = 64))]
        code: String,
    ) -> Result<Option<Tenant>> {
        Ok(state(ctx)?.tenants.by_code(&code).map(Tenant))
    }
}
