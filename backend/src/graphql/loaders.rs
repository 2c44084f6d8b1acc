//! DataLoaders built per request: batch look-ups so a list never runs one query per row.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use uuid::Uuid;

use crate::domains::procedures::model::procedure;
use crate::domains::procedures::repo;
use crate::error::ApiError;
use crate::state::AppState;

/// Procedures by id (the catalogue is global, so no tenant scope is needed).
pub struct ProcedureLoader(pub Arc<AppState>);

impl Loader<Uuid> for ProcedureLoader {
    type Value = procedure::Model;
    type Error = Arc<ApiError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        let rows = repo::by_ids(&self.0.db, keys)
            .await
            .map_err(|e| Arc::new(ApiError::from(e)))?;
        Ok(rows.into_iter().map(|p| (p.id, p)).collect())
    }
}
