//! Pure motcua domain logic shared by the backend and the web app: no I/O, builds for wasm32.
//!
//! Everything here is deterministic and side-effect free, so the browser and the server
//! validate, compute deadlines and format codes identically.

#![warn(missing_docs)]

/// Working-day calendar, deadlines, pauses and early / on time / late.
pub mod calendar;
/// Dossier codes `{tenantCode}-{YYMMDD}-{NNNN}`.
pub mod dossier_code;
/// The fixed table of API error codes.
pub mod error_code;
/// Procedure form fields declared as data, and their validation.
pub mod form;
/// The dossier lifecycle: statuses, stages, actions, the transitions table and its roles.
pub mod lifecycle;
/// Tenant codes and levels.
pub mod tenant;
/// Accent-insensitive Vietnamese text folding for search.
pub mod text;
/// Asia/Ho_Chi_Minh (UTC+7) date and time helpers.
pub mod time;
/// What an uploaded file really is (PDF, JPEG, PNG only).
pub mod upload;
/// Validated input values: email, phone, password, name, personal id, login.
pub mod validation;
/// VietQR bank-transfer payloads with CRC.
pub mod vietqr;

pub use calendar::{
    CalendarDay, CalendarError, DayKind, OfficeHours, OfficeHoursError, TimeLimit, TimeLimitUnit,
    Timeliness, WorkingCalendar, classify,
};
pub use dossier_code::{DossierCode, DossierCodeError};
pub use error_code::{ErrorCode, UnknownErrorCode};
pub use form::{
    DefError, FieldDef, FieldError, FieldKind, FieldProblem, validate_defs, validate_form,
};
pub use lifecycle::{
    Action, Actor, ClockEffect, DocumentKind, DossierStatus, IllegalTransition, ReturnChannel,
    Stage, Step, Transition,
};
pub use tenant::{TenantCode, TenantCodeError, TenantLevel};
pub use text::{fold_vietnamese, matches_search};
pub use time::{vn_date, vn_offset};
pub use validation::{
    Email, EmailError, LoginId, LoginIdError, Password, PasswordError, PersonName, PersonNameError,
    PersonalId, PersonalIdError, PhoneError, PhoneNumber,
};
pub use vietqr::{Service, VietQr, VietQrError, crc16_ccitt_false};
