//! The one way an error is shown: a translated message for its code, and a
//! retry button when the caller can retry.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_i18n;

#[component]
pub fn ErrorView(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
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
