//! Any path the app does not know.

use leptos::prelude::*;

use crate::i18n::{use_i18n, use_page_title};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.not_found_title);
    view! {
        <h1>{move || i18n.t().not_found_title}</h1>
        <p>{move || i18n.t().not_found_body}</p>
        <p>
            <a href="/">{move || i18n.t().back_home}</a>
        </p>
    }
}
