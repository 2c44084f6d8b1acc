//! Reading dossiers: who may see which, in one place.

use uuid::Uuid;

use super::model::{dossier, event};
use super::repo::{self, DossierFilter, Position};
use super::status::DossierStatus;
use crate::auth::{Caller, Role, TenantScope};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The scope and filter a caller reads dossiers with, optionally narrowed to a unit's subtree.
fn reading_scope(
    state: &AppState,
    caller: &Caller,
    tenant_code: Option<&str>,
) -> ApiResult<(TenantScope, DossierFilter)> {
    let Caller::Person { user_id, role, .. } = caller else {
        return Err(ApiError::Unauthenticated(
            "Sign in to see dossiers; use trackDossier with the receipt's code and secret otherwise."
                .into(),
        ));
    };
    let mut scope = state.tenants.read_scope(caller);
    if let Some(code) = tenant_code {
        scope = match state.tenants.by_code(code) {
            Some(t) => scope.intersect(&state.tenants.subtree(t.id)),
            None => TenantScope::none(),
        };
    }
    let filter = DossierFilter {
        applicant: (*role == Role::Citizen).then_some(*user_id),
        ..Default::default()
    };
    Ok((scope, filter))
}

/// A page of dossiers the caller may see, newest first, and the total.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    tenant_code: Option<&str>,
    status: Option<DossierStatus>,
    after: Option<Position>,
    limit: u64,
) -> ApiResult<(Vec<dossier::Model>, u64)> {
    let (scope, mut filter) = reading_scope(state, caller, tenant_code)?;
    filter.status = status.map(|s| s.as_str().to_string());
    let txn = scope.begin(&state.db).await?;
    let out = repo::list(&txn, &scope, &filter, after, limit).await?;
    txn.commit().await?;
    Ok(out)
}

/// One dossier by code; `None` when it does not exist or the caller may not see it.
pub async fn by_code(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> ApiResult<Option<dossier::Model>> {
    let (scope, filter) = reading_scope(state, caller, None)?;
    let txn = scope.begin(&state.db).await?;
    let row = repo::by_code(&txn, &scope, code).await?;
    txn.commit().await?;
    Ok(row.filter(|d| {
        filter
            .applicant
            .is_none_or(|a| d.applicant_user_id == Some(a))
    }))
}

/// The timeline of a dossier the caller already holds (scoped again on its tenant).
pub async fn timeline(
    state: &AppState,
    tenant_id: i64,
    dossier_id: Uuid,
) -> ApiResult<Vec<event::Model>> {
    let scope = TenantScope::of([tenant_id]);
    let txn = scope.begin(&state.db).await?;
    let rows = repo::events(&txn, &scope, dossier_id).await?;
    txn.commit().await?;
    Ok(rows)
}
