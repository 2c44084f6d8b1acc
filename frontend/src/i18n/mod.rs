//! Every user-visible string of the web app. Vietnamese is the default;
//! English is a switch remembered in localStorage. Components read the
//! current table with `use_i18n().t()` inside a closure, so a switch
//! re-renders only the text.

mod en;
mod vi;

use leptos::prelude::*;
use shared::TimeLimitUnit;
use shared::form::FieldProblem;
use shared::upload::SniffError;

use crate::api::dossiers::DossierStatus;
use crate::api::{ApiError, ErrorCode};
use crate::browser;

const STORAGE_KEY: &str = "motcua.locale";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    /// The BCP 47 tag, for `lang` attributes and storage.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language the switch offers.
    pub const fn other(self) -> Self {
        match self {
            Locale::Vi => Locale::En,
            Locale::En => Locale::Vi,
        }
    }

    pub const fn messages(self) -> &'static Messages {
        match self {
            Locale::Vi => &vi::MESSAGES,
            Locale::En => &en::MESSAGES,
        }
    }

    pub const fn account(self) -> &'static AccountMessages {
        match self {
            Locale::Vi => &vi::ACCOUNT,
            Locale::En => &en::ACCOUNT,
        }
    }
}

/// One language's strings. Plural and number-bearing texts are functions.
pub struct Messages {
    /// The language's own name, shown on the switch ("Tiếng Việt").
    pub language_name: &'static str,
    /// Document title and the home page heading.
    pub site_title: &'static str,
    pub brand: &'static str,
    pub skip_to_content: &'static str,
    pub loading: &'static str,
    pub required_mark: &'static str,
    pub not_yet: &'static str,

    // Header
    pub nav_label: &'static str,
    pub nav_track: &'static str,
    pub nav_my_dossiers: &'static str,
    pub nav_sign_in: &'static str,
    pub sign_out: &'static str,

    // Home and search
    pub home_intro: &'static str,
    pub unit_label: &'static str,
    pub unit_choose: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub search_results_heading: &'static str,
    pub search_count: fn(u32) -> String,
    pub search_empty: &'static str,
    pub popular_heading: &'static str,
    pub popular_empty: &'static str,
    pub choose_unit_first: &'static str,
    pub units_heading: &'static str,
    pub units_empty: &'static str,
    pub units_count: fn(usize) -> String,
    pub other_units: &'static str,

    // Procedure page
    pub online_full: &'static str,
    pub online_partial: &'static str,
    pub online_none: &'static str,
    pub procedure_not_found: &'static str,
    pub procedure_code: &'static str,
    pub procedure_field: &'static str,
    pub online_level: &'static str,
    pub time_limit_label: &'static str,
    pub time_limit: fn(TimeLimitUnit, u32) -> String,
    pub fee_label: &'static str,
    pub result_label: &'static str,
    pub legal_basis: &'static str,
    pub documents_heading: &'static str,
    pub doc_optional: &'static str,
    pub doc_replaceable: &'static str,
    pub copy_kind: fn(&str) -> &'static str,
    pub copies: fn(u32) -> String,
    pub submit_heading: &'static str,
    pub submit_online: &'static str,
    pub not_online: &'static str,
    pub procedure_qr: &'static str,

    // Account (in the header and the sign-in notice of every page)
    pub sign_in_needed: &'static str,
    pub signed_in_as: &'static str,

    // Tracking, and what every view of a dossier shows
    pub secret_label: &'static str,
    pub track_title: &'static str,
    pub track_intro: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub track_button: &'static str,
    pub track_fill_both: &'static str,
    pub track_not_found: &'static str,
    pub status_label: &'static str,
    pub status: fn(DossierStatus) -> &'static str,
    pub procedure_label: &'static str,
    pub receiving_unit: &'static str,
    pub submitted_at: &'static str,
    pub received_at: &'static str,
    pub due_at: &'static str,
    pub finished_at: &'static str,
    pub fee_free: &'static str,
    pub paid_online: &'static str,
    pub expected_heading: &'static str,
    pub nothing_expected: &'static str,
    pub timeline_heading: &'static str,

    // Footer, not found, errors
    pub footer_text: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub retry: &'static str,
    pub errors: ErrorMessages,
}

