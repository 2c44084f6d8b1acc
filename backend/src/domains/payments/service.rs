//! Paying a dossier's fee online (DOMAIN §7): payment requests with a VietQR code, the
//! reconciliation of provider notifications (one code path for real webhooks and for the
//! demo's `simulatePayment`), and the review queue for notifications that do not match.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{DbErr, TransactionTrait};
use uuid::Uuid;

use super::model::{
    Notification, Outcome, PaymentStatus, ReviewReason, new_reference, normalise_reference,
    notification, payment, review, vietqr_payload,
};
use super::repo::{self, ReviewPosition};
use super::webhook::DEV_PROVIDER;
use crate::auth::{Caller, Role, TenantScope};
use crate::domains::dossiers::model::dossier;
use crate::domains::dossiers::status::DossierStatus;
use crate::error::{ApiError, ApiResult};
use crate::graphql::subscription::DOSSIER_TOPIC;
use crate::infra::event_bus::Event;
use crate::state::AppState;

/// How long a payment request (and its dynamic QR) stays payable.
pub const PAYMENT_TTL: Duration = Duration::hours(24);
/// Largest distance between a webhook's timestamp and the server clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 5 * 60;
/// Longest provider transaction id accepted.
const MAX_TXN_ID_LEN: usize = 128;
/// Longest reference text accepted (banks may wrap the reference in their own words).
const MAX_REFERENCE_TEXT_LEN: usize = 512;
/// Longest resolution note.
const MAX_NOTE_CHARS: usize = 1000;
/// Who acts when a provider reports a payment.
const SYSTEM_ACTOR: &str = "Hệ thống";

/// A payment with the code of its dossier.
#[derive(Clone, Debug)]
pub struct PaymentView {
    /// The payment.
    pub payment: payment::Model,
    /// Its dossier's code.
    pub dossier_code: String,
}

/// A review with the code of its dossier.
#[derive(Clone, Debug)]
pub struct ReviewView {
    /// The review.
    pub review: review::Model,
    /// Its dossier's code (empty if the dossier is gone).
    pub dossier_code: String,
}

/// What a notification led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The outcome (the original one for a replay).
    pub outcome: Outcome,
    /// The same provider transaction had been received before; nothing was done again.
    pub replay: bool,
}

