//! Validated input values (email, phone, password, name, personal id, login) checked the
//! same way in the browser and on the server; the API maps every error here to
//! `BAD_USER_INPUT`.
//!
//! Each type can only be built through `parse`, so holding one proves the check ran.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::is_combining_mark;

/// A syntactically sane email address, trimmed and lowercased.
///
/// Deliberately simpler than RFC 5321: ASCII only (internationalised domains must be given in
/// punycode), one `@`, a dot-atom local part of at most 64 characters and a domain of at
/// least two labels. Whether the mailbox exists is for a confirmation email to find out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a string is not an [`Email`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was entered.
    #[error("the email address is empty")]
    Empty,
    /// Longer than 254 characters.
    #[error("an email address has at most 254 characters")]
    TooLong,
    /// Contains a character outside ASCII.
    #[error(
        "an email address may only contain ASCII characters (use punycode for accented domains)"
    )]
    NotAscii,
    /// No `@`, or more than one.
    #[error("an email address must contain exactly one '@'")]
    AtSign,
    /// The part before `@` is empty, too long, or has a bad character or dot.
    #[error(
        "the part before '@' is not valid (letters, digits and .!#$%&'*+/=?^_`{{|}}~- only, at most 64, no leading, trailing or double dots)"
    )]
    BadLocalPart,
    /// The part after `@` is not a domain name such as `example.vn`.
    #[error("the part after '@' is not a valid domain name such as example.vn")]
    BadDomain,
}

impl Email {
    /// Longest accepted address, in characters.
    pub const MAX_LEN: usize = 254;

    /// Trims, checks and lowercases an email address.
    pub fn parse(s: &str) -> Result<Self, EmailError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if !s.is_ascii() {
            return Err(EmailError::NotAscii);
        }
        if s.len() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let lower = s.to_ascii_lowercase();
        let mut parts = lower.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(EmailError::AtSign);
        };
        if !is_valid_local_part(local) {
            return Err(EmailError::BadLocalPart);
        }
        if !is_valid_domain(domain) {
            return Err(EmailError::BadDomain);
        }
        Ok(Email(lower))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || SPECIALS.contains(c))
}

fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()));
    domain.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

/// A Vietnamese mobile number, stored in international form `+84` followed by nine digits.
///
/// Accepts `0` + 9 digits or `+84` + 9 digits; spaces, dots and dashes between digits are
/// ignored. The digit after the leading `0` must be 3, 5, 7, 8 or 9 (mobile prefixes since
/// 2018); landlines (`02…`, eleven digits) are not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a string is not a [`PhoneNumber`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Nothing was entered.
    #[error("the phone number is empty")]
    Empty,
    /// Not `0` + 9 digits or `+84` + 9 digits.
    #[error("a phone number is 0 followed by 9 digits, or +84 followed by 9 digits")]
    BadFormat,
    /// Right length, but not a mobile prefix.
    #[error("a Vietnamese mobile number starts with 03, 05, 07, 08 or 09")]
    NotMobile,
}

impl PhoneNumber {
    /// Checks a Vietnamese mobile number and normalises it to `+84…`.
    pub fn parse(s: &str) -> Result<Self, PhoneError> {
        let compact: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        if compact.is_empty() {
            return Err(PhoneError::Empty);
        }
        let subscriber = compact
            .strip_prefix("+84")
            .or_else(|| compact.strip_prefix('0'))
            .ok_or(PhoneError::BadFormat)?;
        if subscriber.len() != 9 || !subscriber.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::BadFormat);
        }
        if !subscriber.starts_with(['3', '5', '7', '8', '9']) {
            return Err(PhoneError::NotMobile);
        }
        Ok(PhoneNumber(format!("+84{subscriber}")))
    }

    /// The international form, e.g. `+84901234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The domestic form people write, e.g. `0901234567`.
    pub fn national(&self) -> String {
        format!("0{}", self.0.get(3..).unwrap_or_default())
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        PhoneNumber::parse(&s)
    }
}

