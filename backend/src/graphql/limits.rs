//! Query limits applied before execution: token count (before parsing), alias count (after
//! parsing), depth and complexity (async-graphql's validation). Every rejection carries
//! `QUERY_TOO_COMPLEX`; other parse and validation errors carry `BAD_USER_INPUT`.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use crate::config::QueryLimits;
use crate::error::{ErrorCode, coded};

/// The extension factory installed on the schema.
pub struct Limits(pub QueryLimits);

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension(self.0.clone()))
    }
}

struct LimitsExtension(QueryLimits);

#[async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let tokens = count_tokens(query, self.0.tokens + 1);
        if tokens > self.0.tokens {
            return Err(coded(
                ErrorCode::QueryTooComplex,
                format!("The query has more than {} tokens.", self.0.tokens),
            ));
        }
        let doc = next.run(ctx, query, variables).await.map_err(|mut e| {
            let code = if e.message.contains("ecursion") {
                ErrorCode::QueryTooComplex
            } else {
                ErrorCode::BadUserInput
            };
            set_code(&mut e, code);
            e
        })?;
        let aliases = count_aliases(&doc);
        if aliases > self.0.aliases {
            return Err(coded(
                ErrorCode::QueryTooComplex,
                format!(
                    "The query uses {aliases} aliases; at most {} are allowed.",
                    self.0.aliases
                ),
            ));
        }
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|mut e| {
                    let code = if is_limit_message(&e.message) {
                        ErrorCode::QueryTooComplex
                    } else {
                        ErrorCode::BadUserInput
                    };
                    set_code(&mut e, code);
                    e
                })
                .collect()
        })
    }
}

fn is_limit_message(m: &str) -> bool {
    m.contains("too complex") || m.contains("nested too deep") || m.contains("too many directives")
}

/// Sets `extensions.code` unless one is there already.
pub fn set_code(e: &mut ServerError, code: ErrorCode) {
    let ext = e.extensions.get_or_insert_with(Default::default);
    if ext.get("code").is_none() {
        ext.set("code", code.as_str());
    }
}

/// Counts GraphQL lexical tokens, stopping early at `stop` (cheap: no allocation).
pub fn count_tokens(query: &str, stop: usize) -> usize {
    let bytes = query.as_bytes();
    let mut i = 0;
    let mut n = 0;
    while i < bytes.len() && n < stop {
        let Some(&c) = bytes.get(i) else { break };
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes.get(i) != Some(&b'\n') {
                    i += 1;
                }
            }
            b'"' => {
                n += 1;
                i += 1;
                while i < bytes.len() {
                    match bytes.get(i) {
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
            }
            b'.' if bytes.get(i..i + 3) == Some(b"...") => {
                n += 1;
                i += 3;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
                n += 1;
                while i < bytes.len()
                    && bytes.get(i).is_some_and(|c| {
                        c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.' || *c == b'-'
                    })
                {
                    i += 1;
                }
            }
            _ => {
                n += 1;
                i += 1;
            }
        }
    }
    n
}

fn count_aliases(doc: &ExecutableDocument) -> usize {
    let mut n = 0;
    match &doc.operations {
        DocumentOperations::Single(op) => n += aliases_in(&op.node.selection_set.node),
        DocumentOperations::Multiple(ops) => {
            for op in ops.values() {
                n += aliases_in(&op.node.selection_set.node);
            }
        }
    }
    for f in doc.fragments.values() {
        n += aliases_in(&f.node.selection_set.node);
    }
    n
}

fn aliases_in(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|s| match &s.node {
            Selection::Field(f) => {
                usize::from(f.node.alias.is_some()) + aliases_in(&f.node.selection_set.node)
            }
            Selection::InlineFragment(f) => aliases_in(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_counted_like_a_lexer() {
        assert_eq!(count_tokens("{ a b }", 100), 4);
        assert_eq!(count_tokens("query Q($x: Int = 3) { f(x: $x) }", 100), 19);
        assert_eq!(count_tokens("{ a(s: \"x y \\\" z\") }", 100), 8);
        assert_eq!(count_tokens("# comment\n{ ...F }", 100), 4);
        assert_eq!(count_tokens(&"{a}".repeat(1000), 10), 10);
    }
}
