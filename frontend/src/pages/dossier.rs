//! `/ho-so-cua-toi/{code}`: one of the citizen's dossiers — status, dates, history — and
//! the payment of its fee while one is due.

use leptos::prelude::*;

use crate::api::dossiers::{self, Dossier};
use crate::api::procedures::localized_name;
use crate::app::Route;
use crate::components::load::load;
use crate::components::payment_panel::PaymentPanel;
use crate::components::status::{StatusBadge, Timeline};
use crate::format;
use crate::i18n::{set_page_title, use_i18n};
use crate::pages::track::DateFacts;

#[component]
pub fn DossierPage(code: String) -> impl IntoView {
    let i18n = use_i18n();
    set_page_title(&code);
    view! {
        <p class="back">
            <a href=Route::MyDossiers.href()>{move || i18n.a().back_to_my}</a>
        </p>
        {load(
            move || {
                let code = code.clone();
                async move { dossiers::by_code(&code).await }
            },
            move |found: &Option<Dossier>| match found.clone() {
                Some(dossier) => view! { <DossierView dossier /> }.into_any(),
                None => view! {
                    <h1>{move || i18n.a().dossier_title}</h1>
                    <p>{move || i18n.a().dossier_not_found}</p>
                }
                .into_any(),
            },
        )}
    }
}

#[component]
fn DossierView(dossier: Dossier) -> impl IntoView {
    let i18n = use_i18n();
    let Dossier {
        code,
        status,
        status_label,
        dates,
        applicant_name,
        fee_vnd,
        paid_online,
        procedure,
        tenant_name,
        timeline,
    } = dossier;
    let name = move || {
        procedure
            .as_ref()
            .map(|p| localized_name(&p.name, &p.name_en, i18n.locale()).to_owned())
            .unwrap_or_default()
    };
    // The payment panel flips this when the money arrives.
    let paid = RwSignal::new(paid_online);
    let fee = move || {
        if fee_vnd == 0 {
            i18n.t().fee_free.to_owned()
        } else if paid.get() {
            format!("{} — {}", format::vnd(fee_vnd), i18n.t().paid_online)
        } else {
            format::vnd(fee_vnd)
        }
    };
    let needs_payment = fee_vnd > 0 && !paid_online;

    view! {
        <article class="dossier">
            <p class="eyebrow">{move || i18n.a().dossier_title}</p>
            <h1 class="code">{code.clone()}</h1>
            <p class="lead">{name}</p>
            <dl class="facts">
                <div>
                    <dt>{move || i18n.t().status_label}</dt>
                    <dd>
                        <StatusBadge status=Some(status) server_label=status_label />
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().receiving_unit}</dt>
                    <dd>{tenant_name}</dd>
                </div>
                <div>
                    <dt>{move || i18n.a().applicant_label}</dt>
                    <dd>{applicant_name}</dd>
                </div>
                <DateFacts dates />
                <div>
                    <dt>{move || i18n.t().fee_label}</dt>
                    <dd>{fee}</dd>
                </div>
            </dl>
            {needs_payment.then(|| view! { <PaymentPanel code=code.clone() paid /> })}
            <h2>{move || i18n.t().timeline_heading}</h2>
            <Timeline events=timeline />
        </article>
    }
}