impl From<PhoneNumber> for String {
    fn from(phone: PhoneNumber) -> String {
        phone.0
    }
}

/// A password that meets the account rules: 8–128 characters with at least one letter and
/// one digit. Its `Debug` never shows the value, and it has no `Display` or serde on purpose.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

/// Which password rule failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than 8 characters.
    #[error("the password must have at least 8 characters")]
    TooShort,
    /// More than 128 characters.
    #[error("the password must have at most 128 characters")]
    TooLong,
    /// No letter.
    #[error("the password must contain at least one letter")]
    NoLetter,
    /// No digit 0–9.
    #[error("the password must contain at least one digit")]
    NoDigit,
}

impl Password {
    /// Fewest characters allowed.
    pub const MIN_LEN: usize = 8;
    /// Most characters allowed.
    pub const MAX_LEN: usize = 128;

    /// Checks the rules; the value is kept exactly as typed (no trimming).
    pub fn parse(s: &str) -> Result<Self, PasswordError> {
        let len = s.chars().count();
        if len < Self::MIN_LEN {
            return Err(PasswordError::TooShort);
        }
        if len > Self::MAX_LEN {
            return Err(PasswordError::TooLong);
        }
        if !s.chars().any(char::is_alphabetic) {
            return Err(PasswordError::NoLetter);
        }
        if !s.chars().any(|c| c.is_ascii_digit()) {
            return Err(PasswordError::NoDigit);
        }
        Ok(Password(s.to_owned()))
    }

    /// The password itself, for hashing. Named so that every use stands out in review.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A person's full name as written (e.g. "Nguyễn Thị Minh Khai"): trimmed, 1–100
/// characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// Why a string is not a [`PersonName`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    /// Empty or only whitespace.
    #[error("the name is empty")]
    Empty,
    /// More than 100 characters.
    #[error("a name has at most 100 characters")]
    TooLong,
    /// Contains a control character (tab, newline, …).
    #[error("a name must not contain control characters such as tabs or line breaks")]
    ControlChar,
}

impl PersonName {
    /// Most characters allowed.
    pub const MAX_LEN: usize = 100;

    /// Trims and checks a name.
    ///
    /// Length counts characters without combining marks: a Vietnamese name may arrive
    /// decomposed (NFD), where "ễ" is three code points, and must not count as longer
    /// than the same name typed precomposed.
    pub fn parse(s: &str) -> Result<Self, PersonNameError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if s.chars().any(char::is_control) {
            return Err(PersonNameError::ControlChar);
        }
        if s.chars().filter(|c| !is_combining_mark(*c)).count() > Self::MAX_LEN {
            return Err(PersonNameError::TooLong);
        }
        Ok(PersonName(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = PersonNameError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        PersonName::parse(&s)
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> String {
        name.0
    }
}

/// The 12-digit personal identification number (số định danh cá nhân, DOMAIN §8.3).
///
/// Personal data: `Debug` prints no digits, there is no `Display`, and error messages never
/// repeat the input. Use [`PersonalId::as_str`] where the full value is really needed and
/// [`PersonalId::masked`] for screens.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalId(String);

/// Why a string is not a [`PersonalId`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonalIdError {
    /// Not exactly twelve digits.
    #[error("a personal identification number is exactly 12 digits")]
    BadFormat,
}

impl PersonalId {
    /// Trims and checks that the value is exactly 12 ASCII digits.
    pub fn parse(s: &str) -> Result<Self, PersonalIdError> {
        let s = s.trim();
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(PersonalId(s.to_owned()))
        } else {
            Err(PersonalIdError::BadFormat)
        }
    }

    /// The full number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with all but the last three digits hidden, e.g. `*********789`.
    pub fn masked(&self) -> String {
        format!("*********{}", self.0.get(9..).unwrap_or_default())
    }
}

impl fmt::Debug for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalId(<redacted>)")
    }
}

