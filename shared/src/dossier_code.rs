//! Dossier codes `{tenantCode}-{YYMMDD}-{NNNN}` (CONTRACT "Dossier codes", DOMAIN §4.6).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::tenant::{TenantCode, TenantCodeError};
use crate::time::vn_date;

/// A dossier code such as `H56.23-230105-0001`: the receiving tenant, the date the dossier
/// first entered it (Asia/Ho_Chi_Minh) and that tenant's counter for the day.
///
/// Fields are private so every value satisfies the rules checked by [`DossierCode::new`]:
/// the year is 2000–2099 (it is printed with two digits) and the counter is 1–9999.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DossierCode {
    tenant: TenantCode,
    date: NaiveDate,
    seq: u16,
}

/// Why a dossier code could not be parsed or built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DossierCodeError {
    /// Not three parts separated by `-`.
    #[error("a dossier code has three parts separated by '-': TENANT-YYMMDD-NNNN")]
    WrongShape,
    /// The first part is not a valid tenant code.
    #[error("the tenant part of the dossier code is invalid: {0}")]
    Tenant(#[from] TenantCodeError),
    /// The date part is not six digits.
    #[error("the date part of a dossier code must be six digits YYMMDD")]
    DateNotSixDigits,
    /// Six digits, but no such day (e.g. `260230`).
    #[error("the date part of the dossier code is not a real date")]
    NoSuchDate,
    /// The date is outside 2000-01-01..=2099-12-31, which two year digits cannot show.
    #[error("a dossier code date must be in the years 2000 to 2099")]
    DateOutOfRange,
    /// The counter part is not exactly four digits.
    #[error("the counter part of a dossier code must be exactly four digits")]
    SeqNotFourDigits,
    /// The counter is 0 or above 9999.
    #[error("the counter of a dossier code runs from 0001 to 9999")]
    SeqOutOfRange,
}

impl DossierCode {
    /// Highest daily counter value four digits can show.
    pub const MAX_SEQ: u16 = 9999;
    /// Counter value from which operators should be warned that a tenant nears the daily cap.
    pub const SEQ_ALERT_THRESHOLD: u16 = 9000;

    /// Builds a code, checking the year (2000–2099) and the counter (1–9999).
    pub fn new(tenant: TenantCode, date: NaiveDate, seq: u16) -> Result<Self, DossierCodeError> {
        if !(2000..=2099).contains(&date.year()) {
            return Err(DossierCodeError::DateOutOfRange);
        }
        if !(1..=Self::MAX_SEQ).contains(&seq) {
            return Err(DossierCodeError::SeqOutOfRange);
        }
        Ok(DossierCode { tenant, date, seq })
    }

    /// Builds the code for a dossier that entered `tenant` at `instant`, using the
    /// Asia/Ho_Chi_Minh date of that instant.
    pub fn for_instant(
        tenant: TenantCode,
        instant: DateTime<Utc>,
        seq: u16,
    ) -> Result<Self, DossierCodeError> {
        DossierCode::new(tenant, vn_date(instant), seq)
    }

    /// Parses `TENANT-YYMMDD-NNNN` strictly: no surrounding spaces, lowercase or missing zeros.
    pub fn parse(s: &str) -> Result<Self, DossierCodeError> {
        let mut parts = s.split('-');
        let (Some(tenant), Some(date), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DossierCodeError::WrongShape);
        };
        let tenant = TenantCode::parse(tenant)?;

        let date_digits = digits::<6>(date).ok_or(DossierCodeError::DateNotSixDigits)?;
        let [y1, y2, m1, m2, d1, d2] = date_digits;
        let year = 2000 + i32::from(y1 * 10 + y2);
        let month = u32::from(m1 * 10 + m2);
        let day = u32::from(d1 * 10 + d2);
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DossierCodeError::NoSuchDate)?;

        let [s1, s2, s3, s4] = digits::<4>(seq).ok_or(DossierCodeError::SeqNotFourDigits)?;
        let seq = u16::from(s1) * 1000 + u16::from(s2) * 100 + u16::from(s3) * 10 + u16::from(s4);

        DossierCode::new(tenant, date, seq)
    }

    /// The receiving tenant.
    pub fn tenant(&self) -> &TenantCode {
        &self.tenant
    }

    /// The date the dossier first entered the tenant, in Asia/Ho_Chi_Minh.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The tenant's counter for that day, 1–9999.
    pub fn seq(&self) -> u16 {
        self.seq
    }
}

/// The values of exactly `N` ASCII digits, or `None`.
fn digits<const N: usize>(s: &str) -> Option<[u8; N]> {
    let bytes = s.as_bytes();
    if bytes.len() != N {
        return None;
    }
    let mut out = [0u8; N];
    for (slot, &b) in out.iter_mut().zip(bytes) {
        if !b.is_ascii_digit() {
            return None;
        }
        *slot = b - b'0';
    }
    Some(out)
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:02}{:02}{:02}-{:04}",
            self.tenant,
            self.date.year().rem_euclid(100),
            self.date.month(),
            self.date.day(),
            self.seq
        )
    }
}

impl FromStr for DossierCode {
    type Err = DossierCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DossierCode::parse(s)
    }
}

