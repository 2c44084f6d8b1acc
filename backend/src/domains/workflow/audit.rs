//! The audit log: one append-only chain per tenant. Each entry's hash is
//! `SHA-256(prev_hash ‖ "\n" ‖ canonical row)`, where the canonical row is the JSON array
//! `[tenant_id, seq, at, actor, action, dossier_id, detail]` with `at` in RFC 3339 UTC at
//! microsecond precision and `detail` the stored JSON text itself. Editing any column of any
//! entry, deleting an entry in the middle, or reordering entries breaks the chain, which
//! `motcua audit verify` ([`verify_all`]) reports. (Truncating the newest entries leaves a
//! valid shorter chain; anchoring the head hash outside the database is left to operators.)
//!
//! Appends are serialised per tenant inside the writing transaction: on PostgreSQL by a
//! transaction-scoped advisory lock keyed by the tenant, on SQLite by the write transaction.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::model::audit_entry;
use super::repo;
use crate::auth::TenantScope;
use crate::state::AppState;

/// `prev_hash` of a tenant's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What to append.
pub struct NewEntry<'a> {
    /// Tenant whose chain it joins.
    pub tenant_id: i64,
    /// When (truncated to microseconds by [`append`]).
    pub at: DateTime<Utc>,
    /// Account id of the actor, or `system`.
    pub actor: String,
    /// What was done, e.g. `dossier.transition`.
    pub action: &'a str,
    /// The dossier concerned.
    pub dossier_id: Option<Uuid>,
    /// Details without personal data (serialised once; those bytes are hashed and stored).
    pub detail: serde_json::Value,
}

/// The timestamp as hashed.
fn canonical_at(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The canonical text of an entry (everything but the hashes).
pub fn canonical(e: &audit_entry::Model) -> String {
    serde_json::json!([
        e.tenant_id,
        e.seq,
        canonical_at(e.at),
        e.actor,
        e.action,
        e.dossier_id.map(|d| d.to_string()),
        e.detail,
    ])
    .to_string()
}

/// The hash of an entry given its predecessor's.
pub fn entry_hash(prev_hash: &str, e: &audit_entry::Model) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical(e).as_bytes());
    hex::encode(h.finalize())
}

/// Appends an entry to its tenant's chain inside the caller's (write) transaction.
pub async fn append(
    db: &impl ConnectionTrait,
    entry: NewEntry<'_>,
) -> Result<audit_entry::Model, DbErr> {
    use chrono::SubsecRound;
    let scope = TenantScope::of([entry.tenant_id]);
    repo::lock_audit_chain(db, entry.tenant_id).await?;
    let last = repo::last_audit_entry(db, &scope).await?;
    let (seq, prev_hash) = match last {
        Some(l) => (l.seq + 1, l.hash),
        None => (1, GENESIS.to_string()),
    };
    let mut row = audit_entry::Model {
        tenant_id: entry.tenant_id,
        seq,
        at: entry.at.trunc_subsecs(6),
        actor: entry.actor,
        action: entry.action.to_string(),
        dossier_id: entry.dossier_id,
        detail: entry.detail.to_string(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = entry_hash(&row.prev_hash, &row);
    repo::insert_audit_entry(db, row.clone()).await?;
    Ok(row)
}

/// Why an entry fails verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Break {
    /// The entry's position is not the next one: an entry before it was deleted.
    Gap {
        /// The seq that should have come.
        expected: i64,
    },
    /// `prev_hash` does not match the previous entry's hash.
    PrevHash,
    /// The stored hash does not match the entry's content: it was edited.
    Hash,
}

/// The first broken entry of one tenant's chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenEntry {
    /// Tenant code.
    pub tenant_code: String,
    /// The entry's seq.
    pub seq: i64,
    /// What is wrong.
    pub problem: Break,
}

impl std::fmt::Display for BrokenEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.problem {
            Break::Gap { expected } => {
                format!(
                    "entry {expected} is missing (the next entry found is {})",
                    self.seq
                )
            }
            Break::PrevHash => format!("entry {} does not follow the entry before it", self.seq),
            Break::Hash => format!("entry {} was changed after it was written", self.seq),
        };
        write!(f, "tenant {}: {what}", self.tenant_code)
    }
}

