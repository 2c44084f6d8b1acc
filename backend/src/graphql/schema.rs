//! The schema, built once at start-up from the per-domain roots. Adding a domain touches this
//! file and nothing else in the GraphQL layer.

use std::sync::Arc;

use async_graphql::{MergedObject, Schema};

use crate::config::{Mode, QueryLimits};
use crate::domains::accounts::graphql::{AccountMutation, AccountQuery};
use crate::domains::dossiers::graphql::{DossierMutation, DossierQuery, TrackingQuery};
use crate::domains::imports::graphql::ImportMutation;
use crate::domains::notifications::graphql::{NotificationMutation, NotificationQuery};
use crate::domains::payments::graphql::{PaymentMutation, PaymentQuery};
use crate::domains::procedures::graphql::{ProcedureMutation, ProcedureQuery};
use crate::domains::statistics::graphql::StatisticsQuery;
use crate::domains::tenants::graphql::TenantQuery;
use crate::domains::workflow::graphql::{WorkflowMutation, WorkflowQuery};
use crate::graphql::limits::Limits;
use crate::graphql::subscription::Subscription;
use crate::state::AppState;

/// Every query root.
#[derive(MergedObject, Default)]
pub struct Query(
    TenantQuery,
    ProcedureQuery,
    AccountQuery,
    DossierQuery,
    TrackingQuery,
    NotificationQuery,
    PaymentQuery,
    WorkflowQuery,
    StatisticsQuery,
);

/// Every mutation root.
#[derive(MergedObject, Default)]
pub struct Mutation(
    AccountMutation,
    DossierMutation,
    PaymentMutation,
    NotificationMutation,
    ProcedureMutation,
    WorkflowMutation,
    ImportMutation,
);

/// The motcua schema type.
pub type MotcuaSchema = Schema<Query, Mutation, Subscription>;

/// Builds the schema with limits; `state` may be absent when only the SDL is wanted.
pub fn build(state: Option<Arc<AppState>>, limits: &QueryLimits, mode: Mode) -> MotcuaSchema {
    let mut builder = Schema::build(Query::default(), Mutation::default(), Subscription)
        .limit_depth(limits.depth)
        .limit_complexity(limits.complexity)
        .limit_recursive_depth(64)
        .limit_directives(20)
        .extension(Limits(limits.clone()))
        .extension(async_graphql::extensions::Tracing);
    if mode == Mode::Production {
        builder = builder.disable_suggestions();
    }
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// The SDL as checked in at `backend/schema.graphql`.
pub fn sdl() -> String {
    build(None, &QueryLimits::default(), Mode::Production).sdl()
}
