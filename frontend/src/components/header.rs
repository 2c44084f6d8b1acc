//! Site header: the brand (link home), the main links, the account and the language switch.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::auth;
use crate::app::Route;
use crate::i18n::use_i18n;
use crate::nav::use_nav;
use crate::session::use_session;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let nav = use_nav();
    let offered = move || i18n.locale().other();
    let sign_out = move |_| {
        spawn_local(async move {
            auth::logout().await;
            nav.go("/");
        });
    };

    view! {
        <header class="site-header">
            <div class="container header-inner">
                <a class="brand" href="/">
                    {move || i18n.t().brand}
                </a>
                <nav class="site-nav" aria-label=move || i18n.t().nav_label>
                    <a href=Route::Track.href()>{move || i18n.t().nav_track}</a>
                    {move || match session.name() {
                        Some(name) => {
                            view! {
                                <a href=Route::MyDossiers.href()>
                                    {move || i18n.t().nav_my_dossiers}
                                </a>
                                <span class="account">
                                    <span class="visually-hidden">
                                        {move || i18n.t().signed_in_as}
                                        " "
                                    </span>
                                    {name}
                                </span>
                                <button type="button" class="header-button" on:click=sign_out>
                                    {move || i18n.t().sign_out}
                                </button>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <a href=Route::SignIn.href()>{move || i18n.t().nav_sign_in}</a>
                            }
                                .into_any()
                        }
                    }}
                    // The switch names the language it offers, in that language
                    // (and tagged with it, so screen readers pronounce it right).
                    <button
                        type="button"
                        class="header-button"
                        lang=move || offered().tag()
                        on:click=move |_| i18n.set(offered())
                    >
                        {move || offered().messages().language_name}
                    </button>
                </nav>
            </div>
        </header>
    }
}
