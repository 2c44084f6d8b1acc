//! `/tra-cuu`: a dossier's progress by the code and secret on its receipt. The receipt's QR
//! code opens `/tra-cuu?code=…&secret=…`, which looks the dossier up at once. A wrong pair
//! says "not found" without telling which half was wrong (the server does the same).

use leptos::prelude::*;

use crate::api::dossiers::{self, Dates, Tracking};
use crate::components::load::load;
use crate::components::status::{StatusBadge, Timeline};
use crate::format::{self, Instant};
use crate::i18n::{use_i18n, use_page_title};
use crate::nav::use_nav;

#[component]
pub fn TrackPage() -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_nav();
    use_page_title(|t| t.track_title);

    let code = RwSignal::new(nav.query_untracked("code").unwrap_or_default());
    let secret = RwSignal::new(nav.query_untracked("secret").unwrap_or_default());
    let incomplete = RwSignal::new(false);
    // What was last looked up; the QR link looks up on arrival.
    let lookup = RwSignal::new({
        let (c, s) = (code.get_untracked(), secret.get_untracked());
        (!c.trim().is_empty() && !s.trim().is_empty()).then_some((c, s))
    });
    // Pressing the button again for the same pair looks it up again.
    let again = RwSignal::new(0u32);
    let result = load(
        move || {
            let lookup = lookup.get();
            again.track();
            async move {
                match lookup {
                    Some((code, secret)) => dossiers::track(&code, &secret).await.map(Some),
                    None => Ok(None),
                }
            }
        },
        move |found: &Option<Option<Tracking>>| match found.clone() {
            None => ().into_any(),
            Some(None) => view! {
                <p class="notice" role="alert">
                    {move || i18n.t().track_not_found}
                </p>
            }
            .into_any(),
            Some(Some(tracking)) => view! { <TrackingView tracking /> }.into_any(),
        },
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, s) = (code.get_untracked(), secret.get_untracked());
        if c.trim().is_empty() || s.trim().is_empty() {
            incomplete.set(true);
            return;
        }
        incomplete.set(false);
        if lookup.get_untracked().as_ref() == Some(&(c.clone(), s.clone())) {
            again.update(|n| *n += 1);
        } else {
            lookup.set(Some((c, s)));
        }
    };

    view! {
        <div class="narrow-wide">
            <h1>{move || i18n.t().track_title}</h1>
            <p class="lead">{move || i18n.t().track_intro}</p>
            <form class="track-form" on:submit=submit novalidate>
                <div class="field">
                    <label for="track-code">{move || i18n.t().code_label}</label>
                    <input
                        id="track-code"
                        type="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        aria-describedby="track-code-hint"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    <p class="hint" id="track-code-hint">{move || i18n.t().code_hint}</p>
                </div>
                <div class="field">
                    <label for="track-secret">{move || i18n.t().secret_label}</label>
                    <input
                        id="track-secret"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || secret.get()
                        on:input=move |ev| secret.set(event_target_value(&ev))
                    />
                </div>
                <p class="form-error" role="alert">
                    {move || incomplete.get().then(|| i18n.t().track_fill_both)}
                </p>
                <button type="submit" class="primary">{move || i18n.t().track_button}</button>
            </form>
            {result}
        </div>
    }
}

/// The date rows of a dossier's facts.
#[component]
pub fn DateFacts(dates: Dates) -> impl IntoView {
    view! {
        <DateFact label=|t| t.submitted_at at=Some(dates.submitted_at) />
        <DateFact label=|t| t.received_at at=dates.received_at />
        <DateFact label=|t| t.due_at at=dates.due_at />
        {dates.finished_at.map(|at| view! { <DateFact label=|t| t.finished_at at=Some(at) /> })}
    }
}

/// A date row of a dossier's facts; "not yet" when the date is still to come.
#[component]
pub fn DateFact(
    label: fn(&crate::i18n::Messages) -> &'static str,
    at: Option<Instant>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div>
            <dt>{move || label(i18n.t())}</dt>
            <dd>
                {match at {
                    Some(at) => view! { <time datetime=format::iso_date(at)>{format::date(at)}</time> }.into_any(),
                    None => (move || i18n.t().not_yet).into_any(),
                }}
            </dd>
        </div>
    }
}

#[component]
fn TrackingView(tracking: Tracking) -> impl IntoView {
    let i18n = use_i18n();
    let Tracking {
        code,
        status,
        status_label,
        procedure_name,
        tenant_name,
        dates,
        fee_vnd,
        paid_online,
        expected_from_citizen,
        timeline,
    } = tracking;
    let fee = move || {
        if fee_vnd == 0 {
            i18n.t().fee_free.to_owned()
        } else if paid_online {
            format!("{} — {}", format::vnd(fee_vnd), i18n.t().paid_online)
        } else {
            format::vnd(fee_vnd)
        }
    };

    view! {
        <section class="card tracking" aria-labelledby="tracking-heading">
            <h2 id="tracking-heading">
                <span class="code">{code}</span>
            </h2>
            <dl class="facts">
                <div>
                    <dt>{move || i18n.t().status_label}</dt>
                    <dd>
                        <StatusBadge status server_label=status_label />
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().procedure_label}</dt>
                    <dd>{procedure_name}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().receiving_unit}</dt>
                    <dd>{tenant_name}</dd>
                </div>
                <DateFacts dates />
                <div>
                    <dt>{move || i18n.t().fee_label}</dt>
                    <dd>{fee}</dd>
                </div>
            </dl>
            <h3>{move || i18n.t().expected_heading}</h3>
            {match expected_from_citizen {
                Some(text) => view! { <p class="notice">{text}</p> }.into_any(),
                None => view! { <p>{move || i18n.t().nothing_expected}</p> }.into_any(),
            }}
            <h3>{move || i18n.t().timeline_heading}</h3>
            <Timeline events=timeline />
        </section>
    }
}
