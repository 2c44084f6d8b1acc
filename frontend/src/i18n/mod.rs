//! Every user-visible string of the web app. Vietnamese is the default;
//! English is a switch remembered in localStorage. Components read the
//! current table with `use_i18n().t()` inside a closure, so a switch
//! re-renders only the text.

mod en;
mod vi;

use leptos::prelude::*;

use crate::api::{ApiError, ErrorCode};

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
}

/// One language's strings.
pub struct Messages {
    /// The language's own name, shown on the switch ("Tiếng Việt").
    pub language_name: &'static str,
    /// Document title and the home page heading.
    pub site_title: &'static str,
    pub brand: &'static str,
    pub skip_to_content: &'static str,
    pub home_intro: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub search_unavailable: &'static str,
    pub units_heading: &'static str,
    pub units_loading: &'static str,
    pub units_empty: &'static str,
    pub units_count: fn(usize) -> String,
    pub other_units: &'static str,
    pub footer_text: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub retry: &'static str,
    pub errors: ErrorMessages,
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

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// Reads the stored choice, provides the context, and keeps `<html lang>`
    /// and the document title in step with it. Called once by `App`.
    pub fn provide() {
        let stored = local_storage()
            .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|tag| Locale::from_tag(&tag));
        let locale = RwSignal::new(stored.unwrap_or_default());
        Effect::new(move |_| {
            let locale = locale.get();
            let document = document();
            if let Some(html) = document.document_element() {
                // Failing to set an attribute leaves the previous language
                // announced; nothing better to do about it.
                let _ = html.set_attribute("lang", locale.tag());
            }
            document.set_title(locale.messages().site_title);
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

    /// Switches language and remembers the choice on this device.
    pub fn set(self, locale: Locale) {
        self.locale.set(locale);
        if let Some(storage) = local_storage() {
            // Private browsing may refuse to store; the switch still works
            // for this visit.
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
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
}
