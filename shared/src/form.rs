//! Procedure form fields declared as data and validated identically in the browser and on
//! the server (a province edits a form's definition; no release is needed).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{Email, PersonalId, PhoneNumber};

/// What kind of input a field takes; decides the widget and the built-in check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of free text.
    Text,
    /// Several lines of free text.
    Textarea,
    /// A date written `YYYY-MM-DD`.
    Date,
    /// A decimal number such as `12` or `-3.5` (dot as separator, no thousands separators).
    Number,
    /// One of [`FieldDef::options`].
    Select,
    /// An email address ([`Email`]).
    Email,
    /// A Vietnamese mobile number ([`PhoneNumber`]).
    Phone,
    /// A 12-digit personal identification number ([`PersonalId`]).
    PersonalId,
    /// A tick box; the value is `true` or `false`, and a required box must be ticked.
    Checkbox,
}

/// One field of a procedure's declaration form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// Stable identifier of the value, e.g. `child_full_name` (letters, digits, `_`).
    pub key: String,
    /// Label shown in Vietnamese.
    pub label_vi: String,
    /// Label shown in English.
    pub label_en: String,
    /// The kind of input.
    pub kind: FieldKind,
    /// Whether a value must be given (for a checkbox: must be ticked).
    #[serde(default)]
    pub required: bool,
    /// Regular expression the whole value must match (anchored for you: `^(?:…)$`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Allowed values of a [`FieldKind::Select`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Most characters allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    /// Help text shown under the field, in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_vi: Option<String>,
}

/// What is wrong with one submitted value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldProblem {
    /// A required field is empty (or a required box is not ticked).
    #[error("this field is required")]
    Required,
    /// Longer than the field's `max_len`.
    #[error("at most {max} characters")]
    TooLong {
        /// The field's limit.
        max: u32,
    },
    /// Does not match the field's pattern.
    #[error("the value does not have the expected format")]
    Pattern,
    /// Not one of the select options.
    #[error("choose one of the listed options")]
    NotAnOption,
    /// Not a real date written `YYYY-MM-DD`.
    #[error("a date is written YYYY-MM-DD")]
    BadDate,
    /// Not a decimal number.
    #[error("enter a number such as 12 or 3.5")]
    BadNumber,
    /// Not a valid email address.
    #[error("enter a valid email address")]
    BadEmail,
    /// Not a valid Vietnamese mobile number.
    #[error("enter a mobile number: 0 or +84 followed by 9 digits")]
    BadPhone,
    /// Not 12 digits.
    #[error("a personal identification number is exactly 12 digits")]
    BadPersonalId,
    /// A checkbox value other than `true` or `false`.
    #[error("a checkbox value is true or false")]
    BadCheckbox,
    /// A value for a key the form does not declare.
    #[error("this form has no such field")]
    UnknownField,
}

/// A problem with the value of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{key}: {problem}")]
pub struct FieldError {
    /// The field's key.
    pub key: String,
    /// What is wrong.
    pub problem: FieldProblem,
}

