//! The caller of a request, built once from the `Authorization` header. A present but bad
//! credential is an error (UNAUTHENTICATED), never silently anonymous.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// A role (CONTRACT: staff roles for `motcua user create --role`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, async_graphql::Enum)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// A citizen or business with a local (or, later, VNeID) account.
    Citizen,
    /// One-stop officer: receives and returns dossiers (cán bộ một cửa).
    ReceptionOfficer,
    /// Handling officer (chuyên viên thụ lý).
    Specialist,
    /// Approves and signs (lãnh đạo).
    Leader,
    /// Administers one tenant: procedures, calendar, staff.
    TenantAdmin,
    /// Administers a province and sees its whole subtree.
    ProvinceAdmin,
}

impl Role {
    /// Every role, in order.
    pub const ALL: [Role; 6] = [
        Role::Citizen,
        Role::ReceptionOfficer,
        Role::Specialist,
        Role::Leader,
        Role::TenantAdmin,
        Role::ProvinceAdmin,
    ];

    /// The snake_case name used in storage, tokens and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::ReceptionOfficer => "reception_officer",
            Role::Specialist => "specialist",
            Role::Leader => "leader",
            Role::TenantAdmin => "tenant_admin",
            Role::ProvinceAdmin => "province_admin",
        }
    }

    /// Staff work inside a tenant (everyone but citizens).
    pub fn is_staff(self) -> bool {
        self != Role::Citizen
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown role `{s}`; expected one of {}",
                    Role::ALL.map(Role::as_str).join(", ")
                )
            })
    }
}

/// Who is making a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// No credentials.
    Anonymous,
    /// A signed-in person.
    Person {
        /// Account id.
        user_id: Uuid,
        /// Role.
        role: Role,
        /// Home tenant (staff) or province (province admin).
        tenant_id: Option<i64>,
    },
}

impl Caller {
    /// The account id, if signed in.
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Caller::Person { user_id, .. } => Some(*user_id),
            Caller::Anonymous => None,
        }
    }

    /// A short key for per-account rate limits.
    pub fn rate_key(&self) -> Option<String> {
        self.user_id().map(|id| format!("acct:{id}"))
    }
}
