//! One file per route (see `app.rs`).

pub mod home;
pub mod not_found;
