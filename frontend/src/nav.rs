//! In-app navigation without a router crate (leptos_router would cost a large part of the
//! bundle budget for a handful of flat routes): the current path and query live in signals,
//! `pushState`/`popstate` keep them in step with the address bar, and clicks on same-origin
//! links to pages the app knows are handled here instead of reloading. The route table
//! itself is in `app.rs`.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlAnchorElement, HtmlElement, MouseEvent};

/// Where the app is: the path and the query string (with its `?`, or empty).
#[derive(Clone, Copy)]
pub struct Nav {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

fn current_location() -> (String, String) {
    let location = window().location();
    (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

impl Nav {
    /// Reads the address bar, provides the context and starts listening to the back button
    /// and to link clicks. `is_app_path` says which paths the app renders itself; links to
    /// anything else (the printable receipt, a server page) load normally.
    pub fn provide(is_app_path: fn(&str) -> bool) -> Self {
        let (path, search) = current_location();
        let nav = Nav {
            path: RwSignal::new(path),
            search: RwSignal::new(search),
        };
        provide_context(nav);

        // Both listeners live as long as the page.
        let _ = window_event_listener(ev::popstate, move |_| {
            let (path, search) = current_location();
            nav.path.set(path);
            nav.search.set(search);
        });
        let _ = window_event_listener(ev::click, move |ev: MouseEvent| {
            if let Some(url) = in_app_link(&ev, is_app_path) {
                ev.prevent_default();
                nav.go(&url);
            }
        });
        nav
    }

    /// The current path (tracked).
    pub fn path(self) -> String {
        self.path.get()
    }

    /// One query parameter of the current address, read once (untracked).
    pub fn query_untracked(self, key: &str) -> Option<String> {
        self.search
            .with_untracked(|search| query_param(search, key))
    }

    /// The current path and query, for a "come back here" link (untracked).
    pub fn here(self) -> String {
        format!(
            "{}{}",
            self.path.get_untracked(),
            self.search.get_untracked()
        )
    }

    /// Goes to `url` (a path with an optional query), adding a history entry, scrolling to
    /// the top and moving focus to the main region so screen readers start on the new page.
    pub fn go(self, url: &str) {
        self.set(url, false);
    }

    /// Like [`Nav::go`] without a new history entry (redirects, "sign in then come back").
    pub fn replace(self, url: &str) {
        self.set(url, true);
    }

    fn set(self, url: &str, replace: bool) {
        if let Ok(history) = window().history() {
            let _ = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
            };
        }
        let (path, search) = current_location();
        self.path.set(path);
        self.search.set(search);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        request_animation_frame(|| {
            if let Some(main) = document()
                .get_element_by_id("main")
                .and_then(|el| el.dyn_into::<HtmlElement>().ok())
            {
                let _ = main.focus();
            }
        });
    }
}

pub fn use_nav() -> Nav {
    expect_context::<Nav>()
}

/// The URL to handle in the app when this click is a plain left click on a same-origin
/// link to a page the app renders; `None` lets the browser do its usual thing.
fn in_app_link(ev: &MouseEvent, is_app_path: fn(&str) -> bool) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: Element = ev.target()?.dyn_into().ok()?;
    let anchor: HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    if anchor.has_attribute("target") || anchor.has_attribute("download") {
        return None;
    }
    let location = window().location();
    if anchor.origin() != location.origin().ok()? {
        return None;
    }
    let (path, search, hash) = (anchor.pathname(), anchor.search(), anchor.hash());
    if !is_app_path(&path) {
        return None;
    }
    // A jump within this page (the skip link) stays the browser's.
    let (here_path, here_search) = current_location();
    if !hash.is_empty() && path == here_path && search == here_search {
        return None;
    }
    Some(format!("{path}{search}{hash}"))
}

/// The decoded value of `key` in a query string (`?a=1&b=x+y`), first occurrence.
pub fn query_param(search: &str, key: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k) == key).then(|| decode(v))
        })
        .next()
}

/// Decodes `+` and `%XX` escapes; bad escapes are kept as written.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                if let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) {
                    out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::query_param;

    #[test]
    fn query_values_are_found_and_decoded() {
        let q = "?code=TN.BINHMINH-260105-0007&secret=Ab%2B9&q=khai+sinh";
        assert_eq!(
            query_param(q, "code").as_deref(),
            Some("TN.BINHMINH-260105-0007")
        );
        assert_eq!(query_param(q, "secret").as_deref(), Some("Ab+9"));
        assert_eq!(query_param(q, "q").as_deref(), Some("khai sinh"));
        assert_eq!(query_param(q, "missing"), None);
        assert_eq!(query_param("", "code"), None);
    }

    #[test]
    fn utf8_escapes_and_bad_escapes_are_handled() {
        assert_eq!(
            query_param("?q=%C4%91%C4%83ng%20k%C3%BD", "q").as_deref(),
            Some("đăng ký")
        );
        assert_eq!(query_param("?q=100%", "q").as_deref(), Some("100%"));
        assert_eq!(query_param("?flag", "flag").as_deref(), Some(""));
    }
}
