//! Catalogue administration: which procedures a unit offers, with its receiving department and
//! fee note. Tenant admins edit their own unit; province admins any unit of their province.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use super::model::assignment;
use super::repo;
use crate::auth::{Caller, Role, TenantScope};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A change to one unit's offer of one procedure.
pub struct AssignmentChange {
    /// Unit.
    pub tenant_code: String,
    /// Procedure.
    pub procedure_code: String,
    /// Offer it or not.
    pub enabled: bool,
    /// Receiving department ("" keeps the current one).
    pub department: Option<String>,
    /// Fee note shown by this unit ("" clears it).
    pub fee_note: Option<String>,
}

/// Whether the caller administers the unit: its tenant admin, or a province admin above it.
pub fn administers(state: &AppState, caller: &Caller, tenant_id: i64) -> bool {
    match caller {
        Caller::Person {
            role: Role::TenantAdmin,
            tenant_id: Some(t),
            ..
        } => *t == tenant_id,
        Caller::Person {
            role: Role::ProvinceAdmin,
            tenant_id: Some(p),
            ..
        } => state.tenants.subtree(*p).contains(&tenant_id),
        _ => false,
    }
}

/// Enables or disables a procedure at a unit (creating the assignment if needed).
pub async fn set_assignment(
    state: &AppState,
    caller: &Caller,
    change: AssignmentChange,
) -> ApiResult<assignment::Model> {
    if *caller == Caller::Anonymous {
        return Err(ApiError::Unauthenticated("Sign in first.".into()));
    }
    let tenant = state.tenants.by_code(&change.tenant_code).ok_or_else(|| {
        ApiError::NotFound(format!("No unit has the code `{}`.", change.tenant_code))
    })?;
    if !administers(state, caller, tenant.id) {
        return Err(ApiError::Forbidden(
            "Only the unit's administrator or its province's administrator can change its procedures.".into(),
        ));
    }
    let procedure = repo::by_code(&state.db, &change.procedure_code)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "No procedure has the code `{}`.",
                change.procedure_code
            ))
        })?;
    let department = change.department.map(|d| d.trim().to_string());
    let fee_note = change.fee_note.map(|d| d.trim().to_string());
    for (name, v) in [("department", &department), ("feeNote", &fee_note)] {
        if v.as_ref().is_some_and(|s| s.chars().count() > 500) {
            return Err(ApiError::BadUserInput(format!(
                "`{name}` is longer than 500 characters."
            )));
        }
    }
    let scope = TenantScope::of([tenant.id]);
    let txn = scope.begin_write(&state.db).await?;
    let current = scope
        .select::<assignment::Entity>()
        .filter(assignment::Column::ProcedureId.eq(procedure.id))
        .one(&txn)
        .await?;
    let row = assignment::ActiveModel {
        tenant_id: Set(tenant.id),
        procedure_id: Set(procedure.id),
        enabled: Set(change.enabled),
        department: Set(department
            .filter(|d| !d.is_empty())
            .or_else(|| current.as_ref().map(|c| c.department.clone()))
            .unwrap_or_else(|| "Bộ phận Một cửa".to_string())),
        fee_note: Set(fee_note
            .or_else(|| current.as_ref().map(|c| c.fee_note.clone()))
            .unwrap_or_default()),
        updated_at: Set(Utc::now()),
    };
    assignment::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                assignment::Column::TenantId,
                assignment::Column::ProcedureId,
            ])
            .update_columns([
                assignment::Column::Enabled,
                assignment::Column::Department,
                assignment::Column::FeeNote,
                assignment::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(&txn)
        .await?;
    let saved = scope
        .select::<assignment::Entity>()
        .filter(assignment::Column::ProcedureId.eq(procedure.id))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            ApiError::internal("assignment", anyhow::anyhow!("vanished after upsert"))
        })?;
    txn.commit().await?;
    tracing::info!(tenant = %tenant.code, procedure = %procedure.code, enabled = change.enabled, "procedure assignment changed");
    Ok(saved)
}
