//! The historical import (`motcua import dossiers`, `importDossiers`): who may import, and the
//! all-or-nothing load of one file into one tenant.
//!
//! The CSV is parsed on the blocking pool and streamed here in chunks; rows are written in
//! multi-row batches inside ONE transaction. Every row is checked even after the first
//! problem (so the report lists all of them), but once a problem is seen nothing more is
//! written and the transaction is rolled back at the end: a file imports whole or not at all.
//! The live code counter (`dossier_counters`) is never touched; `(tenant_id, code)` stays
//! unique through the existing-code check and the unique index.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Utc;
use sea_orm::{DatabaseTransaction, DbErr, Set};
use tokio::sync::mpsc;
use uuid::Uuid;

use super::parse::{DossierCsv, ImportRow, Parsed, RowError};
use super::repo;
use crate::auth::{Caller, Role, TenantScope};
use crate::domains::dossiers::model::{dossier, event};
use crate::domains::dossiers::status::DossierStatus;
use crate::domains::procedures::model::{assignment, procedure};
use crate::domains::tenants::service::TenantNode;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// At most this many problems are listed; `error_count` counts them all.
pub const MAX_LISTED_ERRORS: usize = 1_000;
/// Parsed outcomes per message from the parser to the writer.
const CHUNK: usize = 256;
/// The timeline note of an imported dossier.
pub const IMPORT_NOTE: &str = "Nhập dữ liệu lịch sử";

/// Counters a caller may watch while an import runs (a CLI progress bar).
#[derive(Debug, Default)]
pub struct ImportProgress {
    /// Bytes of the file parsed so far.
    pub bytes_read: AtomicU64,
    /// Records parsed so far.
    pub rows_read: AtomicU64,
    /// Rows checked against the database (written unless a problem was seen).
    pub rows_checked: AtomicU64,
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Leave rows whose code already exists in the tenant instead of failing.
    pub skip_existing: bool,
    /// Who imports (none for the CLI).
    pub actor: Option<Uuid>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Dossiers written (0 when there were problems).
    pub imported: u64,
    /// Rows left out because their code already existed (`skip_existing`).
    pub skipped: u64,
    /// The first [`MAX_LISTED_ERRORS`] problems, by line.
    pub errors: Vec<RowError>,
    /// Every problem.
    pub error_count: u64,
}

impl ImportReport {
    fn add_error(&mut self, e: RowError) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(e);
        }
    }
}

/// The unit `caller` may import into: tenant admins their own unit, province admins any unit
/// of their province. Other staff: FORBIDDEN on their own unit, NOT_FOUND elsewhere (another
/// unit's existence is not confirmed); citizens FORBIDDEN; anonymous UNAUTHENTICATED.
pub fn authorize(
    state: &AppState,
    caller: &Caller,
    tenant_code: &str,
) -> ApiResult<Arc<TenantNode>> {
    let Caller::Person { role, .. } = caller else {
        return Err(ApiError::Unauthenticated(
            "Sign in as a unit administrator to import dossiers.".into(),
        ));
    };
    if *role == Role::Citizen {
        return Err(ApiError::Forbidden(
            "Only unit and province administrators may import dossiers.".into(),
        ));
    }
    let scope = state.tenants.read_scope(caller);
    let node = state
        .tenants
        .by_code(tenant_code)
        .filter(|n| scope.contains(n.id))
        .ok_or_else(|| ApiError::NotFound(format!("No unit has the code `{tenant_code}`.")))?;
    if !matches!(role, Role::TenantAdmin | Role::ProvinceAdmin) {
        return Err(ApiError::Forbidden(
            "Only unit and province administrators may import dossiers.".into(),
        ));
    }
    Ok(node)
}

/// Parses `input` on the blocking pool and streams the outcomes, in chunks, in file order.
/// Parsing stops early when the receiver is dropped.
pub fn spawn_parser<R: Read + Send + 'static>(
    input: R,
    progress: Arc<ImportProgress>,
) -> mpsc::Receiver<Vec<Parsed>> {
    let (tx, rx) = mpsc::channel::<Vec<Parsed>>(64);
    crate::telemetry::spawn_blocking_with_tracing(move || {
        let mut rows = DossierCsv::new(input);
        let mut chunk = Vec::with_capacity(CHUNK);
        loop {
            let next = rows.next();
            let end = next.is_none();
            if let Some(item) = next {
                chunk.push(item);
            }
            if end || chunk.len() >= CHUNK {
                let n = chunk.iter().filter(|p| matches!(p, Parsed::Row(_))).count() as u64;
                progress.rows_read.fetch_add(n, Ordering::Relaxed);
                progress
                    .bytes_read
                    .store(rows.bytes_read(), Ordering::Relaxed);
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                if (!full.is_empty() && tx.blocking_send(full).is_err()) || end {
                    break;
                }
            }
        }
    });
    rx
}

