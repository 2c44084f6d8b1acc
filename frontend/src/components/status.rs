//! A dossier's status as a labelled badge, and its history as a list.

use leptos::prelude::*;

use crate::api::dossiers::{DossierEvent, DossierStatus};
use crate::format;
use crate::i18n::use_i18n;

/// The status in the reader's language; the server's Vietnamese label when the status is
/// one this app does not know yet.
#[component]
pub fn StatusBadge(status: Option<DossierStatus>, server_label: String) -> impl IntoView {
    let i18n = use_i18n();
    let tone = match status {
        Some(DossierStatus::Returned | DossierStatus::Resolved) => "done",
        Some(
            DossierStatus::SupplementRequested
            | DossierStatus::AwaitingPayment
            | DossierStatus::RefusedAtReception
            | DossierStatus::Stopped,
        ) => "attention",
        _ => "open",
    };
    view! {
        <span class=format!("badge badge-{tone}")>
            {move || status.map_or_else(|| server_label.clone(), |s| (i18n.t().status)(s).to_owned())}
        </span>
    }
}

/// Every step so far, oldest first, with its date in Vietnam.
#[component]
pub fn Timeline(events: Vec<DossierEvent>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="timeline">
            {events
                .into_iter()
                .map(|event| {
                    let status = event.to_status;
                    view! {
                        <li>
                            <time datetime=format::iso_date(event.at)>
                                {format::date_time(event.at)}
                            </time>
                            <span class="timeline-what">
                                {move || status.map(|s| (i18n.t().status)(s))}
                            </span>
                            <span class="timeline-who">{event.actor_name}</span>
                            {(!event.note.is_empty())
                                .then(|| view! { <p class="timeline-note">{event.note}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