/// The strings of the pages that need an account (sign-in, submission, my dossiers,
/// payment). Kept apart from [`Messages`] so the first-load bundle, which has none of those
/// pages, does not carry them.
pub struct AccountMessages {
    pub sign_in_title: &'static str,
    pub register_title: &'static str,
    pub identifier_label: &'static str,
    pub password_label: &'static str,
    pub password_hint: &'static str,
    pub full_name_label: &'static str,
    pub email_label: &'static str,
    pub phone_label: &'static str,
    pub contact_hint: &'static str,
    pub sign_in_button: &'static str,
    pub register_button: &'static str,
    pub working: &'static str,
    pub no_account: &'static str,
    pub have_account: &'static str,
    pub sign_in_failed: &'static str,
    pub bad_identifier: &'static str,
    pub bad_password: &'static str,
    pub bad_name: &'static str,
    pub contact_required: &'static str,
    pub wizard_title: &'static str,
    pub step_applicant: &'static str,
    pub step_form: &'static str,
    pub step_documents: &'static str,
    pub step_review: &'static str,
    pub step_of: fn(usize, usize) -> String,
    pub steps_label: &'static str,
    pub next: &'static str,
    pub back: &'static str,
    pub edit: &'static str,
    pub submit_button: &'static str,
    pub uploading: fn(u32) -> String,
    pub fix_errors: &'static str,
    pub applicant_intro: &'static str,
    pub applicant_full_name: &'static str,
    pub applicant_personal_id: &'static str,
    pub applicant_phone: &'static str,
    pub applicant_email: &'static str,
    pub applicant_address: &'static str,
    pub form_intro: &'static str,
    pub form_none: &'static str,
    pub select_placeholder: &'static str,
    pub documents_intro: &'static str,
    pub file_remove: &'static str,
    pub review_intro: &'static str,
    pub review_empty: &'static str,
    pub review_no_file: &'static str,
    pub submit_retry_note: &'static str,
    pub done_title: &'static str,
    pub done_intro: &'static str,
    pub secret_once: &'static str,
    pub done_receipt: &'static str,
    pub done_track: &'static str,
    pub done_my: &'static str,
    pub done_fee: &'static str,
    pub applicant_label: &'static str,
    pub my_title: &'static str,
    pub my_empty: &'static str,
    pub dossier_title: &'static str,
    pub dossier_not_found: &'static str,
    pub back_to_my: &'static str,
    pub pay_heading: &'static str,
    pub pay_intro: &'static str,
    pub pay_start: &'static str,
    pub pay_amount: &'static str,
    pub pay_reference: &'static str,
    pub pay_account: &'static str,
    pub pay_expires: &'static str,
    pub pay_qr_label: &'static str,
    pub pay_instructions: &'static str,
    pub pay_waiting: &'static str,
    pub pay_paid: &'static str,
    pub pay_expired: &'static str,
    pub pay_new: &'static str,
    pub pay_closed: &'static str,
    pub pay_simulate: &'static str,
    pub pay_simulate_off: &'static str,
    pub fields: FieldMessages,
    pub files: FileMessages,
}

/// One message per API error code, plus the failures that have no code.
pub struct ErrorMessages {
    pub unauthenticated: &'static str,
    pub forbidden: &'static str,
    pub not_found: &'static str,
    pub bad_user_input: &'static str,
    pub conflict: &'static str,
    pub rate_limited: &'static str,
    pub query_too_complex: &'static str,
    pub internal: &'static str,
    pub network: &'static str,
}

impl ErrorMessages {
    pub const fn for_code(&self, code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::Unauthenticated => self.unauthenticated,
            ErrorCode::Forbidden => self.forbidden,
            ErrorCode::NotFound => self.not_found,
            ErrorCode::BadUserInput => self.bad_user_input,
            ErrorCode::Conflict => self.conflict,
            ErrorCode::RateLimited => self.rate_limited,
            ErrorCode::QueryTooComplex => self.query_too_complex,
            ErrorCode::Internal => self.internal,
        }
    }

    pub const fn for_error(&self, error: &ApiError) -> &'static str {
        match error {
            ApiError::Server { code, .. } => self.for_code(*code),
            ApiError::Network => self.network,
            ApiError::BadResponse(_) => self.internal,
        }
    }
}

/// One message per problem `shared::form::validate_form` reports.
pub struct FieldMessages {
    pub required: &'static str,
    pub too_long: fn(u32) -> String,
    pub pattern: &'static str,
    pub not_an_option: &'static str,
    pub bad_date: &'static str,
    pub bad_number: &'static str,
    pub bad_email: &'static str,
    pub bad_phone: &'static str,
    pub bad_personal_id: &'static str,
    pub bad_checkbox: &'static str,
    pub unknown_field: &'static str,
}

impl FieldMessages {
    pub fn for_problem(&self, problem: &FieldProblem) -> String {
        match problem {
            FieldProblem::Required => self.required.into(),
            FieldProblem::TooLong { max } => (self.too_long)(*max),
            FieldProblem::Pattern => self.pattern.into(),
            FieldProblem::NotAnOption => self.not_an_option.into(),
            FieldProblem::BadDate => self.bad_date.into(),
            FieldProblem::BadNumber => self.bad_number.into(),
            FieldProblem::BadEmail => self.bad_email.into(),
            FieldProblem::BadPhone => self.bad_phone.into(),
            FieldProblem::BadPersonalId => self.bad_personal_id.into(),
            FieldProblem::BadCheckbox => self.bad_checkbox.into(),
            FieldProblem::UnknownField => self.unknown_field.into(),
        }
    }
}

/// Why an attached file is refused before it is sent.
pub struct FileMessages {
    pub missing: &'static str,
    pub too_big: &'static str,
    pub total_too_big: &'static str,
    pub unsupported: &'static str,
    pub mismatch: &'static str,
    pub empty: &'static str,
}

