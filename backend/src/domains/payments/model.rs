//! Payments (`payments`, `payment_reviews`: tenant-owned), the global reference map
//! (`payment_references`) and the webhook record (`payment_notifications`), plus the domain
//! values around them: statuses, references and provider notifications.

use rand::Rng;
use serde::{Deserialize, Serialize};

/// One payment request of a dossier: a reference, an amount and where to pay.
pub mod payment {
    use sea_orm::entity::prelude::*;

    /// A payment row. The bank fields are copied from the tenant's settings when the request
    /// is made, so the QR a citizen was shown never changes under them.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "payments")]
    pub struct Model {
        /// Tenant of the dossier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Id (UUID v7).
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Dossier.
        pub dossier_id: Uuid,
        /// Transfer message / reconciliation key, e.g. `HS7KQ2M4XPAB` (globally unique).
        pub reference: String,
        /// Amount due in VND.
        pub amount_vnd: i64,
        /// `PaymentStatus` in storage form.
        pub status: String,
        /// Beneficiary bank BIN.
        pub bank_bin: String,
        /// Beneficiary account.
        pub bank_account: String,
        /// Beneficiary name as the bank shows it.
        pub account_name: String,
        /// Provider that reported the payment.
        pub provider: Option<String>,
        /// Provider's transaction id.
        pub provider_txn_id: Option<String>,
        /// Who asked for the payment request.
        pub created_by: Option<Uuid>,
        /// Created.
        pub created_at: DateTimeUtc,
        /// The QR stops being offered after this instant.
        pub expires_at: DateTimeUtc,
        /// When the provider says the money arrived.
        pub paid_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Reference → tenant, readable before any tenant scope exists (no personal data).
pub mod reference {
    use sea_orm::entity::prelude::*;

    /// A reference row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "payment_references")]
    pub struct Model {
        /// The payment reference.
        #[sea_orm(primary_key, auto_increment = false)]
        pub reference: String,
        /// The tenant whose payment it is.
        pub tenant_id: i64,
        /// Created.
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Every webhook notification accepted (signature good), keyed by provider and transaction:
/// the idempotency record and the audit trail.
pub mod notification {
    use sea_orm::entity::prelude::*;

    /// A notification row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "payment_notifications")]
    pub struct Model {
        /// Provider name.
        #[sea_orm(primary_key, auto_increment = false)]
        pub provider: String,
        /// Provider's transaction id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub provider_txn_id: String,
        /// Tenant, when the reference was known.
        pub tenant_id: Option<i64>,
        /// Reference as received (normalised).
        pub reference: String,
        /// Amount as received.
        pub amount_vnd: i64,
        /// When it arrived.
        pub received_at: DateTimeUtc,
        /// SHA-256 of the raw body.
        pub payload_sha256: String,
        /// `Outcome` in storage form.
        pub outcome: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A notification that did not settle its payment automatically, waiting for staff.
pub mod review {
    use sea_orm::entity::prelude::*;

    /// A review row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "payment_reviews")]
    pub struct Model {
        /// Tenant.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Id (UUID v7).
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// The payment the reference points at.
        pub payment_id: Uuid,
        /// Its dossier.
        pub dossier_id: Uuid,
        /// Reference.
        pub reference: String,
        /// `ReviewReason` in storage form.
        pub reason: String,
        /// Amount the payment asked for.
        pub expected_vnd: i64,
        /// Amount the provider reported.
        pub received_vnd: i64,
        /// Provider.
        pub provider: String,
        /// Provider's transaction id.
        pub provider_txn_id: String,
        /// When the provider says the money arrived.
        pub paid_at: DateTimeUtc,
        /// Queued.
        pub created_at: DateTimeUtc,
        /// Resolved.
        pub resolved_at: Option<DateTimeUtc>,
        /// Who resolved it.
        pub resolved_by: Option<Uuid>,
        /// Whether the money was accepted as settling the payment.
        pub accepted: Option<bool>,
        /// The resolver's note.
        pub note: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Where a payment stands (DOMAIN §7.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum PaymentStatus {
    /// Waiting for the transfer; the QR is valid until `expiresAt`.
    Pending,
    /// The money arrived with the right amount.
    Paid,
    /// Not paid before `expiresAt`; ask for a new payment request.
    Expired,
    /// Withdrawn by the unit.
    Cancelled,
    /// Paid, then returned to the payer.
    Refunded,
}

impl PaymentStatus {
    /// Storage name (as in GraphQL).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "PENDING",
            PaymentStatus::Paid => "PAID",
            PaymentStatus::Expired => "EXPIRED",
            PaymentStatus::Cancelled => "CANCELLED",
            PaymentStatus::Refunded => "REFUNDED",
        }
    }

