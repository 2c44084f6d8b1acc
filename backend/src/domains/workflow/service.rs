//! Transitions and the work queue: who may do what (the role table of `shared::lifecycle`, the
//! caller's tenant, the assignment), the clock rules, and the one transaction that writes the
//! dossier (version-guarded), its timeline step, the document, the citizen's notification and
//! the audit entry. The bus event goes out after commit.
//!
//! Order of checks: not visible → NOT_FOUND; a role that may never take the action →
//! FORBIDDEN; a stale `expectedVersion` → CONFLICT naming the current state; an action the
//! state does not allow → BAD_USER_INPUT naming it; this role not allowed in this state (or a
//! specialist acting on a colleague's dossier) → FORBIDDEN; missing inputs → BAD_USER_INPUT.

use chrono::{DateTime, SubsecRound, Utc};
use rand::Rng;
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::lifecycle::{self, Action, Actor, ClockEffect, Context, Stage, Step, Transition};
use uuid::Uuid;

use super::audit::{self, NewEntry};
use super::documents::{self, DocumentInput};
use super::model::document;
use super::repo::{self, QueueFilter, QueuePosition};
use crate::auth::{Caller, Role, TenantScope};
use crate::domains::accounts::repo as accounts;
use crate::domains::dossiers::model::{dossier, event};
use crate::domains::dossiers::repo as dossiers;
use crate::domains::dossiers::status::DossierStatus;
use crate::domains::notifications::repo::{NewNotification, enqueue};
use crate::domains::procedures::repo as procedures;
use crate::error::{ApiError, ApiResult};
use crate::graphql::subscription::DOSSIER_TOPIC;
use crate::infra::event_bus::Event;
use crate::state::AppState;

/// What `transitionDossier` asks for.
#[derive(Clone, Debug)]
pub struct TransitionRequest {
    /// Dossier code.
    pub code: String,
    /// The action.
    pub action: Action,
    /// The version the caller last saw.
    pub expected_version: i32,
    /// Free note.
    pub note: Option<String>,
    /// Written reasons.
    pub reasons: Vec<String>,
    /// Account to assign.
    pub assignee: Option<Uuid>,
    /// New appointment (apology).
    pub new_due_at: Option<DateTime<Utc>>,
    /// Partner agency code (liên thông).
    pub partner_tenant_code: Option<String>,
    /// Postal tracking number (return by post).
    pub postal_tracking_number: Option<String>,
}

/// What a transition did.
pub struct Outcome {
    /// The dossier after it.
    pub dossier: dossier::Model,
    /// The transition as decided by the state machine.
    pub transition: Transition,
    /// The document produced.
    pub document: Option<document::Model>,
}

/// The state-machine actor of a role (province admins only watch).
pub fn actor_of(role: Role) -> Option<Actor> {
    match role {
        Role::Citizen => Some(Actor::Citizen),
        Role::ReceptionOfficer => Some(Actor::ReceptionOfficer),
        Role::Specialist => Some(Actor::Specialist),
        Role::Leader => Some(Actor::Leader),
        Role::TenantAdmin => Some(Actor::TenantAdmin),
        Role::ProvinceAdmin => None,
    }
}

/// The stage of a stored dossier.
pub fn stage_of(d: &dossier::Model) -> ApiResult<Stage> {
    let status = DossierStatus::parse(&d.status).ok_or_else(|| {
        ApiError::internal(
            "stored status",
            anyhow::anyhow!("unknown status {}", d.status),
        )
    })?;
    let step = d.current_step.as_deref().and_then(Step::parse);
    Ok(Stage::from_storage(status, step, d.received_at.is_some()))
}

fn context_of(d: &dossier::Model) -> Context {
    Context {
        supplement_requests: u32::try_from(d.supplement_count).unwrap_or(0),
    }
}

/// A specialist acts only on dossiers assigned to them (or not assigned yet).
fn is_colleagues(actor: Actor, user_id: Uuid, d: &dossier::Model) -> bool {
    actor == Actor::Specialist && d.assigned_to.is_some_and(|a| a != user_id)
}

/// The actions the caller may take on a dossier they can see, now.
pub fn allowed_actions(caller: &Caller, d: &dossier::Model) -> Vec<Action> {
    let Caller::Person { user_id, role, .. } = caller else {
        return Vec::new();
    };
    let Some(actor) = actor_of(*role) else {
        return Vec::new();
    };
    if actor == Actor::Citizen && d.applicant_user_id != Some(*user_id) {
        return Vec::new();
    }
    if is_colleagues(actor, *user_id, d) {
        return Vec::new();
    }
    let Ok(stage) = stage_of(d) else {
        return Vec::new();
    };
    lifecycle::available(stage, actor, &context_of(d))
}

