//! GraphQL: the public procedure catalogue of a unit (`procedures`).

use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use serde::Deserialize;

use super::model::procedure;
use super::repo;
use crate::error::ApiError;
use crate::graphql::connection::{Page, decode_cursor, encode_cursor, page, page_size};
use crate::graphql::state;

/// How much of a procedure can be done online (Decree 42/2022).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
pub enum OnlineLevel {
    /// Fully online (toàn trình): submit, pay and receive online.
    Full,
    /// Partially online (một phần): submit online, finish at the counter.
    Partial,
    /// Counter or post only.
    None,
}

/// Unit of a processing time limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
pub enum TimeLimitUnit {
    /// Within the day of acceptance (after the cut-off: the next working day).
    SameDay,
    /// Working hours.
    WorkingHours,
    /// Working days after the day of acceptance.
    WorkingDays,
    /// Calendar days.
    CalendarDays,
}

/// A dossier component (thành phần hồ sơ).
#[derive(SimpleObject, Deserialize)]
#[serde(default)]
#[derive(Default)]
pub struct ProcedureDocument {
    /// What to bring or upload.
    pub name: String,
    /// ORIGINAL, COPY or ORIGINAL_OR_COPY.
    pub copy_kind: String,
    /// Number of copies.
    pub count: i32,
    /// Whether it is required.
    pub required: bool,
    /// Whether data from a national database can replace it.
    pub replaceable_by_data: bool,
}

/// One field of a procedure's online form.
pub struct FormField(pub shared::form::FieldDef);

/// A field of a procedure's online form.
#[Object]
impl FormField {
    /// Key to send in `submitDossier(input: {form: [{key, value}]})`.
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// Label in Vietnamese.
    async fn label_vi(&self) -> &str {
        &self.0.label_vi
    }
    /// Label in English.
    async fn label_en(&self) -> &str {
        &self.0.label_en
    }
    /// Kind: text, textarea, date, number, select, email, phone, personal_id or checkbox.
    async fn kind(&self) -> String {
        serde_json::to_value(self.0.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
    /// Whether a value is required.
    async fn required(&self) -> bool {
        self.0.required
    }
    /// Regular expression the whole value must match, if any.
    async fn pattern(&self) -> Option<&str> {
        self.0.pattern.as_deref().filter(|p| !p.is_empty())
    }
    /// Allowed values of a select.
    async fn options(&self) -> &[String] {
        &self.0.options
    }
    /// Maximum length in characters, if any.
    async fn max_len(&self) -> Option<u32> {
        self.0.max_len
    }
    /// Help text in Vietnamese.
    async fn help_vi(&self) -> Option<&str> {
        self.0.help_vi.as_deref()
    }
}

/// A procedure (thủ tục hành chính) offered by a unit.
pub struct Procedure(pub procedure::Model);

/// An administrative procedure from the national catalogue.
#[Object]
impl Procedure {
    /// National code, e.g. `1.001193`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Name in Vietnamese.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Name in English.
    async fn name_en(&self) -> &str {
        &self.0.name_en
    }
    /// Field (lĩnh vực), e.g. `Hộ tịch`.
    async fn field(&self) -> &str {
        &self.0.field
    }
    /// Online level.
    async fn online_level(&self) -> OnlineLevel {
        match self.0.online_level.as_str() {
            "FULL" => OnlineLevel::Full,
            "PARTIAL" => OnlineLevel::Partial,
            _ => OnlineLevel::None,
        }
    }
    /// Unit of the processing time limit.
    async fn time_limit_unit(&self) -> TimeLimitUnit {
        match self.0.time_limit_unit.as_str() {
            "SAME_DAY" => TimeLimitUnit::SameDay,
            "WORKING_HOURS" => TimeLimitUnit::WorkingHours,
            "CALENDAR_DAYS" => TimeLimitUnit::CalendarDays,
            _ => TimeLimitUnit::WorkingDays,
        }
    }
    /// Processing time limit in `timeLimitUnit`.
    async fn time_limit_value(&self) -> i32 {
        self.0.time_limit_value
    }
    /// Processing time as published.
    async fn time_limit_note(&self) -> &str {
        &self.0.time_limit_note
    }
    /// Legal basis.
    async fn legal_basis(&self) -> &str {
        &self.0.legal_basis
    }
    /// The result the citizen receives.
    async fn result(&self) -> &str {
        &self.0.result
    }
    /// Fees and charges as published.
    async fn fee_note(&self) -> &str {
        &self.0.fee_note
    }
    /// Accepted at any one-stop office of the province regardless of residence (phi địa giới).
    async fn non_territorial(&self) -> bool {
        self.0.non_territorial
    }
    /// Handled by several agencies in one dossier (liên thông).
    async fn inter_agency(&self) -> bool {
        self.0.inter_agency
    }
    /// Documents to submit.
    async fn documents(&self) -> Vec<ProcedureDocument> {
        serde_json::from_value(self.0.documents.clone()).unwrap_or_default()
    }
    /// The online form, declared as data; the web app and the server validate it with the same
    /// rules (`shared::form`).
    async fn form_fields(&self) -> Vec<FormField> {
        let defs: Vec<shared::form::FieldDef> =
            serde_json::from_value(self.0.form.clone()).unwrap_or_default();
        defs.into_iter().map(FormField).collect()
    }
}

/// Public catalogue queries.
#[derive(Default)]
pub struct ProcedureQuery;

#[Object]
impl ProcedureQuery {
    /// The fields (lĩnh vực) of the procedures a unit offers, for filter menus.
    async fn procedure_fields(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Unit code.", validator(max_length = 64))] tenant_code: String,
    ) -> Result<Vec<String>> {
        let st = state(ctx)?;
        let (_, scope) = st.tenants.public_scope(&tenant_code)?;
        let txn = scope.begin(&st.db).await.map_err(ApiError::from)?;
        let ids = repo::enabled_ids(&txn, &scope)
            .await
            .map_err(ApiError::from)?;
        let fields = repo::fields(&txn, &ids).await.map_err(ApiError::from)?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(fields)
    }

    /// One procedure of the national catalogue by code; null when unknown or repealed.
    async fn procedure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "National code, e.g. `1.001193`.", validator(max_length = 64))]
        code: String,
    ) -> Result<Option<Procedure>> {
        let st = state(ctx)?;
        Ok(repo::by_code(&st.db, &code)
            .await
            .map_err(ApiError::from)?
            .filter(|p| p.status != "REPEALED")
            .map(Procedure))
    }

    /// Procedures a unit offers (for a province or district: offered anywhere below it),
    /// ordered by code. `search` ignores case and Vietnamese accents: "khai sinh" finds
    /// "Đăng ký khai sinh".
    #[allow(
        clippy::too_many_arguments,
        reason = "each argument is a public filter"
    )]
    async fn procedures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Unit code; a province or district covers every unit below it.")]
        tenant_code: String,
        #[graphql(
            desc = "Words to look for in the name, code or field.",
            validator(max_length = 200)
        )]
        search: Option<String>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "`endCursor` of the previous page.")] after: Option<String>,
        #[graphql(
            desc = "Only procedures of this field (lĩnh vực), as listed by `procedureFields`.",
            validator(max_length = 200)
        )]
        field: Option<String>,
        #[graphql(desc = "Only procedures with this online level.")] online_level: Option<
            OnlineLevel,
        >,
    ) -> Result<Page<Procedure>> {
        let st = state(ctx)?;
        let limit = page_size(first)?;
        let offset = match after {
            Some(c) => {
                decode_cursor(&c)?.parse::<u64>().map_err(|_| {
                    ApiError::BadUserInput("`after` is not a cursor this API gave out.".into())
                })? + 1
            }
            None => 0,
        };
        let (_, scope) = st.tenants.public_scope(&tenant_code)?;
        let filter = repo::SearchFilter {
            words: search
                .map(|s| {
                    shared::text::fold_vietnamese(&s)
                        .split_whitespace()
                        .take(10)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            field,
            online_level: online_level.map(|l| {
                match l {
                    OnlineLevel::Full => "FULL",
                    OnlineLevel::Partial => "PARTIAL",
                    OnlineLevel::None => "NONE",
                }
                .to_string()
            }),
        };
        let txn = scope.begin(&st.db).await.map_err(ApiError::from)?;
        let ids = repo::enabled_ids(&txn, &scope)
            .await
            .map_err(ApiError::from)?;
        let (rows, total) = repo::search(&txn, &ids, &filter, offset, limit + 1)
            .await
            .map_err(ApiError::from)?;
        txn.commit().await.map_err(ApiError::from)?;
        let has_next = rows.len() as u64 > limit;
        let items = rows
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(0))
            .enumerate()
            .map(|(i, p)| {
                (
                    encode_cursor(&(offset + i as u64).to_string()),
                    Procedure(p),
                )
            })
            .collect();
        Ok(page(
            items,
            has_next,
            offset > 0,
            i64::try_from(total).unwrap_or(i64::MAX),
        ))
    }
}

