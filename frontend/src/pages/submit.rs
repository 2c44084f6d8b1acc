//! `/nop-ho-so/{tenantCode}/{procedureCode}`: the submission wizard. Applicant → the
//! procedure's form → documents → review → submit, each step checked with the server's own
//! rules (`shared`), then sent as one GraphQL multipart request with upload progress.
//!
//! The idempotency key is made once per wizard run and kept in sessionStorage: a retry
//! after a lost answer (or a reload of this tab) sends the same key, and the server returns
//! the dossier it already has instead of a second one.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::{FieldDef, FieldKind};

use crate::api::auth::User;
use crate::api::dossiers::{self, Applicant, Submission, Submitted};
use crate::api::procedures::{Procedure, localized_name};
use crate::api::{ApiError, ErrorCode};
use crate::browser;
use crate::components::form_field::FieldSet;
use crate::components::load::load;
use crate::components::wizard::documents_step::{Attachments, DocumentsStep};
use crate::components::wizard::done::Done;
use crate::components::wizard::fields_step::FieldsStep;
use crate::components::wizard::review_step::{ReviewStep, Sending};
use crate::components::wizard::{Step, StepList};
use crate::i18n::{Locale, use_account_page_title, use_i18n};

#[component]
pub fn SubmitPage(tenant: String, procedure: String) -> impl IntoView {
    use_account_page_title(|t| t.wizard_title);
    load(
        move || {
            let (tenant, procedure) = (tenant.clone(), procedure.clone());
            async move {
                let context = dossiers::submission_context(&tenant, &procedure).await?;
                match (context.procedure, context.tenant_name) {
                    (Some(procedure), Some(tenant_name)) => {
                        Ok((procedure, context.user, tenant, tenant_name))
                    }
                    _ => Err(ApiError::Server {
                        code: ErrorCode::NotFound,
                        message: "no such procedure or unit".into(),
                    }),
                }
            }
        },
        |(procedure, user, tenant, tenant_name): &(Procedure, User, String, String)| {
            view! {
                <Wizard
                    tenant=tenant.clone()
                    tenant_name=tenant_name.clone()
                    procedure=procedure.clone()
                    user=user.clone()
                />
            }
        },
    )
}

/// The applicant's fields, declared like a procedure's form so the same checks and
/// widgets apply. Labels come from both languages' tables.
fn applicant_defs() -> Vec<FieldDef> {
    let (vi, en) = (Locale::Vi.account(), Locale::En.account());
    let def = |key: &str, label_vi: &str, label_en: &str, kind, required, max_len| FieldDef {
        key: key.to_owned(),
        label_vi: label_vi.to_owned(),
        label_en: label_en.to_owned(),
        kind,
        required,
        pattern: None,
        options: Vec::new(),
        max_len,
        help_vi: None,
    };
    vec![
        def(
            "full_name",
            vi.applicant_full_name,
            en.applicant_full_name,
            FieldKind::Text,
            true,
            Some(100),
        ),
        def(
            "personal_id",
            vi.applicant_personal_id,
            en.applicant_personal_id,
            FieldKind::PersonalId,
            false,
            None,
        ),
        def(
            "phone",
            vi.applicant_phone,
            en.applicant_phone,
            FieldKind::Phone,
            false,
            None,
        ),
        def(
            "email",
            vi.applicant_email,
            en.applicant_email,
            FieldKind::Email,
            false,
            None,
        ),
        def(
            "address",
            vi.applicant_address,
            en.applicant_address,
            FieldKind::Textarea,
            false,
            Some(300),
        ),
    ]
}

/// The applicant step starts from the account's details.
fn applicant_from(user: &User) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    values.insert("full_name".to_owned(), user.full_name.clone());
    if let Some(phone) = &user.phone {
        values.insert("phone".to_owned(), phone.clone());
    }
    if let Some(email) = &user.email {
        values.insert("email".to_owned(), email.clone());
    }
    values
}

/// The key for this unit and procedure in this tab: the stored one, or a new one.
fn idempotency_key(storage_key: &str) -> String {
    browser::session_get(storage_key).unwrap_or_else(|| {
        let key = browser::random_key();
        browser::session_set(storage_key, &key);
        key
    })
}

