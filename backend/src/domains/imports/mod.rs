//! Historical dossier import (CONTRACT "Import format"): the streaming CSV reader (`parse`),
//! the all-or-nothing load (`service`, `repo`) shared by `motcua import dossiers` and the
//! `importDossiers` mutation (`graphql`).

pub mod graphql;
pub mod parse;
pub mod repo;
pub mod service;
