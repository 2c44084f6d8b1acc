//! Site header: the brand (link home) and the language switch.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let offered = move || i18n.locale().other();

    view! {
        <header class="site-header">
            <div class="container header-inner">
                <a class="brand" href="/">
                    {move || i18n.t().brand}
                </a>
                // The switch names the language it offers, in that language
                // (and tagged with it, so screen readers pronounce it right).
                <button
                    type="button"
                    class="lang-switch"
                    lang=move || offered().tag()
                    on:click=move |_| i18n.set(offered())
                >
                    {move || offered().messages().language_name}
                </button>
            </div>
        </header>
    }
}
