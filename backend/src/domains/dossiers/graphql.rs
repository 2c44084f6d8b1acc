//! GraphQL: `dossiers` (a connection within the caller's units) and `dossier(code)`.

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Object, Result};
use base64::Engine;
use chrono::{DateTime, Utc};

use super::model::{dossier, event};
use super::service;
use super::status::DossierStatus;
use crate::domains::procedures::graphql::Procedure;
use crate::domains::tenants::graphql::Tenant;
use crate::error::ApiError;
use crate::graphql::connection::{Page, page, page_size};
use crate::graphql::loaders::ProcedureLoader;
use crate::graphql::{caller, state};

/// A dossier (hồ sơ) as staff and its owner see it.
pub struct Dossier(pub dossier::Model);

/// A dossier: one application for one procedure, from submission to the returned result.
#[Object]
impl Dossier {
    /// Code `{tenantCode}-{YYMMDD}-{NNNN}` (imported historical dossiers keep their own code).
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Current status.
    async fn status(&self) -> Result<DossierStatus> {
        DossierStatus::parse(&self.0.status).ok_or_else(|| {
            ApiError::internal("stored status", anyhow::anyhow!("unknown status")).into()
        })
    }
    /// The national portal's status code (1–10).
    async fn national_status_code(&self) -> Option<i32> {
        DossierStatus::parse(&self.0.status)
            .and_then(DossierStatus::national_code)
            .map(i32::from)
    }
    /// Status in plain Vietnamese.
    async fn status_label(&self) -> &str {
        DossierStatus::parse(&self.0.status).map_or("", DossierStatus::label_vi)
    }
    /// How it arrived: `counter`, `online` or `postal`.
    async fn channel(&self) -> &str {
        &self.0.channel
    }
    /// When it first entered the unit (RFC 3339).
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }
    /// When it was accepted and the processing clock started; null before acceptance.
    async fn received_at(&self) -> Option<DateTime<Utc>> {
        self.0.received_at
    }
    /// Appointment: when the result is due; null before acceptance.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.due_at
    }
    /// When it was resolved, stopped, refused or withdrawn; null while open.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    /// Name of the applicant (personal data: shown to the owner and to staff of the unit).
    async fn applicant_name(&self) -> &str {
        &self.0.applicant_name
    }
    /// Fee in VND.
    async fn fee_vnd(&self) -> i64 {
        self.0.fee_vnd
    }
    /// Paid through an online channel.
    async fn paid_online(&self) -> bool {
        self.0.paid_online
    }
    /// Every component was digitised at reception or submitted as files.
    async fn digitized(&self) -> bool {
        self.0.digitized
    }
    /// Result sent by post.
    async fn returned_by_post(&self) -> bool {
        self.0.returned_by_post
    }
    /// The receiving unit.
    async fn tenant(&self, ctx: &Context<'_>) -> Result<Option<Tenant>> {
        Ok(state(ctx)?.tenants.by_id(self.0.tenant_id).map(Tenant))
    }
    /// The procedure.
    async fn procedure(&self, ctx: &Context<'_>) -> Result<Option<Procedure>> {
        let loader = ctx.data::<DataLoader<ProcedureLoader>>()?;
        Ok(loader
            .load_one(self.0.procedure_id)
            .await
            .map_err(|e| e.to_graphql())?
            .map(Procedure))
    }
    /// Every step so far, oldest first.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<DossierEvent>> {
        let rows = service::timeline(state(ctx)?, self.0.tenant_id, self.0.id).await?;
        Ok(rows.into_iter().map(DossierEvent).collect())
    }
}

/// One step in a dossier's life.
pub struct DossierEvent(pub event::Model);

/// A status change with who made it and why.
#[Object]
impl DossierEvent {
    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Status before; null for the first step.
    async fn from_status(&self) -> Option<DossierStatus> {
        self.0.from_status.as_deref().and_then(DossierStatus::parse)
    }
    /// Status after.
    async fn to_status(&self) -> Option<DossierStatus> {
        DossierStatus::parse(&self.0.to_status)
    }
    /// Who acted (staff name, or "Công dân" / "Hệ thống").
    async fn actor_name(&self) -> &str {
        &self.0.actor_name
    }
    /// Note.
    async fn note(&self) -> &str {
        &self.0.note
    }
}

/// Dossier queries for signed-in people.
#[derive(Default)]
pub struct DossierQuery;

fn encode_position(d: &dossier::Model) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(
        "{}|{}",
        d.submitted_at.timestamp_micros(),
        d.id
    ))
}

fn decode_position(cursor: &str) -> Result<(DateTime<Utc>, uuid::Uuid), ApiError> {
    let bad = || ApiError::BadUserInput("`after` is not a cursor this API gave out.".into());
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (micros, id) = text.split_once('|').ok_or_else(bad)?;
    let micros: i64 = micros.parse().map_err(|_| bad())?;
    let at = DateTime::from_timestamp_micros(micros).ok_or_else(bad)?;
    Ok((at, id.parse().map_err(|_| bad())?))
}

#[Object]
impl DossierQuery {
    /// Dossiers the caller may see, newest first: staff their unit's, province admins their
    /// province's, citizens their own. `tenantCode` narrows to one unit's subtree.
    async fn dossiers(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Narrow to this unit and the units below it.",
            validator(max_length = 64)
        )]
        tenant_code: Option<String>,
        #[graphql(desc = "Only dossiers in this status.")] status: Option<DossierStatus>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Page<Dossier>> {
        let limit = page_size(first)?;
        let after = after.as_deref().map(decode_position).transpose()?;
        let (rows, total) = service::list(
            state(ctx)?,
            caller(ctx)?,
            tenant_code.as_deref(),
            status,
            after,
            limit + 1,
        )
        .await?;
        let has_next = rows.len() as u64 > limit;
        let items = rows
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|d| (encode_position(&d), Dossier(d)))
            .collect();
        Ok(page(
            items,
            has_next,
            after.is_some(),
            i64::try_from(total).unwrap_or(i64::MAX),
        ))
    }

    /// One dossier by code; null when it does not exist or the caller may not see it.
    async fn dossier(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Dossier code, e.g. `TN.BINHMINH-260105-0007`.",
            validator(max_length = 64)
        )]
        code: String,
    ) -> Result<Option<Dossier>> {
        Ok(service::by_code(state(ctx)?, caller(ctx)?, &code)
            .await?
            .map(Dossier))
    }
}