/// Why a webhook notification was refused.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// No provider has this name.
    #[error("unknown provider")]
    UnknownProvider,
    /// Missing, stale or wrong timestamp/signature.
    #[error("{0}")]
    Unauthenticated(&'static str),
    /// Signed correctly, but not a notification we can read.
    #[error("{0}")]
    BadBody(String),
    /// Anything else; logged, never shown.
    #[error("internal")]
    Internal(#[source] anyhow::Error),
}

impl WebhookError {
    /// The message the sender may see.
    pub fn public_message(&self) -> String {
        match self {
            WebhookError::UnknownProvider => "No payment provider has this name.".into(),
            WebhookError::Unauthenticated(m) => (*m).to_string(),
            WebhookError::BadBody(m) => m.clone(),
            WebhookError::Internal(_) => {
                "Internal error; it has been logged. Please retry later.".into()
            }
        }
    }
}

impl From<DbErr> for WebhookError {
    fn from(e: DbErr) -> Self {
        WebhookError::Internal(anyhow::Error::new(e).context("payment database"))
    }
}

impl From<WebhookError> for ApiError {
    fn from(e: WebhookError) -> Self {
        match e {
            WebhookError::UnknownProvider => ApiError::NotFound(e.public_message()),
            WebhookError::Unauthenticated(m) => ApiError::Unauthenticated(m.into()),
            WebhookError::BadBody(m) => ApiError::BadUserInput(m),
            WebhookError::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

// ───────────────────────────── payment requests ─────────────────────────────

/// A dossier the caller may see (its owner, staff of its unit, province admins above it).
async fn visible_dossier(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> ApiResult<dossier::Model> {
    crate::domains::dossiers::service::by_code(state, caller, code)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("No dossier `{code}` is visible to you.")))
}

/// The collecting account of a unit: its own, else the nearest ancestor's.
fn collecting_account(state: &AppState, tenant_id: i64) -> Option<(String, String, String)> {
    let mut current = state.tenants.by_id(tenant_id);
    for _ in 0..16 {
        let t = current?;
        let s = &t.settings;
        if !s.bank_bin.is_empty() && !s.bank_account.is_empty() {
            return Some((
                s.bank_bin.clone(),
                s.bank_account.clone(),
                s.account_name.clone(),
            ));
        }
        current = t.parent_id.and_then(|p| state.tenants.by_id(p));
    }
    None
}

fn is_unique_violation(e: &DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Returns the dossier's pending payment request, or makes one: for the dossier's owner or
/// staff who may see it, when it has a fee and is not paid yet. Idempotent: a pending,
/// unexpired request for the current fee is returned as it is.
#[tracing::instrument(skip_all, fields(dossier_code = %code))]
pub async fn create_payment(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> ApiResult<PaymentView> {
    let d = visible_dossier(state, caller, code).await?;
    if d.fee_vnd <= 0 {
        return Err(ApiError::BadUserInput(
            "This dossier has no fee to pay.".into(),
        ));
    }
    if matches!(
        DossierStatus::parse(&d.status),
        Some(
            DossierStatus::Draft
                | DossierStatus::Withdrawn
                | DossierStatus::RefusedAtReception
                | DossierStatus::Stopped
        )
    ) {
        return Err(ApiError::Conflict(
            "This dossier does not take payments in its current status.".into(),
        ));
    }
    let (bank_bin, bank_account, account_name) = collecting_account(state, d.tenant_id)
        .ok_or_else(|| {
            ApiError::Conflict(
                "This unit has no collecting account for online payment yet; please pay at the counter."
                    .into(),
            )
        })?;
    let scope = TenantScope::of([d.tenant_id]);
    for _ in 0..3 {
        let now = Utc::now();
        let txn = scope.begin(&state.db).await?;
        if !repo::lock_dossier(&txn, &scope, d.id).await? {
            return Err(ApiError::NotFound(format!(
                "No dossier `{code}` is visible to you."
            )));
        }
        let fresh = repo::dossier_by_id(&txn, &scope, d.id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("No dossier `{code}` is visible to you.")))?;
        if fresh.paid_online || repo::any_paid(&txn, &scope, d.id).await? {
            return Err(ApiError::Conflict("This dossier is already paid.".into()));
        }
        repo::expire_pending(&txn, &scope, d.id, now).await?;
        if let Some(p) = repo::latest_for_dossier(&txn, &scope, d.id).await?
            && PaymentStatus::of(&p, now) == Some(PaymentStatus::Pending)
        {
            if p.amount_vnd == fresh.fee_vnd {
                txn.commit().await?;
                return Ok(PaymentView {
                    payment: p,
                    dossier_code: fresh.code,
                });
            }
            // The fee changed since: the old QR must not be paid any more.
            repo::cancel_pending(&txn, &scope, d.id).await?;
        }
        let row = payment::Model {
            tenant_id: d.tenant_id,
            id: Uuid::now_v7(),
            dossier_id: d.id,
            reference: new_reference(),
            amount_vnd: fresh.fee_vnd,
            status: PaymentStatus::Pending.as_str().to_string(),
            bank_bin: bank_bin.clone(),
            bank_account: bank_account.clone(),
            account_name: account_name.clone(),
            provider: None,
            provider_txn_id: None,
            created_by: caller.user_id(),
            created_at: now,
            expires_at: now + PAYMENT_TTL,
            paid_at: None,
        };
        if vietqr_payload(&row).is_err() {
            return Err(ApiError::Conflict(
                "This unit's collecting account is not a valid VietQR account; an administrator must correct it."
                    .into(),
            ));
        }
        match repo::insert_payment(&txn, row).await {
            Ok(p) => {
                txn.commit().await?;
                tracing::info!(reference = %p.reference, "payment request created");
                return Ok(PaymentView {
                    payment: p,
                    dossier_code: fresh.code,
                });
            }
            // A reference drawn twice (50 random bits): draw again.
            Err(e) if is_unique_violation(&e) => {
                txn.rollback().await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::internal(
        "payment reference",
        anyhow::anyhow!("no free reference after 3 draws"),
    ))
}

/// The newest payment request of a dossier the caller may see; `None` when there is none or
/// the dossier is not visible.
pub async fn latest_payment(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> ApiResult<Option<PaymentView>> {
    let Some(d) = crate::domains::dossiers::service::by_code(state, caller, code).await? else {
        return Ok(None);
    };
    let scope = TenantScope::of([d.tenant_id]);
    let txn = scope.begin(&state.db).await?;
    let p = repo::latest_for_dossier(&txn, &scope, d.id).await?;
    txn.commit().await?;
    Ok(p.map(|payment| PaymentView {
        payment,
        dossier_code: d.code,
    }))
}

/// The demo's payment: signs a notification with the `dev` provider's secret and hands it to
/// [`receive_notification`], exactly as the webhook does. Allowed when `MOTCUA_DEV_PAYMENTS`
/// is on, for whoever may request the payment.
#[tracing::instrument(skip_all, fields(dossier_code = %code))]
pub async fn simulate_payment(
    state: &AppState,
    caller: &Caller,
    code: &str,
) -> ApiResult<PaymentView> {
    if !state.config.dev_payments {
        return Err(ApiError::Forbidden(
            "Simulated payments are turned off on this server (MOTCUA_DEV_PAYMENTS).".into(),
        ));
    }
    let view = create_payment(state, caller, code).await?;
    let now = Utc::now();
    let body = serde_json::to_vec(&Notification {
        txn_id: format!("dev-{}", Uuid::now_v7().simple()),
        reference: view.payment.reference.clone(),
        amount_vnd: view.payment.amount_vnd,
        paid_at: now,
    })
    .map_err(|e| ApiError::internal("dev notification", e))?;
    let timestamp = now.timestamp().to_string();
    let signature = state
        .payment_providers
        .sign(DEV_PROVIDER, &timestamp, &body)
        .ok_or_else(|| {
            ApiError::internal("dev provider", anyhow::anyhow!("no dev webhook secret"))
        })?;
    let receipt = receive_notification(
        state,
        DEV_PROVIDER,
        Some(&timestamp),
        Some(&signature),
        &body,
    )
    .await?;
    if receipt.outcome != Outcome::Paid {
        return Err(ApiError::Conflict(
            "The simulated payment did not settle the request; see the payment review queue."
                .into(),
        ));
    }
    latest_payment(state, caller, code)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("No dossier `{code}` is visible to you.")))
}

// ───────────────────────────── reconciliation ─────────────────────────────

/// Checks and applies one provider notification: the provider is known, the timestamp is
/// within five minutes, the signature (HMAC-SHA256 over `timestamp + "." + body`) matches in
/// constant time, and the body reads as a [`Notification`]. Then [`reconcile`].
pub async fn receive_notification(
    state: &AppState,
    provider: &str,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
) -> Result<Receipt, WebhookError> {
    let providers = &state.payment_providers;
    if !providers.knows(provider) {
        return Err(WebhookError::UnknownProvider);
    }
    let timestamp = timestamp.ok_or(WebhookError::Unauthenticated(
        "The X-Motcua-Timestamp header is missing.",
    ))?;
    let seconds: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| WebhookError::Unauthenticated("X-Motcua-Timestamp must be unix seconds."))?;
    if (Utc::now().timestamp() - seconds).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(WebhookError::Unauthenticated(
            "X-Motcua-Timestamp is more than 5 minutes away from the server clock.",
        ));
    }
    let signature = signature.ok_or(WebhookError::Unauthenticated(
        "The X-Motcua-Signature header is missing.",
    ))?;
    if !providers.verify(provider, timestamp, body, signature) {
        return Err(WebhookError::Unauthenticated(
            "The signature does not match the body.",
        ));
    }
    let n: Notification = serde_json::from_slice(body).map_err(|e| {
        WebhookError::BadBody(format!(
            "The body must be {{\"txnId\", \"reference\", \"amountVnd\", \"paidAt\"}}: {e}"
        ))
    })?;
    if n.txn_id.trim().is_empty() || n.txn_id.len() > MAX_TXN_ID_LEN {
        return Err(WebhookError::BadBody(
            "txnId must have 1 to 128 characters.".into(),
        ));
    }
    if n.reference.trim().is_empty() || n.reference.len() > MAX_REFERENCE_TEXT_LEN {
        return Err(WebhookError::BadBody(
            "reference must have 1 to 512 characters.".into(),
        ));
    }
    if n.amount_vnd <= 0 {
        return Err(WebhookError::BadBody("amountVnd must be positive.".into()));
    }
    reconcile(state, provider, &n, &sha256_hex_bytes(body)).await
}

fn sha256_hex_bytes(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(body))
}

async fn replay(state: &AppState, provider: &str, txn_id: &str) -> Result<Receipt, WebhookError> {
    let prev = repo::notification(&state.db, provider, txn_id)
        .await?
        .ok_or_else(|| {
            WebhookError::Internal(anyhow::anyhow!("claimed notification is not stored"))
        })?;
    Ok(Receipt {
        outcome: Outcome::parse(&prev.outcome).unwrap_or(Outcome::Review),
        replay: true,
    })
}

/// Applies a verified notification, once per provider transaction: the first delivery is
/// recorded with its outcome in the same transaction as its effect; later deliveries get the
/// recorded outcome and change nothing. An exact match settles the payment and marks the
/// dossier paid online; anything else is recorded (unknown reference) or queued for review.
pub async fn reconcile(
    state: &AppState,
    provider: &str,
    n: &Notification,
    payload_sha256: &str,
) -> Result<Receipt, WebhookError> {
    let reference = normalise_reference(&n.reference);
    if repo::notification(&state.db, provider, &n.txn_id)
        .await?
        .is_some()
    {
        return replay(state, provider, &n.txn_id).await;
    }
    let mut record = notification::Model {
        provider: provider.to_string(),
        provider_txn_id: n.txn_id.clone(),
        tenant_id: None,
        reference: reference.clone(),
        amount_vnd: n.amount_vnd,
        received_at: Utc::now(),
        payload_sha256: payload_sha256.to_string(),
        outcome: Outcome::UnknownReference.as_str().to_string(),
    };
    let Some(tenant_id) = repo::tenant_of_reference(&state.db, &reference).await? else {
        let txn = state.db.begin().await?;
        if !repo::claim_notification(&txn, record).await? {
            txn.rollback().await?;
            return replay(state, provider, &n.txn_id).await;
        }
        txn.commit().await?;
        tracing::warn!(provider, "payment notification with an unknown reference");
        return Ok(Receipt {
            outcome: Outcome::UnknownReference,
            replay: false,
        });
    };

    let scope = TenantScope::of([tenant_id]);
    let txn = scope.begin(&state.db).await?;
    record.tenant_id = Some(tenant_id);
    // The claim comes first: it takes the write lock (SQLite) or waits for a concurrent
    // delivery of the same transaction (PostgreSQL) before anything is read.
    if !repo::claim_notification(&txn, record).await? {
        txn.rollback().await?;
        return replay(state, provider, &n.txn_id).await;
    }
    let found = match repo::by_reference(&txn, &scope, &reference).await? {
        Some(p) => repo::dossier_by_id(&txn, &scope, p.dossier_id)
            .await?
            .map(|d| (p, d)),
        None => None,
    };
    let Some((p, d)) = found else {
        txn.commit().await?;
        return Ok(Receipt {
            outcome: Outcome::UnknownReference,
            replay: false,
        });
    };
    let now = Utc::now();
    let status = PaymentStatus::parse(&p.status);
    let mut reason = if d.paid_online
        || status == Some(PaymentStatus::Paid)
        || repo::any_paid(&txn, &scope, d.id).await?
    {
        Some(ReviewReason::AlreadyPaid)
    } else if matches!(
        status,
        Some(PaymentStatus::Cancelled | PaymentStatus::Refunded) | None
    ) {
        Some(ReviewReason::PaymentClosed)
    } else if n.amount_vnd != p.amount_vnd {
        Some(ReviewReason::AmountMismatch)
    } else {
        None
    };
    let mut paid = None;
    if reason.is_none() {
        let note = format!(
            "Đã thanh toán trực tuyến {} (mã thanh toán {}, qua {provider})",
            format_vnd(p.amount_vnd),
            p.reference
        );
        paid = settle(
            &txn,
            &scope,
            &p,
            &d,
            (provider, &n.txn_id, n.paid_at),
            (None, SYSTEM_ACTOR),
            note,
            now,
        )
        .await?;
        if paid.is_none() {
            // Settled by a concurrent notification of another transaction: money twice.
            reason = Some(ReviewReason::AlreadyPaid);
        }
    }
    let outcome = match reason {
        Some(reason) => {
            repo::insert_review(
                &txn,
                review::Model {
                    tenant_id,
                    id: Uuid::now_v7(),
                    payment_id: p.id,
                    dossier_id: d.id,
                    reference: p.reference.clone(),
                    reason: reason.as_str().to_string(),
                    expected_vnd: p.amount_vnd,
                    received_vnd: n.amount_vnd,
                    provider: provider.to_string(),
                    provider_txn_id: n.txn_id.clone(),
                    paid_at: n.paid_at,
                    created_at: now,
                    resolved_at: None,
                    resolved_by: None,
                    accepted: None,
                    note: String::new(),
                },
            )
            .await?;
            Outcome::Review
        }
        None => Outcome::Paid,
    };
    repo::set_outcome(&txn, provider, &n.txn_id, outcome.as_str()).await?;
    txn.commit().await?;
    if let Some(d) = paid {
        publish_paid(state, &d).await;
    }
    tracing::info!(
        provider,
        outcome = outcome.as_str(),
        "payment notification applied"
    );
    Ok(Receipt {
        outcome,
        replay: false,
    })
}

/// Settles a payment inside the caller's transaction: the payment becomes PAID, other pending
/// requests of the dossier are cancelled, the dossier is marked paid online (version and
/// `updated_at` bumped) and its timeline gets a step. `None` when the payment was no longer
/// payable (another notification settled it first). Locks the dossier before the payment, in
/// the same order as `create_payment`, so the two cannot deadlock.
#[expect(
    clippy::too_many_arguments,
    reason = "one transaction's worth of facts"
)]
async fn settle(
    txn: &sea_orm::DatabaseTransaction,
    scope: &TenantScope,
    p: &payment::Model,
    d: &dossier::Model,
    (provider, txn_id, paid_at): (&str, &str, DateTime<Utc>),
    actor: (Option<Uuid>, &str),
    note: String,
    now: DateTime<Utc>,
) -> Result<Option<dossier::Model>, DbErr> {
    repo::lock_dossier(txn, scope, d.id).await?;
    if repo::set_paid(txn, scope, p.id, provider, txn_id, paid_at).await? == 0 {
        return Ok(None);
    }
    repo::cancel_pending(txn, scope, d.id).await?;
    repo::mark_dossier_paid(txn, scope, d.id, now).await?;
    repo::insert_event(txn, d, now, actor, note).await?;
    Ok(Some(dossier::Model {
        paid_online: true,
        version: d.version + 1,
        updated_at: now,
        ..d.clone()
    }))
}

