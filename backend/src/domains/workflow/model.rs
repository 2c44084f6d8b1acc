//! Generated documents (`dossier_documents`) and the audit log (`audit_log`); both tenant-owned.

/// A document a transition produced (forms 01–07, the result, notices).
pub mod document {
    use sea_orm::entity::prelude::*;

    /// A document row; `body` is the rendered HTML as issued (never re-rendered).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "dossier_documents")]
    pub struct Model {
        /// Tenant of the dossier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Id (UUID v7).
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Dossier.
        pub dossier_id: Uuid,
        /// The timeline step that produced it.
        pub event_id: Option<Uuid>,
        /// `shared::lifecycle::DocumentKind` storage name (FORM01 … RESULT).
        pub kind: String,
        /// Number, unique per tenant: `{dossier code}/{kind}-{n}`.
        pub number: String,
        /// Title as printed.
        pub title: String,
        /// MIME type of `body` (`text/html; charset=utf-8`).
        pub content_type: String,
        /// The document.
        pub body: String,
        /// SHA-256 of `body`, hex.
        pub sha256: String,
        /// Issued.
        pub created_at: DateTimeUtc,
        /// Issued by (staff or citizen account; none for the system).
        pub created_by: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One entry of a tenant's append-only, hash-chained audit log.
pub mod audit_entry {
    use sea_orm::entity::prelude::*;

    /// An audit row. `detail` is canonical JSON text with no personal data; `hash` is
    /// SHA-256(`prev_hash` ‖ canonical row), see `workflow::audit`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        /// Tenant whose chain this is.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Position in the tenant's chain, from 1, without gaps.
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        /// When (microsecond precision).
        pub at: DateTimeUtc,
        /// Account id of who acted, or `system`.
        pub actor: String,
        /// What was done, e.g. `dossier.transition`.
        pub action: String,
        /// The dossier concerned.
        pub dossier_id: Option<Uuid>,
        /// Canonical JSON text (the exact bytes hashed).
        pub detail: String,
        /// Hash of the previous entry (64 zeros for the first).
        pub prev_hash: String,
        /// This entry's hash.
        pub hash: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
