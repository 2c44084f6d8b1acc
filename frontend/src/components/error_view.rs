//! The one way an error is shown: a translated message for its code, a sign-in link when
//! the code says one is needed, and a retry button when the caller can retry.

use leptos::prelude::*;

use crate::api::{ApiError, ErrorCode};
use crate::app::sign_in_href;
use crate::i18n::use_i18n;
use crate::nav::use_nav;

#[component]
pub fn ErrorView(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_nav();
    if error.code() == Some(ErrorCode::Unauthenticated) {
        // Not a failure: the page needs an account. Say so and offer the way in.
        return view! {
            <div class="notice">
                <p>{move || i18n.t().sign_in_needed}</p>
                <p>
                    <a class="button primary" href=sign_in_href(&nav.here())>
                        {move || i18n.t().nav_sign_in}
                    </a>
                </p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="error-view" role="alert">
            <p class="error-title">{move || i18n.t().error_title}</p>
            <p>{move || i18n.t().errors.for_error(&error)}</p>
            {on_retry
                .map(|retry| {
                    view! {
                        <button type="button" on:click=move |_| retry.run(())>
                            {move || i18n.t().retry}
                        </button>
                    }
                })}
        </div>
    }
    .into_any()
}

/// The first error an `ErrorBoundary` caught, as an [`ApiError`]. Anything
/// that is not an `ApiError` (a bug) shows as an internal error.
pub fn first_api_error(errors: &Errors) -> Option<ApiError> {
    errors.iter().next().map(|(_, error)| {
        error
            .downcast_ref::<ApiError>()
            .cloned()
            .unwrap_or_else(|| ApiError::BadResponse(error.to_string()))
    })
}

/// The `ErrorBoundary` fallback every load uses: the first error, with a retry.
pub fn boundary_fallback(
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl Fn(ArcRwSignal<Errors>) -> AnyView + Clone + Send + Sync + 'static {
    move |errors: ArcRwSignal<Errors>| {
        (move || {
            errors
                .with(first_api_error)
                .map(|error| view! { <ErrorView error on_retry=move || retry() /> })
        })
        .into_any()
    }
}

/// A loading message for `Transition` fallbacks, announced politely.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="status" role="status">
            {move || i18n.t().loading}
        </p>
    }
}
