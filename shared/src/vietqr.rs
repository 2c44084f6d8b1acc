//! VietQR bank-transfer payloads (NAPAS, EMVCo merchant-presented; DOMAIN §7.3): building
//! the string a payment QR encodes, and reading one back with its CRC checked.

use serde::{Deserialize, Serialize};

/// NAPAS's application identifier in field 38, sub-field 00.
pub const NAPAS_GUID: &str = "A000000727";

/// Longest payment reference we put in field 62 sub-field 08.
pub const MAX_REFERENCE_LEN: usize = 25;

/// Longest beneficiary account or card number NAPAS allows.
pub const MAX_ACCOUNT_LEN: usize = 19;

/// Largest amount field 54 can carry (13 characters).
pub const MAX_AMOUNT_VND: u64 = 9_999_999_999_999;

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR.
/// The CRC of `123456789` is `0x29B1`.
pub fn crc16_ccitt_false(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in bytes {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Where the money goes: a bank account or a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Service {
    /// Transfer to an account (`QRIBFTTA`).
    ToAccount,
    /// Transfer to a card (`QRIBFTTC`).
    ToCard,
}

impl Service {
    /// The NAPAS service code in field 38 sub-field 02.
    pub const fn code(self) -> &'static str {
        match self {
            Service::ToAccount => "QRIBFTTA",
            Service::ToCard => "QRIBFTTC",
        }
    }
}

/// The content of a VietQR bank-transfer code.
///
/// Without an amount it is a static, reusable code (point of initiation `11`); with one it
/// is a dynamic code for one payment (`12`). The reference is the transfer message the
/// payee's bank shows, our reconciliation key: keep it ASCII letters and digits, not the raw
/// dossier code, because banks mangle dots, dashes and diacritics.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VietQr {
    /// The beneficiary bank's 6-digit NAPAS BIN, e.g. `970415`.
    pub bin: String,
    /// Account or card number, 1–19 ASCII letters or digits.
    pub account: String,
    /// Account or card transfer.
    pub service: Service,
    /// Amount in VND, for a dynamic code.
    pub amount_vnd: Option<u64>,
    /// Transfer message (field 62 sub-field 08).
    pub reference: Option<String>,
}

/// Why a VietQR payload could not be built or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VietQrError {
    /// The BIN is not six digits.
    #[error("the bank BIN must be exactly 6 digits")]
    BadBin,
    /// The account is empty, too long or has a character other than an ASCII letter or digit.
    #[error("the account or card number must be 1-19 ASCII letters or digits")]
    BadAccount,
    /// An amount of 0, or more than field 54 can hold.
    #[error("the amount must be between 1 and 9,999,999,999,999 VND")]
    BadAmount,
    /// The reference is empty, longer than 25 or not ASCII letters and digits.
    #[error("the payment reference must be 1-25 ASCII letters or digits")]
    BadReference,
    /// A field header is not a two-digit id followed by a two-digit length.
    #[error("malformed field header at byte {at}")]
    Malformed {
        /// Byte offset of the header within the (sub-)payload.
        at: usize,
    },
    /// A field's declared length runs past the end of its container.
    #[error("field {field} is shorter than its declared length")]
    Truncated {
        /// The field, e.g. `38.01`.
        field: String,
    },
    /// The same field appears twice.
    #[error("field {field} appears more than once")]
    DuplicateField {
        /// The field, e.g. `54`.
        field: String,
    },
    /// A mandatory field is absent.
    #[error("mandatory field {field} is missing")]
    MissingField {
        /// The field, e.g. `38.01.00`.
        field: String,
    },
    /// A field holds a value this payload type does not allow.
    #[error("field {field} has an unexpected value")]
    UnexpectedValue {
        /// The field, e.g. `53`.
        field: String,
    },
    /// The CRC field (63) is not the last field or is not 4 uppercase hex digits.
    #[error("the CRC must be the last field, 4 uppercase hex digits")]
    BadCrcField,
    /// The CRC does not match the payload.
    #[error("CRC mismatch: payload says {found:04X}, content gives {computed:04X}")]
    CrcMismatch {
        /// The CRC written in the payload.
        found: u16,
        /// The CRC of the content.
        computed: u16,
    },
    /// A static code (`11`) carries an amount.
    #[error("a static code (point of initiation 11) must not carry an amount")]
    StaticWithAmount,
}

