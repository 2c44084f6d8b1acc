//! The procedure search box on the home page.
//!
//! The form is complete and labelled, but the `procedures` query needs a
//! tenant; until the unit picker exists, submitting says search is not
//! available yet instead of doing nothing.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn ProcedureSearch() -> impl IntoView {
    let i18n = use_i18n();
    let submitted = RwSignal::new(false);

    view! {
        <form
            class="search"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                submitted.set(true);
            }
        >
            <label for="procedure-search">{move || i18n.t().search_label}</label>
            <div class="search-row">
                <input
                    id="procedure-search"
                    name="q"
                    type="search"
                    autocomplete="off"
                    aria-describedby="procedure-search-hint"
                />
                <button type="submit">{move || i18n.t().search_button}</button>
            </div>
            <p id="procedure-search-hint" class="hint">
                {move || i18n.t().search_hint}
            </p>
            <p class="search-status" role="status">
                {move || submitted.get().then(|| i18n.t().search_unavailable)}
            </p>
        </form>
    }
}
