//! `/dang-nhap`: sign in, or create an account, with an email address or a phone number.
//! Afterwards the page goes back to `?next=` (the page that asked), or to My dossiers.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::validation::{Email, LoginId, Password, PersonName, PhoneNumber};

use crate::api::auth::{self, Registration};
use crate::api::{ApiError, ErrorCode};
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::i18n::{AccountMessages, use_account_page_title, use_i18n};
use crate::nav::{Nav, use_nav};

/// Where to go after signing in: `next` when it is a path of this app, else My dossiers.
fn after_sign_in(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .filter(|n| {
            let path = n.split(['?', '#']).next().unwrap_or_default();
            !matches!(Route::from_path(path), Route::NotFound | Route::SignIn)
        })
        .unwrap_or_else(|| Route::MyDossiers.href())
}

/// What is wrong with a sign-in form, before asking the server.
fn check_sign_in(identifier: &str, password: &str) -> Option<fn(&AccountMessages) -> &'static str> {
    if LoginId::parse(identifier.trim()).is_err() {
        Some(|t| t.bad_identifier)
    } else if password.is_empty() {
        Some(|t| t.bad_password)
    } else {
        None
    }
}

/// What is wrong with a registration, before asking the server (the same rules).
fn check_registration(r: &Registration) -> Option<fn(&AccountMessages) -> &'static str> {
    if PersonName::parse(&r.full_name).is_err() {
        return Some(|t| t.bad_name);
    }
    if r.email.is_none() && r.phone.is_none() {
        return Some(|t| t.contact_required);
    }
    if r.email.as_deref().is_some_and(|e| Email::parse(e).is_err()) {
        return Some(|t| t.fields.bad_email);
    }
    if r.phone
        .as_deref()
        .is_some_and(|p| PhoneNumber::parse(p).is_err())
    {
        return Some(|t| t.fields.bad_phone);
    }
    if Password::parse(&r.password).is_err() {
        return Some(|t| t.bad_password);
    }
    None
}

fn blank_to_none(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A problem found before sending, or the server's refusal.
#[derive(Clone)]
enum Problem {
    Local(fn(&AccountMessages) -> &'static str),
    Server(ApiError),
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_nav();
    let registering = RwSignal::new(false);
    use_account_page_title(|t| t.sign_in_title);

    view! {
        <div class="narrow">
            <h1>
                {move || {
                    if registering.get() { i18n.a().register_title } else { i18n.a().sign_in_title }
                }}
            </h1>
            {move || {
                if registering.get() {
                    view! { <RegisterForm nav /> }.into_any()
                } else {
                    view! { <SignInForm nav /> }.into_any()
                }
            }}
            <p class="switch-mode">
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| registering.update(|r| *r = !*r)
                >
                    {move || {
                        if registering.get() { i18n.a().have_account } else { i18n.a().no_account }
                    }}
                </button>
            </p>
        </div>
    }
}

fn problem_view(problem: Option<Problem>) -> impl IntoView {
    let i18n = use_i18n();
    problem.map(|p| match p {
        Problem::Local(message) => {
            view! { <p class="form-error" role="alert">{move || message(i18n.a())}</p> }.into_any()
        }
        Problem::Server(ApiError::Server {
            code: ErrorCode::Unauthenticated,
            ..
        }) => view! { <p class="form-error" role="alert">{move || i18n.a().sign_in_failed}</p> }
            .into_any(),
        Problem::Server(error) => view! { <ErrorView error /> }.into_any(),
    })
}

#[component]
fn SignInForm(nav: Nav) -> impl IntoView {
    let i18n = use_i18n();
    let identifier = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (id, pw) = (identifier.get_untracked(), password.get_untracked());
        if let Some(message) = check_sign_in(&id, &pw) {
            problem.set(Some(Problem::Local(message)));
            return;
        }
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match auth::login(id.trim(), &pw).await {
                Ok(_) => nav.replace(&after_sign_in(nav.query_untracked("next"))),
                Err(error) => {
                    problem.try_set(Some(Problem::Server(error)));
                    busy.try_set(false);
                }
            }
        });
    };

    view! {
        <form class="stack" on:submit=submit novalidate>
            <div class="field">
                <label for="identifier">{move || i18n.a().identifier_label}</label>
                <input
                    id="identifier"
                    type="text"
                    inputmode="email"
                    autocomplete="username"
                    prop:value=move || identifier.get()
                    on:input=move |ev| identifier.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="password">{move || i18n.a().password_label}</label>
                <input
                    id="password"
                    type="password"
                    autocomplete="current-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </div>
            {move || problem_view(problem.get())}
            <button type="submit" class="primary" aria-disabled=move || busy.get().to_string()>
                {move || if busy.get() { i18n.a().working } else { i18n.a().sign_in_button }}
            </button>
        </form>
    }
}

