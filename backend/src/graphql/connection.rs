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

/// A keyset cursor over (instant, id): opaque to clients. `tag` names the ordering, so a cursor
/// of one list is refused by another.
pub fn encode_keyset(tag: &str, at: chrono::DateTime<chrono::Utc>, id: uuid::Uuid) -> String {
    encode_cursor(&format!("{tag}|{}|{id}", at.timestamp_micros()))
}

/// Reads a cursor made by `encode_keyset` with the same tag.
pub fn decode_keyset(
    tag: &str,
    cursor: &str,
) -> Result<(chrono::DateTime<chrono::Utc>, uuid::Uuid), ApiError> {
    let bad = || ApiError::BadUserInput("`after` is not a cursor this API gave out.".into());
    let text = decode_cursor(cursor)?;
    let mut parts = text.split('|');
    let (Some(t), Some(micros), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if t != tag {
        return Err(bad());
    }
    let micros: i64 = micros.parse().map_err(|_| bad())?;
    let at = chrono::DateTime::from_timestamp_micros(micros).ok_or_else(bad)?;
    Ok((at, id.parse().map_err(|_| bad())?))
}

/// Builds a page from up to `limit + 1` fetched rows (the extra row only says that a next page
/// exists).
pub fn page_from_rows<R, N: OutputType>(
    rows: Vec<R>,
    limit: u64,
    has_previous: bool,
    total: u64,
    cursor: impl Fn(&R) -> String,
    node: impl Fn(R) -> N,
) -> Page<N> {
    let has_next = rows.len() as u64 > limit;
    let items = rows
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|r| (cursor(&r), node(r)))
        .collect();
    page(
        items,
        has_next,
        has_previous,
        i64::try_from(total).unwrap_or(i64::MAX),
    )
}
