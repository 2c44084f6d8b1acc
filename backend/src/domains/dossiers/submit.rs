//! Submitting a dossier: online by a citizen, or at the counter / by post by a reception officer
//! on a citizen's behalf ("Citizens do not write"). One transaction takes the next number of the
//! tenant's daily counter, writes the dossier, its files, its first timeline step and the
//! notification, so an acknowledged submission is committed and gap-free. A retry with the same
//! idempotency key returns the original dossier; the same key with other content is CONFLICT.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr,
    PaginatorTrait, QueryFilter, Set, Statement,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::form::{FieldDef, validate_form};
use shared::validation::{Email, PersonName, PersonalId, PhoneNumber};
use shared::{DossierCode, TenantCode};
use uuid::Uuid;

use super::model::{dossier, event, file};
use super::status::DossierStatus;
use super::tracking::tracking_secret;
use crate::auth::{Caller, Role, TenantScope};
use crate::domains::notifications::repo::{NewNotification, enqueue};
use crate::domains::procedures::model::{assignment, procedure};
use crate::domains::procedures::repo as procedures;
use crate::error::{ApiError, ApiResult};
use crate::infra::event_bus::Event;
use crate::infra::file_store::StoreError;
use crate::state::AppState;
use crate::telemetry::spawn_blocking_with_tracing;

/// How a dossier arrives (national channel codes 1–3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, async_graphql::Enum)]
pub enum Channel {
    /// At the one-stop counter (trực tiếp), entered by a reception officer.
    Counter,
    /// Online (trực tuyến), by the citizen.
    Online,
    /// By the public postal service (bưu chính công ích), entered by a reception officer.
    Postal,
}

impl Channel {
    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Online => "online",
            Channel::Postal => "postal",
        }
    }
}

/// The person the dossier is for.
#[derive(Clone, Debug, Default)]
pub struct Applicant {
    /// Full name.
    pub full_name: Option<String>,
    /// 12-digit personal identification number.
    pub personal_id: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
}

/// One attached file.
pub struct Attachment {
    /// Dossier component (the procedure's document name).
    pub component: String,
    /// File name as sent.
    pub file_name: String,
    /// Declared MIME type.
    pub content_type: Option<String>,
    /// The bytes (a temporary file from the multipart request).
    pub content: Box<dyn std::io::Read + Send>,
}

/// Everything `submitDossier` receives.
pub struct Submission {
    /// Receiving unit.
    pub tenant_code: String,
    /// Procedure.
    pub procedure_code: String,
    /// Client-chosen key that makes retries safe.
    pub idempotency_key: String,
    /// Channel.
    pub channel: Channel,
    /// Applicant.
    pub applicant: Applicant,
    /// Form values by field key.
    pub form: BTreeMap<String, String>,
    /// Files.
    pub attachments: Vec<Attachment>,
}

/// The outcome.
pub struct Submitted {
    /// The dossier.
    pub dossier: dossier::Model,
    /// The tracking secret (shown to the submitter only).
    pub tracking_secret: String,
}

/// Upload limits.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Total per dossier.
pub const MAX_DOSSIER_BYTES: u64 = 50 * 1024 * 1024;
/// Files per dossier.
pub const MAX_FILES: usize = 20;

struct StoredFile {
    id: Uuid,
    component: String,
    file_name: String,
    content_type: &'static str,
    size: u64,
    sha256: String,
    key: String,
}

