//! GraphQL: `payment`, `createPayment`, `simulatePayment`, `paymentReviews`,
//! `resolvePaymentReview`.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use super::model::{PaymentStatus, ReviewReason, vietqr_payload};
use super::service::{self, PaymentView, ReviewView};
use crate::error::ApiError;
use crate::graphql::connection::{Page, decode_keyset, encode_keyset, page_from_rows, page_size};
use crate::graphql::{caller, state};

/// A payment request of a dossier's fee, as its owner and the unit's staff see it.
pub struct Payment(pub PaymentView);

impl Payment {
    fn effective_status(&self) -> Option<PaymentStatus> {
        PaymentStatus::of(&self.0.payment, Utc::now())
    }

    fn payable_payload(&self) -> Result<Option<String>> {
        if self.effective_status() != Some(PaymentStatus::Pending) {
            return Ok(None);
        }
        vietqr_payload(&self.0.payment)
            .map(Some)
            .map_err(|e| ApiError::internal("VietQR payload", e).into())
    }
}

/// The SVG image of a QR code for `payload` (error correction M, quiet zone included).
fn qr_svg(payload: &str) -> Result<String, ApiError> {
    let code = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| ApiError::internal("QR code", anyhow::anyhow!("{e:?}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// A request to pay a dossier's fee by bank transfer (VietQR) or through a payment provider.
#[Object]
impl Payment {
    /// Code of the dossier being paid for.
    async fn dossier_code(&self) -> &str {
        &self.0.dossier_code
    }
    /// Payment reference: the transfer message that identifies the dossier (ASCII letters
    /// and digits, e.g. `HS7KQ2M4XPAB`). Type it as the message when transferring by hand.
    async fn reference(&self) -> &str {
        &self.0.payment.reference
    }
    /// Amount to pay, in VND.
    async fn amount_vnd(&self) -> i64 {
        self.0.payment.amount_vnd
    }
    /// Where the payment stands; a pending request past `expiresAt` reads `EXPIRED`.
    async fn status(&self) -> Result<PaymentStatus> {
        self.effective_status().ok_or_else(|| {
            ApiError::internal("stored payment status", anyhow::anyhow!("unknown status")).into()
        })
    }
    /// Until when the QR code may be paid (RFC 3339); ask for a new request after it.
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.payment.expires_at
    }
    /// When the money arrived, as the provider reported it; null until paid.
    async fn paid_at(&self) -> Option<DateTime<Utc>> {
        self.0.payment.paid_at
    }
    /// The provider that reported the payment (`dev` for simulated payments); null until paid.
    async fn provider(&self) -> Option<&str> {
        self.0.payment.provider.as_deref()
    }
    /// The dynamic VietQR payload (NAPAS/EMVCo, with the amount and, in field 62/08, the
    /// reference) while the request is payable; null once paid, expired or cancelled.
    async fn qr_payload(&self) -> Result<Option<String>> {
        self.payable_payload()
    }
    /// The same QR code as an SVG image, drawn by the server; null when not payable.
    async fn qr_svg(&self) -> Result<Option<String>> {
        match self.payable_payload()? {
            Some(payload) => Ok(Some(qr_svg(&payload)?)),
            None => Ok(None),
        }
    }
    /// NAPAS BIN of the beneficiary bank (6 digits).
    async fn bank_bin(&self) -> &str {
        &self.0.payment.bank_bin
    }
    /// The unit's collecting account number.
    async fn bank_account(&self) -> &str {
        &self.0.payment.bank_account
    }
    /// The account holder's name as the bank shows it.
    async fn account_name(&self) -> &str {
        &self.0.payment.account_name
    }
}

/// A provider notification that did not settle its payment automatically.
pub struct PaymentReview(pub ReviewView);

/// A payment notification waiting for (or resolved by) a leader or administrator: the
/// amount differed, the dossier was already paid, or the request was closed.
#[Object]
impl PaymentReview {
    /// Id (pass it to `resolvePaymentReview`).
    async fn id(&self) -> ID {
        ID(self.0.review.id.to_string())
    }
    /// Code of the unit the payment belongs to.
    async fn tenant_code(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(state(ctx)?
            .tenants
            .by_id(self.0.review.tenant_id)
            .map(|t| t.code.clone())
            .unwrap_or_default())
    }
    /// Code of the dossier.
    async fn dossier_code(&self) -> &str {
        &self.0.dossier_code
    }
    /// Payment reference.
    async fn reference(&self) -> &str {
        &self.0.review.reference
    }
    /// Why it needs a person.
    async fn reason(&self) -> Option<ReviewReason> {
        ReviewReason::parse(&self.0.review.reason)
    }
    /// Amount the payment request asked for, in VND.
    async fn expected_vnd(&self) -> i64 {
        self.0.review.expected_vnd
    }
    /// Amount the provider reported, in VND.
    async fn received_vnd(&self) -> i64 {
        self.0.review.received_vnd
    }
    /// Provider that reported it.
    async fn provider(&self) -> &str {
        &self.0.review.provider
    }
    /// The provider's transaction id (for its statement and any refund).
    async fn provider_txn_id(&self) -> &str {
        &self.0.review.provider_txn_id
    }
    /// When the provider says the money arrived.
    async fn paid_at(&self) -> DateTime<Utc> {
        self.0.review.paid_at
    }
    /// When it was queued.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.review.created_at
    }
    /// When it was resolved; null while open.
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.review.resolved_at
    }
    /// Whether the money was accepted as settling the payment; null while open.
    async fn accepted(&self) -> Option<bool> {
        self.0.review.accepted
    }
    /// What the resolver did (refund, waiver, …); empty while open.
    async fn note(&self) -> &str {
        &self.0.review.note
    }
}

