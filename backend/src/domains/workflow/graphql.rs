//! GraphQL for the staff workflow: `transitionDossier`, `workQueue`, and `Dossier.workflow`
//! (stage, assignment, clock, the caller's allowed actions, the generated documents).

use async_graphql::connection::{
    Connection, ConnectionNameType, Edge, EdgeNameType, EmptyFields, EnableNodesField,
};
use async_graphql::{Context, ID, InputObject, Object, OutputType, Result, SimpleObject};
use chrono::{DateTime, Utc};
use shared::lifecycle::{Action, ClockEffect, DocumentKind, ReturnChannel, Stage, Step};

use super::model::document;
use super::service::{self, QueueRequest, TransitionRequest};
use crate::domains::dossiers::graphql::Dossier;
use crate::domains::dossiers::model::dossier;
use crate::domains::tenants::graphql::Tenant;
use crate::error::ApiError;
use crate::graphql::connection::{decode_keyset, encode_keyset, page_size};
use crate::graphql::{caller, state};

/// The workflow side of a dossier.
pub struct DossierWorkflow(pub dossier::Model);

/// Where a dossier is in the one-stop process, who holds it, its clock, and what the caller
/// may do next.
#[Object]
impl DossierWorkflow {
    /// The exact stage (the status refined by the handling step).
    async fn stage(&self) -> Result<Stage> {
        Ok(service::stage_of(&self.0)?)
    }
    /// The stage in plain Vietnamese.
    async fn stage_label(&self) -> Result<&'static str> {
        Ok(service::stage_of(&self.0)?.label_vi())
    }
    /// The handling step while IN_PROGRESS; null otherwise.
    async fn step(&self) -> Result<Option<Step>> {
        Ok(service::stage_of(&self.0)?.step())
    }
    /// Optimistic-concurrency version: pass it as `expectedVersion` to `transitionDossier`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Account id of the assigned specialist; null before assignment.
    async fn assigned_to_id(&self) -> Option<ID> {
        self.0.assigned_to.map(|u| ID(u.to_string()))
    }
    /// Name of the assigned specialist; null before assignment.
    async fn assigned_to_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        match self.0.assigned_to {
            Some(u) => Ok(service::staff_name(state(ctx)?, u).await?),
            None => Ok(None),
        }
    }
    /// The partner agency handling it (liên thông); null when the receiving unit handles it.
    async fn handled_by(&self, ctx: &Context<'_>) -> Result<Option<Tenant>> {
        Ok(self
            .0
            .handled_by_tenant_id
            .and_then(|id| state(ctx).ok()?.tenants.by_id(id))
            .map(Tenant))
    }
    /// The due instant as first computed at acceptance (`dueAt` moves only by supplement
    /// pauses).
    async fn due_at_original(&self) -> Option<DateTime<Utc>> {
        self.0.due_at_original
    }
    /// The new appointment promised in an apology (form 04); statistics keep `dueAt`.
    async fn rescheduled_to(&self) -> Option<DateTime<Utc>> {
        self.0.rescheduled_to
    }
    /// Since when the clock is paused for a supplement; null when it runs.
    async fn pause_started_at(&self) -> Option<DateTime<Utc>> {
        self.0.pause_started_at
    }
    /// Working seconds of all closed supplement pauses (already added to `dueAt`).
    async fn paused_working_seconds(&self) -> i64 {
        self.0.paused_seconds
    }
    /// Supplement requests made during processing.
    async fn supplement_requests(&self) -> i32 {
        self.0.supplement_count
    }
    /// More than one supplement request during processing: the national index counts the
    /// dossier as late.
    async fn counts_as_late(&self) -> bool {
        self.0.supplement_count > 1
    }
    /// Verification code of the issued result; null before RESOLVED.
    async fn result_code(&self) -> Option<&str> {
        self.0.result_code.as_deref()
    }
    /// How the result was returned; null before RETURNED.
    async fn return_channel(&self) -> Option<ReturnChannel> {
        match self.0.return_channel.as_deref() {
            Some("COUNTER") => Some(ReturnChannel::Counter),
            Some("POST") => Some(ReturnChannel::Post),
            Some("ELECTRONIC") => Some(ReturnChannel::Electronic),
            _ => None,
        }
    }
    /// Postal tracking number of a result sent by post.
    async fn postal_tracking_number(&self) -> Option<&str> {
        self.0.postal_tracking_number.as_deref()
    }
    /// The actions the caller may take now (what the buttons should offer).
    async fn allowed_actions(&self, ctx: &Context<'_>) -> Result<Vec<Action>> {
        Ok(service::allowed_actions(caller(ctx)?, &self.0))
    }
    /// The documents issued so far (receipt, supplement requests, refusal, slips, result…),
    /// oldest first.
    async fn documents(&self, ctx: &Context<'_>) -> Result<Vec<DossierDocument>> {
        let rows = service::documents(state(ctx)?, self.0.tenant_id, self.0.id).await?;
        Ok(rows.into_iter().map(DossierDocument).collect())
    }
}