/// Tells subscribers (after commit) that a dossier was paid.
async fn publish_paid(state: &AppState, d: &dossier::Model) {
    state
        .bus
        .publish(Event::new(
            DOSSIER_TOPIC,
            Some(d.tenant_id.to_string()),
            serde_json::json!({
                "code": d.code,
                "status": d.status,
                "kind": "paid",
                "applicant": d.applicant_user_id.map(|u| u.to_string()),
            }),
        ))
        .await;
}

/// `10000` → `10.000 đồng`.
fn format_vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 {
        out.insert(0, '-');
    }
    format!("{out} đồng")
}

// ───────────────────────────── review queue ─────────────────────────────

/// The scope in which a caller reviews payments: leaders, tenant admins and province admins,
/// over their units (narrowed to a subtree by `tenant_code`).
fn review_scope(
    state: &AppState,
    caller: &Caller,
    tenant_code: Option<&str>,
) -> ApiResult<TenantScope> {
    let Caller::Person { role, .. } = caller else {
        return Err(ApiError::Unauthenticated(
            "Sign in to review payments.".into(),
        ));
    };
    if !matches!(role, Role::Leader | Role::TenantAdmin | Role::ProvinceAdmin) {
        return Err(ApiError::Forbidden(
            "Only leaders and administrators review payments.".into(),
        ));
    }
    let mut scope = state.tenants.read_scope(caller);
    if let Some(code) = tenant_code {
        scope = match state.tenants.by_code(code) {
            Some(t) => scope.intersect(&state.tenants.subtree(t.id)),
            None => TenantScope::none(),
        };
    }
    Ok(scope)
}