impl FileMessages {
    pub fn for_sniff(&self, error: &SniffError) -> &'static str {
        match error {
            SniffError::UnsupportedContent | SniffError::UnsupportedDeclared(_) => self.unsupported,
            SniffError::Mismatch { .. } => self.mismatch,
            SniffError::Empty => self.empty,
        }
    }
}

/// Sets the document title to a page's own text (a procedure's name, a dossier's code).
pub fn set_page_title(page: &str) {
    document().set_title(&format!("{page} — motcua"));
}

/// [`use_page_title`] for the account pages.
pub fn use_account_page_title(title: fn(&AccountMessages) -> &'static str) {
    let i18n = use_i18n();
    Effect::new(move |_| set_page_title(title(i18n.a())));
}

/// Keeps the document title on the page's own title, in the current language, while the
/// page is shown (the home page's title is the site's).
pub fn use_page_title(title: fn(&Messages) -> &'static str) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        let page = title(t);
        let full = if page == t.site_title {
            page.to_owned()
        } else {
            format!("{page} — {}", t.brand)
        };
        document().set_title(&full);
    });
}

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// Reads the stored choice, provides the context, and keeps `<html lang>` in step
    /// with it (each page keeps the title: `use_page_title`). Called once by `App`.
    pub fn provide() {
        let stored = browser::local_get(STORAGE_KEY).and_then(|tag| Locale::from_tag(&tag));
        let locale = RwSignal::new(stored.unwrap_or_default());
        Effect::new(move |_| {
            let locale = locale.get();
            if let Some(html) = document().document_element() {
                // Failing to set an attribute leaves the previous language
                // announced; nothing better to do about it.
                let _ = html.set_attribute("lang", locale.tag());
            }
        });
        provide_context(I18n { locale });
    }

    /// The current language (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// The current language's strings (tracked).
    pub fn t(self) -> &'static Messages {
        self.locale().messages()
    }

    /// The current language's strings of the account pages (tracked).
    pub fn a(self) -> &'static AccountMessages {
        self.locale().account()
    }

    /// The current language's strings, without subscribing to a switch.
    pub fn t_untracked(self) -> &'static Messages {
        self.locale.get_untracked().messages()
    }

    /// Switches language and remembers the choice on this device.
    pub fn set(self, locale: Locale) {
        self.locale.set(locale);
        // Private browsing may refuse to store; the switch still works for this visit.
        browser::local_set(STORAGE_KEY, locale.tag());
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_round_trips_through_its_tag() {
        for locale in [Locale::Vi, Locale::En] {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
            assert_eq!(locale.other().other(), locale);
        }
        assert_eq!(Locale::from_tag("fr"), None);
    }

    #[test]
    fn every_error_code_has_a_message_in_every_locale() {
        let codes = ErrorCode::ALL;
        for locale in [Locale::Vi, Locale::En] {
            let errors = &locale.messages().errors;
            let mut seen: Vec<&str> = codes.iter().map(|c| errors.for_code(*c)).collect();
            seen.push(errors.network);
            assert!(seen.iter().all(|m| !m.is_empty()));
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), codes.len() + 1, "messages must differ");
        }
    }

    #[test]
    fn vietnamese_status_labels_are_the_national_names() {
        let status = Locale::Vi.messages().status;
        assert_eq!(status(DossierStatus::Submitted), "Mới đăng ký");
        assert_eq!(status(DossierStatus::Received), "Được tiếp nhận");
        assert_eq!(status(DossierStatus::Returned), "Đã trả kết quả");
    }

    #[test]
    fn every_status_has_its_own_label_in_every_locale() {
        for locale in [Locale::Vi, Locale::En] {
            let mut labels: Vec<&str> = DossierStatus::ALL
                .iter()
                .map(|s| (locale.messages().status)(*s))
                .collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), DossierStatus::ALL.len());
        }
    }

    #[test]
    fn time_limits_read_naturally() {
        let vi = Locale::Vi.messages();
        assert_eq!(
            (vi.time_limit)(TimeLimitUnit::SameDay, 0),
            "Trong ngày làm việc"
        );
        assert_eq!(
            (vi.time_limit)(TimeLimitUnit::WorkingDays, 5),
            "5 ngày làm việc"
        );
        let en = Locale::En.messages();
        assert_eq!(
            (en.time_limit)(TimeLimitUnit::WorkingDays, 1),
            "1 working day"
        );
        assert_eq!((en.time_limit)(TimeLimitUnit::CalendarDays, 30), "30 days");
    }

    #[test]
    fn field_problems_are_translated() {
        let fields = &Locale::Vi.account().fields;
        assert_eq!(
            fields.for_problem(&FieldProblem::TooLong { max: 100 }),
            "Tối đa 100 ký tự."
        );
        assert!(!fields.for_problem(&FieldProblem::BadDate).is_empty());
    }
}
