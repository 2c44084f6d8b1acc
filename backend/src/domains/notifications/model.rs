//! The `outbox` table (tenant-owned).

pub mod outbox {
    use sea_orm::entity::prelude::*;

    /// A notification waiting for (or past) delivery.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        /// Tenant it concerns.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// What happened, e.g. `dossier.submitted`.
        pub kind: String,
        /// The account to tell (in-app).
        pub recipient_user_id: Option<Uuid>,
        /// Email to tell, when known.
        pub recipient_email: Option<String>,
        /// Subject line (Vietnamese).
        pub subject: String,
        /// Body text (Vietnamese).
        pub body: String,
        /// Machine-readable details.
        pub payload: Json,
        /// Written.
        pub created_at: DateTimeUtc,
        /// Delivery attempts so far.
        pub attempts: i32,
        /// Next attempt not before.
        pub next_attempt_at: DateTimeUtc,
        /// Delivered.
        pub delivered_at: Option<DateTimeUtc>,
        /// Last delivery error (no personal data).
        pub last_error: Option<String>,
        /// Read in the app.
        pub read_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
