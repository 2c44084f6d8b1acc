//! `/thu-tuc/{code}`: everything a citizen needs before going to the office or submitting
//! online — documents, fee, time limit, online level, legal basis — and the way to submit.

use leptos::prelude::*;

use crate::api::procedures::{self, Procedure, ProcedureDocument, localized_name};
use crate::api::tenants::{self, Tenant};
use crate::app::Route;
use crate::browser::encode;
use crate::components::load::load;
use crate::components::procedure_search::OnlineLevelText;
use crate::components::unit_picker::{UnitPicker, remembered_unit};
use crate::i18n::{set_page_title, use_i18n};
use crate::nav::use_nav;

#[component]
pub fn ProcedurePage(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_nav();
    let unit = RwSignal::new(
        nav.query_untracked("don-vi")
            .filter(|u| !u.is_empty())
            .or_else(remembered_unit),
    );
    view! {
        {load(
            move || {
                let code = code.clone();
                async move { procedures::by_code(&code).await }
            },
            move |found: &Option<Procedure>| match found.clone() {
                Some(procedure) => view! { <ProcedureDetail procedure unit /> }.into_any(),
                None => view! {
                    <h1>{move || i18n.t().not_found_title}</h1>
                    <p>{move || i18n.t().procedure_not_found}</p>
                    <p>
                        <a href="/">{move || i18n.t().back_home}</a>
                    </p>
                }
                .into_any(),
            },
        )}
    }
}

#[component]
fn ProcedureDetail(procedure: Procedure, unit: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let Procedure {
        code,
        name,
        name_en,
        field,
        online_level,
        time_limit_unit,
        time_limit_value,
        time_limit_note,
        legal_basis,
        result,
        fee_note,
        documents,
        ..
    } = procedure;
    set_page_title(&name);
    let title = move || localized_name(&name, &name_en, i18n.locale()).to_owned();
    let qr = format!("/procedures/{}/qr.svg", encode(&code));

    view! {
        <article class="procedure">
            <h1>{title}</h1>
            <p class="meta">
                {move || i18n.t().procedure_code} ": " <span class="code">{code.clone()}</span>
                " · " {move || i18n.t().procedure_field} ": " {field}
            </p>
            <dl class="facts">
                <div>
                    <dt>{move || i18n.t().online_level}</dt>
                    <dd>
                        <OnlineLevelText level=online_level />
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().time_limit_label}</dt>
                    <dd>
                        {move || (i18n.t().time_limit)(time_limit_unit, time_limit_value)}
                        {(!time_limit_note.is_empty())
                            .then(|| view! { <span class="fact-note">{time_limit_note}</span> })}
                    </dd>
                </div>
                <div>
                    <dt>{move || i18n.t().fee_label}</dt>
                    <dd>{fee_note}</dd>
                </div>
                <div>
                    <dt>{move || i18n.t().result_label}</dt>
                    <dd>{result}</dd>
                </div>
            </dl>
            <SubmitBox code=code.clone() accepts_online=online_level.accepts_online() unit />
            <section aria-labelledby="documents-heading">
                <h2 id="documents-heading">{move || i18n.t().documents_heading}</h2>
                <DocumentList documents />
            </section>
            <section aria-labelledby="legal-heading">
                <h2 id="legal-heading">{move || i18n.t().legal_basis}</h2>
                <p>{legal_basis}</p>
            </section>
            <figure class="procedure-qr">
                <img src=qr alt=move || i18n.t().procedure_qr width="128" height="128" loading="lazy" />
            </figure>
        </article>
    }
}

/// The documents to bring or upload, with what each needs.
#[component]
pub fn DocumentList(documents: Vec<ProcedureDocument>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="documents">
            {documents
                .into_iter()
                .map(|doc| {
                    let (kind, count) = (doc.copy_kind.clone(), doc.count);
                    view! {
                        <li>
                            <span class="doc-name">{doc.name.clone()}</span>
                            " "
                            <span class="doc-need">
                                {move || {
                                    if doc.required {
                                        i18n.t().required_mark
                                    } else {
                                        i18n.t().doc_optional
                                    }
                                }}
                            </span>
                            <span class="meta">
                                {move || (i18n.t().copy_kind)(&kind)} " · "
                                {move || (i18n.t().copies)(count)}
                            </span>
                            {doc
                                .replaceable_by_data
                                .then(|| {
                                    view! {
                                        <span class="meta">{move || i18n.t().doc_replaceable}</span>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn SubmitBox(code: String, accepts_online: bool, unit: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    if !accepts_online {
        return view! {
            <section class="submit-box" aria-labelledby="submit-heading">
                <h2 id="submit-heading">{move || i18n.t().submit_heading}</h2>
                <p>{move || i18n.t().not_online}</p>
            </section>
        }
        .into_any();
    }
    let picker = load(tenants::all, move |units: &Vec<Tenant>| {
        view! { <UnitPicker id="submit-unit" units=units.clone() selected=unit /> }
    });
    view! {
        <section class="submit-box" aria-labelledby="submit-heading">
            <h2 id="submit-heading">{move || i18n.t().submit_heading}</h2>
            <div class="field">{picker}</div>
            {move || match unit.get() {
                Some(tenant) => {
                    let href = Route::Submit {
                        tenant,
                        procedure: code.clone(),
                    }
                        .href();
                    view! {
                        <a class="button primary" href=href>
                            {move || i18n.t().submit_online}
                        </a>
                    }
                        .into_any()
                }
                None => view! { <p class="hint">{move || i18n.t().choose_unit_first}</p> }.into_any(),
            }}
        </section>
    }
    .into_any()
}