fn conflict(d: &dossier::Model, expected: i32) -> ApiError {
    let stage =
        stage_of(d).map_or_else(|_| d.status.clone(), |s| format!("{s} ({})", s.label_vi()));
    ApiError::Conflict(format!(
        "The dossier changed since you loaded it (you sent expectedVersion {expected}): it is now {stage} at version {}. Reload it and try again.",
        d.version
    ))
}

/// The caller as an actor, with their display name.
struct Who {
    user_id: Uuid,
    role: Role,
    actor: Option<Actor>,
}

fn who(caller: &Caller) -> ApiResult<Who> {
    match caller {
        Caller::Anonymous => Err(ApiError::Unauthenticated(
            "Sign in to act on a dossier.".into(),
        )),
        Caller::Person { user_id, role, .. } => Ok(Who {
            user_id: *user_id,
            role: *role,
            actor: actor_of(*role),
        }),
    }
}

/// Cleans the free-text inputs (lengths, blanks).
fn clean_text(req: &mut TransitionRequest) -> ApiResult<()> {
    req.note = req
        .note
        .take()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    if req.note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::BadUserInput(
            "`note` is longer than 2,000 characters.".into(),
        ));
    }
    let reasons: Vec<String> = req
        .reasons
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if reasons.len() > 30 || reasons.iter().any(|r| r.chars().count() > 1000) {
        return Err(ApiError::BadUserInput(
            "Give at most 30 `reasons`, each at most 1,000 characters.".into(),
        ));
    }
    req.reasons = reasons;
    Ok(())
}

/// Applies an action to a dossier (see the module docs).
pub async fn transition(
    state: &AppState,
    caller: &Caller,
    mut req: TransitionRequest,
) -> ApiResult<Outcome> {
    let who = who(caller)?;
    clean_text(&mut req)?;
    let scope = state.tenants.read_scope(caller);
    let now = Utc::now().trunc_subsecs(6);
    let txn = scope.begin_write(&state.db).await?;
    match apply(state, &txn, &scope, &who, &req, now).await {
        Ok(outcome) => {
            txn.commit().await?;
            publish(state, &outcome).await;
            Ok(outcome)
        }
        Err(e) => {
            let _ = txn.rollback().await;
            Err(e)
        }
    }
}

