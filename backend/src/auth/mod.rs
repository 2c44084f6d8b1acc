//! Who is calling (`Caller`), what they may do (`Role`, `permit`), how they prove it (passwords,
//! access and refresh tokens) and which tenants their queries reach (`TenantScope`).

pub mod caller;
pub mod identity;
pub mod password;
pub mod scope;
pub mod tokens;

pub use caller::{Caller, Role};
pub use scope::TenantScope;
