//! `/`: what the office offers, the procedure finder, and the list of units.

use leptos::prelude::*;

use crate::api::tenants::{self, Tenant};
use crate::components::load::load;
use crate::components::{procedure_search::ProcedureSearch, unit_directory::UnitDirectory};
use crate::i18n::{use_i18n, use_page_title};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(|t| t.site_title);
    view! {
        <div class="hero">
            <h1>{move || i18n.t().site_title}</h1>
            <p class="lead">{move || i18n.t().home_intro}</p>
        </div>
        // One request feeds both the unit picker and the directory.
        {load(tenants::all, move |units: &Vec<Tenant>| {
            view! {
                <ProcedureSearch units=units.clone() />
                <section class="units" aria-labelledby="units-heading">
                    <h2 id="units-heading">{move || i18n.t().units_heading}</h2>
                    <UnitDirectory units=units.clone() />
                </section>
            }
        })}
    }
}