/// A document issued for a dossier.
pub struct DossierDocument(pub document::Model);

/// A document a transition produced, as issued (printable HTML).
#[Object]
impl DossierDocument {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Which form or document.
    async fn kind(&self) -> Option<DocumentKind> {
        DocumentKind::parse(&self.0.kind)
    }
    /// Number, unique in the unit: `{dossier code}/{kind}-{n}`.
    async fn number(&self) -> &str {
        &self.0.number
    }
    /// Title as printed.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// When it was issued.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// MIME type of `content`.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// The document (a complete HTML page, ready to print).
    async fn content(&self) -> &str {
        &self.0.body
    }
    /// SHA-256 of `content`, hex (also recorded in the audit log).
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
}

/// Result of `transitionDossier`.
#[derive(SimpleObject)]
pub struct TransitionDossierPayload {
    /// The dossier after the transition (its `version` is the next `expectedVersion`).
    pub dossier: Dossier,
    /// Stage before.
    pub from: Stage,
    /// Stage after.
    pub to: Stage,
    /// What happened to the processing clock.
    pub clock: ClockEffect,
    /// A second supplement request during processing: allowed, but counted late nationally.
    pub counts_as_late: bool,
    /// The document produced, if any.
    pub document: Option<DossierDocument>,
}

/// Workflow mutations.
#[derive(Default)]
pub struct WorkflowMutation;

#[Object]
impl WorkflowMutation {
    /// Moves a dossier one step through the one-stop process (Decree 118/2025: receive,
    /// supplement, refuse, assign, approve, resolve, return, withdraw, stop…). In one transaction it updates the dossier, adds a timeline step, issues the
    /// step's document, notifies the citizen and appends to the unit's audit log. Errors:
    /// NOT_FOUND (not visible to you), FORBIDDEN (your role may not), CONFLICT (the dossier
    /// changed since `expectedVersion`; the message names its state now), BAD_USER_INPUT (the
    /// action does not apply in the current state, which the message names, or an input is
    /// missing).
    #[allow(clippy::too_many_arguments)]
    async fn transition_dossier(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Dossier code.", validator(max_length = 64))] code: String,
        #[graphql(desc = "What to do.")] action: Action,
        #[graphql(
            desc = "The dossier's `version` as you last saw it (`Dossier.version`); a different current version is CONFLICT."
        )]
        expected_version: i32,
        #[graphql(
            desc = "Free note for the timeline and the document (at most 2,000 characters).",
            validator(max_length = 2000)
        )]
        note: Option<String>,
        #[graphql(
            desc = "Written reasons: the missing documents (REQUEST_SUPPLEMENT), why it is refused, stopped, suspended or late (REFUSE, RETURN_INELIGIBLE, STOP, SUSPEND, APOLOGISE). Required by those actions."
        )]
        reasons: Option<Vec<String>>,
        #[graphql(desc = "ASSIGN: account id of the specialist (or leader) of the unit.")]
        assignee: Option<ID>,
        #[graphql(
            desc = "APOLOGISE: the new appointment; its Asia/Ho_Chi_Minh date must be a working day after the current appointment (due at close of office hours)."
        )]
        new_due_at: Option<DateTime<Utc>>,
        #[graphql(
            desc = "FORWARD_TO_AGENCY: code of the partner unit or agency (liên thông).",
            validator(max_length = 64)
        )]
        partner_tenant_code: Option<String>,
        #[graphql(
            desc = "RETURN_BY_POST: the postal tracking number.",
            validator(max_length = 64)
        )]
        postal_tracking_number: Option<String>,
    ) -> Result<TransitionDossierPayload> {
        let assignee = assignee
            .map(|id| {
                id.parse::<uuid::Uuid>()
                    .map_err(|_| ApiError::BadUserInput("`assignee` is not an account id.".into()))
            })
            .transpose()?;
        let out = service::transition(
            state(ctx)?,
            caller(ctx)?,
            TransitionRequest {
                code,
                action,
                expected_version,
                note,
                reasons: reasons.unwrap_or_default(),
                assignee,
                new_due_at,
                partner_tenant_code,
                postal_tracking_number,
            },
        )
        .await?;
        Ok(TransitionDossierPayload {
            from: out.transition.from,
            to: out.transition.to,
            clock: out.transition.clock,
            counts_as_late: out.transition.counts_late,
            document: out.document.map(DossierDocument),
            dossier: Dossier(out.dossier),
        })
    }
}