fn check_bin(bin: &str) -> Result<(), VietQrError> {
    if bin.len() == 6 && bin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(VietQrError::BadBin)
    }
}

fn check_account(account: &str) -> Result<(), VietQrError> {
    if (1..=MAX_ACCOUNT_LEN).contains(&account.len())
        && account.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        Ok(())
    } else {
        Err(VietQrError::BadAccount)
    }
}

fn check_amount(amount: u64) -> Result<(), VietQrError> {
    if (1..=MAX_AMOUNT_VND).contains(&amount) {
        Ok(())
    } else {
        Err(VietQrError::BadAmount)
    }
}

/// Appends one TLV field. Callers only pass values already checked to be under 100 chars.
fn push_field(out: &mut String, id: &str, value: &str) {
    out.push_str(id);
    out.push_str(&format!("{:02}", value.chars().count()));
    out.push_str(value);
}

impl VietQr {
    /// Whether this is a dynamic (one-payment, with amount) code.
    pub fn is_dynamic(&self) -> bool {
        self.amount_vnd.is_some()
    }

    /// The payload string to put in a QR code, ending with its CRC.
    pub fn encode(&self) -> Result<String, VietQrError> {
        check_bin(&self.bin)?;
        check_account(&self.account)?;
        if let Some(amount) = self.amount_vnd {
            check_amount(amount)?;
        }
        if let Some(reference) = &self.reference
            && !((1..=MAX_REFERENCE_LEN).contains(&reference.len())
                && reference.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(VietQrError::BadReference);
        }

        let mut beneficiary = String::new();
        push_field(&mut beneficiary, "00", &self.bin);
        push_field(&mut beneficiary, "01", &self.account);
        let mut merchant = String::new();
        push_field(&mut merchant, "00", NAPAS_GUID);
        push_field(&mut merchant, "01", &beneficiary);
        push_field(&mut merchant, "02", self.service.code());

        let mut out = String::with_capacity(128);
        push_field(&mut out, "00", "01");
        push_field(&mut out, "01", if self.is_dynamic() { "12" } else { "11" });
        push_field(&mut out, "38", &merchant);
        push_field(&mut out, "53", "704");
        if let Some(amount) = self.amount_vnd {
            push_field(&mut out, "54", &amount.to_string());
        }
        push_field(&mut out, "58", "VN");
        if let Some(reference) = &self.reference {
            let mut additional = String::new();
            push_field(&mut additional, "08", reference);
            push_field(&mut out, "62", &additional);
        }
        out.push_str("6304");
        let crc = crc16_ccitt_false(out.as_bytes());
        out.push_str(&format!("{crc:04X}"));
        Ok(out)
    }