    /// From the storage name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            PaymentStatus::Pending,
            PaymentStatus::Paid,
            PaymentStatus::Expired,
            PaymentStatus::Cancelled,
            PaymentStatus::Refunded,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }

    /// The status of a stored payment at `now`: a pending payment past its expiry reads as
    /// expired even before anything rewrites the row.
    pub fn of(p: &payment::Model, now: chrono::DateTime<chrono::Utc>) -> Option<Self> {
        match Self::parse(&p.status)? {
            PaymentStatus::Pending if p.expires_at <= now => Some(PaymentStatus::Expired),
            s => Some(s),
        }
    }
}

/// Why a notification went to the review queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum ReviewReason {
    /// The amount differs from the amount asked for.
    AmountMismatch,
    /// The dossier was already paid: money arrived twice.
    AlreadyPaid,
    /// The payment request was cancelled or refunded before the money arrived.
    PaymentClosed,
}

impl ReviewReason {
    /// Storage name (as in GraphQL).
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewReason::AmountMismatch => "AMOUNT_MISMATCH",
            ReviewReason::AlreadyPaid => "ALREADY_PAID",
            ReviewReason::PaymentClosed => "PAYMENT_CLOSED",
        }
    }

    /// From the storage name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            ReviewReason::AmountMismatch,
            ReviewReason::AlreadyPaid,
            ReviewReason::PaymentClosed,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// What a webhook notification led to; also its stored outcome and the response body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The payment is now paid and the dossier marked paid online.
    Paid,
    /// Queued for staff review; nothing was marked paid.
    Review,
    /// No payment has this reference.
    UnknownReference,
}

impl Outcome {
    /// Storage / wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Paid => "paid",
            Outcome::Review => "review",
            Outcome::UnknownReference => "unknown_reference",
        }
    }