#[component]
fn RegisterForm(nav: Nav) -> impl IntoView {
    let i18n = use_i18n();
    let full_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = Registration {
            full_name: full_name.get_untracked().trim().to_owned(),
            email: blank_to_none(email.get_untracked()),
            phone: blank_to_none(phone.get_untracked()),
            password: password.get_untracked(),
        };
        if let Some(message) = check_registration(&input) {
            problem.set(Some(Problem::Local(message)));
            return;
        }
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            match auth::register(&input).await {
                Ok(_) => nav.replace(&after_sign_in(nav.query_untracked("next"))),
                Err(error) => {
                    problem.try_set(Some(Problem::Server(error)));
                    busy.try_set(false);
                }
            }
        });
    };

    let text_field = move |id: &'static str,
                           label: fn(&AccountMessages) -> &'static str,
                           kind: &'static str,
                           autocomplete: &'static str,
                           value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.a())}</label>
                <input
                    id=id
                    type=kind
                    autocomplete=autocomplete
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };

    view! {
        <form class="stack" on:submit=submit novalidate>
            {text_field("full-name", |t| t.full_name_label, "text", "name", full_name)}
            <p class="hint" id="contact-hint">{move || i18n.a().contact_hint}</p>
            {text_field("email", |t| t.email_label, "email", "email", email)}
            {text_field("phone", |t| t.phone_label, "tel", "tel", phone)}
            <div class="field">
                <label for="new-password">{move || i18n.a().password_label}</label>
                <input
                    id="new-password"
                    type="password"
                    autocomplete="new-password"
                    aria-describedby="password-hint"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <p class="hint" id="password-hint">{move || i18n.a().password_hint}</p>
            </div>
            {move || problem_view(problem.get())}
            <button type="submit" class="primary" aria-disabled=move || busy.get().to_string()>
                {move || if busy.get() { i18n.a().working } else { i18n.a().register_button }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_app_are_followed_after_sign_in() {
        assert_eq!(
            after_sign_in(Some("/nop-ho-so/TN.BINHMINH/1.001193".into())),
            "/nop-ho-so/TN.BINHMINH/1.001193"
        );
        assert_eq!(
            after_sign_in(Some("/tra-cuu?code=A".into())),
            "/tra-cuu?code=A"
        );
        for bad in [
            "//evil.example/x",
            "https://evil.example/",
            "/receipts/X",
            "/dang-nhap",
        ] {
            assert_eq!(after_sign_in(Some(bad.into())), "/ho-so-cua-toi", "{bad}");
        }
        assert_eq!(after_sign_in(None), "/ho-so-cua-toi");
    }

    #[test]
    fn registration_needs_a_name_a_contact_and_a_good_password() {
        let good = Registration {
            full_name: "Trần Thị Bình".into(),
            email: Some("binh@example.vn".into()),
            phone: None,
            password: "matkhau2026".into(),
        };
        assert!(check_registration(&good).is_none());
        let no_contact = Registration {
            email: None,
            ..good.clone()
        };
        assert!(check_registration(&no_contact).is_some());
        let weak = Registration {
            password: "short".into(),
            ..good
        };
        assert!(check_registration(&weak).is_some());
        assert!(check_sign_in("congdan@demo.motcua.vn", "x").is_none());
        assert!(check_sign_in("not an id", "x").is_some());
    }
}
