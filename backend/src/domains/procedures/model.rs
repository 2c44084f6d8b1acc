//! The national procedure catalogue (`procedures`), per-tenant assignments
//! (`procedure_assignments`, tenant-owned) and the working calendar (`calendar_days`).

/// A procedure of the national (or provincial) catalogue.
pub mod procedure {
    use sea_orm::entity::prelude::*;

    /// A procedure row.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "procedures")]
    pub struct Model {
        /// Id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// National code, e.g. `1.001193`.
        pub code: String,
        /// Vietnamese name.
        pub name: String,
        /// English name.
        pub name_en: String,
        /// Field (lĩnh vực).
        pub field: String,
        /// Implementing level.
        pub level: String,
        /// FULL | PARTIAL | NONE.
        pub online_level: String,
        /// SAME_DAY | WORKING_HOURS | WORKING_DAYS | CALENDAR_DAYS.
        pub time_limit_unit: String,
        /// Amount in that unit.
        pub time_limit_value: i32,
        /// Time limit as published.
        pub time_limit_note: String,
        /// Legal basis.
        pub legal_basis: String,
        /// Result document.
        pub result: String,
        /// Inter-agency (liên thông).
        pub inter_agency: bool,
        /// Accepted regardless of residence (phi địa giới).
        pub non_territorial: bool,
        /// Fee note as published.
        pub fee_note: String,
        /// Fee rules (JSON list).
        pub fees: Json,
        /// Dossier components (JSON list).
        pub documents: Json,
        /// Form fields (JSON list of `shared::form::FieldDef`).
        pub form: Json,
        /// Accent-folded name, code and field for search.
        pub search_key: String,
        /// Province (or tenant, for imported procedures) that owns a local entry.
        pub owner_tenant_id: Option<i64>,
        /// ACTIVE | IMPORTED | REPEALED.
        pub status: String,
        /// Created.
        pub created_at: DateTimeUtc,
        /// Updated.
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Which procedures a tenant offers (tenant-owned; RLS on PostgreSQL).
pub mod assignment {
    use sea_orm::entity::prelude::*;

    /// An assignment row.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "procedure_assignments")]
    pub struct Model {
        /// Tenant.
        #[sea_orm(primary_key, auto_increment = false)]
        pub tenant_id: i64,
        /// Procedure.
        #[sea_orm(primary_key, auto_increment = false)]
        pub procedure_id: Uuid,
        /// Accepting dossiers.
        pub enabled: bool,
        /// Receiving department.
        pub department: String,
        /// Tenant override of the fee note ("" = none).
        pub fee_note: String,
        /// Last change.
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Holidays, compensatory days, swapped days and make-up working days, per year and scope.
pub mod calendar_day {
    use sea_orm::entity::prelude::*;

    /// A calendar row; `scope_tenant_id` 0 is the national calendar.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "calendar_days")]
    pub struct Model {
        /// 0 = national; otherwise a province's override.
        #[sea_orm(primary_key, auto_increment = false)]
        pub scope_tenant_id: i64,
        /// The day.
        #[sea_orm(primary_key, auto_increment = false)]
        pub day: Date,
        /// HOLIDAY | COMPENSATORY | SWAPPED_OFF | MAKEUP_WORKDAY.
        pub kind: String,
        /// Label.
        pub label: String,
        /// Legal source.
        pub source: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
