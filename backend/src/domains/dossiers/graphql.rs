//! GraphQL: `dossiers` (a connection within the caller's units) and `dossier(code)`.

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Object, Result};
use chrono::{DateTime, Utc};

use super::model::{dossier, event};
use super::service;
use super::status::DossierStatus;
use super::submit::{self, Applicant, Attachment, Channel, Submission};
use super::tracking;
use crate::domains::procedures::graphql::Procedure;
use crate::domains::tenants::graphql::Tenant;
use crate::error::ApiError;
use crate::graphql::connection::{Page, decode_keyset, encode_keyset, page_from_rows, page_size};
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
    /// Optimistic-concurrency version, raised by every change: pass it as `expectedVersion`
    /// to `transitionDossier`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The staff workflow: stage, assignment, clock, allowed actions, issued documents.
    async fn workflow(&self) -> crate::domains::workflow::graphql::DossierWorkflow {
        crate::domains::workflow::graphql::DossierWorkflow(self.0.clone())
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
        let after = after
            .as_deref()
            .map(|c| decode_keyset("dossiers", c))
            .transpose()?;
        let (rows, total) = service::list(
            state(ctx)?,
            caller(ctx)?,
            tenant_code.as_deref(),
            status,
            after,
            limit + 1,
        )
        .await?;
        Ok(page_from_rows(
            rows,
            limit,
            after.is_some(),
            total,
            |d| encode_keyset("dossiers", d.submitted_at, d.id),
            Dossier,
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

/// A value of the procedure's form.
#[derive(async_graphql::InputObject)]
pub struct FormValue {
    /// Field key, as declared by the procedure (`Procedure.formFields`).
    #[graphql(validator(max_length = 100))]
    pub key: String,
    /// The value as text (dates YYYY-MM-DD, checkboxes true/false).
    #[graphql(validator(max_length = 10000))]
    pub value: String,
}

/// The person the dossier is for (chủ hồ sơ). For a citizen submitting online, omitted fields
/// default to the account's name, phone and email.
#[derive(async_graphql::InputObject, Default)]
pub struct ApplicantInput {
    /// Full name as on the ID card.
    #[graphql(validator(max_length = 200))]
    pub full_name: Option<String>,
    /// 12-digit personal identification number (personal data).
    #[graphql(validator(max_length = 20))]
    pub personal_id: Option<String>,
    /// Mobile phone.
    #[graphql(validator(max_length = 20))]
    pub phone: Option<String>,
    /// Email.
    #[graphql(validator(max_length = 254))]
    pub email: Option<String>,
    /// Address.
    #[graphql(validator(max_length = 1000))]
    pub address: Option<String>,
}

/// A file for one dossier component, sent with the GraphQL multipart request spec.
#[derive(async_graphql::InputObject)]
pub struct DocumentUpload {
    /// Which component it is: the name of one of `Procedure.documents`.
    #[graphql(validator(max_length = 300))]
    pub component: String,
    /// The file: PDF, JPEG or PNG, at most 10 MiB (50 MiB per dossier).
    pub file: async_graphql::Upload,
}

/// Input of `submitDossier`.
#[derive(async_graphql::InputObject)]
pub struct SubmitDossierInput {
    /// Receiving unit (a commune or ward).
    #[graphql(validator(max_length = 64))]
    pub tenant_code: String,
    /// National procedure code, e.g. `1.001193`.
    #[graphql(validator(max_length = 64))]
    pub procedure_code: String,
    /// A key the client makes up once per submission (a UUID): retrying with it after a timeout
    /// returns the same dossier instead of a duplicate.
    #[graphql(validator(max_length = 128))]
    pub idempotency_key: String,
    /// ONLINE for citizens; COUNTER or POSTAL when a reception officer enters it.
    #[graphql(default_with = "Channel::Online")]
    pub channel: Channel,
    /// The applicant.
    #[graphql(default)]
    pub applicant: ApplicantInput,
    /// The procedure's form, validated against its declared fields.
    #[graphql(default)]
    pub form: Vec<FormValue>,
    /// Attached documents.
    #[graphql(default)]
    pub documents: Vec<DocumentUpload>,
}

/// Result of `submitDossier`.
#[derive(async_graphql::SimpleObject)]
pub struct SubmitDossierPayload {
    /// The dossier, with its code.
    pub dossier: Dossier,
    /// Secret for `trackDossier`, printed on the receipt. Shown only here.
    pub tracking_secret: String,
}

/// Submitting dossiers.
#[derive(Default)]
pub struct DossierMutation;

#[Object]
impl DossierMutation {
    /// Submits a dossier: online by a signed-in citizen, or at the counter / by post by a
    /// reception officer of the unit on the citizen's behalf. Durable before it answers.
    async fn submit_dossier(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What is submitted.")] input: SubmitDossierInput,
    ) -> Result<SubmitDossierPayload> {
        let st = state(ctx)?;
        let mut form = std::collections::BTreeMap::new();
        for v in input.form {
            if form.insert(v.key.clone(), v.value).is_some() {
                return Err(ApiError::BadUserInput(format!(
                    "The form field `{}` is given twice.",
                    v.key
                ))
                .into());
            }
        }
        let mut attachments = Vec::with_capacity(input.documents.len());
        for d in input.documents {
            let upload = d.file.value(ctx).map_err(|_| {
                ApiError::BadUserInput("A document's file is missing from the request.".into())
            })?;
            attachments.push(Attachment {
                component: d.component,
                file_name: upload.filename.clone(),
                content_type: upload.content_type.clone(),
                content: Box::new(upload.into_read()),
            });
        }
        let submitted = submit::submit(
            st,
            caller(ctx)?,
            Submission {
                tenant_code: input.tenant_code,
                procedure_code: input.procedure_code,
                idempotency_key: input.idempotency_key,
                channel: input.channel,
                applicant: Applicant {
                    full_name: input.applicant.full_name,
                    personal_id: input.applicant.personal_id,
                    phone: input.applicant.phone,
                    email: input.applicant.email,
                    address: input.applicant.address,
                },
                form,
                attachments,
            },
        )
        .await?;
        Ok(SubmitDossierPayload {
            dossier: Dossier(submitted.dossier),
            tracking_secret: submitted.tracking_secret,
        })
    }
}

/// What anyone holding the receipt (code + secret) may see: no personal data.
pub struct DossierTracking(pub tracking::Tracked);

/// A dossier's progress as shown to whoever holds its receipt.
#[Object]
impl DossierTracking {
    /// Dossier code.
    async fn code(&self) -> &str {
        &self.0.dossier.code
    }
    /// Current status.
    async fn status(&self) -> Option<DossierStatus> {
        DossierStatus::parse(&self.0.dossier.status)
    }
    /// Current status in plain Vietnamese.
    async fn status_label(&self) -> &str {
        DossierStatus::parse(&self.0.dossier.status).map_or("", DossierStatus::label_vi)
    }
    /// The procedure's name.
    async fn procedure_name(&self, ctx: &Context<'_>) -> Result<String> {
        let loader = ctx.data::<DataLoader<ProcedureLoader>>()?;
        Ok(loader
            .load_one(self.0.dossier.procedure_id)
            .await
            .map_err(|e| e.to_graphql())?
            .map(|p| p.name)
            .unwrap_or_default())
    }
    /// The receiving unit's name.
    async fn tenant_name(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(state(ctx)?
            .tenants
            .by_id(self.0.dossier.tenant_id)
            .map(|t| t.name.clone())
            .unwrap_or_default())
    }
    /// When it was submitted.
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.dossier.submitted_at
    }
    /// When it was accepted; null before acceptance.
    async fn received_at(&self) -> Option<DateTime<Utc>> {
        self.0.dossier.received_at
    }
    /// Appointment for the result; null before acceptance.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.dossier.due_at
    }
    /// When it was finished; null while open.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.dossier.finished_at
    }
    /// Fee in VND and whether it is paid online.
    async fn fee_vnd(&self) -> i64 {
        self.0.dossier.fee_vnd
    }
    /// Paid through an online channel.
    async fn paid_online(&self) -> bool {
        self.0.dossier.paid_online
    }
    /// What the citizen must do now (e.g. the list of missing documents when a supplement is
    /// requested); null when nothing is expected of them.
    async fn expected_from_citizen(&self) -> Option<String> {
        let status = DossierStatus::parse(&self.0.dossier.status)?;
        match status {
            DossierStatus::SupplementRequested | DossierStatus::AwaitingPayment => self
                .0
                .events
                .iter()
                .rev()
                .find(|e| e.to_status == status.as_str())
                .map(|e| e.note.clone()),
            DossierStatus::Resolved => Some("Kết quả đã sẵn sàng; mời nhận kết quả.".to_string()),
            _ => None,
        }
    }
    /// The steps so far, oldest first.
    async fn timeline(&self) -> Vec<DossierEvent> {
        self.0.events.iter().cloned().map(DossierEvent).collect()
    }
}

/// Public tracking.
#[derive(Default)]
pub struct TrackingQuery;

#[Object]
impl TrackingQuery {
    /// A dossier's progress by the code and secret printed on its receipt; null when they do not
    /// match. Wrong guesses are limited (RATE_LIMITED after 10 a minute per client address).
    async fn track_dossier(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Dossier code from the receipt.", validator(max_length = 64))]
        code: String,
        #[graphql(desc = "Tracking secret from the receipt.", validator(max_length = 64))]
        secret: String,
    ) -> Result<Option<DossierTracking>> {
        let ip = ctx
            .data_opt::<crate::graphql::http::ClientIp>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        Ok(tracking::track(state(ctx)?, &ip, &code, &secret)
            .await?
            .map(DossierTracking))
    }
}