/// The GraphQL upload: authorization, then [`import`] of the text.
pub async fn import_text(
    state: &AppState,
    caller: &Caller,
    tenant_code: &str,
    csv: String,
    skip_existing: bool,
) -> ApiResult<ImportReport> {
    let tenant = authorize(state, caller, tenant_code)?;
    let progress = Arc::new(ImportProgress::default());
    let rows = spawn_parser(std::io::Cursor::new(csv.into_bytes()), progress.clone());
    let opts = ImportOptions {
        skip_existing,
        actor: caller.user_id(),
    };
    import(state, &tenant, &opts, rows, &progress).await
}

/// Imports the streamed rows into `tenant`, all or nothing. Problems with rows are in the
/// report (nothing written); database failures are errors.
#[tracing::instrument(skip_all, fields(tenant = %tenant.code))]
pub async fn import(
    state: &AppState,
    tenant: &TenantNode,
    opts: &ImportOptions,
    mut rows: mpsc::Receiver<Vec<Parsed>>,
    progress: &ImportProgress,
) -> ApiResult<ImportReport> {
    let scope = TenantScope::of([tenant.id]);
    let txn = scope.begin(&state.db).await?;
    let mut run = Run {
        tenant,
        scope: &scope,
        opts,
        progress,
        txn: &txn,
        report: ImportReport::default(),
        procedures: HashMap::new(),
        now: Utc::now(),
    };
    let batch_rows = repo::batch_rows(state.db.get_database_backend());
    let mut batch: Vec<ImportRow> = Vec::with_capacity(batch_rows);
    while let Some(chunk) = rows.recv().await {
        for item in chunk {
            match item {
                Parsed::Row(r) => batch.push(r),
                Parsed::Error(e) => run.report.add_error(e),
            }
            if batch.len() >= batch_rows {
                run.flush(std::mem::take(&mut batch)).await?;
            }
        }
    }
    run.flush(batch).await?;
    let mut report = run.report;
    if report.error_count > 0 {
        txn.rollback().await?;
        report.imported = 0;
        report.errors.sort_by_key(|e| e.line);
        tracing::info!(problems = report.error_count, "import rejected");
    } else {
        txn.commit().await?;
        tracing::info!(
            imported = report.imported,
            skipped = report.skipped,
            "import committed"
        );
    }
    Ok(report)
}

struct Run<'a> {
    tenant: &'a TenantNode,
    scope: &'a TenantScope,
    opts: &'a ImportOptions,
    progress: &'a ImportProgress,
    txn: &'a DatabaseTransaction,
    report: ImportReport,
    /// Procedure ids by code, filled as codes are met.
    procedures: HashMap<String, Uuid>,
    now: chrono::DateTime<Utc>,
}

impl Run<'_> {
    /// Writes a batch while no problem has been seen (only checks its codes afterwards), and
    /// reports the codes that already existed: skipped, or problems.
    async fn flush(&mut self, batch: Vec<ImportRow>) -> ApiResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let n = batch.len() as u64;
        let existing: Vec<String> = if self.report.error_count == 0 {
            let existing = self.write(&batch).await.map_err(|e| match e.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ApiError::Conflict(
                    "A dossier or procedure of this file was created meanwhile; nothing was imported. Run the import again.".into(),
                ),
                _ => ApiError::from(e),
            })?;
            self.report.imported += n - existing.len() as u64;
            existing
        } else {
            let codes: Vec<String> = batch.iter().map(|r| r.code.clone()).collect();
            repo::existing_codes(self.txn, self.scope, &codes)
                .await?
                .into_iter()
                .collect()
        };
        let existing: HashSet<String> = existing.into_iter().collect();
        for r in batch.iter().filter(|r| existing.contains(&r.code)) {
            if self.opts.skip_existing {
                self.report.skipped += 1;
            } else {
                self.report.add_error(RowError {
                    line: r.line,
                    message: format!(
                        "code: `{}` already exists in {} (skip existing codes to leave them as they are)",
                        r.code, self.tenant.code
                    ),
                });
            }
        }
        self.progress.rows_checked.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    /// Inserts the batch's new codes; returns the codes that already existed.
    async fn write(&mut self, rows: &[ImportRow]) -> Result<Vec<String>, DbErr> {
        self.resolve_procedures(rows).await?;
        let mut models = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(procedure_id) = self.procedures.get(&r.procedure_code).copied() else {
                return Err(DbErr::Custom(format!(
                    "procedure {} was not resolved",
                    r.procedure_code
                )));
            };
            models.push(models_of(
                self.tenant.id,
                procedure_id,
                r,
                self.opts.actor,
                self.now,
            ));
        }
        repo::insert_new_dossiers(self.txn, self.scope, models).await
    }

    /// Finds the batch's procedures in the catalogue; codes it does not know become
    /// `IMPORTED` procedures owned by the tenant, assigned to it but not enabled.
    async fn resolve_procedures(&mut self, rows: &[ImportRow]) -> Result<(), DbErr> {
        let unknown: Vec<String> = rows
            .iter()
            .map(|r| r.procedure_code.as_str())
            .filter(|c| !self.procedures.contains_key(*c))
            .collect::<HashSet<&str>>()
            .into_iter()
            .map(str::to_string)
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        for (code, id) in repo::procedure_ids(self.txn, &unknown).await? {
            self.procedures.insert(code, id);
        }
        let mut procedures = Vec::new();
        let mut assignments = Vec::new();
        for code in unknown {
            if self.procedures.contains_key(&code) {
                continue;
            }
            let id = Uuid::now_v7();
            procedures.push(imported_procedure(id, &code, self.tenant, self.now));
            assignments.push(assignment::ActiveModel {
                tenant_id: Set(self.tenant.id),
                procedure_id: Set(id),
                enabled: Set(false),
                department: Set("Bộ phận Một cửa".into()),
                fee_note: Set(String::new()),
                updated_at: Set(self.now),
            });
            self.procedures.insert(code, id);
        }
        repo::insert_imported_procedures(self.txn, self.scope, procedures, assignments).await
    }
}

