//! The review step: everything entered, with a way back to each step, then the submission
//! with its upload progress and, after a failure, a retry that cannot duplicate.

use leptos::prelude::*;
use shared::{FieldDef, FieldKind};

use super::documents_step::Attachments;
use super::{Step, StepHeading};
use crate::api::ApiError;
use crate::api::procedures::ProcedureDocument;
use crate::components::error_view::ErrorView;
use crate::components::form_field::{FieldSet, field_label};
use crate::format;
use crate::i18n::use_i18n;

/// Where a submission stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Sending {
    Idle,
    /// Uploading; the fraction sent so far.
    Progress(f64),
    Failed(ApiError),
}

/// One section of the summary: the values of a field set.
#[component]
fn FieldSummary(defs: Vec<FieldDef>, set: FieldSet) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="summary">
            {defs
                .into_iter()
                .map(|def| {
                    let value = set.value(&def.key).map(|v| match def.kind {
                        FieldKind::Date => format::form_date(&v),
                        _ => v,
                    });
                    let is_checkbox = def.kind == FieldKind::Checkbox;
                    view! {
                        <div>
                            <dt>{move || field_label(&def, i18n.locale())}</dt>
                            <dd>
                                {move || match (&value, is_checkbox) {
                                    (Some(v), true) if v == "true" => "✓".to_owned(),
                                    (Some(v), false) => v.clone(),
                                    _ => i18n.a().review_empty.to_owned(),
                                }}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

#[component]
pub fn ReviewStep(
    focus: bool,
    applicant_defs: Vec<FieldDef>,
    applicant: FieldSet,
    form_defs: Vec<FieldDef>,
    form: FieldSet,
    documents: Vec<ProcedureDocument>,
    attachments: Attachments,
    sending: RwSignal<Sending>,
    #[prop(into)] go_to: Callback<Step>,
    #[prop(into)] on_submit: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let section = move |step: Step| {
        view! {
            <div class="summary-head">
                <h3>{move || step.title()(i18n.a())}</h3>
                <button
                    type="button"
                    class="link-button"
                    aria-label=move || format!("{}: {}", i18n.a().edit, step.title()(i18n.a()))
                    on:click=move |_| go_to.run(step)
                >
                    {move || i18n.a().edit}
                </button>
            </div>
        }
    };
    let files = attachments.files.get_untracked();
    let busy = move || matches!(sending.get(), Sending::Progress(_));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy() {
            on_submit.run(());
        }
    };

    view! {
        <form class="wizard-step" on:submit=submit>
            <StepHeading step=Step::Review focus />
            <p class="hint">{move || i18n.a().review_intro}</p>
            <section class="summary-section">
                {section(Step::Applicant)}
                <FieldSummary defs=applicant_defs set=applicant />
            </section>
            <section class="summary-section">
                {section(Step::Form)}
                <FieldSummary defs=form_defs set=form />
            </section>
            <section class="summary-section">
                {section(Step::Documents)}
                <dl class="summary">
                    {documents
                        .into_iter()
                        .zip(files)
                        .map(|(doc, file)| {
                            view! {
                                <div>
                                    <dt>{doc.name}</dt>
                                    <dd>
                                        {match file {
                                            Some(p) => {
                                                format!("{} ({})", p.name, format::file_size(p.size))
                                                    .into_any()
                                            }
                                            None => (move || i18n.a().review_no_file).into_any(),
                                        }}
                                    </dd>
                                </div>
                            }
                        })
                        .collect_view()}
                </dl>
            </section>
            {move || match sending.get() {
                Sending::Progress(fraction) => {
                    let percent = (fraction * 100.0).round().clamp(0.0, 100.0) as u32;
                    view! {
                        <div class="upload-progress">
                            <label for="upload-progress">{move || (i18n.a().uploading)(percent)}</label>
                            <progress id="upload-progress" max="100" value=percent.to_string()></progress>
                        </div>
                    }
                        .into_any()
                }
                Sending::Failed(error) => {
                    view! {
                        <ErrorView error />
                        <p class="hint">{move || i18n.a().submit_retry_note}</p>
                    }
                        .into_any()
                }
                Sending::Idle => ().into_any(),
            }}
            <div class="wizard-buttons">
                <button type="button" on:click=move |_| go_to.run(Step::Documents)>
                    {move || i18n.a().back}
                </button>
                <button type="submit" class="primary" aria-disabled=move || busy().to_string()>
                    {move || {
                        if matches!(sending.get(), Sending::Failed(_)) {
                            i18n.t().retry
                        } else {
                            i18n.a().submit_button
                        }
                    }}
                </button>
            </div>
        </form>
    }
}