/// Checks submitted values against a form definition.
///
/// Surrounding whitespace is ignored and an empty value counts as absent. Each declared field
/// gets at most one problem (length first, then its kind, then its pattern), in declaration
/// order, followed by one `UnknownField` per undeclared key. A pattern that does not compile
/// fails closed (`Pattern`); [`validate_defs`] catches that when the form is saved.
pub fn validate_form(
    defs: &[FieldDef],
    values: &BTreeMap<String, String>,
) -> Result<(), Vec<FieldError>> {
    let mut errors: Vec<FieldError> = defs
        .iter()
        .filter_map(|def| {
            let value = values.get(&def.key).map_or("", |v| v.trim());
            check_field(def, value).map(|problem| FieldError {
                key: def.key.clone(),
                problem,
            })
        })
        .collect();
    let declared: BTreeSet<&str> = defs.iter().map(|d| d.key.as_str()).collect();
    errors.extend(
        values
            .keys()
            .filter(|key| !declared.contains(key.as_str()))
            .map(|key| FieldError {
                key: key.clone(),
                problem: FieldProblem::UnknownField,
            }),
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_field(def: &FieldDef, value: &str) -> Option<FieldProblem> {
    if value.is_empty() {
        return def.required.then_some(FieldProblem::Required);
    }
    if let Some(max) = def.max_len
        && value.chars().count() > usize::try_from(max).unwrap_or(usize::MAX)
    {
        return Some(FieldProblem::TooLong { max });
    }
    let kind_problem = match def.kind {
        FieldKind::Text | FieldKind::Textarea => None,
        FieldKind::Date => (!is_iso_date(value)).then_some(FieldProblem::BadDate),
        FieldKind::Number => (!is_decimal(value)).then_some(FieldProblem::BadNumber),
        FieldKind::Select => {
            (!def.options.iter().any(|o| o == value)).then_some(FieldProblem::NotAnOption)
        }
        FieldKind::Email => Email::parse(value).err().map(|_| FieldProblem::BadEmail),
        FieldKind::Phone => PhoneNumber::parse(value)
            .err()
            .map(|_| FieldProblem::BadPhone),
        FieldKind::PersonalId => PersonalId::parse(value)
            .err()
            .map(|_| FieldProblem::BadPersonalId),
        FieldKind::Checkbox => match value {
            "true" => None,
            "false" => def.required.then_some(FieldProblem::Required),
            _ => Some(FieldProblem::BadCheckbox),
        },
    };
    if kind_problem.is_some() {
        return kind_problem;
    }
    match def.pattern.as_deref().map(anchored) {
        Some(Ok(re)) if !re.is_match(value) => Some(FieldProblem::Pattern),
        Some(Err(_)) => Some(FieldProblem::Pattern),
        _ => None,
    }
}

fn anchored(pattern: &str) -> Result<regex_lite::Regex, regex_lite::Error> {
    regex_lite::Regex::new(&format!("^(?:{pattern})$"))
}

/// `YYYY-MM-DD` with exactly those digits, and a real day.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    shape_ok && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// An optional minus, digits, and optionally a dot followed by digits.
fn is_decimal(s: &str) -> bool {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (unsigned, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// What is wrong with a form definition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefError {
    /// A key is not 1–64 characters of letters, digits and `_` starting with a letter.
    #[error("field key {key:?} must be 1-64 letters, digits or '_', starting with a letter")]
    BadKey {
        /// The key.
        key: String,
    },
    /// Two fields share a key.
    #[error("field key {key:?} is used more than once")]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A label is empty.
    #[error("field {key:?} needs both a Vietnamese and an English label")]
    EmptyLabel {
        /// The key.
        key: String,
    },
    /// The pattern does not compile.
    #[error("field {key:?} has an invalid pattern: {reason}")]
    InvalidPattern {
        /// The key.
        key: String,
        /// The regex engine's explanation.
        reason: String,
    },
    /// A select field has no options.
    #[error("select field {key:?} needs at least one option")]
    NoOptions {
        /// The key.
        key: String,
    },
    /// A select field lists an option twice, or an empty option.
    #[error("select field {key:?} has an empty or repeated option {option:?}")]
    BadOption {
        /// The key.
        key: String,
        /// The offending option.
        option: String,
    },
    /// `max_len` is zero, so no value could ever be entered.
    #[error("field {key:?} has max_len 0")]
    ZeroMaxLen {
        /// The key.
        key: String,
    },
}

/// Checks that a form definition is usable: valid unique keys, both labels, patterns that
/// compile, and select fields with distinct non-empty options. Returns every problem found.
pub fn validate_defs(defs: &[FieldDef]) -> Result<(), Vec<DefError>> {
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for def in defs {
        let key = || def.key.clone();
        if !is_valid_key(&def.key) {
            errors.push(DefError::BadKey { key: key() });
        }
        if !seen.insert(def.key.as_str()) {
            errors.push(DefError::DuplicateKey { key: key() });
        }
        if def.label_vi.trim().is_empty() || def.label_en.trim().is_empty() {
            errors.push(DefError::EmptyLabel { key: key() });
        }
        if let Some(Err(e)) = def.pattern.as_deref().map(anchored) {
            errors.push(DefError::InvalidPattern {
                key: key(),
                reason: e.to_string(),
            });
        }
        if def.max_len == Some(0) {
            errors.push(DefError::ZeroMaxLen { key: key() });
        }
        if def.kind == FieldKind::Select {
            if def.options.is_empty() {
                errors.push(DefError::NoOptions { key: key() });
            }
            let mut options = BTreeSet::new();
            for option in &def.options {
                if option.trim().is_empty() || !options.insert(option.as_str()) {
                    errors.push(DefError::BadOption {
                        key: key(),
                        option: option.clone(),
                    });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn is_valid_key(key: &str) -> bool {
    key.len() <= 64
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, kind: FieldKind, required: bool) -> FieldDef {
        FieldDef {
            key: key.to_owned(),
            label_vi: format!("Nhãn {key}"),
            label_en: format!("Label {key}"),
            kind,
            required,
            pattern: None,
            options: vec![],
            max_len: None,
            help_vi: None,
        }
    }

    /// A cut-down birth registration declaration.
    fn birth_form() -> Vec<FieldDef> {
        vec![
            FieldDef {
                max_len: Some(100),
                ..field("child_name", FieldKind::Text, true)
            },
            field("birth_date", FieldKind::Date, true),
            FieldDef {
                options: vec!["Nam".into(), "Nữ".into()],
                ..field("sex", FieldKind::Select, true)
            },
            field("declarant_id", FieldKind::PersonalId, true),
            field("phone", FieldKind::Phone, false),
            field("email", FieldKind::Email, false),
            field("copies", FieldKind::Number, false),
            FieldDef {
                pattern: Some("[0-9]{5}".into()),
                ..field("postcode", FieldKind::Text, false)
            },
            field("consent", FieldKind::Checkbox, true),
            field("notes", FieldKind::Textarea, false),
        ]
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn problems(result: Result<(), Vec<FieldError>>) -> Vec<(String, FieldProblem)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.key, e.problem))
            .collect()
    }

    #[test]
    fn a_complete_declaration_passes() {
        let v = values(&[
            ("child_name", " Nguyễn Văn An "),
            ("birth_date", "2026-01-05"),
            ("sex", "Nam"),
            ("declarant_id", "001203004567"),
            ("phone", "090 123 4567"),
            ("copies", "2"),
            ("postcode", "81000"),
            ("consent", "true"),
        ]);
        assert_eq!(validate_defs(&birth_form()), Ok(()));
        assert_eq!(validate_form(&birth_form(), &v), Ok(()));
    }

    #[test]
    fn each_field_reports_its_own_problem_in_declaration_order() {
        let v = values(&[
            ("child_name", &"x".repeat(101)),
            ("birth_date", "2026-02-30"),
            ("sex", "nam"),
            ("declarant_id", "12345"),
            ("phone", "12345"),
            ("email", "not-an-email"),
            ("copies", "2,5"),
            ("postcode", "8100"),
            ("consent", "false"),
            ("nickname", "An"),
        ]);
        use FieldProblem::*;
        let expected = vec![
            ("child_name".to_owned(), TooLong { max: 100 }),
            ("birth_date".to_owned(), BadDate),
            ("sex".to_owned(), NotAnOption),
            ("declarant_id".to_owned(), BadPersonalId),
            ("phone".to_owned(), BadPhone),
            ("email".to_owned(), BadEmail),
            ("copies".to_owned(), BadNumber),
            ("postcode".to_owned(), Pattern),
            ("consent".to_owned(), Required),
            ("nickname".to_owned(), UnknownField),
        ];
        assert_eq!(problems(validate_form(&birth_form(), &v)), expected);
    }

    #[test]
    fn missing_and_blank_required_values_are_required_and_optional_ones_are_skipped() {
        let v = values(&[("child_name", "   "), ("phone", "")]);
        let got = problems(validate_form(&birth_form(), &v));
        let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["child_name", "birth_date", "sex", "declarant_id", "consent"]
        );
        assert!(got.iter().all(|(_, p)| *p == FieldProblem::Required));
    }

    #[test]
    fn patterns_are_anchored_and_dates_and_numbers_are_strict() {
        let defs = [FieldDef {
            pattern: Some("[0-9]{5}|X".into()),
            ..field("p", FieldKind::Text, true)
        }];
        assert!(validate_form(&defs, &values(&[("p", "12345")])).is_ok());
        assert!(validate_form(&defs, &values(&[("p", "X")])).is_ok());
        assert!(validate_form(&defs, &values(&[("p", "123456")])).is_err());
        assert!(validate_form(&defs, &values(&[("p", "a12345")])).is_err());
        assert!(!is_iso_date("2026-1-05"));
        assert!(!is_iso_date("05/01/2026"));
        assert!(is_iso_date("2024-02-29"));
        for ok in ["0", "-12", "3.5", "10000"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "-", "1.", ".5", "1e3", "1,000", "+1", "1.2.3"] {
            assert!(!is_decimal(bad), "{bad}");
        }
        let checkbox = [field("c", FieldKind::Checkbox, false)];
        assert_eq!(
            problems(validate_form(&checkbox, &values(&[("c", "yes")]))),
            [("c".to_owned(), FieldProblem::BadCheckbox)]
        );
        assert!(validate_form(&checkbox, &values(&[("c", "false")])).is_ok());
    }

    #[test]
    fn bad_definitions_list_every_problem() {
        let defs = vec![
            field("name", FieldKind::Text, true),
            field("name", FieldKind::Text, true),
            field("1st", FieldKind::Text, false),
            FieldDef {
                label_en: " ".into(),
                ..field("a", FieldKind::Text, false)
            },
            FieldDef {
                pattern: Some("([0-9]".into()),
                ..field("b", FieldKind::Text, false)
            },
            field("c", FieldKind::Select, false),
            FieldDef {
                options: vec!["x".into(), "x".into()],
                ..field("d", FieldKind::Select, false)
            },
            FieldDef {
                max_len: Some(0),
                ..field("e", FieldKind::Text, false)
            },
        ];
        let errors = validate_defs(&defs).unwrap_err();
        assert_eq!(errors.len(), 7, "{errors:?}");
        assert!(errors.contains(&DefError::DuplicateKey { key: "name".into() }));
        assert!(errors.contains(&DefError::BadKey { key: "1st".into() }));
        assert!(errors.contains(&DefError::EmptyLabel { key: "a".into() }));
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, DefError::InvalidPattern { key, .. } if key == "b"))
        );
        assert!(errors.contains(&DefError::NoOptions { key: "c".into() }));
        assert!(errors.contains(&DefError::BadOption {
            key: "d".into(),
            option: "x".into()
        }));
        assert!(errors.contains(&DefError::ZeroMaxLen { key: "e".into() }));
    }

    #[test]
    fn definitions_and_problems_have_a_stable_json_shape() {
        let json = r#"{"key":"sex","label_vi":"Giới tính","label_en":"Sex","kind":"select","required":true,"options":["Nam","Nữ"]}"#;
        let def: FieldDef = serde_json::from_str(json).unwrap();
        assert_eq!(def.kind, FieldKind::Select);
        assert_eq!(def.pattern, None);
        assert_eq!(serde_json::to_string(&def).unwrap(), json);
        let kind: FieldKind = serde_json::from_str("\"personal_id\"").unwrap();
        assert_eq!(kind, FieldKind::PersonalId);
        let problem = serde_json::to_string(&FieldProblem::TooLong { max: 5 }).unwrap();
        assert_eq!(problem, r#"{"code":"TOO_LONG","max":5}"#);
        assert_eq!(
            serde_json::to_string(&FieldProblem::Required).unwrap(),
            r#"{"code":"REQUIRED"}"#
        );
    }
}
