//! Who is signed in, for the views: a signal that follows `api::auth`. It starts from the
//! name this device kept with its session; the tokens themselves are refreshed only when a
//! request needs them (`api::with_auth`).

use leptos::prelude::*;

use crate::api::auth;

#[derive(Clone, Copy)]
pub struct Session {
    name: RwSignal<Option<String>>,
}

impl Session {
    /// Provides the context and follows the api's session changes. Called once by `App`.
    pub fn provide() {
        let name = RwSignal::new(auth::stored_name());
        auth::on_change(move |n| {
            name.try_set(n);
        });
        provide_context(Session { name });
    }

    /// The signed-in person's name (tracked).
    pub fn name(self) -> Option<String> {
        self.name.get()
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
