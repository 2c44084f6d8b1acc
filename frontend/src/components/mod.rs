//! Reusable pieces of the page.

pub mod error_view;
pub mod footer;
pub mod form_field;
pub mod header;
pub mod load;
pub mod payment_panel;
pub mod procedure_search;
pub mod status;
pub mod unit_directory;
pub mod unit_picker;
pub mod wizard;