/// Submits a dossier (see the module docs).
pub async fn submit(state: &AppState, caller: &Caller, input: Submission) -> ApiResult<Submitted> {
    let (submitter, role) = match caller {
        Caller::Anonymous => {
            return Err(ApiError::Unauthenticated(
                "Sign in to submit a dossier.".into(),
            ));
        }
        Caller::Person { user_id, role, .. } => (*user_id, *role),
    };
    validate_key(&input.idempotency_key)?;
    let tenant = state.tenants.by_code(&input.tenant_code).ok_or_else(|| {
        ApiError::NotFound(format!("No unit has the code `{}`.", input.tenant_code))
    })?;
    // Who may submit where, through which channel.
    match (role, input.channel) {
        (Role::Citizen, Channel::Online) => {}
        (Role::Citizen, _) => {
            return Err(ApiError::Forbidden(
                "Citizens submit online; counter and postal dossiers are entered by the one-stop office.".into(),
            ));
        }
        (Role::ReceptionOfficer | Role::TenantAdmin, Channel::Counter | Channel::Postal) => {
            if caller_tenant(caller) != Some(tenant.id) {
                return Err(ApiError::Forbidden(
                    "You can receive dossiers only at your own unit.".into(),
                ));
            }
        }
        (Role::ReceptionOfficer | Role::TenantAdmin, Channel::Online) => {
            return Err(ApiError::BadUserInput(
                "Staff enter dossiers through the COUNTER or POSTAL channel.".into(),
            ));
        }
        _ => {
            return Err(ApiError::Forbidden(
                "Only citizens and reception officers submit dossiers.".into(),
            ));
        }
    }
    let today = shared::time::vn_date(Utc::now());
    if !tenant.is_open_on(today) || !matches!(tenant.level.as_str(), "COMMUNE" | "AGENCY") {
        return Err(ApiError::BadUserInput(format!(
            "{} does not receive dossiers (a province, a district or a closed unit); choose a commune or ward.",
            tenant.name
        )));
    }
    let procedure = procedures::by_code(&state.db, &input.procedure_code)
        .await?
        .filter(|p| p.status != "REPEALED")
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "No procedure has the code `{}`.",
                input.procedure_code
            ))
        })?;
    let scope = TenantScope::of([tenant.id]);
    if !is_enabled(state, &scope, procedure.id).await? {
        return Err(ApiError::BadUserInput(format!(
            "{} does not offer the procedure “{}”.",
            tenant.name, procedure.name
        )));
    }
    if input.channel == Channel::Online && procedure.online_level == "NONE" {
        return Err(ApiError::BadUserInput(format!(
            "“{}” cannot be submitted online; bring the documents to the one-stop office.",
            procedure.name
        )));
    }
    check_form(&procedure, &input.form)?;
    let applicant = check_applicant(state, caller, &input.applicant).await?;
    check_attachments(&procedure, input.channel, &input.attachments)?;

    // Files first (outside the transaction): a replay or a failure deletes them again.
    let stored = store_files(state, tenant.id, input.attachments).await?;
    let request_hash = request_hash(
        &tenant.code,
        &procedure.code,
        input.channel,
        &applicant,
        &input.form,
        &stored,
    );
    let result = write(
        state,
        &scope,
        tenant.id,
        &tenant.code,
        &procedure,
        submitter,
        role,
        input.channel,
        &input.idempotency_key,
        &request_hash,
        &applicant,
        &input.form,
        &stored,
    )
    .await;
    let keep_files = matches!(&result, Ok((_, true)));
    if !keep_files {
        for f in &stored {
            state.files.delete(&f.key);
        }
    }
    let (dossier, fresh) = result?;
    if fresh {
        state
            .bus
            .publish(Event::new(
                crate::graphql::subscription::DOSSIER_TOPIC,
                Some(tenant.id.to_string()),
                json!({
                    "code": dossier.code,
                    "status": dossier.status,
                    "kind": "submitted",
                    "applicant": dossier.applicant_user_id.map(|u| u.to_string()),
                }),
            ))
            .await;
    }
    let secret = tracking_secret(&state.tracking_key, dossier.id);
    Ok(Submitted {
        dossier,
        tracking_secret: secret,
    })
}

fn caller_tenant(caller: &Caller) -> Option<i64> {
    match caller {
        Caller::Person { tenant_id, .. } => *tenant_id,
        Caller::Anonymous => None,
    }
}

fn validate_key(key: &str) -> ApiResult<()> {
    let ok = (8..=128).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::BadUserInput(
            "`idempotencyKey` must be 8–128 characters of letters, digits, - _ . : (a UUID is ideal).".into(),
        ))
    }
}

async fn is_enabled(state: &AppState, scope: &TenantScope, procedure_id: Uuid) -> ApiResult<bool> {
    let txn = scope.begin(&state.db).await?;
    let n = scope
        .select::<assignment::Entity>()
        .filter(assignment::Column::ProcedureId.eq(procedure_id))
        .filter(assignment::Column::Enabled.eq(true))
        .count(&txn)
        .await?;
    txn.commit().await?;
    Ok(n > 0)
}