/// Checks and writes, inside the transaction.
async fn apply(
    state: &AppState,
    txn: &sea_orm::DatabaseTransaction,
    scope: &TenantScope,
    who: &Who,
    req: &TransitionRequest,
    now: DateTime<Utc>,
) -> ApiResult<Outcome> {
    let not_found = || ApiError::NotFound(format!("No dossier `{}` is visible to you.", req.code));
    let d = dossiers::by_code(txn, scope, &req.code)
        .await?
        .filter(|d| who.role != Role::Citizen || d.applicant_user_id == Some(who.user_id))
        .ok_or_else(not_found)?;
    let action = req.action;
    let Some(actor) = who.actor else {
        return Err(ApiError::Forbidden(
            "Province administrators follow dossiers but do not act on them.".into(),
        ));
    };
    if !action.may_ever(actor) {
        return Err(ApiError::Forbidden(format!(
            "A {} may not {action} a dossier.",
            who.role.as_str().replace('_', " ")
        )));
    }
    if d.version != req.expected_version {
        return Err(conflict(&d, req.expected_version));
    }
    let from = stage_of(&d)?;
    let t = lifecycle::next(from, action, &context_of(&d))
        .map_err(|e| ApiError::BadUserInput(format!("{e}.")))?;
    if !t.allows(actor) {
        return Err(ApiError::Forbidden(format!(
            "A {} may not {action} a dossier that is {from} ({}).",
            who.role.as_str().replace('_', " "),
            from.label_vi()
        )));
    }
    if is_colleagues(actor, who.user_id, &d) {
        return Err(ApiError::Forbidden(
            "This dossier is assigned to another specialist.".into(),
        ));
    }
    let tenant_scope = TenantScope::of([d.tenant_id]);
    let inputs = check_inputs(state, txn, &d, &t, req, now).await?;
    let procedure = procedures::by_ids(txn, &[d.procedure_id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("dossier procedure", anyhow::anyhow!("missing")))?;
    let new = next_row(state, &d, &t, &inputs, &procedure, now)?;
    if !repo::update_dossier_if_version(txn, &tenant_scope, &new, req.expected_version).await? {
        // Someone else's transition committed first (PostgreSQL: this update waited for it).
        let current = dossiers::by_code(txn, &tenant_scope, &req.code)
            .await?
            .ok_or_else(not_found)?;
        return Err(conflict(&current, req.expected_version));
    }

    let actor_name = match actor {
        Actor::Citizen => "Công dân".to_string(),
        Actor::System => "Hệ thống".to_string(),
        _ => accounts::by_id(txn, who.user_id)
            .await?
            .map_or_else(|| "Cán bộ".to_string(), |u| u.full_name),
    };
    let mut note = action.label_vi().to_string();
    if !req.reasons.is_empty() {
        note.push_str(": ");
        note.push_str(&req.reasons.join("; "));
    }
    if let Some(n) = &req.note {
        note.push_str(" — ");
        note.push_str(n);
    }
    let event_id = Uuid::now_v7();
    repo::insert_event(
        txn,
        event::Model {
            tenant_id: d.tenant_id,
            id: event_id,
            dossier_id: d.id,
            at: now,
            actor_user_id: Some(who.user_id),
            actor_name: actor_name.clone(),
            from_status: Some(d.status.clone()),
            to_status: new.status.clone(),
            note: note.clone(),
        },
    )
    .await?;

    let tenant_name = state
        .tenants
        .by_id(d.tenant_id)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let document = match t.document {
        Some(kind) => {
            let n = repo::count_documents(txn, &tenant_scope, d.id, kind.as_str()).await? + 1;
            let number = format!("{}/{}-{n}", d.code, kind.as_str());
            let base = state.config.public_url.clone().unwrap_or_default();
            let qr_url = match kind {
                shared::DocumentKind::Result => new
                    .result_code
                    .as_ref()
                    .map(|c| format!("{base}/verify/{c}")),
                _ => Some(format!("{base}/tra-cuu?code={}", d.code)),
            };
            let body = documents::render(&DocumentInput {
                kind,
                number: &number,
                tenant_name: &tenant_name,
                dossier: &new,
                procedure_name: &procedure.name,
                action,
                from,
                to: t.to,
                actor_name: &actor_name,
                at: now,
                note: req.note.as_deref(),
                reasons: &req.reasons,
                receiver: inputs.receiver.as_deref(),
                qr_url,
            });
            let row = document::Model {
                tenant_id: d.tenant_id,
                id: Uuid::now_v7(),
                dossier_id: d.id,
                event_id: Some(event_id),
                kind: kind.as_str().to_string(),
                number,
                title: kind.title_vi().to_string(),
                content_type: "text/html; charset=utf-8".to_string(),
                sha256: hex::encode(Sha256::digest(body.as_bytes())),
                body,
                created_at: now,
                created_by: Some(who.user_id),
            };
            repo::insert_document(txn, row.clone()).await?;
            Some(row)
        }
        None => None,
    };

    enqueue(
        txn,
        NewNotification {
            tenant_id: d.tenant_id,
            kind: notification_kind(action),
            recipient_user_id: d.applicant_user_id,
            recipient_email: d.applicant_email.clone(),
            subject: format!("Hồ sơ {}: {}", d.code, t.to.status().label_vi()),
            body: format!(
                "Hồ sơ “{}” mã {}: {}. Tình trạng hiện nay: {}.",
                procedure.name,
                d.code,
                note,
                t.to.label_vi()
            ),
            payload: json!({ "code": d.code, "status": new.status, "action": action.as_str() }),
        },
    )
    .await?;

    // No personal data in the audit detail: codes, states, ids and counts only.
    audit::append(
        txn,
        NewEntry {
            tenant_id: d.tenant_id,
            at: now,
            actor: who.user_id.to_string(),
            action: "dossier.transition",
            dossier_id: Some(d.id),
            detail: json!({
                "action": action.as_str(),
                "from": from.to_string(),
                "to": t.to.to_string(),
                "version": new.version,
                "clock": serde_json::to_value(t.clock).unwrap_or_default(),
                "countsLate": t.counts_late,
                "document": document.as_ref().map(|doc| doc.number.clone()),
                "documentSha256": document.as_ref().map(|doc| doc.sha256.clone()),
                "event": event_id.to_string(),
                "reasons": req.reasons.len(),
                "role": who.role.as_str(),
            }),
        },
    )
    .await?;

    Ok(Outcome {
        dossier: new,
        transition: t,
        document,
    })
}

/// Validated extra inputs.
#[derive(Default)]
struct Inputs {
    assignee: Option<Uuid>,
    receiver: Option<String>,
    rescheduled_to: Option<DateTime<Utc>>,
    partner: Option<i64>,
    tracking_number: Option<String>,
}

async fn check_inputs(
    state: &AppState,
    txn: &sea_orm::DatabaseTransaction,
    d: &dossier::Model,
    t: &Transition,
    req: &TransitionRequest,
    now: DateTime<Utc>,
) -> ApiResult<Inputs> {
    let mut out = Inputs::default();
    let action = t.action;
    if t.needs.reasons && req.reasons.is_empty() {
        return Err(ApiError::BadUserInput(format!(
            "{action} needs at least one written reason in `reasons`."
        )));
    }
    if t.needs.assignee {
        let id = req.assignee.ok_or_else(|| {
            ApiError::BadUserInput(format!(
                "{action} needs the `assignee` (a specialist's id)."
            ))
        })?;
        let user = accounts::by_id(txn, id).await?.filter(|u| {
            !u.disabled
                && u.tenant_id == Some(d.tenant_id)
                && matches!(u.role.as_str(), "specialist" | "leader")
        });
        let user = user.ok_or_else(|| {
            ApiError::BadUserInput(
                "The `assignee` must be an active specialist or leader of the dossier's unit."
                    .into(),
            )
        })?;
        out.assignee = Some(user.id);
        out.receiver = Some(user.full_name);
    }
    if t.needs.new_date {
        let at = req.new_due_at.ok_or_else(|| {
            ApiError::BadUserInput(format!("{action} needs the new appointment in `newDueAt`."))
        })?;
        let cal = state.calendar.get();
        let day = shared::time::vn_date(at);
        if !cal.is_working_day(day) {
            return Err(ApiError::BadUserInput(format!(
                "{} is not a working day; choose a working day for the new appointment.",
                day.format("%d/%m/%Y")
            )));
        }
        let floor = d
            .due_at
            .map(shared::time::vn_date)
            .unwrap_or_else(|| shared::time::vn_date(now))
            .max(shared::time::vn_date(now));
        if day <= floor {
            return Err(ApiError::BadUserInput(format!(
                "The new appointment must be after {} (the current appointment or today).",
                floor.format("%d/%m/%Y")
            )));
        }
        out.rescheduled_to = Some(cal.close_of_day(day));
    }
    if t.needs.partner {
        let code = req.partner_tenant_code.as_deref().unwrap_or_default();
        let partner = state
            .tenants
            .by_code(code)
            .filter(|p| p.id != d.tenant_id && p.is_open_on(shared::time::vn_date(now)))
            .ok_or_else(|| {
                ApiError::BadUserInput(format!(
                    "{action} needs `partnerTenantCode`: the code of another open unit or agency."
                ))
            })?;
        out.partner = Some(partner.id);
        out.receiver = Some(partner.name.clone());
    }
    if t.needs.tracking_number {
        let n = req
            .postal_tracking_number
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_ascii_uppercase();
        let ok =
            (4..=40).contains(&n.len()) && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err(ApiError::BadUserInput(
                "RETURN_BY_POST needs `postalTrackingNumber`: 4–40 letters, digits or dashes."
                    .into(),
            ));
        }
        out.tracking_number = Some(n);
    }
    Ok(out)
}

