//! Reusable pieces of the page.

pub mod error_view;
pub mod footer;
pub mod header;
pub mod procedure_search;
pub mod unit_directory;