fn check_form(procedure: &procedure::Model, values: &BTreeMap<String, String>) -> ApiResult<()> {
    let defs: Vec<FieldDef> = serde_json::from_value(procedure.form.clone())
        .map_err(|e| ApiError::internal("procedure form definition", e))?;
    if values.len() > 200 || values.values().any(|v| v.len() > 10_000) {
        return Err(ApiError::BadUserInput("The form is too large.".into()));
    }
    validate_form(&defs, values).map_err(|errors| {
        let first = errors
            .first()
            .map(|e| {
                let label = defs
                    .iter()
                    .find(|d| d.key == e.key)
                    .map_or(e.key.as_str(), |d| d.label_en.as_str());
                format!("{label}: {:?}", e.problem)
            })
            .unwrap_or_default();
        ApiError::InvalidFields {
            message: format!("The form has {} problem(s); first: {first}.", errors.len()),
            fields: serde_json::to_value(&errors).unwrap_or_default(),
        }
    })
}

/// Validated applicant data.
#[derive(Clone, Debug, Default, serde::Serialize)]
struct CheckedApplicant {
    full_name: String,
    personal_id: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
}

async fn check_applicant(
    state: &AppState,
    caller: &Caller,
    a: &Applicant,
) -> ApiResult<CheckedApplicant> {
    let blank = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let account = match caller {
        Caller::Person {
            role: Role::Citizen,
            ..
        } => Some(crate::domains::accounts::service::me(state, caller).await?),
        _ => None,
    };
    let name = match (blank(&a.full_name), &account) {
        (Some(n), _) => n,
        (None, Some(acc)) => acc.full_name.clone(),
        (None, None) => {
            return Err(ApiError::BadUserInput(
                "The applicant's full name is required.".into(),
            ));
        }
    };
    let full_name = PersonName::parse(&name)?.as_str().to_string();
    let personal_id = blank(&a.personal_id)
        .map(|p| PersonalId::parse(&p).map(|v| v.as_str().to_string()))
        .transpose()?;
    let phone = match blank(&a.phone) {
        Some(p) => Some(PhoneNumber::parse(&p)?.as_str().to_string()),
        None => account.as_ref().and_then(|acc| acc.phone.clone()),
    };
    let email = match blank(&a.email) {
        Some(e) => Some(Email::parse(&e)?.as_str().to_string()),
        None => account.as_ref().and_then(|acc| acc.email.clone()),
    };
    let address = blank(&a.address);
    if address.as_ref().is_some_and(|s| s.chars().count() > 300) {
        return Err(ApiError::BadUserInput(
            "The address is longer than 300 characters.".into(),
        ));
    }
    Ok(CheckedApplicant {
        full_name,
        personal_id,
        phone,
        email,
        address,
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DocumentDef {
    name: String,
    required: bool,
    replaceable_by_data: bool,
}

fn check_attachments(
    procedure: &procedure::Model,
    channel: Channel,
    files: &[Attachment],
) -> ApiResult<()> {
    if files.len() > MAX_FILES {
        return Err(ApiError::BadUserInput(format!(
            "At most {MAX_FILES} files per dossier."
        )));
    }
    for f in files {
        if f.component.trim().is_empty() || f.component.chars().count() > 300 {
            return Err(ApiError::BadUserInput(format!(
                "File “{}”: say which document it is (1–300 characters).",
                clean_name(&f.file_name)
            )));
        }
    }
    if channel == Channel::Online {
        let docs: Vec<DocumentDef> =
            serde_json::from_value(procedure.documents.clone()).unwrap_or_default();
        let missing: Vec<&str> = docs
            .iter()
            .filter(|d| d.required && !d.replaceable_by_data)
            .filter(|d| !files.iter().any(|f| f.component.trim() == d.name))
            .map(|d| d.name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(ApiError::BadUserInput(format!(
                "Attach the required documents: {}.",
                missing.join("; ")
            )));
        }
    }
    Ok(())
}

/// A file name safe to store and show (no paths, no control characters, ≤ 150 characters).
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(150).collect();
    if cleaned.trim().is_empty() {
        "file".to_string()
    } else {
        cleaned
    }
}

async fn store_files(
    state: &AppState,
    tenant_id: i64,
    files: Vec<Attachment>,
) -> ApiResult<Vec<StoredFile>> {
    let store = state.files.clone();
    spawn_blocking_with_tracing(move || -> Result<Vec<StoredFile>, ApiError> {
        let mut out: Vec<StoredFile> = Vec::new();
        let mut total = 0u64;
        let undo = |out: &Vec<StoredFile>| out.iter().for_each(|f| store.delete(&f.key));
        for mut a in files {
            let name = clean_name(&a.file_name);
            let mut head = [0u8; 16];
            let n = read_head(&mut a.content, &mut head).map_err(|e| ApiError::internal("read upload", e))?;
            let kind = match shared::upload::check(head.get(..n).unwrap_or_default(), a.content_type.as_deref()) {
                Ok(k) => k,
                Err(e) => {
                    undo(&out);
                    return Err(ApiError::BadUserInput(format!("File “{name}” {e}.")));
                }
            };
            let id = Uuid::now_v7();
            let key = format!("{tenant_id}/{}", id.simple());
            let mut reader = std::io::Read::chain(head.get(..n).unwrap_or_default(), a.content);
            let limit = MAX_FILE_BYTES.min(MAX_DOSSIER_BYTES.saturating_sub(total));
            match store.put_from(&key, &mut reader, limit) {
                Ok(s) => {
                    total += s.size;
                    out.push(StoredFile {
                        id,
                        component: a.component.trim().to_string(),
                        file_name: name,
                        content_type: kind.mime(),
                        size: s.size,
                        sha256: s.sha256,
                        key,
                    });
                }
                Err(StoreError::TooLarge { .. }) => {
                    undo(&out);
                    return Err(ApiError::BadUserInput(format!(
                        "File “{name}” is too large: at most {} MiB per file and {} MiB per dossier.",
                        MAX_FILE_BYTES / 1024 / 1024,
                        MAX_DOSSIER_BYTES / 1024 / 1024
                    )));
                }
                Err(StoreError::Io(e)) => {
                    undo(&out);
                    return Err(ApiError::internal("store upload", e));
                }
            }
        }
        Ok(out)
    })
    .await
    .map_err(|e| ApiError::internal("upload task", e))?
}

fn read_head(r: &mut dyn std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        let Some(rest) = buf.get_mut(n..) else { break };
        let got = r.read(rest)?;
        if got == 0 {
            break;
        }
        n += got;
    }
    Ok(n)
}

fn request_hash(
    tenant: &str,
    procedure: &str,
    channel: Channel,
    applicant: &CheckedApplicant,
    form: &BTreeMap<String, String>,
    files: &[StoredFile],
) -> String {
    let canonical = json!({
        "tenant": tenant,
        "procedure": procedure,
        "channel": channel.as_str(),
        "applicant": applicant,
        "form": form,
        "files": files.iter().map(|f| json!([f.component, f.sha256])).collect::<Vec<_>>(),
    });
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Writes everything in one transaction; `(dossier, true)` when created, `(original, false)`
/// for a replay of the same key and content.
#[allow(clippy::too_many_arguments)]
async fn write(
    state: &AppState,
    scope: &TenantScope,
    tenant_id: i64,
    tenant_code: &str,
    procedure: &procedure::Model,
    submitter: Uuid,
    role: Role,
    channel: Channel,
    key: &str,
    request_hash: &str,
    applicant: &CheckedApplicant,
    form: &BTreeMap<String, String>,
    files: &[StoredFile],
) -> ApiResult<(dossier::Model, bool)> {
    let txn = scope.begin_write(&state.db).await?;
    if let Some(existing) = by_key(&txn, scope, key).await? {
        txn.rollback().await?;
        return replay(existing, submitter, role, request_hash);
    }
    match insert(
        state,
        &txn,
        scope,
        tenant_id,
        tenant_code,
        procedure,
        submitter,
        role,
        channel,
        key,
        request_hash,
        applicant,
        form,
        files,
    )
    .await
    {
        Ok(d) => {
            txn.commit().await?;
            Ok((d, true))
        }
        Err(ApiError::Conflict(_)) => {
            // A concurrent request with the same key won the race: answer as a replay.
            txn.rollback().await?;
            let read = scope.begin(&state.db).await?;
            let existing = by_key(&read, scope, key).await?;
            read.commit().await?;
            match existing {
                Some(d) => replay(d, submitter, role, request_hash),
                None => Err(ApiError::Conflict(
                    "The submission conflicted with another; retry.".into(),
                )),
            }
        }
        Err(e) => {
            let _ = txn.rollback().await;
            Err(e)
        }
    }
}

fn replay(
    existing: dossier::Model,
    submitter: Uuid,
    role: Role,
    request_hash: &str,
) -> ApiResult<(dossier::Model, bool)> {
    let same_submitter = role != Role::Citizen || existing.applicant_user_id == Some(submitter);
    if same_submitter && existing.request_hash.as_deref() == Some(request_hash) {
        Ok((existing, false))
    } else {
        Err(ApiError::Conflict(
            "This idempotencyKey was already used for a different submission.".into(),
        ))
    }
}

async fn by_key(
    db: &DatabaseTransaction,
    scope: &TenantScope,
    key: &str,
) -> ApiResult<Option<dossier::Model>> {
    Ok(scope
        .select::<dossier::Entity>()
        .filter(dossier::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?)
}

/// Takes the next number of the tenant's counter for `day` (row-locked upsert: concurrent
/// transactions queue on the row, and a rolled-back transaction gives its number back).
async fn next_seq(db: &DatabaseTransaction, tenant_id: i64, day: NaiveDate) -> Result<i64, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO dossier_counters (tenant_id, day, last_seq) VALUES ($1, $2, 1) \
             ON CONFLICT (tenant_id, day) DO UPDATE SET last_seq = dossier_counters.last_seq + 1 \
             RETURNING last_seq"
        }
        _ => {
            "INSERT INTO dossier_counters (tenant_id, day, last_seq) VALUES (?, ?, 1) \
             ON CONFLICT (tenant_id, day) DO UPDATE SET last_seq = dossier_counters.last_seq + 1 \
             RETURNING last_seq"
        }
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [tenant_id.into(), day.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("counter upsert returned no row".into()))?;
    let seq: i32 = row.try_get("", "last_seq")?;
    Ok(i64::from(seq))
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    state: &AppState,
    txn: &DatabaseTransaction,
    scope: &TenantScope,
    tenant_id: i64,
    tenant_code: &str,
    procedure: &procedure::Model,
    submitter: Uuid,
    role: Role,
    channel: Channel,
    key: &str,
    request_hash: &str,
    applicant: &CheckedApplicant,
    form: &BTreeMap<String, String>,
    files: &[StoredFile],
) -> ApiResult<dossier::Model> {
    let now = Utc::now();
    let day = shared::time::vn_date(now);
    let tenant = TenantCode::parse(tenant_code)
        .map_err(|e| ApiError::internal("tenant code", anyhow::anyhow!("{e}")))?;
    // The counter never issues a code that exists already (imported history may hold it).
    let code = loop {
        let seq = next_seq(txn, tenant_id, day).await?;
        let seq = u16::try_from(seq).ok().filter(|s| *s <= DossierCode::MAX_SEQ).ok_or_else(|| {
            ApiError::Conflict(format!(
                "{tenant_code} has received the maximum of 9,999 dossiers today; the counter resumes tomorrow."
            ))
        })?;
        if seq >= DossierCode::SEQ_ALERT_THRESHOLD {
            tracing::warn!(
                tenant = tenant_code,
                seq,
                "daily dossier counter is close to its 9,999 cap"
            );
        }
        let code = DossierCode::new(tenant.clone(), day, seq)
            .map_err(|e| ApiError::internal("dossier code", anyhow::anyhow!("{e}")))?
            .to_string();
        let taken = scope
            .select::<dossier::Entity>()
            .filter(dossier::Column::Code.eq(code.clone()))
            .count(txn)
            .await?;
        if taken == 0 {
            break code;
        }
    };
    // Counter and postal dossiers are checked on the spot and accepted: the clock starts now.
    let accepted = channel != Channel::Online;
    let limit = shared::calendar::TimeLimit {
        unit: serde_json::from_value(serde_json::Value::String(procedure.time_limit_unit.clone()))
            .map_err(|e| ApiError::internal("time limit unit", e))?,
        value: u32::try_from(procedure.time_limit_value).unwrap_or(0),
    };
    let due_at: Option<DateTime<Utc>> = if accepted {
        Some(
            state
                .calendar
                .get()
                .due_at(now, limit)
                .map_err(|e| ApiError::internal("due date", anyhow::anyhow!("{e}")))?,
        )
    } else {
        None
    };
    let status = if accepted {
        DossierStatus::Received
    } else {
        DossierStatus::Submitted
    };
    let id = Uuid::now_v7();
    let secret = tracking_secret(&state.tracking_key, id);
    let applicant_user = (role == Role::Citizen).then_some(submitter);
    let days = dossier::vn_days(accepted.then_some(now), due_at, None);
    let model = dossier::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(id),
        code: Set(code.clone()),
        procedure_id: Set(procedure.id),
        handled_by_tenant_id: Set(None),
        status: Set(status.as_str().to_string()),
        channel: Set(channel.as_str().to_string()),
        applicant_user_id: Set(applicant_user),
        applicant_name: Set(applicant.full_name.clone()),
        applicant_personal_id: Set(applicant.personal_id.clone()),
        applicant_phone: Set(applicant.phone.clone()),
        applicant_email: Set(applicant.email.clone()),
        applicant_address: Set(applicant.address.clone()),
        form_data: Set(serde_json::to_value(form).unwrap_or_default()),
        submitted_at: Set(now),
        received_at: Set(accepted.then_some(now)),
        due_at: Set(due_at),
        due_at_original: Set(due_at),
        rescheduled_to: Set(None),
        finished_at: Set(None),
        returned_at: Set(None),
        returned_by_post: Set(false),
        digitized: Set(channel == Channel::Online && !files.is_empty()),
        paid_online: Set(false),
        fee_vnd: Set(fee_of(procedure, channel)),
        tracking_secret_hash: Set(Some(crate::auth::tokens::sha256_hex(&secret))),
        idempotency_key: Set(Some(key.to_string())),
        request_hash: Set(Some(request_hash.to_string())),
        imported: Set(false),
        version: Set(0),
        assigned_to: Set(None),
        current_step: Set(None),
        pause_started_at: Set(None),
        paused_seconds: Set(0),
        supplement_count: Set(0),
        result_code: Set(None),
        return_channel: Set(None),
        postal_tracking_number: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        received_day: Set(days.received_day),
        due_day: Set(days.due_day),
        finished_day: Set(days.finished_day),
    }
    .insert(txn)
    .await?;
    for f in files {
        file::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(f.id),
            dossier_id: Set(id),
            component: Set(f.component.clone()),
            file_name: Set(f.file_name.clone()),
            content_type: Set(f.content_type.to_string()),
            size_bytes: Set(i64::try_from(f.size).unwrap_or(i64::MAX)),
            sha256: Set(f.sha256.clone()),
            storage_key: Set(f.key.clone()),
            uploaded_by: Set(Some(submitter)),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    let (actor, note) = match channel {
        Channel::Online => ("Công dân".to_string(), "Nộp hồ sơ trực tuyến".to_string()),
        Channel::Counter => (
            "Cán bộ tiếp nhận".to_string(),
            "Tiếp nhận hồ sơ tại Bộ phận Một cửa".to_string(),
        ),
        Channel::Postal => (
            "Cán bộ tiếp nhận".to_string(),
            "Tiếp nhận hồ sơ qua bưu chính công ích".to_string(),
        ),
    };
    event::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(Uuid::now_v7()),
        dossier_id: Set(id),
        at: Set(now),
        actor_user_id: Set(Some(submitter)),
        actor_name: Set(actor),
        from_status: Set(None),
        to_status: Set(status.as_str().to_string()),
        note: Set(note),
    }
    .insert(txn)
    .await?;
    enqueue(
        txn,
        NewNotification {
            tenant_id,
            kind: "dossier.submitted",
            recipient_user_id: applicant_user,
            recipient_email: applicant.email.clone(),
            subject: format!("Hồ sơ {code} đã được tiếp nhận"),
            body: format!(
                "Hồ sơ “{}” của {} đã được ghi nhận với mã {code}. Tra cứu tiến độ bằng mã hồ sơ và mã bí mật trên giấy biên nhận.",
                procedure.name, applicant.full_name
            ),
            payload: json!({ "code": code, "status": status.as_str() }),
        },
    )
    .await?;
    Ok(model)
}

/// The fee to charge at submission for this channel. A procedure that is free in its ordinary
/// case (a FREE rule, e.g. birth registration within 60 days) starts at 0 — its conditional
/// charges (late registration) are set by staff; otherwise the flat rule applies, the online
/// rate when one is published. Tiered and per-copy fees are settled by staff.
fn fee_of(procedure: &procedure::Model, channel: Channel) -> i64 {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Rule {
        rule: String,
        amount_vnd: i64,
        channel: String,
    }
    let rules: Vec<Rule> = serde_json::from_value(procedure.fees.clone()).unwrap_or_default();
    let flat = |ch: &str| {
        rules
            .iter()
            .find(|r| r.rule == "FLAT" && r.channel == ch)
            .map(|r| r.amount_vnd.max(0))
    };
    if rules.iter().any(|r| r.rule == "FREE") {
        return 0;
    }
    let online = (channel == Channel::Online)
        .then(|| flat("online"))
        .flatten();
    online.or_else(|| flat("")).unwrap_or(0)
}
