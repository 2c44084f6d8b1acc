//! The pieces of the submission wizard (`pages/submit.rs` holds the state and the order):
//! the step list, each step's heading (which takes focus when the step changes), the
//! error summary, and one module per step.

pub mod documents_step;
pub mod done;
pub mod fields_step;
pub mod review_step;

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{AccountMessages, use_i18n};

/// The steps, in order. `Done` is the confirmation after a successful submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Applicant,
    Form,
    Documents,
    Review,
    Done,
}

impl Step {
    pub const ORDER: [Step; 4] = [Step::Applicant, Step::Form, Step::Documents, Step::Review];

    pub fn title(self) -> fn(&AccountMessages) -> &'static str {
        match self {
            Step::Applicant => |t| t.step_applicant,
            Step::Form => |t| t.step_form,
            Step::Documents => |t| t.step_documents,
            Step::Review => |t| t.step_review,
            Step::Done => |t| t.done_title,
        }
    }

    /// 1-based position among the four steps (`Done` counts as past the last).
    pub fn number(self) -> usize {
        Step::ORDER
            .iter()
            .position(|s| *s == self)
            .map_or(Step::ORDER.len(), |i| i + 1)
    }
}

/// The list of steps, marking the current one.
#[component]
pub fn StepList(current: RwSignal<Step>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="steps" aria-label=move || i18n.a().steps_label>
            {Step::ORDER
                .into_iter()
                .map(|step| {
                    let is_current = move || current.get() == step;
                    let is_past = move || current.get().number() > step.number();
                    view! {
                        <li
                            class:current=is_current
                            class:past=is_past
                            aria-current=move || is_current().then_some("step")
                        >
                            <span class="step-number">{step.number()}</span>
                            <span class="step-title">{move || step.title()(i18n.a())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// A step's heading, "Bước 2/4: Thông tin tờ khai". It takes focus when shown after a
/// step change (`focus`), so keyboard and screen-reader users start at the new step.
#[component]
pub fn StepHeading(step: Step, focus: bool) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H2>::new();
    if focus {
        Effect::new(move |_| {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        });
    }
    view! {
        <h2 class="step-heading" tabindex="-1" node_ref=heading>
            {move || {
                if step == Step::Done {
                    step.title()(i18n.a()).to_owned()
                } else {
                    format!(
                        "{}: {}",
                        (i18n.a().step_of)(step.number(), Step::ORDER.len()),
                        step.title()(i18n.a()),
                    )
                }
            }}
        </h2>
    }
}

/// "Please correct the following", each problem a link to its field.
#[component]
pub fn ErrorSummary(items: Signal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let items = items.get();
        (!items.is_empty()).then(|| {
            view! {
                <div class="error-summary" role="alert">
                    <p class="error-title">{move || i18n.a().fix_errors}</p>
                    <ul>
                        {items
                            .into_iter()
                            .map(|(target, text)| {
                                view! {
                                    <li>
                                        <a href=format!("#{target}")>{text}</a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Step;

    #[test]
    fn steps_are_numbered_from_one_and_done_is_past_the_last() {
        assert_eq!(Step::Applicant.number(), 1);
        assert_eq!(Step::Review.number(), 4);
        assert_eq!(Step::Done.number(), 4);
    }
}
