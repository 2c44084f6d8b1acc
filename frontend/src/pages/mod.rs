//! One file per route (see `app.rs`).

pub mod dossier;
pub mod home;
pub mod my_dossiers;
pub mod not_found;
pub mod procedure;
pub mod sign_in;
pub mod submit;
pub mod track;
