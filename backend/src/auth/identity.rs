//! The identity-provider seam. Today people sign in with a local email/phone and password;
//! VNeID (the national e-ID, DOMAIN §8.3) will plug in as another provider that returns a
//! verified identity with an assurance level, after which the same account and token flow runs.

use serde::{Deserialize, Serialize};

/// How strongly an account's identity is established.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, async_graphql::Enum)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum AssuranceLevel {
    /// Self-registered local account.
    Local,
    /// VNeID level 1.
    VneidL1,
    /// VNeID level 2 (biometric; equivalent to the chip ID card).
    VneidL2,
}

impl AssuranceLevel {
    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            AssuranceLevel::Local => "LOCAL",
            AssuranceLevel::VneidL1 => "VNEID_L1",
            AssuranceLevel::VneidL2 => "VNEID_L2",
        }
    }
}

/// An identity an external provider vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedIdentity {
    /// Provider name, e.g. `local`, `vneid`.
    pub provider: &'static str,
    /// Provider's subject identifier (for VNeID: the 12-digit personal id).
    pub subject: String,
    /// Full name as the provider states it.
    pub full_name: String,
    /// Assurance level.
    pub assurance: AssuranceLevel,
}

/// What an external identity provider must offer: turn the provider's callback parameters
/// (an OAuth/OIDC authorisation code, for VNeID) into a verified identity. The accounts service
/// then finds or creates the account and issues motcua tokens exactly as for a local login.
pub trait IdentityProvider: Send + Sync {
    /// Provider name used in configuration and logs.
    fn name(&self) -> &'static str;
    /// Exchanges the callback code for a verified identity.
    fn verify_callback(
        &self,
        code: &str,
    ) -> std::pin::Pin<Box<dyn Future<Output = anyhow::Result<VerifiedIdentity>> + Send + '_>>;
}