/// Filters of the work queue; those given must all hold.
#[derive(InputObject, Default)]
pub struct WorkQueueFilter {
    /// Due today (Asia/Ho_Chi_Minh), clock running.
    #[graphql(default)]
    pub due_today: bool,
    /// Past due now, clock running.
    #[graphql(default)]
    pub overdue: bool,
    /// Waiting for the citizen: supplement requested or payment due.
    #[graphql(default)]
    pub waiting_for_citizen: bool,
    /// Only this procedure (national code).
    #[graphql(validator(max_length = 64))]
    pub procedure_code: Option<String>,
    /// Only dossiers assigned to me.
    #[graphql(default)]
    pub assigned_to_me: bool,
}

/// How many open dossiers each filter holds (over the whole queue, ignoring the filter).
#[derive(SimpleObject)]
pub struct WorkQueueCounts {
    /// Every open dossier (submitted, received, in progress, waiting, resolved not returned).
    pub open: i64,
    /// Due today.
    pub due_today: i64,
    /// Overdue.
    pub overdue: i64,
    /// Waiting for the citizen.
    pub waiting_for_citizen: i64,
    /// Assigned to me.
    pub assigned_to_me: i64,
}

/// Extra fields of the work-queue connection.
#[derive(SimpleObject)]
pub struct WorkQueueTotals {
    /// Dossiers matching the filter, across all pages.
    pub total_count: i64,
    /// Counts per filter, for the queue's tabs.
    pub counts: WorkQueueCounts,
}

/// Names the connection `WorkQueueConnection`.
pub struct WorkQueueConnectionName;
impl ConnectionNameType for WorkQueueConnectionName {
    fn type_name<T: OutputType>() -> String {
        "WorkQueueConnection".to_string()
    }
}
/// Names its edges `WorkQueueEdge`.
pub struct WorkQueueEdgeName;
impl EdgeNameType for WorkQueueEdgeName {
    fn type_name<T: OutputType>() -> String {
        "WorkQueueEdge".to_string()
    }
}

/// The work queue: a Relay connection of dossiers with per-filter counts.
pub type WorkQueuePage = Connection<
    String,
    Dossier,
    WorkQueueTotals,
    EmptyFields,
    WorkQueueConnectionName,
    WorkQueueEdgeName,
    EnableNodesField,
>;

fn encode_position(d: &dossier::Model) -> String {
    encode_keyset("queue", d.due_at.unwrap_or(d.submitted_at), d.id)
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Workflow queries.
#[derive(Default)]
pub struct WorkflowQuery;

#[Object]
impl WorkflowQuery {
    /// The staff work queue: open dossiers of your unit (a province admin's subtree; narrow
    /// with `tenantCode`), most urgent first (due date, or submission time before acceptance),
    /// with counts per filter. Staff only (citizens: FORBIDDEN).
    async fn work_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Narrow to this unit and the units below it.",
            validator(max_length = 64)
        )]
        tenant_code: Option<String>,
        #[graphql(desc = "Filters; all given must hold.")] filter: Option<WorkQueueFilter>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<WorkQueuePage> {
        let limit = page_size(first)?;
        let after = after
            .as_deref()
            .map(|c| decode_keyset("queue", c))
            .transpose()?;
        let filter = filter.unwrap_or_default();
        let page = service::work_queue(
            state(ctx)?,
            caller(ctx)?,
            &QueueRequest {
                tenant_code,
                due_today: filter.due_today,
                overdue: filter.overdue,
                waiting_for_citizen: filter.waiting_for_citizen,
                procedure_code: filter.procedure_code,
                assigned_to_me: filter.assigned_to_me,
            },
            after,
            limit + 1,
        )
        .await?;
        let has_next = page.rows.len() as u64 > limit;
        let c = page.counts;
        let mut conn = Connection::with_additional_fields(
            after.is_some(),
            has_next,
            WorkQueueTotals {
                total_count: count(page.total),
                counts: WorkQueueCounts {
                    open: count(c.open),
                    due_today: count(c.due_today),
                    overdue: count(c.overdue),
                    waiting_for_citizen: count(c.waiting_for_citizen),
                    assigned_to_me: count(c.assigned_to_me),
                },
            },
        );
        conn.edges.extend(
            page.rows
                .into_iter()
                .take(usize::try_from(limit).unwrap_or(0))
                .map(|d| Edge::new(encode_position(&d), Dossier(d))),
        );
        Ok(conn)
    }
}
