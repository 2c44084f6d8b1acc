//! `POST /payments/webhook/{provider}`: payment providers report transfers here.
//!
//! The request carries `X-Motcua-Timestamp` (unix seconds) and
//! `X-Motcua-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`; the
//! body is `{ "txnId", "reference", "amountVnd", "paidAt" }`. This file is the HTTP side
//! (provider look-up, per-IP rate limit, body limit, status codes) and the providers' secrets;
//! checking and applying a notification is `service::receive_notification`, which
//! `simulatePayment` calls too.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::service::{self, WebhookError};
use crate::auth::tokens::{random_secret, write_private};
use crate::error::ErrorCode;
use crate::graphql::http::client_ip;
use crate::infra::rate_limit::Quota;
use crate::state::AppState;

/// Largest webhook body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Header with the signing time (unix seconds).
pub const TIMESTAMP_HEADER: &str = "x-motcua-timestamp";
/// Header with the signature, `sha256=<hex>`.
pub const SIGNATURE_HEADER: &str = "x-motcua-signature";
/// The built-in provider used by the demo and by `simulatePayment`.
pub const DEV_PROVIDER: &str = "dev";

type HmacSha256 = Hmac<Sha256>;

/// The providers whose webhooks are accepted, each with its HMAC secret. `Debug` never
/// prints a secret.
#[derive(Clone, Default)]
pub struct PaymentProviders {
    secrets: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for PaymentProviders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.secrets.keys()).finish()
    }
}

impl PaymentProviders {
    /// `dev` and the configured providers, each with the secret in
    /// `<data dir>/keys/webhook-<provider>.key`, generated (0600) on first start when absent.
    /// The key is the file's text, trimmed, used as bytes: an operator may write the secret a
    /// provider gave them there, or hand the generated one to the provider.
    pub fn load(data_dir: &Path, configured: &[String]) -> anyhow::Result<Self> {
        let mut secrets = BTreeMap::new();
        let names = std::iter::once(DEV_PROVIDER).chain(configured.iter().map(String::as_str));
        for name in names {
            let path = data_dir.join("keys").join(format!("webhook-{name}.key"));
            let existing = std::fs::read_to_string(&path)
                .ok()
                .map(|t| t.trim().to_string())
                .filter(|t| t.len() >= 16);
            let secret = match existing {
                Some(s) => s,
                None => {
                    let s = random_secret(32);
                    write_private(&path, &s)?;
                    s
                }
            };
            secrets.insert(name.to_string(), secret.into_bytes());
        }
        Ok(Self { secrets })
    }

    /// Providers with fixed secrets (tests).
    pub fn with_secrets<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        Self {
            secrets: pairs
                .into_iter()
                .map(|(n, s)| (n.to_string(), s.to_vec()))
                .collect(),
        }
    }

    /// Whether webhooks of this provider are accepted.
    pub fn knows(&self, provider: &str) -> bool {
        self.secrets.contains_key(provider)
    }

    /// The provider names.
    pub fn names(&self) -> Vec<&str> {
        self.secrets.keys().map(String::as_str).collect()
    }

    /// `sha256=<hex>` for a timestamp and body, as a provider computes it.
    pub fn sign(&self, provider: &str, timestamp: &str, body: &[u8]) -> Option<String> {
        let mac = self.mac(provider, timestamp, body)?;
        Some(format!("sha256={}", hex::encode(mac)))
    }

    /// Checks a `sha256=<hex>` signature in constant time.
    pub fn verify(&self, provider: &str, timestamp: &str, body: &[u8], signature: &str) -> bool {
        let Some(expected) = self.mac(provider, timestamp, body) else {
            return false;
        };
        let given = signature
            .trim()
            .strip_prefix("sha256=")
            .and_then(|h| hex::decode(h).ok())
            .unwrap_or_default();
        given.len() == expected.len() && bool::from(given.as_slice().ct_eq(expected.as_slice()))
    }

    fn mac(&self, provider: &str, timestamp: &str, body: &[u8]) -> Option<Vec<u8>> {
        let secret = self.secrets.get(provider)?;
        let mut mac = HmacSha256::new_from_slice(secret).ok()?;
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        Some(mac.finalize().into_bytes().to_vec())
    }
}

