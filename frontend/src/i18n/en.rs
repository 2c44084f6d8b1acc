//! English.

use super::{ErrorMessages, Messages};

pub const MESSAGES: Messages = Messages {
    language_name: "English",
    site_title: "motcua — One-stop public services",
    brand: "motcua",
    skip_to_content: "Skip to main content",
    home_intro: "Look up administrative procedures and submit dossiers online to the \
                 one-stop office of your province, district or commune.",
    search_label: "Search administrative procedures",
    search_hint: "For example: Đăng ký khai sinh (birth registration)",
    search_button: "Search",
    search_unavailable: "Procedure search is not available yet.",
    units_heading: "Administrative units",
    units_loading: "Loading units…",
    units_empty: "No units yet.",
    units_count,
    other_units: "Other units",
    footer_text: "motcua — free software (AGPL-3.0) for one-stop reception and \
                  result offices.",
    not_found_title: "Page not found",
    not_found_body: "There is no page at this address.",
    back_home: "Back to the home page",
    error_title: "Something went wrong",
    retry: "Try again",
    errors: ErrorMessages {
        unauthenticated: "Please sign in to continue.",
        forbidden: "You are not allowed to do this.",
        not_found: "What you asked for was not found.",
        bad_user_input: "Some of what you entered is not valid. Please check it.",
        conflict: "This has changed or already exists. Please reload and try again.",
        rate_limited: "Too many attempts. Please wait a moment and try again.",
        query_too_complex: "The request is too large. Please narrow it down.",
        internal: "The system has a problem. Please try again later.",
        network: "Could not reach the server. Please check your connection and try again.",
    },
};

fn units_count(n: usize) -> String {
    match n {
        1 => "1 unit".to_owned(),
        n => format!("{n} units"),
    }
}
