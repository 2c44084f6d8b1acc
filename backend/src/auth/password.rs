//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane), always on
//! the blocking pool. Unknown accounts are verified against a dummy hash so that the answer and
//! its timing do not reveal which identifiers exist.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::telemetry::spawn_blocking_with_tracing;

/// OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
fn hasher() -> Result<Argon2<'static>, anyhow::Error> {
    let params =
        Params::new(19_456, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> Result<String, anyhow::Error> {
    spawn_blocking_with_tracing(move || -> Result<String, anyhow::Error> {
        let hash = hasher()?
            .hash_password(password.as_bytes())
            .map_err(|e| anyhow::anyhow!("argon2 hash: {e}"))?;
        Ok(hash.to_string())
    })
    .await?
}

/// Verifies a password against a PHC string; `None` verifies against the dummy hash and
/// always answers false.
pub async fn verify(password: String, phc: Option<String>, dummy: String) -> bool {
    let known = phc.is_some();
    let phc = phc.unwrap_or(dummy);
    let ok = spawn_blocking_with_tracing(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        let Ok(argon) = hasher() else {
            return false;
        };
        argon.verify_password(password.as_bytes(), &parsed).is_ok()
    })
    .await
    .unwrap_or(false);
    ok && known
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse 1".to_string()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse 1".into(), Some(h.clone()), h.clone()).await);
        assert!(!verify("wrong".into(), Some(h.clone()), h.clone()).await);
        assert!(!verify("correct horse 1".into(), None, h).await);
    }
}
