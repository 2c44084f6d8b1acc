//! Access tokens (short-lived HS256 JWTs) and refresh tokens (random, stored hashed, single use).
//! The signing key comes from configuration or is generated once into the data dir.

use std::path::Path;

use base64::Engine;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::caller::{Caller, Role};

/// Claims inside an access token.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tenant: Option<i64>,
    iat: i64,
    exp: i64,
    iss: String,
}

const ISSUER: &str = "motcua";

/// Signs and checks access tokens.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// Access-token lifetime in seconds.
    pub access_ttl_secs: i64,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(***)")
    }
}

impl TokenKeys {
    /// Keys from a secret.
    pub fn new(secret: &[u8], access_ttl_secs: u64) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            access_ttl_secs: i64::try_from(access_ttl_secs).unwrap_or(900),
        }
    }

    /// Issues an access token for a person.
    pub fn issue(
        &self,
        user_id: Uuid,
        role: Role,
        tenant_id: Option<i64>,
    ) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            role: role.as_str().to_string(),
            tenant: tenant_id,
            iat: now,
            exp: now + self.access_ttl_secs,
            iss: ISSUER.to_string(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Checks an access token; `None` when invalid or expired.
    pub fn verify(&self, token: &str) -> Option<Caller> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 5;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok()?;
        let user_id = Uuid::parse_str(&data.claims.sub).ok()?;
        let role = data.claims.role.parse().ok()?;
        Some(Caller::Person {
            user_id,
            role,
            tenant_id: data.claims.tenant,
        })
    }
}

/// Reads the JWT signing secret from the data dir, creating it (0600) on first start.
pub fn load_or_create_secret(data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    load_or_create_key(data_dir, "jwt.key")
}

/// Reads a named 64-byte key from `<data dir>/keys/`, creating it (0600) on first start.
pub fn load_or_create_key(data_dir: &Path, name: &str) -> anyhow::Result<Vec<u8>> {
    let path = data_dir.join("keys").join(name);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim())?;
        if bytes.len() >= 32 {
            return Ok(bytes);
        }
    }
    let mut bytes = vec![0u8; 64];
    rand::rng().fill_bytes(&mut bytes);
    write_private(
        &path,
        &base64::engine::general_purpose::STANDARD.encode(&bytes),
    )?;
    Ok(bytes)
}

/// Writes a secret file atomically, readable by the owner only.
pub fn write_private(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("tmp-{}", Uuid::new_v4()));
    std::fs::write(&tmp, content)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// A new refresh token: (id, full token string `id.secret`, SHA-256 hex of the secret).
pub fn new_refresh_token() -> (Uuid, String, String) {
    let id = Uuid::now_v7();
    let secret = random_secret(32);
    let token = format!("{id}.{secret}");
    (id, token, sha256_hex(&secret))
}

/// Splits a refresh token into its id and secret.
pub fn split_refresh_token(token: &str) -> Option<(Uuid, &str)> {
    let (id, secret) = token.split_once('.')?;
    if secret.len() < 16 || secret.len() > 128 {
        return None;
    }
    Some((Uuid::parse_str(id).ok()?, secret))
}

/// URL-safe random string from `bytes` random bytes.
pub fn random_secret(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// Constant-time comparison of two hex digests.
pub fn digest_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_tokens_round_trip_and_reject_tampering() {
        let keys = TokenKeys::new(&[7u8; 64], 900);
        let id = Uuid::now_v7();
        let token = keys.issue(id, Role::Leader, Some(4)).unwrap();
        assert_eq!(
            keys.verify(&token),
            Some(Caller::Person {
                user_id: id,
                role: Role::Leader,
                tenant_id: Some(4)
            })
        );
        let other = TokenKeys::new(&[8u8; 64], 900);
        assert_eq!(other.verify(&token), None);
        assert_eq!(keys.verify("not.a.token"), None);
    }

    #[test]
    fn expired_tokens_are_rejected() {
        let keys = TokenKeys {
            access_ttl_secs: -60,
            ..TokenKeys::new(&[7u8; 64], 900)
        };
        let token = keys.issue(Uuid::now_v7(), Role::Citizen, None).unwrap();
        assert_eq!(keys.verify(&token), None);
    }

    #[test]
    fn refresh_tokens_split_and_hash() {
        let (id, token, hash) = new_refresh_token();
        let (got, secret) = split_refresh_token(&token).unwrap();
        assert_eq!(got, id);
        assert!(digest_eq(&sha256_hex(secret), &hash));
        assert!(split_refresh_token("garbage").is_none());
    }
}