impl TryFrom<String> for DossierCode {
    type Error = DossierCodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        DossierCode::parse(&s)
    }
}

impl From<DossierCode> for String {
    fn from(code: DossierCode) -> String {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn tenant(s: &str) -> TenantCode {
        TenantCode::parse(s).unwrap()
    }

    #[test]
    fn the_contract_example_parses_into_its_parts() {
        let code = DossierCode::parse("H56.23-230105-0001").unwrap();
        assert_eq!(code.tenant().as_str(), "H56.23");
        assert_eq!(code.date(), NaiveDate::from_ymd_opt(2023, 1, 5).unwrap());
        assert_eq!(code.seq(), 1);
        assert_eq!(code.to_string(), "H56.23-230105-0001");
        let national = DossierCode::parse("000.00.06.H56-260105-0007").unwrap();
        assert_eq!(national.tenant().as_str(), "000.00.06.H56");
        assert_eq!(national.seq(), 7);
    }

    #[test]
    fn each_malformed_part_gets_its_own_error() {
        use DossierCodeError::*;
        let cases = [
            ("H56-230105", WrongShape),
            ("H56-23-0105-0001", WrongShape),
            (
                "h56-230105-0001",
                Tenant(TenantCodeError::InvalidChar { ch: 'h' }),
            ),
            ("-230105-0001", Tenant(TenantCodeError::Empty)),
            ("H56-23015-0001", DateNotSixDigits),
            ("H56-2301O5-0001", DateNotSixDigits),
            ("H56-260230-0001", NoSuchDate),
            ("H56-261305-0001", NoSuchDate),
            ("H56-230105-001", SeqNotFourDigits),
            ("H56-230105-00001", SeqNotFourDigits),
            ("H56-230105-+001", SeqNotFourDigits),
            ("H56-230105-0000", SeqOutOfRange),
            (
                " H56-230105-0001",
                Tenant(TenantCodeError::InvalidChar { ch: ' ' }),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(DossierCode::parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn new_rejects_dates_two_digits_cannot_show_and_counter_zero() {
        let d1999 = NaiveDate::from_ymd_opt(1999, 12, 31).unwrap();
        let d2100 = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
        let ok = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap();
        assert_eq!(
            DossierCode::new(tenant("DT"), d1999, 1),
            Err(DossierCodeError::DateOutOfRange)
        );
        assert_eq!(
            DossierCode::new(tenant("DT"), d2100, 1),
            Err(DossierCodeError::DateOutOfRange)
        );
        assert_eq!(
            DossierCode::new(tenant("DT"), ok, 0),
            Err(DossierCodeError::SeqOutOfRange)
        );
        assert_eq!(
            DossierCode::new(tenant("DT"), ok, 10000),
            Err(DossierCodeError::SeqOutOfRange)
        );
        assert_eq!(
            DossierCode::new(tenant("DT"), ok, 9999)
                .unwrap()
                .to_string(),
            "DT-991231-9999"
        );
    }

    #[test]
    fn the_code_date_is_the_vietnamese_date_of_the_instant() {
        // 18:30 UTC on 4 Jan is 01:30 on 5 Jan in Hồ Chí Minh City.
        let instant = Utc.with_ymd_and_hms(2026, 1, 4, 18, 30, 0).unwrap();
        let code = DossierCode::for_instant(tenant("DT"), instant, 12).unwrap();
        assert_eq!(code.to_string(), "DT-260105-0012");
    }

    #[test]
    fn serde_uses_the_printed_form() {
        let code = DossierCode::parse("DT-260105-0012").unwrap();
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, "\"DT-260105-0012\"");
        assert_eq!(serde_json::from_str::<DossierCode>(&json).unwrap(), code);
        assert!(serde_json::from_str::<DossierCode>("\"DT-260105-12\"").is_err());
    }

    fn any_code() -> impl Strategy<Value = DossierCode> {
        (
            "[A-Z0-9][A-Z0-9.]{0,31}",
            0i32..36525,
            1u16..=DossierCode::MAX_SEQ,
        )
            .prop_map(|(t, offset, seq)| {
                let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
                    + chrono::Days::new(u64::try_from(offset).unwrap());
                DossierCode::new(tenant(&t), date, seq).unwrap()
            })
    }

    proptest! {
        #[test]
        fn parse_after_format_is_the_identity(code in any_code()) {
            let text = code.to_string();
            prop_assert_eq!(DossierCode::parse(&text), Ok(code));
        }

        #[test]
        fn random_strings_never_panic_the_parser(s in "\\PC{0,48}") {
            // The parser is strict, so anything it accepts prints back unchanged.
            if let Ok(code) = DossierCode::parse(&s) {
                prop_assert_eq!(code.to_string(), s);
            }
        }

        #[test]
        fn near_miss_strings_never_panic_and_round_trip_when_accepted(
            s in "[A-Z0-9.a-z-]{0,12}-[0-9O]{5,7}-[0-9]{3,5}"
        ) {
            if let Ok(code) = DossierCode::parse(&s) {
                prop_assert_eq!(code.to_string(), s);
            }
        }
    }
}
