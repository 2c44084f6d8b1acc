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
        /// `received_at` as an Asia/Ho_Chi_Minh date (statistics); fill with [`vn_days`].
        pub received_day: Option<Date>,
        /// `due_at` as an Asia/Ho_Chi_Minh date (early / on time / late); fill with [`vn_days`].
        pub due_day: Option<Date>,
        /// `finished_at` as an Asia/Ho_Chi_Minh date (statistics); fill with [`vn_days`].
        pub finished_day: Option<Date>,
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
        /// The specialist handling it (staff account), once assigned.
        pub assigned_to: Option<Uuid>,
        /// Step within IN_PROGRESS (`shared::lifecycle::Step`); null otherwise.
        pub current_step: Option<String>,
        /// Start of the open supplement pause (clock paused since); null when not paused.
        pub pause_started_at: Option<DateTimeUtc>,
        /// Working seconds of every closed pause so far (due_at already includes them).
        pub paused_seconds: i64,
        /// Supplement requests made during processing (a second one counts late).
        pub supplement_count: i32,
        /// Verification code of the issued result.
        pub result_code: Option<String>,
        /// How the result was returned: COUNTER | POST | ELECTRONIC.
        pub return_channel: Option<String>,
        /// Postal tracking number of a result sent by post.
        pub postal_tracking_number: Option<String>,
        /// Created.
        pub created_at: DateTimeUtc,
        /// Updated.
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    /// The Asia/Ho_Chi_Minh calendar dates stored beside the three instants statistics read
    /// (`received_day`, `due_day`, `finished_day`), so every statistic is a plain `DATE`
    /// comparison that behaves the same on SQLite and PostgreSQL.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct VnDays {
        /// Date of `received_at`.
        pub received_day: Option<Date>,
        /// Date of `due_at`.
        pub due_day: Option<Date>,
        /// Date of `finished_at`.
        pub finished_day: Option<Date>,
    }

    /// The local dates of `received_at`, `due_at` and `finished_at`. Every write that sets or
    /// changes one of these instants (insert, acceptance, supplement pause, finishing) must
    /// store the matching `*_day` column from here too.
    pub fn vn_days(
        received_at: Option<DateTimeUtc>,
        due_at: Option<DateTimeUtc>,
        finished_at: Option<DateTimeUtc>,
    ) -> VnDays {
        VnDays {
            received_day: received_at.map(shared::time::vn_date),
            due_day: due_at.map(shared::time::vn_date),
            finished_day: finished_at.map(shared::time::vn_date),
        }
    }
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

/// A file attached to a dossier (a scanned or uploaded component).
pub mod file {
    use sea_orm::entity::prelude::*;

    /// A file row; the bytes live in the file store under `storage_key`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "dossier_files")]
    pub struct Model {
        /// Tenant of the dossier.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Dossier.
        pub dossier_id: Uuid,
        /// Which dossier component it is (the procedure's document name).
        pub component: String,
        /// File name as uploaded (sanitised).
        pub file_name: String,
        /// Sniffed MIME type.
        pub content_type: String,
        /// Size in bytes.
        pub size_bytes: i64,
        /// SHA-256 of the content, hex.
        pub sha256: String,
        /// Where the file store keeps it.
        pub storage_key: String,
        /// Who uploaded it.
        pub uploaded_by: Option<Uuid>,
        /// When.
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