/// The dossier row after the transition: status and step, the clock, the action's own columns,
/// the local dates, version + 1.
fn next_row(
    state: &AppState,
    d: &dossier::Model,
    t: &Transition,
    inputs: &Inputs,
    procedure: &crate::domains::procedures::model::procedure::Model,
    now: DateTime<Utc>,
) -> ApiResult<dossier::Model> {
    let cal = state.calendar.get();
    let calendar_error =
        |e: shared::CalendarError| ApiError::internal("working calendar", anyhow::anyhow!("{e}"));
    let mut n = d.clone();
    match t.clock {
        ClockEffect::None => {}
        ClockEffect::Start => {
            let limit = shared::calendar::TimeLimit {
                unit: serde_json::from_value(serde_json::Value::String(
                    procedure.time_limit_unit.clone(),
                ))
                .map_err(|e| ApiError::internal("time limit unit", e))?,
                value: u32::try_from(procedure.time_limit_value).unwrap_or(0),
            };
            let due = cal.due_at(now, limit).map_err(calendar_error)?;
            n.received_at = Some(now);
            n.due_at = Some(due);
            n.due_at_original = Some(due);
        }
        ClockEffect::Pause => n.pause_started_at = Some(now),
        ClockEffect::Resume => {
            if let Some(start) = d.pause_started_at {
                let paused = cal.working_seconds_between(start, now);
                if let Some(due) = d.due_at {
                    n.due_at = Some(
                        cal.extend_for_pause(due, start, now)
                            .map_err(calendar_error)?,
                    );
                }
                n.paused_seconds += i64::try_from(paused).unwrap_or(i64::MAX);
            }
            n.pause_started_at = None;
        }
        ClockEffect::Stop => {
            // A pause still open ends here; the due date no longer moves.
            if let Some(start) = d.pause_started_at {
                let paused = cal.working_seconds_between(start, now);
                n.paused_seconds += i64::try_from(paused).unwrap_or(i64::MAX);
            }
            n.pause_started_at = None;
        }
    }
    if t.finishes {
        n.finished_at = Some(now);
    }
    if t.is_processing_supplement_request() {
        n.supplement_count += 1;
    }
    match t.action {
        Action::Assign => n.assigned_to = inputs.assignee,
        Action::ForwardToAgency => n.handled_by_tenant_id = inputs.partner,
        Action::BackFromAgency => n.handled_by_tenant_id = None,
        Action::Apologise => n.rescheduled_to = inputs.rescheduled_to,
        Action::Resolve => n.result_code = Some(result_code()),
        Action::ReturnAtCounter | Action::ReturnByPost | Action::ReturnElectronically => {
            n.returned_at = Some(now);
            n.return_channel = t.action.return_channel().map(|c| c.as_str().to_string());
            n.returned_by_post = t.action == Action::ReturnByPost;
            n.postal_tracking_number.clone_from(&inputs.tracking_number);
        }
        _ => {}
    }
    n.status = t.to.status().as_str().to_string();
    n.current_step = t.to.step().map(|s| s.as_str().to_string());
    let days = dossier::vn_days(n.received_at, n.due_at, n.finished_at);
    n.received_day = days.received_day;
    n.due_day = days.due_day;
    n.finished_day = days.finished_day;
    n.version += 1;
    n.updated_at = now;
    Ok(n)
}

