//! Dossier statuses (DOMAIN §4.1) with the national status codes used for synchronisation.
//! The enum lives in `shared::lifecycle` beside the state machine (the web app uses it too);
//! with the `graphql` feature it is also the GraphQL enum `DossierStatus`.

pub use shared::lifecycle::DossierStatus;