/// Payment queries.
#[derive(Default)]
pub struct PaymentQuery;

#[Object]
impl PaymentQuery {
    /// The newest payment request of a dossier; null when there is none or the caller may not
    /// see the dossier (its owner and the unit's staff may).
    async fn payment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Dossier code.", validator(max_length = 64))] dossier_code: String,
    ) -> Result<Option<Payment>> {
        Ok(
            service::latest_payment(state(ctx)?, caller(ctx)?, &dossier_code)
                .await?
                .map(Payment),
        )
    }

    /// Payment notifications that need a person, newest first, for leaders, unit
    /// administrators and province administrators of the caller's units.
    async fn payment_reviews(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Narrow to this unit and the units below it.",
            validator(max_length = 64)
        )]
        tenant_code: Option<String>,
        #[graphql(desc = "true: only open reviews; false: only resolved ones; null: all.")]
        open: Option<bool>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`endCursor` of the previous page.")] after: Option<String>,
    ) -> Result<Page<PaymentReview>> {
        let limit = page_size(first)?;
        let after = after
            .as_deref()
            .map(|c| decode_keyset("reviews", c))
            .transpose()?;
        let (rows, total) = service::reviews(
            state(ctx)?,
            caller(ctx)?,
            tenant_code.as_deref(),
            open,
            after,
            limit + 1,
        )
        .await?;
        Ok(page_from_rows(
            rows,
            limit,
            after.is_some(),
            total,
            |r| encode_keyset("reviews", r.review.created_at, r.review.id),
            PaymentReview,
        ))
    }
}

/// Payment mutations.
#[derive(Default)]
pub struct PaymentMutation;

#[Object]
impl PaymentMutation {
    /// Returns the dossier's payable request with its VietQR code, creating one when needed
    /// (idempotent while it is pending). For the dossier's owner and the unit's staff; the
    /// dossier must have a fee and not be paid yet.
    async fn create_payment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Dossier code.", validator(max_length = 64))] dossier_code: String,
    ) -> Result<Payment> {
        Ok(Payment(
            service::create_payment(state(ctx)?, caller(ctx)?, &dossier_code).await?,
        ))
    }

    /// Demo only: pays the dossier's request through the `dev` provider, as a signed webhook
    /// notification would (when the server runs with `MOTCUA_DEV_PAYMENTS`). Returns the
    /// payment, now `PAID`.
    async fn simulate_payment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Dossier code.", validator(max_length = 64))] dossier_code: String,
    ) -> Result<Payment> {
        Ok(Payment(
            service::simulate_payment(state(ctx)?, caller(ctx)?, &dossier_code).await?,
        ))
    }

    /// Resolves a payment review: `accept: true` settles the payment with the reviewed
    /// transaction (when the dossier is not paid yet); `false` leaves it unpaid. The note
    /// records what was done (refund, waiver, …).
    async fn resolve_payment_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The review's id.")] id: ID,
        #[graphql(
            desc = "What was done, 1 to 1000 characters.",
            validator(max_length = 4000)
        )]
        note: String,
        #[graphql(desc = "Whether the money settles the payment.")] accept: bool,
    ) -> Result<PaymentReview> {
        let id = service::parse_review_id(&id)?;
        Ok(PaymentReview(
            service::resolve_review(state(ctx)?, caller(ctx)?, id, &note, accept).await?,
        ))
    }
}