    /// Reads a VietQR bank-transfer payload: checks the TLV structure, the CRC (field 63,
    /// last), the NAPAS fields, currency 704 and country VN.
    ///
    /// Lenient where real codes vary: fields 52, 59, 60 and other unknown fields are
    /// ignored, field 01 may be missing, a dynamic code may omit its amount, and the
    /// reference may be any text. Never panics, whatever the input.
    pub fn parse(s: &str) -> Result<VietQr, VietQrError> {
        let fields = split_fields(s, "")?;
        let Some((crc_field, content)) = fields.split_last() else {
            return Err(VietQrError::MissingField { field: "63".into() });
        };
        if crc_field.id != "63" {
            return Err(if content.iter().any(|f| f.id == "63") {
                VietQrError::BadCrcField
            } else {
                VietQrError::MissingField { field: "63".into() }
            });
        }
        let found = parse_crc(crc_field.value)?;
        let covered = s
            .get(..crc_field.offset + 4)
            .ok_or(VietQrError::BadCrcField)?;
        let computed = crc16_ccitt_false(covered.as_bytes());
        if found != computed {
            return Err(VietQrError::CrcMismatch { found, computed });
        }
        reject_duplicates(content, "")?;

        match content.first() {
            Some(first) if first.id == "00" && first.value == "01" => {}
            Some(first) if first.id == "00" => {
                return Err(VietQrError::UnexpectedValue { field: "00".into() });
            }
            _ => return Err(VietQrError::MissingField { field: "00".into() }),
        }
        let initiation = find(content, "01");
        if initiation.is_some_and(|v| v != "11" && v != "12") {
            return Err(VietQrError::UnexpectedValue { field: "01".into() });
        }
        expect_value(content, "53", "704", "")?;
        expect_value(content, "58", "VN", "")?;

        let merchant = require(content, "38", "")?;
        let merchant_fields = split_fields(merchant, "38.")?;
        reject_duplicates(&merchant_fields, "38.")?;
        expect_value(&merchant_fields, "00", NAPAS_GUID, "38.")?;
        let service = match require(&merchant_fields, "02", "38.")? {
            "QRIBFTTA" => Service::ToAccount,
            "QRIBFTTC" => Service::ToCard,
            _ => {
                return Err(VietQrError::UnexpectedValue {
                    field: "38.02".into(),
                });
            }
        };
        let beneficiary = require(&merchant_fields, "01", "38.")?;
        let beneficiary_fields = split_fields(beneficiary, "38.01.")?;
        reject_duplicates(&beneficiary_fields, "38.01.")?;
        let bin = require(&beneficiary_fields, "00", "38.01.")?;
        check_bin(bin)?;
        let account = require(&beneficiary_fields, "01", "38.01.")?;
        check_account(account)?;

        let amount_vnd = match find(content, "54") {
            None => None,
            Some(text) => {
                let amount = (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| text.parse::<u64>().ok())
                    .flatten()
                    .ok_or(VietQrError::BadAmount)?;
                check_amount(amount)?;
                Some(amount)
            }
        };
        if initiation == Some("11") && amount_vnd.is_some() {
            return Err(VietQrError::StaticWithAmount);
        }

        let reference = match find(content, "62") {
            None => None,
            Some(additional) => {
                let sub = split_fields(additional, "62.")?;
                reject_duplicates(&sub, "62.")?;
                find(&sub, "08")
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
            }
        };

        Ok(VietQr {
            bin: bin.to_owned(),
            account: account.to_owned(),
            service,
            amount_vnd,
            reference,
        })
    }
}

/// One TLV field of a (sub-)payload.
struct Field<'a> {
    id: &'a str,
    value: &'a str,
    /// Byte offset of the field's header in its container.
    offset: usize,
}

/// Splits a payload into TLV fields; lengths count characters, as the spec says.
fn split_fields<'a>(s: &'a str, path: &str) -> Result<Vec<Field<'a>>, VietQrError> {
    let mut fields = Vec::new();
    let mut offset = 0;
    while offset < s.len() {
        let malformed = VietQrError::Malformed { at: offset };
        let header = s.get(offset..offset + 4).ok_or_else(|| malformed.clone())?;
        if !header.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed);
        }
        let (id, len) = header.split_at(2);
        let len: usize = len.parse().map_err(|_| malformed)?;
        let body_start = offset + 4;
        let body = s.get(body_start..).unwrap_or_default();
        let mut value_len = 0;
        let mut chars = 0;
        for c in body.chars().take(len) {
            value_len += c.len_utf8();
            chars += 1;
        }
        if chars < len {
            return Err(VietQrError::Truncated {
                field: format!("{path}{id}"),
            });
        }
        let value = body.get(..value_len).unwrap_or_default();
        fields.push(Field { id, value, offset });
        offset = body_start + value_len;
    }
    Ok(fields)
}

fn parse_crc(value: &str) -> Result<u16, VietQrError> {
    if value.len() == 4
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    {
        u16::from_str_radix(value, 16).map_err(|_| VietQrError::BadCrcField)
    } else {
        Err(VietQrError::BadCrcField)
    }
}

fn reject_duplicates(fields: &[Field<'_>], path: &str) -> Result<(), VietQrError> {
    for (i, field) in fields.iter().enumerate() {
        if fields.iter().skip(i + 1).any(|other| other.id == field.id) {
            return Err(VietQrError::DuplicateField {
                field: format!("{path}{}", field.id),
            });
        }
    }
    Ok(())
}

fn find<'a>(fields: &[Field<'a>], id: &str) -> Option<&'a str> {
    fields.iter().find(|f| f.id == id).map(|f| f.value)
}

fn require<'a>(fields: &[Field<'a>], id: &str, path: &str) -> Result<&'a str, VietQrError> {
    find(fields, id).ok_or_else(|| VietQrError::MissingField {
        field: format!("{path}{id}"),
    })
}

