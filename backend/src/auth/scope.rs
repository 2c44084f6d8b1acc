//! `TenantScope`: the one place that adds the tenant filter to queries on tenant-owned tables,
//! and that opens transactions carrying the same tenant ids for PostgreSQL row-level security.
//! Repos build every select/update/delete on a tenant-owned entity from a scope; a scope with no
//! tenants matches nothing (fail closed).

use std::sync::Arc;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    DeleteMany, EntityTrait, QueryFilter, Select, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait, UpdateMany,
};

use crate::domains::dossiers::model::{counter, dossier, event, file};
use crate::domains::notifications::model::outbox;
use crate::domains::payments::model as payments;
use crate::domains::procedures::model::assignment;
use crate::domains::workflow::model as workflow;

/// An entity whose rows belong to exactly one tenant.
pub trait TenantOwned: EntityTrait {
    /// The `tenant_id` column.
    fn tenant_column() -> Self::Column;
}

impl TenantOwned for dossier::Entity {
    fn tenant_column() -> Self::Column {
        dossier::Column::TenantId
    }
}
impl TenantOwned for event::Entity {
    fn tenant_column() -> Self::Column {
        event::Column::TenantId
    }
}
impl TenantOwned for counter::Entity {
    fn tenant_column() -> Self::Column {
        counter::Column::TenantId
    }
}
impl TenantOwned for file::Entity {
    fn tenant_column() -> Self::Column {
        file::Column::TenantId
    }
}
impl TenantOwned for outbox::Entity {
    fn tenant_column() -> Self::Column {
        outbox::Column::TenantId
    }
}
impl TenantOwned for payments::payment::Entity {
    fn tenant_column() -> Self::Column {
        payments::payment::Column::TenantId
    }
}
impl TenantOwned for payments::review::Entity {
    fn tenant_column() -> Self::Column {
        payments::review::Column::TenantId
    }
}
impl TenantOwned for assignment::Entity {
    fn tenant_column() -> Self::Column {
        assignment::Column::TenantId
    }
}
impl TenantOwned for workflow::document::Entity {
    fn tenant_column() -> Self::Column {
        workflow::document::Column::TenantId
    }
}
impl TenantOwned for workflow::audit_entry::Entity {
    fn tenant_column() -> Self::Column {
        workflow::audit_entry::Column::TenantId
    }
}

/// An entity that belongs to no tenant (the tenant tree, accounts, the national catalogue and
/// calendar). Only these may be queried without a scope.
pub trait GlobalEntity: EntityTrait {}

impl GlobalEntity for crate::domains::tenants::model::Entity {}
impl GlobalEntity for crate::domains::accounts::model::user::Entity {}
impl GlobalEntity for crate::domains::accounts::model::refresh_token::Entity {}
impl GlobalEntity for crate::domains::procedures::model::procedure::Entity {}
impl GlobalEntity for crate::domains::procedures::model::calendar_day::Entity {}
/// Reference → tenant map, read by webhooks before the tenant is known (no personal data).
impl GlobalEntity for payments::reference::Entity {}
/// Webhook idempotency/audit record; its tenant may be unknown (unknown references).
impl GlobalEntity for payments::notification::Entity {}

/// `SELECT` on a global (not tenant-owned) entity.
#[expect(
    clippy::disallowed_methods,
    reason = "global entities have no tenant filter"
)]
pub fn global<E: GlobalEntity>() -> Select<E> {
    E::find()
}

/// The tenants a piece of work may touch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantScope {
    tenants: Arc<[i64]>,
}

impl TenantScope {
    /// A scope over the given tenant ids.
    pub fn of(ids: impl IntoIterator<Item = i64>) -> Self {
        let mut v: Vec<i64> = ids.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        Self { tenants: v.into() }
    }

    /// A scope that sees nothing.
    pub fn none() -> Self {
        Self::of([])
    }

    /// The tenant ids.
    pub fn ids(&self) -> &[i64] {
        &self.tenants
    }

    /// Whether the scope includes this tenant.
    pub fn contains(&self, tenant_id: i64) -> bool {
        self.tenants.binary_search(&tenant_id).is_ok()
    }

    /// Narrows to one tenant when it is inside the scope, else to nothing.
    pub fn narrow(&self, tenant_id: i64) -> Self {
        if self.contains(tenant_id) {
            Self {
                tenants: vec![tenant_id].into(),
            }
        } else {
            Self::none()
        }
    }

    /// Narrows to the intersection with the given ids.
    pub fn intersect(&self, ids: &[i64]) -> Self {
        Self {
            tenants: ids
                .iter()
                .copied()
                .filter(|id| self.contains(*id))
                .collect::<Vec<_>>()
                .into(),
        }
    }

    /// `SELECT … WHERE tenant_id IN (scope)`.
    #[expect(
        clippy::disallowed_methods,
        reason = "the one place allowed to call find()"
    )]
    pub fn select<E: TenantOwned>(&self) -> Select<E> {
        E::find().filter(self.condition::<E>())
    }

    /// `UPDATE … WHERE tenant_id IN (scope)`.
    pub fn update_many<E: TenantOwned>(&self) -> UpdateMany<E> {
        E::update_many().filter(self.condition::<E>())
    }

    /// `DELETE … WHERE tenant_id IN (scope)`.
    pub fn delete_many<E: TenantOwned>(&self) -> DeleteMany<E> {
        E::delete_many().filter(self.condition::<E>())
    }

    fn condition<E: TenantOwned>(&self) -> sea_orm::Condition {
        if self.tenants.is_empty() {
            // Matches nothing, on every backend.
            sea_orm::Condition::all().add(Expr::cust("1 = 0"))
        } else {
            sea_orm::Condition::all().add(E::tenant_column().is_in(self.tenants.iter().copied()))
        }
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN`
    /// (`IMMEDIATE`), so concurrent writers queue on the busy timeout instead of failing when a
    /// read inside the transaction is upgraded to a write.
    pub async fn begin_write(&self, db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
        let txn = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        self.apply(db.get_database_backend(), &txn).await?;
        Ok(txn)
    }

    /// Begins a transaction carrying this scope. On PostgreSQL it sets the transaction-local
    /// settings the row-level-security policies read.
    pub async fn begin(&self, db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
        let txn = db.begin().await?;
        self.apply(db.get_database_backend(), &txn).await?;
        Ok(txn)
    }

    /// Sets the row-level-security setting inside a transaction (PostgreSQL only).
    async fn apply(&self, backend: DbBackend, txn: &DatabaseTransaction) -> Result<(), DbErr> {
        if backend == DbBackend::Postgres {
            let ids = self
                .tenants
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT set_config('motcua.tenant_ids', $1, true)",
                [ids.into()],
            ))
            .await?;
        }
        Ok(())
    }
}
