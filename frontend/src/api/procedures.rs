//! The procedure catalogue: search within a unit, and one procedure's page. Public.

use shared::{FieldDef, FieldKind, TimeLimitUnit};

use super::json::{
    boolean, count, enumeration, get, list, opt_count, opt_object, opt_string, string, strings,
};
use super::{ApiError, Json, graphql, obj};
use crate::i18n::Locale;

/// How much of a procedure can be done online.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnlineLevel {
    Full,
    Partial,
    None,
}

impl OnlineLevel {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "FULL" => Some(OnlineLevel::Full),
            "PARTIAL" => Some(OnlineLevel::Partial),
            "NONE" => Some(OnlineLevel::None),
            _ => None,
        }
    }

    /// Whether a dossier can be submitted online.
    pub fn accepts_online(self) -> bool {
        matches!(self, OnlineLevel::Full | OnlineLevel::Partial)
    }
}

/// A row of a search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcedureSummary {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub field: String,
    pub online_level: OnlineLevel,
}

impl ProcedureSummary {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(ProcedureSummary {
            code: string(v, "code")?,
            name: string(v, "name")?,
            name_en: string(v, "nameEn")?,
            field: string(v, "field")?,
            online_level: enumeration(v, "onlineLevel", OnlineLevel::parse)?,
        })
    }
}

/// One page of search results and how many match in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResult {
    pub nodes: Vec<ProcedureSummary>,
    pub total_count: u32,
}

/// Procedures offered by `tenant_code`, accent-insensitively matching `search` when given.
pub async fn search(
    tenant_code: &str,
    search: Option<&str>,
    first: u32,
) -> Result<SearchResult, ApiError> {
    let data = graphql(
        "query Search($t: String!, $s: String, $n: Int) { procedures(tenantCode: $t, \
         search: $s, first: $n) { totalCount nodes { code name nameEn field onlineLevel } } }",
        obj([
            ("t", tenant_code.into()),
            ("s", search.into()),
            ("n", first.into()),
        ]),
    )
    .await?;
    let found = get(&data, "procedures");
    Ok(SearchResult {
        nodes: list(&found, "nodes", ProcedureSummary::from_json)?,
        total_count: count(&found, "totalCount")?,
    })
}

/// A document to submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcedureDocument {
    pub name: String,
    pub copy_kind: String,
    pub count: u32,
    pub required: bool,
    pub replaceable_by_data: bool,
}

impl ProcedureDocument {
    fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(ProcedureDocument {
            name: string(v, "name")?,
            copy_kind: string(v, "copyKind")?,
            count: count(v, "count")?,
            required: boolean(v, "required")?,
            replaceable_by_data: boolean(v, "replaceableByData")?,
        })
    }

    /// Whether an online submission must attach it: required, and no national database
    /// can stand in for it (the server's rule).
    pub fn must_upload(&self) -> bool {
        self.required && !self.replaceable_by_data
    }
}

/// Everything the procedure page and the submission wizard show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub field: String,
    pub online_level: OnlineLevel,
    pub time_limit_unit: TimeLimitUnit,
    pub time_limit_value: u32,
    pub time_limit_note: String,
    pub legal_basis: String,
    pub result: String,
    pub fee_note: String,
    pub documents: Vec<ProcedureDocument>,
    /// The form as `shared::form` validates it, on both sides. Only the submission
    /// wizard asks for it ([`PROCEDURE_FORM_FIELDS`]); empty elsewhere.
    pub form_fields: Vec<FieldDef>,
}

fn time_limit_unit(s: &str) -> Option<TimeLimitUnit> {
    match s {
        "SAME_DAY" => Some(TimeLimitUnit::SameDay),
        "WORKING_HOURS" => Some(TimeLimitUnit::WorkingHours),
        "WORKING_DAYS" => Some(TimeLimitUnit::WorkingDays),
        "CALENDAR_DAYS" => Some(TimeLimitUnit::CalendarDays),
        _ => None,
    }
}

fn field_kind(s: &str) -> Option<FieldKind> {
    Some(match s {
        "text" => FieldKind::Text,
        "textarea" => FieldKind::Textarea,
        "date" => FieldKind::Date,
        "number" => FieldKind::Number,
        "select" => FieldKind::Select,
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        "personal_id" => FieldKind::PersonalId,
        "checkbox" => FieldKind::Checkbox,
        _ => return None,
    })
}

pub(crate) fn field_def(v: &Json) -> Result<FieldDef, ApiError> {
    Ok(FieldDef {
        key: string(v, "key")?,
        label_vi: string(v, "labelVi")?,
        label_en: string(v, "labelEn")?,
        kind: enumeration(v, "kind", field_kind)?,
        required: boolean(v, "required")?,
        pattern: opt_string(v, "pattern"),
        options: strings(v, "options")?,
        max_len: opt_count(v, "maxLen"),
        help_vi: opt_string(v, "helpVi"),
    })
}