impl TryFrom<String> for PersonalId {
    type Error = PersonalIdError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        PersonalId::parse(&s)
    }
}

impl From<PersonalId> for String {
    fn from(id: PersonalId) -> String {
        id.0
    }
}

/// What a person signs in with: an email address or a mobile number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LoginId {
    /// Signed in by email.
    Email(Email),
    /// Signed in by mobile number.
    Phone(PhoneNumber),
}

/// Why a string is not a [`LoginId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginIdError {
    /// Nothing was entered.
    #[error("enter an email address or a mobile number")]
    Empty,
    /// It contains `@` but is not a valid email address.
    #[error(transparent)]
    Email(#[from] EmailError),
    /// It has no `@` and is not a valid mobile number.
    #[error(transparent)]
    Phone(#[from] PhoneError),
}

impl LoginId {
    /// Decides by shape: anything with `@` is an email address, anything else a phone number.
    pub fn parse(s: &str) -> Result<Self, LoginIdError> {
        let s = s.trim();
        if s.is_empty() {
            Err(LoginIdError::Empty)
        } else if s.contains('@') {
            Ok(LoginId::Email(Email::parse(s)?))
        } else {
            Ok(LoginId::Phone(PhoneNumber::parse(s)?))
        }
    }
}

impl fmt::Display for LoginId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginId::Email(email) => email.fmt(f),
            LoginId::Phone(phone) => phone.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        let email = Email::parse("  Can.Bo+Mot_Cua@UBND.DongThap.gov.VN ").unwrap();
        assert_eq!(email.as_str(), "can.bo+mot_cua@ubnd.dongthap.gov.vn");
        assert_eq!(
            serde_json::to_string(&email).unwrap(),
            "\"can.bo+mot_cua@ubnd.dongthap.gov.vn\""
        );
    }

    #[test]
    fn malformed_emails_say_what_is_wrong() {
        use EmailError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("an.example.vn", AtSign),
            ("a@b@example.vn", AtSign),
            ("@example.vn", BadLocalPart),
            (".a@example.vn", BadLocalPart),
            ("a..b@example.vn", BadLocalPart),
            ("a b@example.vn", BadLocalPart),
            ("a@example", BadDomain),
            ("a@-example.vn", BadDomain),
            ("a@example..vn", BadDomain),
            ("a@example.v", BadDomain),
            ("a@1.2.3.4", BadDomain),
            ("nguyễn@example.vn", NotAscii),
        ];
        for (input, expected) in cases {
            assert_eq!(Email::parse(input), Err(expected), "input {input:?}");
        }
        let long_local = format!("{}@example.vn", "a".repeat(65));
        assert_eq!(Email::parse(&long_local), Err(BadLocalPart));
        let too_long = format!(
            "{}@{}.vn",
            "a".repeat(60),
            vec!["b".repeat(60); 4].join(".")
        );
        assert_eq!(Email::parse(&too_long), Err(TooLong));
        assert!(Email::parse("a@xn--t-2ga.vn").is_ok());
    }

    #[test]
    fn phone_numbers_normalise_to_plus_84() {
        for input in [
            "0901234567",
            "+84901234567",
            " 090 123 4567 ",
            "090.123.4567",
            "0355-123-456",
        ] {
            let phone = PhoneNumber::parse(input).unwrap();
            assert!(phone.as_str().starts_with("+84"), "{input}");
            assert_eq!(phone.as_str().len(), 12);
        }
        let phone = PhoneNumber::parse("0901234567").unwrap();
        assert_eq!(phone.as_str(), "+84901234567");
        assert_eq!(phone.national(), "0901234567");
    }

    #[test]
    fn bad_phone_numbers_are_rejected() {
        use PhoneError::*;
        assert_eq!(PhoneNumber::parse(""), Err(Empty));
        assert_eq!(PhoneNumber::parse("090123456"), Err(BadFormat));
        assert_eq!(PhoneNumber::parse("09012345678"), Err(BadFormat));
        assert_eq!(PhoneNumber::parse("84901234567"), Err(BadFormat));
        assert_eq!(PhoneNumber::parse("+840901234567"), Err(BadFormat));
        assert_eq!(PhoneNumber::parse("09O1234567"), Err(BadFormat));
        assert_eq!(PhoneNumber::parse("0201234567"), Err(NotMobile));
        assert_eq!(PhoneNumber::parse("02773123456"), Err(BadFormat));
    }

    #[test]
    fn passwords_report_the_rule_that_failed_and_never_print() {
        assert_eq!(Password::parse("abc123"), Err(PasswordError::TooShort));
        assert_eq!(
            Password::parse(&format!("a1{}", "x".repeat(127))),
            Err(PasswordError::TooLong)
        );
        assert_eq!(Password::parse("12345678"), Err(PasswordError::NoLetter));
        assert_eq!(Password::parse("abcdefgh"), Err(PasswordError::NoDigit));
        let password = Password::parse(" mật khẩu 2026 ").unwrap();
        assert_eq!(password.expose_secret(), " mật khẩu 2026 ");
        assert_eq!(format!("{password:?}"), "Password(<redacted>)");
        assert!(Password::parse(&format!("a1{}", "x".repeat(126))).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_counted_without_combining_marks() {
        assert_eq!(
            PersonName::parse("  Nguyễn Thị Minh Khai ")
                .unwrap()
                .as_str(),
            "Nguyễn Thị Minh Khai"
        );
        assert_eq!(PersonName::parse("  "), Err(PersonNameError::Empty));
        assert_eq!(
            PersonName::parse("Nguyễn\nVăn A"),
            Err(PersonNameError::ControlChar)
        );
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(PersonNameError::TooLong)
        );
        // 100 decomposed letters (e + circumflex + tilde) are 300 code points but 100 letters.
        let nfd = "e\u{0302}\u{0303}".repeat(100);
        assert!(PersonName::parse(&nfd).is_ok());
        assert_eq!(
            PersonName::parse(&format!("{nfd}a")),
            Err(PersonNameError::TooLong)
        );
    }

    #[test]
    fn personal_ids_are_twelve_digits_and_never_printed() {
        let id = PersonalId::parse(" 001203004567 ").unwrap();
        assert_eq!(id.as_str(), "001203004567");
        assert_eq!(id.masked(), "*********567");
        let debug = format!("{id:?}");
        assert!(!debug.contains("4567"), "{debug}");
        assert_eq!(
            PersonalId::parse("00120300456"),
            Err(PersonalIdError::BadFormat)
        );
        assert_eq!(
            PersonalId::parse("0012030045678"),
            Err(PersonalIdError::BadFormat)
        );
        assert_eq!(
            PersonalId::parse("00120300456a"),
            Err(PersonalIdError::BadFormat)
        );
        assert!(!PersonalIdError::BadFormat.to_string().contains("0012"));
        assert!(serde_json::from_str::<PersonalId>("\"12345\"").is_err());
    }

    #[test]
    fn login_ids_are_told_apart_by_shape() {
        assert_eq!(
            LoginId::parse("Dan@Example.vn").unwrap(),
            LoginId::Email(Email::parse("dan@example.vn").unwrap())
        );
        assert_eq!(
            LoginId::parse("0901234567").unwrap(),
            LoginId::Phone(PhoneNumber::parse("+84901234567").unwrap())
        );
        assert_eq!(LoginId::parse(" "), Err(LoginIdError::Empty));
        assert_eq!(
            LoginId::parse("dan@"),
            Err(LoginIdError::Email(EmailError::BadDomain))
        );
        assert_eq!(
            LoginId::parse("dan"),
            Err(LoginIdError::Phone(PhoneError::BadFormat))
        );
        assert_eq!(
            LoginId::parse("0901234567").unwrap().to_string(),
            "+84901234567"
        );
    }
}
