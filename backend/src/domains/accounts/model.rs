//! Accounts (`users`) and their refresh tokens (`refresh_tokens`).

/// The `users` table: citizens, staff and administrators.
pub mod user {
    use sea_orm::entity::prelude::*;

    /// A user row. `password_hash` and `personal_id` never reach the API as such.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        /// Id (UUID v7).
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Normalised email, if registered with one.
        pub email: Option<String>,
        /// Normalised phone (+84…), if registered with one.
        pub phone: Option<String>,
        /// argon2id PHC string.
        pub password_hash: String,
        /// Display name.
        pub full_name: String,
        /// Role (snake_case, see `auth::Role`).
        pub role: String,
        /// Home tenant of staff; the province of a province admin; none for citizens.
        pub tenant_id: Option<i64>,
        /// LOCAL | VNEID_L1 | VNEID_L2.
        pub assurance_level: String,
        /// 12-digit personal identification number (sensitive).
        pub personal_id: Option<String>,
        /// Disabled accounts cannot sign in.
        pub disabled: bool,
        /// Creation time.
        pub created_at: DateTimeUtc,
        /// Last successful sign-in.
        pub last_login_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `refresh_tokens` table: hashed, single-use, grouped in rotation families.
pub mod refresh_token {
    use sea_orm::entity::prelude::*;

    /// A refresh-token row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "refresh_tokens")]
    pub struct Model {
        /// Token id (the part before the dot in the token string).
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Owner.
        pub user_id: Uuid,
        /// Rotation family: reuse of any used member revokes them all.
        pub family_id: Uuid,
        /// SHA-256 of the secret part, hex.
        pub token_hash: String,
        /// Issued.
        pub created_at: DateTimeUtc,
        /// Expiry.
        pub expires_at: DateTimeUtc,
        /// When it was exchanged for a new one.
        pub used_at: Option<DateTimeUtc>,
        /// When it (or its family) was revoked.
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
