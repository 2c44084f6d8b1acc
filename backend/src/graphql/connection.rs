//! Relay-style connections with `totalCount`, used by every list that can grow. Cursors are
//! opaque base64 strings; `first` is capped at 100 (CONTRACT).

use async_graphql::connection::{
    Connection, DefaultConnectionName, DefaultEdgeName, Edge, EmptyFields, EnableNodesField,
};
use async_graphql::{OutputType, SimpleObject};
use base64::Engine;

use crate::error::ApiError;

/// Extra fields on every connection.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// Number of items matching the filter, across all pages.
    pub total_count: i64,
}

/// A connection of `N` with `edges`, `nodes`, `pageInfo` and `totalCount`.
pub type Page<N> = Connection<
    String,
    N,
    ConnectionTotals,
    EmptyFields,
    DefaultConnectionName,
    DefaultEdgeName,
    EnableNodesField,
>;

/// Largest page.
pub const MAX_FIRST: i32 = 100;
/// Page size when `first` is omitted.
pub const DEFAULT_FIRST: i32 = 20;

/// Validates `first`.
pub fn page_size(first: Option<i32>) -> Result<u64, ApiError> {
    let first = first.unwrap_or(DEFAULT_FIRST);
    if !(0..=MAX_FIRST).contains(&first) {
        return Err(ApiError::BadUserInput(format!(
            "`first` must be between 0 and {MAX_FIRST}."
        )));
    }
    Ok(u64::try_from(first).unwrap_or(0))
}

/// Builds a page from (cursor, node) pairs.
pub fn page<N: OutputType>(
    items: Vec<(String, N)>,
    has_next: bool,
    has_previous: bool,
    total: i64,
) -> Page<N> {
    let mut conn = Connection::with_additional_fields(
        has_previous,
        has_next,
        ConnectionTotals { total_count: total },
    );
    conn.edges
        .extend(items.into_iter().map(|(c, n)| Edge::new(c, n)));
    conn
}

/// Encodes a cursor.
pub fn encode_cursor(raw: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// Decodes a cursor; a malformed one is BAD_USER_INPUT.
pub fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| ApiError::BadUserInput("`after` is not a cursor this API gave out.".into()))
}
