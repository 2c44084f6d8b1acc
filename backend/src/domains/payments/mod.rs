//! Payments (DOMAIN §7): payment requests with a VietQR code per dossier, provider webhooks
//! reconciled by reference and amount (idempotent per provider transaction), the `dev`
//! provider for the demo, and the review queue for mismatches.

pub mod graphql;
pub mod model;
pub mod repo;
pub mod service;
pub mod webhook;
