//! The home page's finder: pick a receiving unit, then search its procedures (accents and
//! case do not matter; the server folds both sides). With no words, the unit's first
//! procedures are shown as the common ones.

use leptos::prelude::*;

use crate::api::procedures::{self, OnlineLevel, ProcedureSummary, SearchResult, localized_name};
use crate::api::tenants::Tenant;
use crate::app::Route;
use crate::browser::encode;
use crate::components::load::load;
use crate::components::unit_picker::{UnitPicker, remembered_unit};
use crate::i18n::use_i18n;

const PAGE_SIZE: u32 = 20;
const POPULAR_SIZE: u32 = 8;

#[component]
pub fn ProcedureSearch(units: Vec<Tenant>) -> impl IntoView {
    let i18n = use_i18n();
    let unit = RwSignal::new(remembered_unit());
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());

    let results = load(
        move || {
            let unit = unit.get();
            let words = query.get().trim().to_owned();
            async move {
                let Some(unit) = unit else {
                    return Ok(None);
                };
                let size = if words.is_empty() {
                    POPULAR_SIZE
                } else {
                    PAGE_SIZE
                };
                let search = (!words.is_empty()).then_some(words.as_str());
                procedures::search(&unit, search, size)
                    .await
                    .map(|found| Some((unit, !words.is_empty(), found)))
            }
        },
        move |found: &Option<(String, bool, SearchResult)>| match found.clone() {
            None => view! {
                <h2 id="results-heading" class="visually-hidden">
                    {move || i18n.t().popular_heading}
                </h2>
                <p class="status">{move || i18n.t().choose_unit_first}</p>
            }
            .into_any(),
            Some((unit, searched, found)) => view! { <Results unit searched found /> }.into_any(),
        },
    );

    view! {
        <form
            class="search"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                query.set(typed.get_untracked());
            }
        >
            <div class="field">
                <UnitPicker id="search-unit" units selected=unit />
            </div>
            <label for="procedure-search">{move || i18n.t().search_label}</label>
            <div class="search-row">
                <input
                    id="procedure-search"
                    name="q"
                    type="search"
                    autocomplete="off"
                    aria-describedby="procedure-search-hint"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit">{move || i18n.t().search_button}</button>
            </div>
            <p id="procedure-search-hint" class="hint">
                {move || i18n.t().search_hint}
            </p>
        </form>
        <section class="results" aria-labelledby="results-heading">
            {results}
        </section>
    }
}

#[component]
fn Results(unit: String, searched: bool, found: SearchResult) -> impl IntoView {
    let i18n = use_i18n();
    let count = found.total_count;
    let heading = move || {
        if searched {
            i18n.t().search_results_heading
        } else {
            i18n.t().popular_heading
        }
    };
    let empty = found.nodes.is_empty();
    view! {
        <h2 id="results-heading">{heading}</h2>
        <p class="status" role="status">
            {move || {
                if !searched && empty {
                    i18n.t().popular_empty.to_owned()
                } else if empty {
                    i18n.t().search_empty.to_owned()
                } else if searched {
                    (i18n.t().search_count)(count)
                } else {
                    String::new()
                }
            }}
        </p>
        <ProcedureList unit items=found.nodes />
    }
}

/// Procedures as links to their pages, keeping the chosen unit.
#[component]
pub fn ProcedureList(unit: String, items: Vec<ProcedureSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="procedure-list">
            {items
                .into_iter()
                .map(|p| {
                    let href = format!(
                        "{}?don-vi={}",
                        Route::Procedure(p.code.clone()).href(),
                        encode(&unit),
                    );
                    let level = p.online_level;
                    let (name, name_en) = (p.name, p.name_en);
                    view! {
                        <li>
                            <a href=href>
                                {move || localized_name(&name, &name_en, i18n.locale()).to_owned()}
                            </a>
                            <span class="meta">
                                <span class="code">{p.code}</span>
                                " · "
                                {p.field}
                                " · "
                                <OnlineLevelText level />
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The online level in words.
#[component]
pub fn OnlineLevelText(level: OnlineLevel) -> impl IntoView {
    let i18n = use_i18n();
    move || match level {
        OnlineLevel::Full => i18n.t().online_full,
        OnlineLevel::Partial => i18n.t().online_partial,
        OnlineLevel::None => i18n.t().online_none,
    }
}
