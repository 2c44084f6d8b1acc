//! Entry point of the web app: install the panic hook, mount `App`.
//!
//! Built twice (see `frontend/build`): the full app, and with the `light` feature the small
//! first-load bundle of public pages, in which the account pages' code goes unused.
#![cfg_attr(feature = "light", allow(dead_code, unused_imports))]

mod api;
mod app;
mod browser;
mod components;
mod format;
mod i18n;
mod nav;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