/// Outcome of verifying every chain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Entries checked (up to the first break of each tenant).
    pub entries: u64,
    /// The first broken entry of each tenant whose chain is broken.
    pub broken: Vec<BrokenEntry>,
}

/// Checks one tenant's entries, in seq order, from `state` on; returns the first break.
fn check(
    rows: &[audit_entry::Model],
    expected_seq: &mut i64,
    prev: &mut String,
    entries: &mut u64,
) -> Option<(i64, Break)> {
    for r in rows {
        if r.seq != *expected_seq {
            return Some((
                r.seq,
                Break::Gap {
                    expected: *expected_seq,
                },
            ));
        }
        if r.prev_hash != *prev {
            return Some((r.seq, Break::PrevHash));
        }
        if entry_hash(&r.prev_hash, r) != r.hash {
            return Some((r.seq, Break::Hash));
        }
        *entries += 1;
        *expected_seq += 1;
        prev.clone_from(&r.hash);
    }
    None
}

/// Verifies the chain of every tenant (`motcua audit verify`).
pub async fn verify_all(state: &AppState) -> anyhow::Result<VerifyReport> {
    const PAGE: u64 = 1000;
    let mut report = VerifyReport::default();
    for tenant in state.tenants.all() {
        let scope = TenantScope::of([tenant.id]);
        let txn = scope.begin(&state.db).await?;
        let mut expected = 1i64;
        let mut prev = GENESIS.to_string();
        let mut after = 0i64;
        loop {
            let rows = repo::audit_page(&txn, &scope, after, PAGE).await?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            if let Some((seq, problem)) =
                check(&rows, &mut expected, &mut prev, &mut report.entries)
            {
                report.broken.push(BrokenEntry {
                    tenant_code: tenant.code.clone(),
                    seq,
                    problem,
                });
                break;
            }
            if (rows.len() as u64) < PAGE {
                break;
            }
        }
        txn.commit().await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry(seq: i64, prev: &str) -> audit_entry::Model {
        let mut e = audit_entry::Model {
            tenant_id: 7,
            seq,
            at: Utc.with_ymd_and_hms(2026, 11, 23, 1, 2, 3).unwrap()
                + chrono::Duration::microseconds(456),
            actor: "system".into(),
            action: "dossier.transition".into(),
            dossier_id: None,
            detail: r#"{"action":"ACCEPT"}"#.into(),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = entry_hash(prev, &e);
        e
    }

    fn chain(n: i64) -> Vec<audit_entry::Model> {
        let mut out: Vec<audit_entry::Model> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map_or(GENESIS.to_string(), |e| e.hash.clone());
            out.push(entry(seq, &prev));
        }
        out
    }

    fn run(rows: &[audit_entry::Model]) -> (u64, Option<(i64, Break)>) {
        let (mut expected, mut prev, mut n) = (1, GENESIS.to_string(), 0);
        let broken = check(rows, &mut expected, &mut prev, &mut n);
        (n, broken)
    }

    #[test]
    fn canonical_text_is_stable_and_precise_to_the_microsecond() {
        let e = entry(1, GENESIS);
        assert_eq!(
            canonical(&e),
            r#"[7,1,"2026-11-23T01:02:03.000456Z","system","dossier.transition",null,"{\"action\":\"ACCEPT\"}"]"#
        );
        assert_eq!(e.hash.len(), 64);
    }

    #[test]
    fn an_intact_chain_verifies_and_any_edit_or_deletion_is_found() {
        let rows = chain(5);
        assert_eq!(run(&rows), (5, None));

        let mut edited = rows.clone();
        edited[2].detail = r#"{"action":"REFUSE"}"#.into();
        assert_eq!(run(&edited), (2, Some((3, Break::Hash))));

        let mut rehashed = rows.clone();
        rehashed[2].actor = "someone".into();
        rehashed[2].hash = entry_hash(&rehashed[2].prev_hash, &rehashed[2]);
        assert_eq!(run(&rehashed), (3, Some((4, Break::PrevHash))));

        let mut deleted = rows.clone();
        deleted.remove(1);
        assert_eq!(run(&deleted), (1, Some((3, Break::Gap { expected: 2 }))));
    }
}