    /// From the storage name.
    pub fn parse(s: &str) -> Option<Self> {
        [Outcome::Paid, Outcome::Review, Outcome::UnknownReference]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// The body of a provider notification (`POST /payments/webhook/{provider}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// The provider's transaction id (idempotency key per provider).
    pub txn_id: String,
    /// The reference from the transfer message (may carry the bank's extra text around it).
    pub reference: String,
    /// Amount received in VND.
    pub amount_vnd: i64,
    /// When the money arrived (RFC 3339).
    pub paid_at: chrono::DateTime<chrono::Utc>,
}

/// The dynamic VietQR payload of a payment: its account, amount and reference (field 62/08).
pub fn vietqr_payload(p: &payment::Model) -> Result<String, shared::VietQrError> {
    shared::VietQr {
        bin: p.bank_bin.clone(),
        account: p.bank_account.clone(),
        service: shared::Service::ToAccount,
        amount_vnd: Some(u64::try_from(p.amount_vnd).map_err(|_| shared::VietQrError::BadAmount)?),
        reference: Some(p.reference.clone()),
    }
    .encode()
}

/// Prefix of every payment reference ("hồ sơ").
pub const REFERENCE_PREFIX: &str = "HS";
/// Random characters after the prefix (base32: 50 bits).
pub const REFERENCE_RANDOM_LEN: usize = 10;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new payment reference: `HS` and ten random RFC 4648 base32 characters. ASCII letters
/// and digits only, because banks strip or mangle anything else in a transfer message.
pub fn new_reference() -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(REFERENCE_PREFIX.len() + REFERENCE_RANDOM_LEN);
    out.push_str(REFERENCE_PREFIX);
    for _ in 0..REFERENCE_RANDOM_LEN {
        let i = rng.random_range(0..BASE32.len());
        out.push(char::from(BASE32.get(i).copied().unwrap_or(b'A')));
    }
    out
}

fn is_reference(token: &str) -> bool {
    token.len() == REFERENCE_PREFIX.len() + REFERENCE_RANDOM_LEN
        && token.starts_with(REFERENCE_PREFIX)
        && token
            .bytes()
            .skip(REFERENCE_PREFIX.len())
            .all(|b| BASE32.contains(&b))
}

/// Finds our reference in what a provider reports: the exact reference, in any case, or a
/// transfer message in which banks put it among their own words and punctuation
/// ("MBVCB.123.hs7kq2m4xpab.CT tu …"). Otherwise a text that looks like a reference (one
/// token of at most 25 ASCII letters and digits) is kept upper-cased, so an unknown reference
/// is recorded as received; free text (which may name the payer) is not kept at all.
pub fn normalise_reference(text: &str) -> String {
    let upper = text.trim().to_ascii_uppercase();
    if let Some(token) = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|t| is_reference(t))
    {
        return token.to_string();
    }
    let reference_like = (1..=shared::vietqr::MAX_REFERENCE_LEN).contains(&upper.len())
        && upper.bytes().all(|b| b.is_ascii_alphanumeric());
    if reference_like { upper } else { String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_ascii_and_fit_vietqr() {
        for _ in 0..200 {
            let r = new_reference();
            assert_eq!(r.len(), 12);
            assert!(r.len() <= shared::vietqr::MAX_REFERENCE_LEN);
            assert!(r.bytes().all(|b| b.is_ascii_alphanumeric()));
            assert!(is_reference(&r), "{r}");
        }
    }

    #[test]
    fn references_are_found_inside_bank_transfer_messages() {
        assert_eq!(normalise_reference("HS7KQ2M4XPAB"), "HS7KQ2M4XPAB");
        assert_eq!(normalise_reference(" hs7kq2m4xpab "), "HS7KQ2M4XPAB");
        assert_eq!(
            normalise_reference("MBVCB.3344.hs7kq2m4xpab.CT tu 0123 toi 4567"),
            "HS7KQ2M4XPAB"
        );
        // Free text may name the payer: it is not kept.
        assert_eq!(normalise_reference("NGUYEN VAN A chuyen tien"), "");
        // 0, 1, 8 and 9 are not base32 characters: not one of ours.
        assert_eq!(normalise_reference("HS0000000000"), "HS0000000000");
        assert!(!is_reference("HS0000000000"));
    }

    #[test]
    fn pending_payments_read_as_expired_after_their_deadline() {
        let now = chrono::Utc::now();
        let p = payment::Model {
            tenant_id: 1,
            id: uuid::Uuid::now_v7(),
            dossier_id: uuid::Uuid::now_v7(),
            reference: new_reference(),
            amount_vnd: 10_000,
            status: "PENDING".into(),
            bank_bin: "970415".into(),
            bank_account: "1".into(),
            account_name: "X".into(),
            provider: None,
            provider_txn_id: None,
            created_by: None,
            created_at: now,
            expires_at: now + chrono::Duration::hours(1),
            paid_at: None,
        };
        assert_eq!(PaymentStatus::of(&p, now), Some(PaymentStatus::Pending));
        assert_eq!(
            PaymentStatus::of(&p, now + chrono::Duration::hours(2)),
            Some(PaymentStatus::Expired)
        );
    }
}