async fn with_codes(
    txn: &sea_orm::DatabaseTransaction,
    scope: &TenantScope,
    rows: Vec<review::Model>,
) -> Result<Vec<ReviewView>, DbErr> {
    let codes: std::collections::HashMap<Uuid, String> =
        repo::dossier_codes(txn, scope, rows.iter().map(|r| r.dossier_id).collect())
            .await?
            .into_iter()
            .collect();
    Ok(rows
        .into_iter()
        .map(|r| ReviewView {
            dossier_code: codes.get(&r.dossier_id).cloned().unwrap_or_default(),
            review: r,
        })
        .collect())
}

/// A page of the review queue, newest first, and the total.
pub async fn reviews(
    state: &AppState,
    caller: &Caller,
    tenant_code: Option<&str>,
    open: Option<bool>,
    after: Option<ReviewPosition>,
    limit: u64,
) -> ApiResult<(Vec<ReviewView>, u64)> {
    let scope = review_scope(state, caller, tenant_code)?;
    let txn = scope.begin(&state.db).await?;
    let (rows, total) = repo::reviews(&txn, &scope, open, after, limit).await?;
    let rows = with_codes(&txn, &scope, rows).await?;
    txn.commit().await?;
    Ok((rows, total))
}

/// Resolves a review. Accepting it settles the payment with the reviewed transaction (when the
/// dossier is not paid yet) — e.g. an underpayment the unit waives, or an overpayment whose
/// difference is refunded at the counter; rejecting it leaves the payment as it was (e.g. the
/// money is returned to the payer). Either way the note says what was done.
#[tracing::instrument(skip_all, fields(review = %id))]
pub async fn resolve_review(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    note: &str,
    accept: bool,
) -> ApiResult<ReviewView> {
    let scope = review_scope(state, caller, None)?;
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::BadUserInput(format!(
            "The note must say what was done, in 1 to {MAX_NOTE_CHARS} characters."
        )));
    }
    let me = crate::domains::accounts::service::me(state, caller).await?;
    let not_found = || ApiError::NotFound("No payment review has this id.".into());
    let txn = scope.begin(&state.db).await?;
    let r = repo::review_by_id(&txn, &scope, id)
        .await?
        .ok_or_else(not_found)?;
    if r.resolved_at.is_some() {
        return Err(ApiError::Conflict(
            "This review is already resolved.".into(),
        ));
    }
    let now = Utc::now();
    let mut paid = None;
    if accept {
        let own = scope.narrow(r.tenant_id);
        let p = repo::by_id(&txn, &own, r.payment_id).await?;
        let d = repo::dossier_by_id(&txn, &own, r.dossier_id).await?;
        if let (Some(p), Some(d)) = (p, d)
            && !d.paid_online
            && !repo::any_paid(&txn, &own, d.id).await?
            && matches!(
                PaymentStatus::parse(&p.status),
                Some(PaymentStatus::Pending | PaymentStatus::Expired)
            )
        {
            let text = format!(
                "Đã thanh toán trực tuyến {} (mã thanh toán {}, qua {}; chấp nhận sau đối soát: {note})",
                format_vnd(r.received_vnd),
                r.reference,
                r.provider
            );
            paid = settle(
                &txn,
                &own,
                &p,
                &d,
                (&r.provider, &r.provider_txn_id, r.paid_at),
                (Some(me.id), &me.full_name),
                text,
                now,
            )
            .await?;
        }
    }
    if repo::resolve_review(&txn, &scope, id, me.id, accept, note, now).await? == 0 {
        return Err(ApiError::Conflict(
            "This review is already resolved.".into(),
        ));
    }
    let resolved = repo::review_by_id(&txn, &scope, id)
        .await?
        .ok_or_else(not_found)?;
    let mut views = with_codes(&txn, &scope, vec![resolved]).await?;
    txn.commit().await?;
    if let Some(d) = paid {
        publish_paid(state, &d).await;
    }
    views.pop().ok_or_else(not_found)
}

/// Parses a review id.
pub fn parse_review_id(id: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::NotFound("No payment review has this id.".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_the_vietnamese_way() {
        assert_eq!(format_vnd(0), "0 đồng");
        assert_eq!(format_vnd(8_000), "8.000 đồng");
        assert_eq!(format_vnd(200_000), "200.000 đồng");
        assert_eq!(format_vnd(1_234_567), "1.234.567 đồng");
    }

    #[test]
    fn the_dev_provider_name_is_stable() {
        assert_eq!(DEV_PROVIDER, "dev");
        assert_eq!(
            sha256_hex_bytes(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
