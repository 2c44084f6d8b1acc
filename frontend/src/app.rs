//! The app shell (skip link, header, main, footer) and the one place routes are declared.

use leptos::prelude::*;

use crate::browser::encode;
use crate::components::{footer::Footer, header::Header};
use crate::i18n::{I18n, use_i18n};
use crate::nav::Nav;
#[cfg(not(feature = "light"))]
use crate::pages::{
    dossier::DossierPage, my_dossiers::MyDossiersPage, sign_in::SignInPage, submit::SubmitPage,
};
use crate::pages::{
    home::HomePage, not_found::NotFoundPage, procedure::ProcedurePage, track::TrackPage,
};
use crate::session::Session;

/// Every page of the app, with the Vietnamese paths citizens see and share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`
    Home,
    /// `/thu-tuc/{procedure code}`
    Procedure(String),
    /// `/dang-nhap`
    SignIn,
    /// `/nop-ho-so/{tenant code}/{procedure code}`
    Submit {
        tenant: String,
        procedure: String,
    },
    /// `/tra-cuu` (`?code=…&secret=…` from the receipt's QR)
    Track,
    /// `/ho-so-cua-toi`
    MyDossiers,
    /// `/ho-so-cua-toi/{dossier code}`
    Dossier(String),
    NotFound,
}

impl Route {
    pub fn from_path(path: &str) -> Self {
        let segments: Vec<&str> = path
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        match segments.as_slice() {
            [] | ["index.html"] => Route::Home,
            ["thu-tuc", code] => Route::Procedure((*code).to_owned()),
            ["dang-nhap"] => Route::SignIn,
            ["nop-ho-so", tenant, procedure] => Route::Submit {
                tenant: (*tenant).to_owned(),
                procedure: (*procedure).to_owned(),
            },
            ["tra-cuu"] => Route::Track,
            ["ho-so-cua-toi"] => Route::MyDossiers,
            ["ho-so-cua-toi", code] => Route::Dossier((*code).to_owned()),
            _ => Route::NotFound,
        }
    }

    /// The path of this page.
    ///
    /// Paths ending in a code get a trailing slash: codes contain dots (`1.001193`,
    /// `TN.BINHMINH-…`), and the server answers 404 instead of the app for a path whose
    /// last segment looks like a file name (`backend/src/http/web_bundle.rs`,
    /// `looks_like_asset`), which would break reloads and the full-page load into the
    /// full bundle. Both forms parse to the same route.
    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "/".into(),
            Route::Procedure(code) => format!("/thu-tuc/{}/", encode(code)),
            Route::SignIn => "/dang-nhap".into(),
            Route::Submit { tenant, procedure } => {
                format!("/nop-ho-so/{}/{}/", encode(tenant), encode(procedure))
            }
            Route::Track => "/tra-cuu".into(),
            Route::MyDossiers => "/ho-so-cua-toi".into(),
            Route::Dossier(code) => format!("/ho-so-cua-toi/{}/", encode(code)),
        }
    }

    /// Pages anyone can open, rendered by the small first-load bundle too. Keep in step
    /// with `FULL_APP` in `assets/loader.js`.
    pub fn is_public(&self) -> bool {
        matches!(
            self,
            Route::Home | Route::Procedure(_) | Route::Track | Route::NotFound
        )
    }

    /// Whether this bundle renders `path` itself; other paths load as a new page (the
    /// server, or the other bundle).
    fn is_app_path(path: &str) -> bool {
        let route = Route::from_path(path);
        route != Route::NotFound && (cfg!(not(feature = "light")) || route.is_public())
    }
}

/// The sign-in page, coming back to `next` (a path of this app) afterwards.
pub fn sign_in_href(next: &str) -> String {
    format!("/dang-nhap?next={}", encode(next))
}

/// The tracking page filled in and looked up.
pub fn track_href(code: &str, secret: &str) -> String {
    format!("/tra-cuu?code={}&secret={}", encode(code), encode(secret))
}

/// The server-rendered printable receipt.
pub fn receipt_href(code: &str, secret: &str) -> String {
    format!("/receipts/{}?secret={}", encode(code), encode(secret))
}

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    let nav = Nav::provide(Route::is_app_path);
    let i18n = use_i18n();
    let route = Memo::new(move |_| Route::from_path(&nav.path()));

    let page = move || {
        let route = route.get();
        if cfg!(feature = "light") && !route.is_public() {
            // The back button reached a page of the full bundle: load it as a new page.
            let _ = window().location().reload();
            return ().into_any();
        }
        match route {
            Route::Home => view! { <HomePage /> }.into_any(),
            Route::Procedure(code) => view! { <ProcedurePage code /> }.into_any(),
            Route::Track => view! { <TrackPage /> }.into_any(),
            #[cfg(not(feature = "light"))]
            Route::SignIn => view! { <SignInPage /> }.into_any(),
            #[cfg(not(feature = "light"))]
            Route::Submit { tenant, procedure } => {
                view! { <SubmitPage tenant procedure /> }.into_any()
            }
            #[cfg(not(feature = "light"))]
            Route::MyDossiers => view! { <MyDossiersPage /> }.into_any(),
            #[cfg(not(feature = "light"))]
            Route::Dossier(code) => view! { <DossierPage code /> }.into_any(),
            _ => view! { <NotFoundPage /> }.into_any(),
        }
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
    fn root_and_index_are_home_and_unknown_paths_are_not_found() {
        assert_eq!(Route::from_path("/"), Route::Home);
        assert_eq!(Route::from_path(""), Route::Home);
        assert_eq!(Route::from_path("/index.html"), Route::Home);
        assert_eq!(Route::from_path("/receipts/X-1"), Route::NotFound);
        assert_eq!(Route::from_path("/thu-tuc"), Route::NotFound);
        assert_eq!(Route::from_path("/thu-tuc/a/b"), Route::NotFound);
    }

    #[test]
    fn every_page_parses_back_from_its_own_href() {
        let routes = [
            Route::Home,
            Route::Procedure("1.001193".into()),
            Route::SignIn,
            Route::Submit {
                tenant: "TN.BINHMINH".into(),
                procedure: "1.001193".into(),
            },
            Route::Track,
            Route::MyDossiers,
            Route::Dossier("TN.BINHMINH-260105-0007".into()),
        ];
        for route in routes {
            assert_eq!(Route::from_path(&route.href()), route);
        }
        assert_eq!(Route::from_path("/tra-cuu/"), Route::Track);
        assert_eq!(
            Route::from_path("/thu-tuc/1.001193"),
            Route::Procedure("1.001193".into())
        );
        assert!(Route::Procedure("1.001193".into()).href().ends_with('/'));
    }

    #[test]
    fn receipt_and_tracking_links_encode_the_secret() {
        assert_eq!(
            super::receipt_href("TN.A-260105-0001", "ab+c/d"),
            "/receipts/TN.A-260105-0001?secret=ab%2Bc%2Fd"
        );
        assert_eq!(
            super::track_href("TN.A-260105-0001", "x y"),
            "/tra-cuu?code=TN.A-260105-0001&secret=x%20y"
        );
    }
}
