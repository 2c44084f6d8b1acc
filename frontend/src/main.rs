//! Entry point of the web app: install the panic hook, mount `App`.

mod api;
mod app;
mod components;
mod i18n;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