/// A unit's offer of one procedure.
#[derive(async_graphql::SimpleObject)]
pub struct ProcedureAssignment {
    /// Unit code.
    pub tenant_code: String,
    /// Procedure code.
    pub procedure_code: String,
    /// Whether the unit accepts dossiers for it.
    pub enabled: bool,
    /// Receiving department.
    pub department: String,
    /// The unit's fee note ("" when none).
    pub fee_note: String,
}

/// Catalogue administration.
#[derive(Default)]
pub struct ProcedureMutation;

#[Object]
impl ProcedureMutation {
    /// Enables or disables a procedure at a unit, with its receiving department and fee note.
    /// For the unit's tenant admin and its province's admin.
    async fn set_procedure_assignment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Unit code.", validator(max_length = 64))] tenant_code: String,
        #[graphql(desc = "Procedure code.", validator(max_length = 64))] procedure_code: String,
        #[graphql(desc = "Accept dossiers for it.")] enabled: bool,
        #[graphql(
            desc = "Receiving department; omitted keeps the current one.",
            validator(max_length = 500)
        )]
        department: Option<String>,
        #[graphql(
            desc = "Fee note shown by this unit; omitted keeps the current one.",
            validator(max_length = 500)
        )]
        fee_note: Option<String>,
    ) -> Result<ProcedureAssignment> {
        let st = state(ctx)?;
        let saved = super::service::set_assignment(
            st,
            crate::graphql::caller(ctx)?,
            super::service::AssignmentChange {
                tenant_code: tenant_code.clone(),
                procedure_code: procedure_code.clone(),
                enabled,
                department,
                fee_note,
            },
        )
        .await?;
        Ok(ProcedureAssignment {
            tenant_code,
            procedure_code,
            enabled: saved.enabled,
            department: saved.department,
            fee_note: saved.fee_note,
        })
    }
}