/// A catalogue entry for a procedure code the catalogue does not know.
fn imported_procedure(
    id: Uuid,
    code: &str,
    tenant: &TenantNode,
    now: chrono::DateTime<Utc>,
) -> procedure::ActiveModel {
    let name = format!("Thủ tục {code} (nhập từ dữ liệu lịch sử)");
    let name_en = format!("Procedure {code} (imported history)");
    let field = "Chưa phân loại".to_string();
    let search_key = shared::text::fold_vietnamese(&format!("{name} {code} {field} {name_en}"));
    procedure::ActiveModel {
        id: Set(id),
        code: Set(code.to_string()),
        name: Set(name),
        name_en: Set(name_en),
        field: Set(field),
        level: Set(tenant.level.clone()),
        online_level: Set("NONE".into()),
        time_limit_unit: Set("WORKING_DAYS".into()),
        time_limit_value: Set(0),
        time_limit_note: Set(String::new()),
        legal_basis: Set(String::new()),
        result: Set(String::new()),
        inter_agency: Set(false),
        non_territorial: Set(false),
        fee_note: Set(String::new()),
        fees: Set(serde_json::json!([])),
        documents: Set(serde_json::json!([])),
        form: Set(serde_json::json!([])),
        search_key: Set(search_key),
        owner_tenant_id: Set(Some(tenant.id)),
        status: Set("IMPORTED".into()),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// The dossier row and its one timeline event. A finished row is RETURNED (result delivered,
/// at `finished_at`: the file carries one instant); an open one is IN_PROGRESS.
fn models_of(
    tenant_id: i64,
    procedure_id: Uuid,
    r: &ImportRow,
    actor: Option<Uuid>,
    now: chrono::DateTime<Utc>,
) -> (dossier::ActiveModel, event::ActiveModel) {
    let id = Uuid::now_v7();
    let status = if r.finished_at.is_some() {
        DossierStatus::Returned
    } else {
        DossierStatus::InProgress
    };
    let days = dossier::vn_days(Some(r.received_at), Some(r.due_at), r.finished_at);
    let d = dossier::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(id),
        code: Set(r.code.clone()),
        procedure_id: Set(procedure_id),
        handled_by_tenant_id: Set(None),
        status: Set(status.as_str().to_string()),
        channel: Set(r.channel.as_str().to_string()),
        applicant_user_id: Set(None),
        applicant_name: Set(String::new()),
        applicant_personal_id: Set(None),
        applicant_phone: Set(None),
        applicant_email: Set(None),
        applicant_address: Set(None),
        form_data: Set(serde_json::json!({})),
        submitted_at: Set(r.received_at),
        received_at: Set(Some(r.received_at)),
        due_at: Set(Some(r.due_at)),
        due_at_original: Set(Some(r.due_at)),
        rescheduled_to: Set(None),
        finished_at: Set(r.finished_at),
        received_day: Set(days.received_day),
        due_day: Set(days.due_day),
        finished_day: Set(days.finished_day),
        returned_at: Set(r.finished_at),
        returned_by_post: Set(r.returned_by_post),
        digitized: Set(r.digitized),
        paid_online: Set(r.paid_online),
        fee_vnd: Set(r.fee_vnd),
        tracking_secret_hash: Set(None),
        idempotency_key: Set(None),
        request_hash: Set(None),
        imported: Set(true),
        version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        // An open imported dossier is in handling, like an accepted live one.
        current_step: Set((status == DossierStatus::InProgress)
            .then(|| shared::lifecycle::Step::Handling.as_str().to_string())),
        return_channel: Set(r
            .finished_at
            .filter(|_| r.returned_by_post)
            .map(|_| "POST".to_string())),
        // Columns of later features keep their defaults.
        ..Default::default()
    };
    let e = event::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(Uuid::now_v7()),
        dossier_id: Set(id),
        at: Set(now),
        actor_user_id: Set(actor),
        actor_name: Set("Hệ thống".into()),
        from_status: Set(None),
        to_status: Set(status.as_str().to_string()),
        note: Set(IMPORT_NOTE.into()),
    };
    (d, e)
}
