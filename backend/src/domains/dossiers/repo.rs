//! SQL for dossiers and their timeline; every query starts from a `TenantScope`.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::model::{dossier, event};
use crate::auth::TenantScope;

/// Filter of a dossier list.
#[derive(Clone, Debug, Default)]
pub struct DossierFilter {
    /// Only this status.
    pub status: Option<String>,
    /// Only dossiers of this applicant (citizens see their own).
    pub applicant: Option<Uuid>,
}

/// Keyset position: (submitted_at, id) of the last row of the previous page.
pub type Position = (chrono::DateTime<chrono::Utc>, Uuid);

fn filtered(scope: &TenantScope, f: &DossierFilter) -> sea_orm::Select<dossier::Entity> {
    let mut q = scope.select::<dossier::Entity>();
    if let Some(s) = &f.status {
        q = q.filter(dossier::Column::Status.eq(s.clone()));
    }
    if let Some(a) = f.applicant {
        q = q.filter(dossier::Column::ApplicantUserId.eq(a));
    }
    q
}

/// A page of dossiers, newest first, after `after`; and the total count.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    f: &DossierFilter,
    after: Option<Position>,
    limit: u64,
) -> Result<(Vec<dossier::Model>, u64), DbErr> {
    let total = filtered(scope, f).count(db).await?;
    let mut q = filtered(scope, f);
    if let Some((at, id)) = after {
        q = q.filter(
            Condition::any()
                .add(dossier::Column::SubmittedAt.lt(at))
                .add(
                    Condition::all()
                        .add(dossier::Column::SubmittedAt.eq(at))
                        .add(dossier::Column::Id.lt(id)),
                ),
        );
    }
    let rows = q
        .order_by_desc(dossier::Column::SubmittedAt)
        .order_by_desc(dossier::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// A dossier by code within the scope.
pub async fn by_code(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    code: &str,
) -> Result<Option<dossier::Model>, DbErr> {
    scope
        .select::<dossier::Entity>()
        .filter(dossier::Column::Code.eq(code))
        .one(db)
        .await
}

/// The timeline of a dossier, oldest first.
pub async fn events(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    dossier_id: Uuid,
) -> Result<Vec<event::Model>, DbErr> {
    scope
        .select::<event::Entity>()
        .filter(event::Column::DossierId.eq(dossier_id))
        .order_by_asc(event::Column::At)
        .all(db)
        .await
}
