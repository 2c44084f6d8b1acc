//! Paying a dossier's fee by VietQR bank transfer, and the demo's simulated payment.

use super::json::{enumeration, instant, int, opt_object, opt_string, string};
use super::{ApiError, Json, graphql, obj};
use crate::format::Instant;

/// Where a payment request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentStatus {
    Pending,
    Paid,
    Expired,
    Cancelled,
    Refunded,
}

impl PaymentStatus {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "PENDING" => PaymentStatus::Pending,
            "PAID" => PaymentStatus::Paid,
            "EXPIRED" => PaymentStatus::Expired,
            "CANCELLED" => PaymentStatus::Cancelled,
            "REFUNDED" => PaymentStatus::Refunded,
            _ => return None,
        })
    }
}

/// A payment request with its QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub reference: String,
    pub amount_vnd: i64,
    pub status: PaymentStatus,
    pub expires_at: Instant,
    /// The QR code drawn by the server as SVG; `None` once not payable.
    pub qr_svg: Option<String>,
    pub bank_account: String,
    pub account_name: String,
}

impl Payment {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(Payment {
            reference: string(v, "reference")?,
            amount_vnd: int(v, "amountVnd")?,
            status: enumeration(v, "status", PaymentStatus::parse)?,
            expires_at: instant(v, "expiresAt")?,
            qr_svg: opt_string(v, "qrSvg"),
            bank_account: string(v, "bankAccount")?,
            account_name: string(v, "accountName")?,
        })
    }
}

const FIELDS: &str = "reference amountVnd status expiresAt qrSvg bankAccount accountName";

/// Runs a payment operation on one dossier and reads the payment at `field`.
async fn run(
    operation: &str,
    field: &str,
    dossier_code: &str,
) -> Result<Option<Payment>, ApiError> {
    let data = graphql(
        &format!("{operation}($c: String!) {{ {field}(dossierCode: $c) {{ {FIELDS} }} }}"),
        obj([("c", dossier_code.into())]),
    )
    .await?;
    opt_object(&data, field, Payment::from_json)
}

fn required(payment: Option<Payment>) -> Result<Payment, ApiError> {
    payment.ok_or_else(|| ApiError::BadResponse("no payment in the answer".into()))
}

/// The dossier's latest payment request, if there is one.
pub async fn latest(dossier_code: &str) -> Result<Option<Payment>, ApiError> {
    run("query Payment", "payment", dossier_code).await
}

/// The payable request, created when needed (the server returns the pending one if any).
pub async fn create(dossier_code: &str) -> Result<Payment, ApiError> {
    required(run("mutation CreatePayment", "createPayment", dossier_code).await?)
}

/// Demo servers only: pays through the `dev` provider (`FORBIDDEN` when turned off).
pub async fn simulate(dossier_code: &str) -> Result<Payment, ApiError> {
    required(run("mutation SimulatePayment", "simulatePayment", dossier_code).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_payment_is_read_with_its_qr_code() {
        let v = Json::parse(
            r#"{ "reference": "HS7KQ2M4XPAB", "amountVnd": 1000000,
            "status": "PENDING", "expiresAt": "2026-01-05T03:00:00Z", "qrSvg": "<svg/>",
            "bankAccount": "DEMO1", "accountName": "UBND (DEMO)" }"#,
        )
        .unwrap();
        let p = Payment::from_json(&v).unwrap();
        assert_eq!(p.status, PaymentStatus::Pending);
        assert_eq!(crate::format::vnd(p.amount_vnd), "1.000.000 ₫");
        assert_eq!(p.qr_svg.as_deref(), Some("<svg/>"));
    }
}