impl Procedure {
    pub(crate) fn from_json(v: &Json) -> Result<Self, ApiError> {
        Ok(Procedure {
            code: string(v, "code")?,
            name: string(v, "name")?,
            name_en: string(v, "nameEn")?,
            field: string(v, "field")?,
            online_level: enumeration(v, "onlineLevel", OnlineLevel::parse)?,
            time_limit_unit: enumeration(v, "timeLimitUnit", time_limit_unit)?,
            time_limit_value: count(v, "timeLimitValue")?,
            time_limit_note: string(v, "timeLimitNote")?,
            legal_basis: string(v, "legalBasis")?,
            result: string(v, "result")?,
            fee_note: string(v, "feeNote")?,
            documents: list(v, "documents", ProcedureDocument::from_json)?,
            form_fields: Vec::new(),
        })
    }
}

/// The selection of a [`Procedure`].
pub(crate) const PROCEDURE_FIELDS: &str = "code name nameEn field onlineLevel timeLimitUnit \
     timeLimitValue timeLimitNote legalBasis result feeNote \
     documents { name copyKind count required replaceableByData }";

/// The selection of [`Procedure::form_fields`], read with [`field_def`].
pub(crate) const PROCEDURE_FORM_FIELDS: &str =
    "formFields { key labelVi labelEn kind required pattern options maxLen helpVi }";

/// The name in the reader's language (the catalogue is Vietnamese; English when given).
pub fn localized_name<'a>(name: &'a str, name_en: &'a str, locale: Locale) -> &'a str {
    if locale == Locale::En && !name_en.trim().is_empty() {
        name_en
    } else {
        name
    }
}

/// One procedure by its national code; `None` when unknown or repealed.
pub async fn by_code(code: &str) -> Result<Option<Procedure>, ApiError> {
    let data = graphql(
        &format!("query Procedure($c: String!) {{ procedure(code: $c) {{ {PROCEDURE_FIELDS} }} }}"),
        obj([("c", code.into())]),
    )
    .await?;
    opt_object(&data, "procedure", Procedure::from_json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_from_the_api_become_shared_field_defs() {
        let v = Json::parse(r#"{"code":"1.001193","name":"Đăng ký khai sinh","nameEn":"Birth registration",
            "field":"Hộ tịch","onlineLevel":"FULL","timeLimitUnit":"SAME_DAY","timeLimitValue":0,
            "timeLimitNote":"","legalBasis":"","result":"","feeNote":"",
            "documents":[{"name":"Tờ khai","copyKind":"ORIGINAL","count":1,"required":true,"replaceableByData":false}],
            "formFields":[{"key":"child_sex","labelVi":"Giới tính","labelEn":"Sex","kind":"select",
              "required":true,"pattern":null,"options":["Nam","Nữ"],"maxLen":null,"helpVi":null},
              {"key":"pid","labelVi":"Số định danh","labelEn":"ID","kind":"personal_id",
              "required":false,"pattern":"[0-9]+","options":[],"maxLen":12,"helpVi":"12 số"}]}"#)
        .unwrap();
        let mut p = Procedure::from_json(&v).unwrap();
        assert!(p.form_fields.is_empty());
        p.form_fields = list(&v, "formFields", field_def).unwrap();
        assert!(p.online_level.accepts_online());
        assert_eq!(p.time_limit_unit, TimeLimitUnit::SameDay);
        assert!(p.documents[0].must_upload());
        assert_eq!(p.form_fields[0].kind, FieldKind::Select);
        assert_eq!(p.form_fields[0].options, vec!["Nam", "Nữ"]);
        assert_eq!(p.form_fields[1].kind, FieldKind::PersonalId);
        assert_eq!(p.form_fields[1].max_len, Some(12));
        assert_eq!(p.form_fields[1].pattern.as_deref(), Some("[0-9]+"));
        assert_eq!(p.form_fields[1].help_vi.as_deref(), Some("12 số"));
        assert!(shared::validate_defs(&p.form_fields).is_ok());
    }

    #[test]
    fn every_field_kind_the_api_names_is_known() {
        for kind in [
            "text",
            "textarea",
            "date",
            "number",
            "select",
            "email",
            "phone",
            "personal_id",
            "checkbox",
        ] {
            let known = field_kind(kind).unwrap();
            // The same spelling as the shared definition's own serialisation.
            assert_eq!(
                serde_json::to_value(known).unwrap(),
                serde_json::json!(kind)
            );
        }
        assert_eq!(field_kind("radio"), None);
    }

    #[test]
    fn the_english_name_is_used_only_in_english_and_when_present() {
        assert_eq!(localized_name("Khai sinh", "Birth", Locale::En), "Birth");
        assert_eq!(
            localized_name("Khai sinh", "Birth", Locale::Vi),
            "Khai sinh"
        );
        assert_eq!(localized_name("Khai sinh", " ", Locale::En), "Khai sinh");
    }
}
