//! The tenant directory: the whole tree held in memory (a province tree has at most a few
//! thousand nodes), so subtree scopes and code look-ups cost no query. Reloaded after changes.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};

use super::model::Model;
use super::repo;
use crate::auth::{Caller, Role, TenantScope};
use crate::error::{ApiError, ApiResult};

/// Tenant settings stored as JSON: office hours, cut-off, contact and branding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TenantSettings {
    /// Office address.
    pub address: String,
    /// Hotline number.
    pub hotline: String,
    /// Contact email.
    pub email: String,
    /// Office sessions as "HH:MM-HH:MM" (empty = the national default).
    pub office_hours: Vec<String>,
    /// Receiving cut-off "HH:MM" for same-day procedures (empty = 15:00).
    pub cutoff: String,
    /// Accent colour for the web app (CSS hex).
    pub brand_color: String,
    /// NAPAS BIN (6 digits) of the bank holding the collecting account, for VietQR payments
    /// (empty = use the nearest ancestor's account).
    pub bank_bin: String,
    /// The collecting account number (ASCII letters and digits).
    pub bank_account: String,
    /// The account holder's name as the bank shows it.
    pub account_name: String,
}

/// A tenant as the rest of the backend sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct TenantNode {
    /// Internal id.
    pub id: i64,
    /// Public code.
    pub code: String,
    /// Name.
    pub name: String,
    /// PROVINCE | DISTRICT | COMMUNE | AGENCY.
    pub level: String,
    /// Parent id.
    pub parent_id: Option<i64>,
    /// Parent code.
    pub parent_code: Option<String>,
    /// Official unit code.
    pub admin_unit_code: Option<String>,
    /// Valid from.
    pub valid_from: Option<chrono::NaiveDate>,
    /// Valid to.
    pub valid_to: Option<chrono::NaiveDate>,
    /// Settings.
    pub settings: TenantSettings,
}

impl TenantNode {
    /// Whether the unit still exists on `day`.
    pub fn is_open_on(&self, day: chrono::NaiveDate) -> bool {
        self.valid_to.is_none_or(|to| day <= to) && self.valid_from.is_none_or(|from| day >= from)
    }
}

#[derive(Default)]
struct Tree {
    nodes: Vec<Arc<TenantNode>>,
    by_id: HashMap<i64, Arc<TenantNode>>,
    by_code: HashMap<String, Arc<TenantNode>>,
    children: HashMap<i64, Vec<i64>>,
}

/// The in-memory tenant tree, shared by all requests.
#[derive(Clone, Default)]
pub struct TenantDirectory {
    tree: Arc<RwLock<Arc<Tree>>>,
}

impl TenantDirectory {
    /// Loads the tree from the database.
    pub async fn load(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let dir = Self::default();
        dir.reload(db).await?;
        Ok(dir)
    }

    /// Re-reads the tree (after tenants are added or moved).
    pub async fn reload(&self, db: &DatabaseConnection) -> anyhow::Result<()> {
        let rows = repo::all(db).await?;
        let tree = Arc::new(build(rows));
        match self.tree.write() {
            Ok(mut guard) => *guard = tree,
            Err(poisoned) => *poisoned.into_inner() = tree,
        }
        Ok(())
    }

    fn snapshot(&self) -> Arc<Tree> {
        match self.tree.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Every tenant ordered by code.
    pub fn all(&self) -> Vec<Arc<TenantNode>> {
        self.snapshot().nodes.clone()
    }

    /// Number of tenants.
    pub fn len(&self) -> usize {
        self.snapshot().nodes.len()
    }

    /// Whether there are no tenants yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A tenant by code.
    pub fn by_code(&self, code: &str) -> Option<Arc<TenantNode>> {
        self.snapshot().by_code.get(code).cloned()
    }

    /// A tenant by id.
    pub fn by_id(&self, id: i64) -> Option<Arc<TenantNode>> {
        self.snapshot().by_id.get(&id).cloned()
    }

    /// Direct children, ordered by code.
    pub fn children(&self, id: i64) -> Vec<Arc<TenantNode>> {
        let tree = self.snapshot();
        tree.children
            .get(&id)
            .map(|ids| {
                ids.iter()
                    .filter_map(|c| tree.by_id.get(c).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The tenant and everything below it.
    pub fn subtree(&self, id: i64) -> Vec<i64> {
        let tree = self.snapshot();
        let mut out = vec![id];
        let mut i = 0;
        while let Some(current) = out.get(i).copied() {
            if let Some(kids) = tree.children.get(&current) {
                out.extend(kids.iter().copied());
            }
            i += 1;
            if out.len() > 1_000_000 {
                break;
            }
        }
        out
    }

    /// Every tenant id.
    pub fn all_ids(&self) -> Vec<i64> {
        self.snapshot().nodes.iter().map(|n| n.id).collect()
    }

    /// The scope of the public subtree of a code (statistics, catalogue).
    pub fn public_scope(&self, code: &str) -> ApiResult<(Arc<TenantNode>, TenantScope)> {
        let node = self
            .by_code(code)
            .ok_or_else(|| ApiError::NotFound(format!("No unit has the code `{code}`.")))?;
        let scope = TenantScope::of(self.subtree(node.id));
        Ok((node, scope))
    }

    /// The tenants a signed-in caller may read: province admins their province's subtree;
    /// other staff their own tenant; citizens every tenant (their queries are further limited to
    /// their own dossiers by the service); anonymous callers nothing.
    pub fn read_scope(&self, caller: &Caller) -> TenantScope {
        match caller {
            Caller::Anonymous => TenantScope::none(),
            Caller::Person {
                role: Role::Citizen,
                ..
            } => TenantScope::of(self.all_ids()),
            Caller::Person {
                role: Role::ProvinceAdmin,
                tenant_id: Some(t),
                ..
            } => TenantScope::of(self.subtree(*t)),
            Caller::Person {
                tenant_id: Some(t), ..
            } => TenantScope::of([*t]),
            Caller::Person {
                tenant_id: None, ..
            } => TenantScope::none(),
        }
    }
}

fn build(rows: Vec<Model>) -> Tree {
    let mut tree = Tree::default();
    let codes: HashMap<i64, String> = rows.iter().map(|r| (r.id, r.code.clone())).collect();
    for r in rows {
        let settings: TenantSettings =
            serde_json::from_value(r.settings.clone()).unwrap_or_default();
        let node = Arc::new(TenantNode {
            id: r.id,
            parent_code: r.parent_id.and_then(|p| codes.get(&p).cloned()),
            code: r.code,
            name: r.name,
            level: r.level,
            parent_id: r.parent_id,
            admin_unit_code: r.admin_unit_code,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            settings,
        });
        if let Some(p) = node.parent_id {
            tree.children.entry(p).or_default().push(node.id);
        }
        tree.by_id.insert(node.id, node.clone());
        tree.by_code.insert(node.code.clone(), node.clone());
        tree.nodes.push(node);
    }
    tree.nodes.sort_by(|a, b| a.code.cmp(&b.code));
    for kids in tree.children.values_mut() {
        kids.sort_by(|a, b| {
            let ca = codes.get(a).map(String::as_str).unwrap_or_default();
            let cb = codes.get(b).map(String::as_str).unwrap_or_default();
            ca.cmp(cb)
        });
    }
    tree
}
