//! A wizard step made of declared fields: the applicant, or the procedure's own form.

use leptos::prelude::*;
use shared::FieldDef;
use wasm_bindgen::JsCast;

use super::{ErrorSummary, Step, StepHeading};
use crate::components::form_field::{FieldSet, FormField, field_label, input_id};
use crate::i18n::{AccountMessages, use_i18n};

/// Moves focus to the element with `id`, if it exists.
pub fn focus_by_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
pub fn FieldsStep(
    step: Step,
    focus: bool,
    intro: fn(&AccountMessages) -> &'static str,
    defs: Vec<FieldDef>,
    set: FieldSet,
    prefix: &'static str,
    #[prop(optional, into)] on_back: Option<Callback<()>>,
    #[prop(into)] on_next: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = {
        let defs = defs.clone();
        Signal::derive(move || {
            let t = i18n.a();
            set.problems.with(|problems| {
                problems
                    .iter()
                    .map(|(key, problem)| {
                        let label = defs
                            .iter()
                            .find(|d| &d.key == key)
                            .map_or_else(|| key.clone(), |d| field_label(d, i18n.locale()));
                        (
                            input_id(prefix, key),
                            format!("{label}: {}", t.fields.for_problem(problem)),
                        )
                    })
                    .collect()
            })
        })
    };
    let check_defs = defs.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if set.check(&check_defs) {
            on_next.run(());
        } else if let Some((key, _)) = set.problems.with_untracked(|p| p.first().cloned()) {
            focus_by_id(&input_id(prefix, &key));
        }
    };
    let empty = defs.is_empty();

    view! {
        <form class="wizard-step" on:submit=submit novalidate>
            <StepHeading step focus />
            <p class="hint">{move || intro(i18n.a())}</p>
            <ErrorSummary items=summary />
            {empty.then(|| view! { <p>{move || i18n.a().form_none}</p> })}
            {defs
                .into_iter()
                .map(|def| view! { <FormField def set prefix /> })
                .collect_view()}
            <div class="wizard-buttons">
                {on_back
                    .map(|back| {
                        view! {
                            <button type="button" on:click=move |_| back.run(())>
                                {move || i18n.a().back}
                            </button>
                        }
                    })}
                <button type="submit" class="primary">
                    {move || i18n.a().next}
                </button>
            </div>
        </form>
    }
}
