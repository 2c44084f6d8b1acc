//! Dossiers (`dossiers`), their timeline (`dossier_events`) and the daily code counters
//! (`dossier_counters`). All three are tenant-owned: keys lead with `tenant_id`.

/// A dossier (hồ sơ).
pub mod dossier {
    use sea_orm::entity::prelude::*;

    /// A dossier row. Personal data columns (`applicant_*`) are never logged.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "dossiers")]
    pub struct Model {
        /// Receiving tenant (code prefix).
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Id (UUID v7).
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// `{tenantCode}-{YYMMDD}-{NNNN}` (or an imported historical code).
        pub code: String,
        /// Procedure.
        pub procedure_id: Uuid,
        /// Competent tenant when it differs from the receiving one.
        pub handled_by_tenant_id: Option<i64>,
        /// Status (`DossierStatus`, SCREAMING_SNAKE_CASE).
        pub status: String,
        /// counter | online | postal.
        pub channel: String,
        /// The citizen's account, when submitted online.
        pub applicant_user_id: Option<Uuid>,
        /// Applicant's name.
        pub applicant_name: String,
        /// Applicant's personal id number (sensitive).
        pub applicant_personal_id: Option<String>,
        /// Applicant's phone (sensitive).
        pub applicant_phone: Option<String>,
        /// Applicant's email (sensitive).
        pub applicant_email: Option<String>,
        /// Applicant's address (sensitive).
        pub applicant_address: Option<String>,
        /// Form values.
        pub form_data: Json,
        /// When it first entered the tenant.
        pub submitted_at: DateTimeUtc,
        /// Acceptance instant (the clock starts here; CONTRACT `receivedAt`).
        pub received_at: Option<DateTimeUtc>,
        /// Due instant (moves only by supplement pauses).
        pub due_at: Option<DateTimeUtc>,
        /// Due instant as first computed.
        pub due_at_original: Option<DateTimeUtc>,
        /// New date promised in an apology (statistics keep `due_at`).
        pub rescheduled_to: Option<DateTimeUtc>,
        /// Resolved / stopped / withdrawn instant.
        pub finished_at: Option<DateTimeUtc>,
        /// Result handed over.
        pub returned_at: Option<DateTimeUtc>,
        /// Result sent by post.
        pub returned_by_post: bool,
        /// All components digitised.
        pub digitized: bool,
        /// Fee paid online.
        pub paid_online: bool,
        /// Fee in VND.
        pub fee_vnd: i64,
        /// SHA-256 of the tracking secret.
        pub tracking_secret_hash: Option<String>,
        /// Client idempotency key of the submission.
        pub idempotency_key: Option<String>,
        /// SHA-256 of the submission payload (detects a reused key with other content).
        pub request_hash: Option<String>,
        /// Came from a historical import.
        pub imported: bool,
        /// Optimistic-concurrency version.
        pub version: i32,
        /// Created.
        pub created_at: DateTimeUtc,
        /// Updated.
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One step of a dossier's timeline.
pub mod event {
    use sea_orm::entity::prelude::*;

    /// An event row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "dossier_events")]
    pub struct Model {
        /// Tenant of the dossier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Dossier.
        pub dossier_id: Uuid,
        /// When.
        pub at: DateTimeUtc,
        /// Who (none for the system or the public).
        pub actor_user_id: Option<Uuid>,
        /// Who, as shown.
        pub actor_name: String,
        /// Previous status.
        pub from_status: Option<String>,
        /// New status.
        pub to_status: String,
        /// Note.
        pub note: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The per-tenant, per-day counter behind gap-free dossier codes.
pub mod counter {
    use sea_orm::entity::prelude::*;

    /// A counter row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "dossier_counters")]
    pub struct Model {
        /// Tenant.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Day in Asia/Ho_Chi_Minh.
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: Date,
        /// Last number issued.
        pub last_seq: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
