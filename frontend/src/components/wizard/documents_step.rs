//! The documents step: one file input per document of the procedure. Each file is checked
//! here before anything is sent — size, and its first bytes with `shared::upload::check`,
//! the server's own test — so a wrong file is named at once, not after a long upload.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::upload::{self, SniffError};
use wasm_bindgen_futures::JsFuture;

use super::fields_step::focus_by_id;
use super::{ErrorSummary, Step, StepHeading};
use crate::api::procedures::ProcedureDocument;
use crate::format;
use crate::i18n::{AccountMessages, use_i18n};

/// Largest file the server takes.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Largest dossier the server takes, all files together.
pub const MAX_DOSSIER_BYTES: u64 = 50 * 1024 * 1024;

/// A file the citizen chose and that passed the checks.
#[derive(Clone)]
pub struct Picked {
    pub file: web_sys::File,
    pub name: String,
    pub size: u64,
}

/// Why a document cannot be sent as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    Missing,
    TooBig,
    TotalTooBig,
    Refused(SniffError),
}

/// The chosen files and their problems, one slot per document of the procedure.
#[derive(Clone, Copy)]
pub struct Attachments {
    pub files: RwSignal<Vec<Option<Picked>>, LocalStorage>,
    pub problems: RwSignal<Vec<Option<FileProblem>>>,
}

impl Attachments {
    pub fn new(count: usize) -> Self {
        Attachments {
            files: RwSignal::new_local(vec![None; count]),
            problems: RwSignal::new(vec![None; count]),
        }
    }

    fn set(self, index: usize, file: Option<Picked>, problem: Option<FileProblem>) {
        self.files.update(|f| {
            if let Some(slot) = f.get_mut(index) {
                *slot = file;
            }
        });
        self.problems.update(|p| {
            if let Some(slot) = p.get_mut(index) {
                *slot = problem;
            }
        });
    }

    /// Marks missing required documents and a dossier over the size limit; true when the
    /// files may be sent.
    pub fn check(self, documents: &[ProcedureDocument]) -> bool {
        let files = self.files.get_untracked();
        let total: u64 = files.iter().flatten().map(|p| p.size).sum();
        let last_picked = files.iter().rposition(Option::is_some);
        self.problems.update(|problems| {
            for (i, doc) in documents.iter().enumerate() {
                let picked = files.get(i).is_some_and(Option::is_some);
                let Some(slot) = problems.get_mut(i) else {
                    continue;
                };
                if !picked && doc.must_upload() && slot.is_none() {
                    *slot = Some(FileProblem::Missing);
                }
                if picked && *slot == Some(FileProblem::TotalTooBig) {
                    *slot = None;
                }
                if total > MAX_DOSSIER_BYTES && Some(i) == last_picked {
                    *slot = Some(FileProblem::TotalTooBig);
                }
            }
        });
        self.problems
            .with_untracked(|p| p.iter().all(Option::is_none))
    }
}

/// The first 16 bytes of a file, enough to tell PDF, JPEG and PNG apart.
async fn read_head(file: &web_sys::File) -> Option<Vec<u8>> {
    let blob = file.slice_with_i32_and_i32(0, 16).ok()?;
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn doc_input_id(index: usize) -> String {
    format!("doc-{index}")
}

#[component]
pub fn DocumentsStep(
    focus: bool,
    documents: Vec<ProcedureDocument>,
    attachments: Attachments,
    #[prop(into)] on_back: Callback<()>,
    #[prop(into)] on_next: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let names: Vec<String> = documents.iter().map(|d| d.name.clone()).collect();
    let summary = Signal::derive(move || {
        let t = i18n.a();
        attachments.problems.with(|problems| {
            problems
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let p = p.as_ref()?;
                    let name = names.get(i).cloned().unwrap_or_default();
                    Some((doc_input_id(i), format!("{name}: {}", file_message(t, p))))
                })
                .collect()
        })
    });
    let check_docs = documents.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if attachments.check(&check_docs) {
            on_next.run(());
        } else if let Some(i) = attachments
            .problems
            .with_untracked(|p| p.iter().position(Option::is_some))
        {
            focus_by_id(&doc_input_id(i));
        }
    };

    view! {
        <form class="wizard-step" on:submit=submit novalidate>
            <StepHeading step=Step::Documents focus />
            <p class="hint">{move || i18n.a().documents_intro}</p>
            <ErrorSummary items=summary />
            {documents
                .into_iter()
                .enumerate()
                .map(|(index, document)| view! { <DocumentInput index document attachments /> })
                .collect_view()}
            <div class="wizard-buttons">
                <button type="button" on:click=move |_| on_back.run(())>
                    {move || i18n.a().back}
                </button>
                <button type="submit" class="primary">
                    {move || i18n.a().next}
                </button>
            </div>
        </form>
    }
}

fn file_message(t: &AccountMessages, problem: &FileProblem) -> &'static str {
    match problem {
        FileProblem::Missing => t.files.missing,
        FileProblem::TooBig => t.files.too_big,
        FileProblem::TotalTooBig => t.files.total_too_big,
        FileProblem::Refused(e) => t.files.for_sniff(e),
    }
}

#[component]
fn DocumentInput(
    index: usize,
    document: ProcedureDocument,
    attachments: Attachments,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<html::Input>::new();
    let id = doc_input_id(index);
    let error_id = format!("{id}-error");
    let problem = Memo::new(move |_| {
        attachments
            .problems
            .with(|p| p.get(index).cloned().flatten())
    });
    let picked = move || {
        attachments
            .files
            .with(|f| f.get(index).cloned().flatten())
            .map(|p| (p.name, p.size))
    };

    let on_change = move |_| {
        let Some(file) = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|list| list.get(0))
        else {
            attachments.set(index, None, None);
            return;
        };
        // `File.size` is a whole number of bytes held in a double.
        let size = file.size().max(0.0) as u64;
        if size > MAX_FILE_BYTES {
            attachments.set(index, None, Some(FileProblem::TooBig));
            return;
        }
        spawn_local(async move {
            let head = read_head(&file).await.unwrap_or_default();
            match upload::check(&head, Some(&file.type_())) {
                Ok(_) => {
                    let name = file.name();
                    attachments.set(index, Some(Picked { file, name, size }), None);
                }
                Err(e) => attachments.set(index, None, Some(FileProblem::Refused(e))),
            }
        });
    };
    let remove = move |_| {
        if let Some(el) = input.get_untracked() {
            el.set_value("");
        }
        attachments.set(index, None, None);
    };
    let must_upload = document.must_upload();

    view! {
        <div class="field" class:field-invalid=move || problem.with(Option::is_some)>
            <label for=id.clone()>
                {document.name}
                {must_upload
                    .then(|| view! { " " <span class="required">{move || i18n.t().required_mark}</span> })}
            </label>
            {document
                .replaceable_by_data
                .then(|| view! { <p class="hint">{move || i18n.t().doc_replaceable}</p> })}
            <input
                id=id
                type="file"
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                node_ref=input
                aria-required=must_upload.then_some("true")
                aria-invalid=move || problem.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                on:change=on_change
            />
            {move || {
                picked()
                    .map(|(name, size)| {
                        view! {
                            <p class="file-picked">
                                <span>{name} " (" {format::file_size(size)} ")"</span>
                                <button type="button" class="link-button" on:click=remove>
                                    {move || i18n.a().file_remove}
                                </button>
                            </p>
                        }
                    })
            }}
            <p class="field-error" id=error_id hidden=move || problem.with(Option::is_none)>
                {move || problem.get().map(|p| file_message(i18n.a(), &p))}
            </p>
        </div>
    }
}
