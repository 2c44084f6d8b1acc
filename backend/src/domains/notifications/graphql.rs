//! GraphQL: the signed-in person's notifications.

use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::model::outbox;
use super::service;
use crate::error::ApiError;
use crate::graphql::{caller, state};

/// A message to the signed-in person about one of their dossiers.
pub struct Notification(pub outbox::Model);

/// An in-app notification.
#[Object]
impl Notification {
    /// Id (for `markNotificationRead`).
    async fn id(&self) -> String {
        self.0.id.to_string()
    }
    /// What happened, e.g. `dossier.submitted`.
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// Subject (Vietnamese).
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Text (Vietnamese).
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The dossier it concerns, if any.
    async fn dossier_code(&self) -> Option<&str> {
        self.0.payload.get("code").and_then(|v| v.as_str())
    }
    /// When it was written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it was read; null while unread.
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
}

/// The latest notifications and the unread count.
#[derive(SimpleObject)]
pub struct NotificationList {
    /// Newest first.
    pub items: Vec<Notification>,
    /// How many are unread.
    pub unread: i64,
}

/// Notification queries.
#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The signed-in person's latest notifications (at most `first`, default 20, max 100).
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "How many, 1 to 100.",
            default = 20,
            validator(minimum = 1, maximum = 100)
        )]
        first: i32,
    ) -> Result<NotificationList> {
        let (rows, unread) = service::mine(
            state(ctx)?,
            caller(ctx)?,
            u64::try_from(first).unwrap_or(20),
        )
        .await?;
        Ok(NotificationList {
            items: rows.into_iter().map(Notification).collect(),
            unread: i64::try_from(unread).unwrap_or(i64::MAX),
        })
    }
}

/// Notification mutations.
#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Marks one of the signed-in person's notifications read.
    async fn mark_notification_read(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The notification's id.", validator(max_length = 64))] id: String,
    ) -> Result<bool> {
        let id = uuid::Uuid::parse_str(&id)
            .map_err(|_| ApiError::NotFound("No such notification.".into()))?;
        Ok(service::mark_read(state(ctx)?, caller(ctx)?, id).await?)
    }
}
