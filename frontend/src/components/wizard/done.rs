//! After a successful submission: the dossier code, the tracking secret (shown this once),
//! the printable receipt and the ways to follow the dossier.

use leptos::prelude::*;

use super::{Step, StepHeading};
use crate::api::dossiers::Submitted;
use crate::app::{Route, receipt_href, track_href};
use crate::i18n::use_i18n;

#[component]
pub fn Done(submitted: Submitted) -> impl IntoView {
    let i18n = use_i18n();
    let Submitted {
        code,
        tracking_secret,
        fee_vnd,
    } = submitted;
    let receipt = receipt_href(&code, &tracking_secret);
    let track = track_href(&code, &tracking_secret);
    let mine = Route::Dossier(code.clone()).href();

    view! {
        <div class="wizard-step done">
            <StepHeading step=Step::Done focus=true />
            <p>{move || i18n.a().done_intro}</p>
            <dl class="receipt">
                <div>
                    <dt>{move || i18n.t().code_label}</dt>
                    <dd class="code" data-testid="dossier-code">{code}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().secret_label}</dt>
                    <dd class="code secret" data-testid="tracking-secret">{tracking_secret}</dd>
                </div>
            </dl>
            <p class="notice">{move || i18n.a().secret_once}</p>
            {(fee_vnd > 0).then(|| view! { <p>{move || i18n.a().done_fee}</p> })}
            <p class="actions">
                <a class="button primary" href=receipt target="_blank" rel="noopener">
                    {move || i18n.a().done_receipt}
                </a>
                <a class="button" href=track>
                    {move || i18n.a().done_track}
                </a>
                <a class="button" href=mine>
                    {move || i18n.a().done_my}
                </a>
            </p>
        </div>
    }
}