/// A result verification code: 16 characters without look-alikes (0/O, 1/I/L, U).
fn result_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| {
            let i = rng.random_range(0..ALPHABET.len());
            ALPHABET.get(i).copied().map_or('A', char::from)
        })
        .collect()
}

/// Outbox kind of each action's notification.
fn notification_kind(action: Action) -> &'static str {
    match action {
        Action::Submit => "dossier.submitted",
        Action::Accept => "dossier.accepted",
        Action::RequestSupplement => "dossier.supplement_requested",
        Action::Supplement => "dossier.supplemented",
        Action::Refuse => "dossier.refused",
        Action::ReturnIneligible => "dossier.returned_ineligible",
        Action::Assign => "dossier.assigned",
        Action::SubmitForApproval => "dossier.submitted_for_approval",
        Action::SendBack => "dossier.sent_back",
        Action::Approve => "dossier.approved",
        Action::RequestPayment => "dossier.payment_requested",
        Action::ConfirmPayment => "dossier.paid",
        Action::Resolve => "dossier.resolved",
        Action::ReturnAtCounter | Action::ReturnByPost | Action::ReturnElectronically => {
            "dossier.returned"
        }
        Action::Withdraw => "dossier.withdrawn",
        Action::Stop => "dossier.stopped",
        Action::Suspend => "dossier.suspended",
        Action::Resume => "dossier.resumed",
        Action::ForwardToAgency => "dossier.forwarded",
        Action::BackFromAgency => "dossier.back_from_agency",
        Action::Apologise => "dossier.apologised",
    }
}

/// Tells subscribers (after commit): staff queues and the owner's page update live.
async fn publish(state: &AppState, o: &Outcome) {
    let d = &o.dossier;
    let kind = notification_kind(o.transition.action).trim_start_matches("dossier.");
    state
        .bus
        .publish(Event::new(
            DOSSIER_TOPIC,
            Some(d.tenant_id.to_string()),
            json!({
                "code": d.code,
                "status": d.status,
                "kind": kind,
                "applicant": d.applicant_user_id.map(|u| u.to_string()),
            }),
        ))
        .await;
}

