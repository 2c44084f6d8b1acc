//! Public tracking by code and secret (`trackDossier`). The secret is derived from the dossier id
//! with a server key (HMAC), so a retried submission shows the same secret without storing it in
//! clear; only its hash is kept. Wrong guesses are rate-limited per client address and per code,
//! and the answer never says whether a code exists.

use hmac::{Hmac, Mac};
use sea_orm::{ColumnTrait, QueryFilter};
use sha2::Sha256;
use uuid::Uuid;

use super::model::{dossier, event};
use super::repo;
use crate::auth::TenantScope;
use crate::auth::tokens::{digest_eq, sha256_hex};
use crate::error::{ApiError, ApiResult};
use crate::infra::rate_limit::Quota;
use crate::state::AppState;

/// Letters and digits that cannot be misread on paper (no 0/O, 1/I/L).
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a tracking secret (≈ 50 bits).
pub const SECRET_LEN: usize = 10;

/// The tracking secret of a dossier.
pub fn tracking_secret(key: &[u8], dossier_id: Uuid) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(b"motcua-tracking:");
    mac.update(dossier_id.as_bytes());
    let digest = mac.finalize().into_bytes();
    digest
        .iter()
        .take(SECRET_LEN)
        .map(|b| {
            char::from(
                *ALPHABET
                    .get(usize::from(*b) % ALPHABET.len())
                    .unwrap_or(&b'X'),
            )
        })
        .collect()
}

/// What a person holding the receipt sees.
pub struct Tracked {
    /// The dossier.
    pub dossier: dossier::Model,
    /// Its timeline.
    pub events: Vec<event::Model>,
}

/// Looks a dossier up by code and secret; `None` when they do not match (or the code does not
/// exist). Repeated misses are RATE_LIMITED.
pub async fn track(
    state: &AppState,
    client_ip: &str,
    code: &str,
    secret: &str,
) -> ApiResult<Option<Tracked>> {
    let per_minute = state.config.rate_limits.tracking_failures_per_minute;
    let ip_key = format!("track-miss-ip:{client_ip}");
    let code_key = format!("track-miss-code:{}", sha256_hex(&code.to_ascii_uppercase()));
    let ip_quota = Quota {
        capacity: per_minute,
        refill_per_sec: f64::from(per_minute) / 60.0,
    };
    // A code can be guessed at from many addresses: a slower bucket per code as well.
    let code_quota = Quota {
        capacity: per_minute * 3,
        refill_per_sec: f64::from(per_minute) / 600.0,
    };
    for (key, quota) in [(&ip_key, ip_quota), (&code_key, code_quota)] {
        let peek = state.limiter.check(key, quota, 0).await;
        if peek.remaining == 0 {
            return Err(ApiError::RateLimited {
                message: "Too many wrong tracking codes or secrets; wait a minute and try again."
                    .into(),
                retry_after_secs: peek.retry_after.as_secs().max(1),
            });
        }
    }
    let found = lookup(state, code, secret).await?;
    if found.is_none() {
        state.limiter.check(&ip_key, ip_quota, 1).await;
        state.limiter.check(&code_key, code_quota, 1).await;
    }
    Ok(found)
}

async fn lookup(state: &AppState, code: &str, secret: &str) -> ApiResult<Option<Tracked>> {
    let Ok(parsed) = shared::DossierCode::parse(code.trim()) else {
        return Ok(None);
    };
    let Some(tenant) = state.tenants.by_code(parsed.tenant().as_str()) else {
        return Ok(None);
    };
    let scope = TenantScope::of([tenant.id]);
    let txn = scope.begin(&state.db).await?;
    let row = scope
        .select::<dossier::Entity>()
        .filter(dossier::Column::Code.eq(parsed.to_string()))
        .one(&txn)
        .await?;
    let Some(d) = row else {
        txn.commit().await?;
        return Ok(None);
    };
    let given = sha256_hex(&secret.trim().to_ascii_uppercase());
    let matches = d
        .tracking_secret_hash
        .as_deref()
        .is_some_and(|h| digest_eq(h, &given));
    if !matches {
        txn.commit().await?;
        return Ok(None);
    }
    let events = repo::events(&txn, &scope, d.id).await?;
    txn.commit().await?;
    Ok(Some(Tracked { dossier: d, events }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_stable_readable_and_key_dependent() {
        let id = Uuid::now_v7();
        let a = tracking_secret(b"key-one-key-one-key-one-key-one!", id);
        assert_eq!(a, tracking_secret(b"key-one-key-one-key-one-key-one!", id));
        assert_eq!(a.len(), SECRET_LEN);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert!(!a.contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(a, tracking_secret(b"key-two-key-two-key-two-key-two!", id));
        assert_ne!(
            a,
            tracking_secret(b"key-one-key-one-key-one-key-one!", Uuid::now_v7())
        );
    }
}
