//! `/ho-so-cua-toi`: the signed-in citizen's dossiers, newest first.

use leptos::prelude::*;

use crate::api::dossiers::{self, Dossier};
use crate::api::procedures::localized_name;
use crate::app::Route;
use crate::components::load::load;
use crate::components::status::StatusBadge;
use crate::format;
use crate::i18n::{use_account_page_title, use_i18n};

#[component]
pub fn MyDossiersPage() -> impl IntoView {
    let i18n = use_i18n();
    use_account_page_title(|t| t.my_title);
    view! {
        <h1>{move || i18n.a().my_title}</h1>
        {load(dossiers::mine, move |items: &Vec<Dossier>| {
            if items.is_empty() {
                view! {
                    <p class="status">{move || i18n.a().my_empty}</p>
                    <p>
                        <a href="/">{move || i18n.t().search_label}</a>
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <ul class="dossier-list">
                        {items
                            .iter()
                            .cloned()
                            .map(|item| view! { <DossierRow item /> })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        })}
    }
}

#[component]
fn DossierRow(item: Dossier) -> impl IntoView {
    let i18n = use_i18n();
    let href = Route::Dossier(item.code.clone()).href();
    let procedure = item.procedure;
    let name = move || {
        procedure
            .as_ref()
            .map(|p| localized_name(&p.name, &p.name_en, i18n.locale()).to_owned())
            .unwrap_or_default()
    };
    let submitted = format::date(item.dates.submitted_at);
    view! {
        <li class="card">
            <a href=href class="dossier-link">
                <span class="code">{item.code}</span>
            </a>
            <span class="dossier-name">{name}</span>
            <span class="meta">
                {item.tenant_name} " · " {move || i18n.t().submitted_at} ": " {submitted}
            </span>
            <StatusBadge status=Some(item.status) server_label=item.status_label />
        </li>
    }
}