fn expect_value(
    fields: &[Field<'_>],
    id: &str,
    expected: &str,
    path: &str,
) -> Result<(), VietQrError> {
    if require(fields, id, path)? == expected {
        Ok(())
    } else {
        Err(VietQrError::UnexpectedValue {
            field: format!("{path}{id}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// NAPAS static-to-account vector as published, without its CRC value.
    const NAPAS_STATIC_ACCOUNT: &str = "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304";
    /// The worked dynamic example of DOMAIN §7.3.
    const DYNAMIC_EXAMPLE: &str = "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA53037045405300005802VN62160812HS26010500076304A26C";

    fn qr(
        bin: &str,
        account: &str,
        service: Service,
        amount: Option<u64>,
        reference: Option<&str>,
    ) -> VietQr {
        VietQr {
            bin: bin.into(),
            account: account.into(),
            service,
            amount_vnd: amount,
            reference: reference.map(Into::into),
        }
    }

    #[test]
    fn crc_of_the_check_string_is_29b1() {
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
    }

    #[test]
    fn napas_static_to_account_vector_has_crc_f4e5() {
        assert_eq!(crc16_ccitt_false(NAPAS_STATIC_ACCOUNT.as_bytes()), 0xF4E5);
    }

    #[test]
    fn the_published_static_account_vector_is_rejected_for_its_inner_length() {
        // The published vector declares the account (38.01.01) as 12 characters but carries
        // 13 ("0011012345678"); its CRC F4E5 is right for the text, the TLV is not.
        let published = format!("{NAPAS_STATIC_ACCOUNT}F4E5");
        assert!(matches!(
            VietQr::parse(&published),
            Err(VietQrError::Malformed { .. })
        ));
        // Encoding that account ourselves gives the consistent form, length 13, CRC 9E6F.
        let fixed = qr("970403", "0011012345678", Service::ToAccount, None, None)
            .encode()
            .unwrap();
        assert_eq!(
            fixed,
            "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F"
        );
        assert_eq!(VietQr::parse(&fixed).unwrap().account, "0011012345678");
    }

    #[test]
    fn napas_static_to_card_vector_encodes_with_crc_4f52() {
        let card = qr("970403", "9704031101234567", Service::ToCard, None, None);
        let encoded = card.encode().unwrap();
        assert_eq!(
            encoded,
            "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"
        );
        assert!(encoded.ends_with("QRIBFTTC53037045802VN63044F52"));
        assert_eq!(VietQr::parse(&encoded), Ok(card));
    }

    #[test]
    fn the_worked_dynamic_example_encodes_byte_for_byte_and_parses_back() {
        let payment = qr(
            "970415",
            "113366668888",
            Service::ToAccount,
            Some(30_000),
            Some("HS2601050007"),
        );
        assert_eq!(payment.encode().unwrap(), DYNAMIC_EXAMPLE);
        assert_eq!(VietQr::parse(DYNAMIC_EXAMPLE), Ok(payment));
    }

    #[test]
    fn every_single_character_change_is_rejected() {
        for (i, original) in DYNAMIC_EXAMPLE.char_indices() {
            let replacement = if original == '7' { '8' } else { '7' };
            let mut mutated = DYNAMIC_EXAMPLE.to_owned();
            mutated.replace_range(i..i + 1, &replacement.to_string());
            assert!(
                VietQr::parse(&mutated).is_err(),
                "change at {i} accepted: {mutated}"
            );
        }
    }

    #[test]
    fn encode_rejects_what_banks_would_mangle() {
        let base = qr(
            "970415",
            "113366668888",
            Service::ToAccount,
            Some(30_000),
            None,
        );
        let with = |f: &dyn Fn(&mut VietQr)| {
            let mut q = base.clone();
            f(&mut q);
            q.encode()
        };
        assert_eq!(with(&|q| q.bin = "97041".into()), Err(VietQrError::BadBin));
        assert_eq!(
            with(&|q| q.account = "1133-6666".into()),
            Err(VietQrError::BadAccount)
        );
        assert_eq!(
            with(&|q| q.account = "1".repeat(20)),
            Err(VietQrError::BadAccount)
        );
        assert_eq!(
            with(&|q| q.amount_vnd = Some(0)),
            Err(VietQrError::BadAmount)
        );
        assert_eq!(
            with(&|q| q.amount_vnd = Some(MAX_AMOUNT_VND + 1)),
            Err(VietQrError::BadAmount)
        );
        for bad in [
            "",
            "HS-2601050007",
            "000.00.06.H56-260105-0007",
            "Hồsơ1",
            &"A".repeat(26),
        ] {
            assert_eq!(
                with(&|q| q.reference = Some(bad.into())),
                Err(VietQrError::BadReference),
                "{bad}"
            );
        }
        assert!(with(&|q| q.reference = Some("A".repeat(25))).is_ok());
    }

    #[test]
    fn parse_checks_crc_position_currency_and_static_amounts() {
        let static_code = qr("970415", "113366668888", Service::ToAccount, None, None)
            .encode()
            .unwrap();
        // A lowercase CRC is not accepted.
        let lower = format!(
            "{}{}",
            &static_code[..static_code.len() - 4],
            static_code[static_code.len() - 4..].to_lowercase()
        );
        if lower != static_code {
            assert_eq!(VietQr::parse(&lower), Err(VietQrError::BadCrcField));
        }
        // A field after the CRC.
        assert_eq!(
            VietQr::parse(&format!("{static_code}5802VN")),
            Err(VietQrError::BadCrcField)
        );
        assert!(VietQr::parse("").is_err());
        assert!(VietQr::parse("0002").is_err());

        // Rebuild payloads with a correct CRC to reach the later checks.
        let sign = |body: &str| {
            let with_tag = format!("{body}6304");
            format!("{with_tag}{:04X}", crc16_ccitt_false(with_tag.as_bytes()))
        };
        let merchant = "38560010A0000007270126000697041501121133666688880208QRIBFTTA";
        assert_eq!(
            VietQr::parse(&sign(&format!("000201010211{merchant}5303704"))).unwrap_err(),
            VietQrError::MissingField { field: "58".into() }
        );
        assert_eq!(
            VietQr::parse(&sign(&format!("000201010211{merchant}53038405802VN"))),
            Err(VietQrError::UnexpectedValue { field: "53".into() })
        );
        assert_eq!(
            VietQr::parse(&sign(&format!(
                "000201010211{merchant}53037045405100005802VN"
            ))),
            Err(VietQrError::StaticWithAmount)
        );
        assert_eq!(
            VietQr::parse(&sign(&format!("000201010212{merchant}53037045802VN5802VN"))),
            Err(VietQrError::DuplicateField { field: "58".into() })
        );
        // Extra EMVCo fields and other field-62 sub-fields are tolerated.
        let lenient = VietQr::parse(&sign(&format!(
            "000201010212{merchant}5303704540410005802VN5907UBND XA6009DONG THAP62200107NPS68690805HS001"
        )))
        .unwrap();
        assert_eq!(lenient.amount_vnd, Some(1000));
        assert_eq!(lenient.reference.as_deref(), Some("HS001"));
    }

    fn any_qr() -> impl Strategy<Value = VietQr> {
        (
            "[0-9]{6}",
            "[0-9A-Za-z]{1,19}",
            prop_oneof![Just(Service::ToAccount), Just(Service::ToCard)],
            proptest::option::of(1u64..=MAX_AMOUNT_VND),
            proptest::option::of("[0-9A-Za-z]{1,25}"),
        )
            .prop_map(|(bin, account, service, amount_vnd, reference)| VietQr {
                bin,
                account,
                service,
                amount_vnd,
                reference,
            })
    }

    proptest! {
        #[test]
        fn parse_inverts_encode(q in any_qr()) {
            let text = q.encode().unwrap();
            prop_assert_eq!(VietQr::parse(&text), Ok(q));
        }

        #[test]
        fn every_proper_prefix_of_a_payload_is_rejected(q in any_qr(), cut in 0usize..200) {
            let text = q.encode().unwrap();
            let cut = cut % text.len();
            prop_assert!(VietQr::parse(&text[..cut]).is_err());
        }

        #[test]
        fn parse_never_panics_on_arbitrary_text(s in "\\PC{0,160}") {
            // Anything accepted must be re-encodable unless its reference is foreign text.
            if let Ok(q) = VietQr::parse(&s) {
                prop_assert!(check_bin(&q.bin).is_ok() && check_account(&q.account).is_ok());
            }
        }

        #[test]
        fn parse_never_panics_on_tlv_like_text(s in "([0-9]{2}[0-9]{2}[0-9A-Zá]{0,12}){0,12}") {
            if let Ok(q) = VietQr::parse(&s) {
                prop_assert!(check_bin(&q.bin).is_ok() && check_account(&q.account).is_ok());
            }
        }
    }
}
