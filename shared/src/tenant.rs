//! Tenant codes and levels: the nodes of the province → commune tree every record belongs to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The code of a tenant (contract `Tenant.code`), e.g. `DT`, `H56.23` or `000.00.06.H56`.
///
/// 1–32 characters from `A–Z`, `0–9` and `.`, starting with a letter or digit. It is the
/// prefix of dossier codes, whose parts are separated by `-`, so `-` is never allowed.
/// Lowercase input is rejected rather than uppercased: codes are identifiers printed on
/// paper, and silently changing one would hide a typo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantCode(String);

/// Why a string is not a [`TenantCode`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenantCodeError {
    /// The string is empty.
    #[error("a tenant code must not be empty")]
    Empty,
    /// More than [`TenantCode::MAX_LEN`] characters.
    #[error("a tenant code has at most 32 characters, this one has {len}")]
    TooLong {
        /// Characters in the input.
        len: usize,
    },
    /// A character outside `A–Z`, `0–9` and `.` (lowercase letters and `-` included).
    #[error("a tenant code may only contain uppercase letters A-Z, digits and dots, not {ch:?}")]
    InvalidChar {
        /// The first offending character.
        ch: char,
    },
    /// The first character is a dot.
    #[error("a tenant code must start with a letter or a digit")]
    BadStart,
}

impl TenantCode {
    /// Longest allowed code, in characters.
    pub const MAX_LEN: usize = 32;

    /// Checks `s` and wraps it; see the type's documentation for the rules.
    pub fn parse(s: &str) -> Result<Self, TenantCodeError> {
        let len = s.chars().count();
        if len == 0 {
            return Err(TenantCodeError::Empty);
        }
        if let Some(ch) = s
            .chars()
            .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '.'))
        {
            return Err(TenantCodeError::InvalidChar { ch });
        }
        if len > Self::MAX_LEN {
            return Err(TenantCodeError::TooLong { len });
        }
        if s.starts_with('.') {
            return Err(TenantCodeError::BadStart);
        }
        Ok(TenantCode(s.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for TenantCode {
    type Err = TenantCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TenantCode::parse(s)
    }
}

impl TryFrom<String> for TenantCode {
    type Error = TenantCodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        TenantCode::parse(&s)
    }
}

impl From<TenantCode> for String {
    fn from(code: TenantCode) -> String {
        code.0
    }
}

impl AsRef<str> for TenantCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The level of a tenant in the administrative tree (DOMAIN §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TenantLevel {
    /// Province or centrally run city (tỉnh / thành phố trực thuộc trung ương).
    Province,
    /// District-level unit (huyện, quận, thị xã, thành phố thuộc tỉnh); historical since 1 Jul 2025.
    District,
    /// Commune, ward, township or special zone (xã, phường, thị trấn, đặc khu).
    Commune,
    /// A provincial department, centre or branch (sở, trung tâm, chi nhánh).
    Agency,
}

impl TenantLevel {
    /// Every level, from the top of the tree down.
    pub const ALL: [TenantLevel; 4] = [
        TenantLevel::Province,
        TenantLevel::District,
        TenantLevel::Commune,
        TenantLevel::Agency,
    ];

    /// The wire spelling, e.g. `COMMUNE`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TenantLevel::Province => "PROVINCE",
            TenantLevel::District => "DISTRICT",
            TenantLevel::Commune => "COMMUNE",
            TenantLevel::Agency => "AGENCY",
        }
    }
}

impl fmt::Display for TenantLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not one of the [`TenantLevel`] spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tenant level `{0}` (expected PROVINCE, DISTRICT, COMMUNE or AGENCY)")]
pub struct UnknownTenantLevel(pub String);

impl FromStr for TenantLevel {
    type Err = UnknownTenantLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TenantLevel::ALL
            .into_iter()
            .find(|level| level.as_str() == s)
            .ok_or_else(|| UnknownTenantLevel(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_agency_identifiers_and_short_codes_are_accepted() {
        for ok in ["DT", "H56.23", "000.00.06.H56", "31", "A", &"X".repeat(32)] {
            assert_eq!(TenantCode::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn lowercase_dashes_dots_first_and_overlong_codes_are_rejected() {
        assert_eq!(
            TenantCode::parse("h56"),
            Err(TenantCodeError::InvalidChar { ch: 'h' })
        );
        assert_eq!(
            TenantCode::parse("H56-23"),
            Err(TenantCodeError::InvalidChar { ch: '-' })
        );
        assert_eq!(TenantCode::parse(".H56"), Err(TenantCodeError::BadStart));
        assert_eq!(TenantCode::parse(""), Err(TenantCodeError::Empty));
        assert_eq!(
            TenantCode::parse(&"X".repeat(33)),
            Err(TenantCodeError::TooLong { len: 33 })
        );
        assert!(TenantCode::parse("ĐT").is_err());
        assert!(TenantCode::parse(" DT").is_err());
    }

    #[test]
    fn serde_uses_the_plain_string_and_validates_it() {
        let code = TenantCode::parse("H56.23").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"H56.23\"");
        assert_eq!(
            serde_json::from_str::<TenantCode>("\"H56.23\"").unwrap(),
            code
        );
        assert!(serde_json::from_str::<TenantCode>("\"h56\"").is_err());
    }

    #[test]
    fn levels_serialise_in_screaming_snake_case() {
        for level in TenantLevel::ALL {
            let json = serde_json::to_string(&level).unwrap();
            assert_eq!(json, format!("\"{}\"", level.as_str()));
            assert_eq!(level.as_str().parse::<TenantLevel>(), Ok(level));
        }
        assert!("Commune".parse::<TenantLevel>().is_err());
    }
}