/// The documents of a dossier the caller already holds (scoped again on its tenant).
pub async fn documents(
    state: &AppState,
    tenant_id: i64,
    dossier_id: Uuid,
) -> ApiResult<Vec<document::Model>> {
    let scope = TenantScope::of([tenant_id]);
    let txn = scope.begin(&state.db).await?;
    let rows = repo::documents(&txn, &scope, dossier_id).await?;
    txn.commit().await?;
    Ok(rows)
}

/// Display name of a staff account (the assignee); none for citizens or unknown ids.
pub async fn staff_name(state: &AppState, user_id: Uuid) -> ApiResult<Option<String>> {
    Ok(accounts::by_id(&state.db, user_id)
        .await?
        .filter(|u| u.role != Role::Citizen.as_str())
        .map(|u| u.full_name))
}

/// Work-queue filters as asked.
#[derive(Clone, Debug, Default)]
pub struct QueueRequest {
    /// Narrow to this unit's subtree.
    pub tenant_code: Option<String>,
    /// Due today.
    pub due_today: bool,
    /// Past due, clock running.
    pub overdue: bool,
    /// Waiting for the citizen (supplement or payment).
    pub waiting_for_citizen: bool,
    /// Of this procedure.
    pub procedure_code: Option<String>,
    /// Assigned to the caller.
    pub assigned_to_me: bool,
}

/// Counts per filter over the caller's whole queue (the tabs of the queue screen).
#[derive(Clone, Copy, Debug, Default)]
pub struct QueueCounts {
    /// Every open dossier.
    pub open: u64,
    /// Due today.
    pub due_today: u64,
    /// Overdue.
    pub overdue: u64,
    /// Waiting for the citizen.
    pub waiting_for_citizen: u64,
    /// Assigned to the caller.
    pub assigned_to_me: u64,
}

/// A page of the queue.
pub struct QueuePage {
    /// Dossiers, most urgent first.
    pub rows: Vec<dossier::Model>,
    /// Matching the filter.
    pub total: u64,
    /// Per-filter counts.
    pub counts: QueueCounts,
}

/// The staff work queue: open dossiers of the caller's unit (a province admin's subtree), most
/// urgent first, with counts per filter.
pub async fn work_queue(
    state: &AppState,
    caller: &Caller,
    req: &QueueRequest,
    after: Option<QueuePosition>,
    limit: u64,
) -> ApiResult<QueuePage> {
    let who = who(caller)?;
    if who.role == Role::Citizen {
        return Err(ApiError::Forbidden("The work queue is for staff.".into()));
    }
    let mut scope = state.tenants.read_scope(caller);
    if let Some(code) = &req.tenant_code {
        scope = match state.tenants.by_code(code) {
            Some(t) => scope.intersect(&state.tenants.subtree(t.id)),
            None => TenantScope::none(),
        };
    }
    let now = Utc::now();
    let today = shared::time::vn_date(now);
    let procedure_id = match &req.procedure_code {
        Some(code) => match procedures::by_code(&state.db, code).await? {
            Some(p) => Some(p.id),
            // An unknown procedure matches nothing.
            None => Some(Uuid::nil()),
        },
        None => None,
    };
    let filter = QueueFilter {
        due_on: req.due_today.then_some(today),
        overdue_at: req.overdue.then_some(now),
        waiting_for_citizen: req.waiting_for_citizen,
        procedure_id,
        assigned_to: req.assigned_to_me.then_some(who.user_id),
    };
    let txn = scope.begin(&state.db).await?;
    let (rows, total) = repo::queue(&txn, &scope, &filter, after, limit).await?;
    let count = |f: QueueFilter| {
        let txn = &txn;
        let scope = &scope;
        async move { repo::queue_count(txn, scope, &f).await }
    };
    let counts = QueueCounts {
        open: count(QueueFilter::default()).await?,
        due_today: count(QueueFilter {
            due_on: Some(today),
            ..Default::default()
        })
        .await?,
        overdue: count(QueueFilter {
            overdue_at: Some(now),
            ..Default::default()
        })
        .await?,
        waiting_for_citizen: count(QueueFilter {
            waiting_for_citizen: true,
            ..Default::default()
        })
        .await?,
        assigned_to_me: count(QueueFilter {
            assigned_to: Some(who.user_id),
            ..Default::default()
        })
        .await?,
    };
    txn.commit().await?;
    Ok(QueuePage {
        rows,
        total,
        counts,
    })
}
