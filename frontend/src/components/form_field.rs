//! One field of a form declared as data (`shared::FieldDef`): the right input for its
//! kind, its label in the reader's language, its help, and its problem once checked. The
//! values and problems of a whole form live in a [`FieldSet`] and are checked with
//! `shared::validate_form`, the code the server runs.

use std::collections::BTreeMap;

use leptos::prelude::*;
use shared::{FieldDef, FieldKind, FieldProblem, validate_form};

use crate::i18n::{Locale, use_i18n};

/// The values and the problems of one form.
#[derive(Clone, Copy)]
pub struct FieldSet {
    pub values: RwSignal<BTreeMap<String, String>>,
    pub problems: RwSignal<Vec<(String, FieldProblem)>>,
}

impl FieldSet {
    pub fn new(initial: BTreeMap<String, String>) -> Self {
        FieldSet {
            values: RwSignal::new(initial),
            problems: RwSignal::new(Vec::new()),
        }
    }

    /// Checks every value against `defs`, keeps the problems for the fields to show, and
    /// says whether the form may be sent.
    pub fn check(self, defs: &[FieldDef]) -> bool {
        let values = self.values.get_untracked();
        let problems = match validate_form(defs, &values) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| (e.key, e.problem)).collect(),
        };
        let ok = problems.is_empty();
        self.problems.set(problems);
        ok
    }

    fn problem_of(self, key: &str) -> Option<FieldProblem> {
        self.problems
            .with(|p| p.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone()))
    }

    /// The value of `key`, trimmed; `None` when empty.
    pub fn value(self, key: &str) -> Option<String> {
        self.values.with_untracked(|v| {
            v.get(key)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        })
    }
}

/// The label of a field in the current language.
pub fn field_label(def: &FieldDef, locale: Locale) -> String {
    match locale {
        Locale::En if !def.label_en.trim().is_empty() => def.label_en.clone(),
        _ => def.label_vi.clone(),
    }
}

/// The element id of a field's input (error summaries link to it).
pub fn input_id(prefix: &str, key: &str) -> String {
    format!("{prefix}-{key}")
}

#[component]
pub fn FormField(def: FieldDef, set: FieldSet, prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let id = input_id(prefix, &def.key);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let key = def.key.clone();
    let problem = {
        let key = key.clone();
        Memo::new(move |_| set.problem_of(&key))
    };
    let has_help = def.help_vi.is_some();
    let described_by = {
        let (help_id, error_id) = (help_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_help && i18n.locale() == Locale::Vi {
                ids.push(help_id.clone());
            }
            if problem.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let value = {
        let key = key.clone();
        move || {
            set.values
                .with(|v| v.get(&key).cloned().unwrap_or_default())
        }
    };
    let current_untracked = {
        let key = key.clone();
        move || {
            set.values
                .with_untracked(|v| v.get(&key).cloned().unwrap_or_default())
        }
    };
    let set_value = {
        let key = key.clone();
        move |v: String| {
            set.values.update(|values| {
                values.insert(key.clone(), v);
            })
        }
    };
    let invalid = move || problem.with(Option::is_some).then_some("true");
    let label_def = def.clone();
    let label = move || field_label(&label_def, i18n.locale());
    let required = def.required;

    let input = match def.kind {
        FieldKind::Textarea => view! {
            <textarea
                id=id.clone()
                rows="3"
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                prop:value=value
                on:input=move |ev| set_value(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        FieldKind::Select => {
            // The options carry the selection: a select's value set before its options
            // exist would be lost.
            let current = current_untracked();
            let options = def.options.clone();
            view! {
                <select
                    id=id.clone()
                    aria-required=required.then_some("true")
                    aria-invalid=invalid
                    aria-describedby=described_by.clone()
                    on:change=move |ev| set_value(event_target_value(&ev))
                >
                    <option value="">{move || i18n.a().select_placeholder}</option>
                    {options
                        .into_iter()
                        .map(|o| {
                            let selected = o == current;
                            let text = o.clone();
                            view! { <option value=o selected=selected>{text}</option> }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::Checkbox => view! {
            <input
                id=id.clone()
                type="checkbox"
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                prop:checked=move || value() == "true"
                on:change=move |ev| set_value(event_target_checked(&ev).to_string())
            />
        }
        .into_any(),
        kind => {
            let (input_type, input_mode) = match kind {
                FieldKind::Date => ("date", None),
                FieldKind::Number => ("text", Some("decimal")),
                FieldKind::Email => ("email", None),
                FieldKind::Phone => ("tel", None),
                FieldKind::PersonalId => ("text", Some("numeric")),
                _ => ("text", None),
            };
            view! {
                <input
                    id=id.clone()
                    type=input_type
                    inputmode=input_mode
                    maxlength=def.max_len.map(|n| n.to_string())
                    aria-required=required.then_some("true")
                    aria-invalid=invalid
                    aria-describedby=described_by.clone()
                    prop:value=value
                    on:input=move |ev| set_value(event_target_value(&ev))
                />
            }
            .into_any()
        }
    };

    let is_checkbox = def.kind == FieldKind::Checkbox;
    view! {
        <div class="field" class:field-checkbox=is_checkbox class:field-invalid=move || problem.with(Option::is_some)>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { " " <span class="required">{move || i18n.t().required_mark}</span> })}
            </label>
            {input}
            {def.help_vi.map(|help| {
                view! {
                    <p class="hint" id=help_id.clone() hidden=move || i18n.locale() != Locale::Vi>
                        {help}
                    </p>
                }
            })}
            <p class="field-error" id=error_id.clone() hidden=move || problem.with(Option::is_none)>
                {move || problem.get().map(|p| i18n.a().fields.for_problem(&p))}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_label_is_used_when_given() {
        let def = FieldDef {
            key: "child_sex".into(),
            label_vi: "Giới tính".into(),
            label_en: "Sex".into(),
            kind: FieldKind::Select,
            required: true,
            pattern: None,
            options: vec!["Nam".into(), "Nữ".into()],
            max_len: None,
            help_vi: None,
        };
        assert_eq!(field_label(&def, Locale::En), "Sex");
        assert_eq!(field_label(&def, Locale::Vi), "Giới tính");
        let no_en = FieldDef {
            label_en: String::new(),
            ..def
        };
        assert_eq!(field_label(&no_en, Locale::En), "Giới tính");
        assert_eq!(input_id("form", "child_sex"), "form-child_sex");
    }
}
