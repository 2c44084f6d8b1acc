//! The app shell (skip link, header, main, footer) and the one place routes are declared.

use leptos::prelude::*;

use crate::components::{footer::Footer, header::Header};
use crate::i18n::{I18n, use_i18n};
use crate::pages::{home::HomePage, not_found::NotFoundPage};

/// Every page of the app, chosen from `location.pathname`.
///
/// Links are plain `<a href>` for now, so each navigation is a page load and
/// the route is read once. When in-app navigation arrives, this becomes a
/// signal fed by `popstate` (or leptos_router, if the route table grows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    Home,
    NotFound,
}

impl Route {
    fn from_path(path: &str) -> Self {
        match path.trim_end_matches('/') {
            "" | "/index.html" => Route::Home,
            _ => Route::NotFound,
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    let i18n = use_i18n();
    let route = Route::from_path(&window().location().pathname().unwrap_or_default());
    let page = match route {
        Route::Home => view! { <HomePage /> }.into_any(),
        Route::NotFound => view! { <NotFoundPage /> }.into_any(),
    };

    view! {
        <a class="skip-link" href="#main">
            {move || i18n.t().skip_to_content}
        </a>
        <Header />
        <main id="main" class="container" tabindex="-1">
            {page}
        </main>
        <Footer />
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn root_and_index_are_home_and_anything_else_is_not_found() {
        assert_eq!(Route::from_path("/"), Route::Home);
        assert_eq!(Route::from_path(""), Route::Home);
        assert_eq!(Route::from_path("/index.html"), Route::Home);
        assert_eq!(
            Route::from_path("/dossiers/LD-250101-0001"),
            Route::NotFound
        );
    }
}