fn error(status: StatusCode, code: ErrorCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": code.as_str(), "message": message }))
}

fn header_text<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// Reads the body up to [`MAX_BODY_BYTES`]; `Err` is the response to send.
async fn read_body(req: &HttpRequest, mut payload: web::Payload) -> Result<Vec<u8>, HttpResponse> {
    use futures_util::StreamExt;
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BadUserInput,
            "The notification is larger than 64 KiB.",
        )
    };
    let declared =
        header_text(req, header::CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            error(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadUserInput,
                "The request body could not be read.",
            )
        })?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// `POST /payments/webhook/{provider}`.
pub async fn receive(
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
    state: web::Data<Arc<AppState>>,
) -> HttpResponse {
    let provider = path.into_inner();
    if !state.payment_providers.knows(&provider) {
        return error(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "No payment provider has this name.",
        );
    }
    let per_minute = state.config.rate_limits.per_ip_per_minute;
    let decision = state
        .limiter
        .check(
            &format!("payhook:{}", client_ip(&req)),
            Quota::per_minute(per_minute),
            1,
        )
        .await;
    if !decision.allowed {
        let secs = decision.retry_after.as_secs().max(1);
        let mut resp = error(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "Too many notifications; slow down.",
        );
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return resp;
    }
    let body = match read_body(&req, payload).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let timestamp = header_text(&req, TIMESTAMP_HEADER);
    let signature = header_text(&req, SIGNATURE_HEADER);
    match service::receive_notification(&state, &provider, timestamp, signature, &body).await {
        Ok(receipt) => {
            let mut out = json!({ "outcome": receipt.outcome.as_str() });
            if receipt.replay {
                out["replay"] = json!(true);
            }
            HttpResponse::Ok().json(out)
        }
        Err(e) => {
            let (status, code) = match &e {
                WebhookError::UnknownProvider => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
                WebhookError::Unauthenticated(_) => {
                    (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated)
                }
                WebhookError::BadBody(_) => (StatusCode::BAD_REQUEST, ErrorCode::BadUserInput),
                WebhookError::Internal(cause) => {
                    tracing::error!(error.cause_chain = ?cause, provider = %provider, "payment webhook failed");
                    (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
                }
            };
            error(status, code, &e.public_message())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_with_the_same_secret_timestamp_and_body() {
        let p = PaymentProviders::with_secrets([("dev", b"0123456789abcdef".as_slice())]);
        let sig = p.sign("dev", "1700000000", b"{}").unwrap();
        assert!(sig.starts_with("sha256="));
        assert!(p.verify("dev", "1700000000", b"{}", &sig));
        assert!(p.verify(
            "dev",
            "1700000000",
            b"{}",
            &sig.to_uppercase().replace("SHA256=", "sha256=")
        ));
        assert!(!p.verify("dev", "1700000001", b"{}", &sig));
        assert!(!p.verify("dev", "1700000000", b"{ }", &sig));
        assert!(!p.verify("other", "1700000000", b"{}", &sig));
        assert!(!p.verify("dev", "1700000000", b"{}", "sha256=00"));
        assert!(!p.verify("dev", "1700000000", b"{}", "garbage"));
        assert!(p.sign("other", "1", b"").is_none());
    }

    #[test]
    fn secrets_are_created_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("motcua-hook-{}", uuid::Uuid::new_v4()));
        let a = PaymentProviders::load(&dir, &["vnpay".to_string()]).unwrap();
        assert_eq!(a.names(), ["dev", "vnpay"]);
        let b = PaymentProviders::load(&dir, &["vnpay".to_string()]).unwrap();
        let sig = a.sign("vnpay", "1", b"x").unwrap();
        assert!(b.verify("vnpay", "1", b"x", &sig));
        assert!(!format!("{a:?}").contains(&hex::encode(&a.secrets["dev"])));
        let _ = std::fs::remove_dir_all(dir);
    }
}
