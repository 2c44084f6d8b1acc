//! GraphQL: `importDossiers`, the upload of a historical CSV by a unit or province admin.

use async_graphql::{Context, Object, Result, SimpleObject};

use super::service::{self, ImportReport};
use crate::graphql::{caller, state};

/// What an import did. With any problem nothing is imported: `imported` is 0 and `errors`
/// lists the problems by line.
#[derive(SimpleObject)]
pub struct ImportDossiersPayload {
    /// Dossiers imported (0 when there were problems: a file imports whole or not at all).
    imported: i32,
    /// Rows left as they were because their code already existed (`skipExisting`).
    skipped: i32,
    /// The problems, by line (at most the first 1,000; see `errorCount`).
    errors: Vec<ImportRowError>,
    /// How many problems there were in all.
    error_count: i32,
}

/// A problem with one line of the file.
#[derive(SimpleObject)]
pub struct ImportRowError {
    /// 1-based line number (the header is line 1).
    line: i32,
    /// What is wrong, naming the column.
    message: String,
}

fn int(n: u64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl From<ImportReport> for ImportDossiersPayload {
    fn from(r: ImportReport) -> Self {
        ImportDossiersPayload {
            imported: int(r.imported),
            skipped: int(r.skipped),
            error_count: int(r.error_count),
            errors: r
                .errors
                .into_iter()
                .map(|e| ImportRowError {
                    line: int(e.line),
                    message: e.message,
                })
                .collect(),
        }
    }
}

/// Import mutations.
#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Imports historical dossiers into a unit from CSV text (CONTRACT "Import format"), all
    /// or nothing. For the unit's administrators and the administrators of its province.
    /// The text is limited by the request body size (`MOTCUA_MAX_BODY_BYTES`); larger files go
    /// through `motcua import dossiers`.
    async fn import_dossiers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Code of the receiving unit.", validator(max_length = 64))]
        tenant_code: String,
        #[graphql(desc = "The CSV file's content (UTF-8, header row first).")] csv: String,
        #[graphql(
            desc = "Leave rows whose code already exists in the unit instead of failing (default false)."
        )]
        skip_existing: Option<bool>,
    ) -> Result<ImportDossiersPayload> {
        let report = service::import_text(
            state(ctx)?,
            caller(ctx)?,
            &tenant_code,
            csv,
            skip_existing.unwrap_or(false),
        )
        .await?;
        Ok(report.into())
    }
}