#[component]
fn Wizard(tenant: String, tenant_name: String, procedure: Procedure, user: User) -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Applicant);
    // Focus follows the step once the citizen has moved; not on arrival.
    let moved = RwSignal::new(false);
    let go = move |to: Step| {
        moved.set(true);
        step.set(to);
    };

    let applicant_defs = applicant_defs();
    let applicant = FieldSet::new(applicant_from(&user));
    let form = FieldSet::new(BTreeMap::new());
    let attachments = Attachments::new(procedure.documents.len());
    let sending = RwSignal::new(Sending::Idle);
    let submitted = RwSignal::new(None::<Submitted>);
    let storage_key = format!("motcua.submit.{tenant}.{}", procedure.code);
    let key = idempotency_key(&storage_key);

    let Procedure {
        code,
        name,
        name_en,
        documents,
        form_fields,
        online_level,
        ..
    } = procedure;

    let submit = {
        let (tenant, code, documents, form_fields, applicant_defs) = (
            tenant.clone(),
            code.clone(),
            documents.clone(),
            form_fields.clone(),
            applicant_defs.clone(),
        );
        move || {
            let value = |key: &str| applicant.value(key);
            let submission = Submission {
                tenant_code: tenant.clone(),
                procedure_code: code.clone(),
                idempotency_key: key.clone(),
                applicant: Applicant {
                    full_name: value("full_name"),
                    personal_id: value("personal_id"),
                    phone: value("phone"),
                    email: value("email"),
                    address: value("address"),
                },
                form: form_fields
                    .iter()
                    .filter_map(|def| form.value(&def.key).map(|v| (def.key.clone(), v)))
                    .collect(),
                documents: documents
                    .iter()
                    .zip(attachments.files.get_untracked())
                    .filter_map(|(doc, file)| file.map(|f| (doc.name.clone(), f.file)))
                    .collect(),
            };
            // Checked again in case a step was skipped by going back and forth.
            if !applicant.check(&applicant_defs) {
                go(Step::Applicant);
                return;
            }
            if !form.check(&form_fields) {
                go(Step::Form);
                return;
            }
            if !attachments.check(&documents) {
                go(Step::Documents);
                return;
            }
            sending.set(Sending::Progress(0.0));
            let storage_key = storage_key.clone();
            spawn_local(async move {
                let progress = move |fraction| {
                    sending.try_set(Sending::Progress(fraction));
                };
                match dossiers::submit(&submission, progress).await {
                    Ok(done) => {
                        browser::session_remove(&storage_key);
                        submitted.try_set(Some(done));
                        sending.try_set(Sending::Idle);
                        moved.try_set(true);
                        step.try_set(Step::Done);
                    }
                    Err(error) => {
                        sending.try_set(Sending::Failed(error));
                    }
                }
            });
        }
    };

    let title = move || localized_name(&name, &name_en, i18n.locale()).to_owned();
    let page = move || {
        let focus = moved.get_untracked();
        match step.get() {
            Step::Applicant => view! {
                <FieldsStep
                    step=Step::Applicant
                    focus
                    intro=|t| t.applicant_intro
                    defs=applicant_defs.clone()
                    set=applicant
                    prefix="applicant"
                    on_next=move || go(Step::Form)
                />
            }
            .into_any(),
            Step::Form => view! {
                <FieldsStep
                    step=Step::Form
                    focus
                    intro=|t| t.form_intro
                    defs=form_fields.clone()
                    set=form
                    prefix="form"
                    on_back=move || go(Step::Applicant)
                    on_next=move || go(Step::Documents)
                />
            }
            .into_any(),
            Step::Documents => view! {
                <DocumentsStep
                    focus
                    documents=documents.clone()
                    attachments
                    on_back=move || go(Step::Form)
                    on_next=move || go(Step::Review)
                />
            }
            .into_any(),
            Step::Review => {
                let submit = submit.clone();
                view! {
                    <ReviewStep
                        focus
                        applicant_defs=applicant_defs.clone()
                        applicant
                        form_defs=form_fields.clone()
                        form
                        documents=documents.clone()
                        attachments
                        sending
                        go_to=move |to| go(to)
                        on_submit=move || submit()
                    />
                }
                .into_any()
            }
            Step::Done => submitted
                .get()
                .map(|submitted| view! { <Done submitted /> })
                .into_any(),
        }
    };

    if !online_level.accepts_online() {
        return view! {
            <h1>{title}</h1>
            <p>{move || i18n.t().not_online}</p>
        }
        .into_any();
    }
    view! {
        <div class="wizard">
            <p class="eyebrow">{move || i18n.a().wizard_title}</p>
            <h1>{title}</h1>
            <p class="meta">{move || i18n.t().receiving_unit} ": " {tenant_name}</p>
            <StepList current=step />
            {page}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicant_fields_are_valid_definitions_and_start_from_the_account() {
        let defs = applicant_defs();
        assert!(shared::validate_defs(&defs).is_ok());
        let user = User {
            full_name: "Nguyễn Văn An".into(),
            email: Some("congdan@demo.motcua.vn".into()),
            phone: None,
        };
        let values = applicant_from(&user);
        assert!(shared::validate_form(&defs, &values).is_ok());
        let mut bad = values.clone();
        bad.insert("personal_id".into(), "123".into());
        let errors = shared::validate_form(&defs, &bad).unwrap_err();
        assert_eq!(errors[0].key, "personal_id");
    }
}
