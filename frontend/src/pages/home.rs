//! `/`: what the office offers, the procedure search, and the list of units.

use leptos::prelude::*;

use crate::components::{procedure_search::ProcedureSearch, unit_directory::UnitDirectory};
use crate::i18n::use_i18n;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="hero">
            <h1>{move || i18n.t().site_title}</h1>
            <p class="lead">{move || i18n.t().home_intro}</p>
            <ProcedureSearch />
        </div>
        <section class="units" aria-labelledby="units-heading">
            <h2 id="units-heading">{move || i18n.t().units_heading}</h2>
            <UnitDirectory />
        </section>
    }
}
