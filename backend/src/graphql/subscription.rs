//! Subscriptions (graphql-transport-ws at `/graphql/ws`): dossier events of the caller's units,
//! fed by the event bus (Redis pub/sub across instances when configured).

use async_graphql::{Context, Result, SimpleObject, Subscription};
use futures_util::Stream;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::graphql::{caller, state};
use crate::infra::event_bus::Event;

/// A change to a dossier.
#[derive(Clone, SimpleObject)]
pub struct DossierNotice {
    /// Dossier code.
    pub code: String,
    /// New status (storage name, e.g. `RECEIVED`).
    pub status: String,
    /// Code of the unit the dossier belongs to.
    pub tenant_code: String,
    /// What happened, e.g. `submitted`, `supplemented`, `paid`.
    pub kind: String,
}

/// Topic of dossier events on the bus.
pub const DOSSIER_TOPIC: &str = "dossier";

/// Live updates.
#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// Dossier changes in the caller's units (staff) or of the caller's own dossiers (citizens).
    async fn dossier_events(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = DossierNotice>> {
        let st = state(ctx)?;
        let who = caller(ctx)?.clone();
        if who == Caller::Anonymous {
            return Err(ApiError::Unauthenticated("Sign in to follow dossiers.".into()).into());
        }
        let scope = st.tenants.read_scope(&who);
        let own = who.user_id().map(|u| u.to_string());
        let citizen = matches!(
            who,
            Caller::Person {
                role: crate::auth::Role::Citizen,
                ..
            }
        );
        let filter = NoticeFilter {
            scope,
            own,
            citizen,
            dir: st.tenants.clone(),
        };
        let rx = st.bus.subscribe();
        Ok(futures_util::stream::unfold(
            (rx, filter),
            |(mut rx, filter)| async move {
                loop {
                    match rx.recv().await {
                        Ok(event) => {
                            if let Some(notice) = filter.accept(&event) {
                                return Some((notice, (rx, filter)));
                            }
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                    }
                }
            },
        ))
    }
}

/// Decides which bus events a subscriber may see.
struct NoticeFilter {
    scope: crate::auth::TenantScope,
    own: Option<String>,
    citizen: bool,
    dir: crate::domains::tenants::service::TenantDirectory,
}

impl NoticeFilter {
    fn accept(&self, event: &Event) -> Option<DossierNotice> {
        if event.topic != DOSSIER_TOPIC {
            return None;
        }
        let tenant = event.tenant_id.as_deref()?.parse::<i64>().ok()?;
        if !self.scope.contains(tenant) {
            return None;
        }
        let p = &event.payload;
        let text = |k: &str| {
            p.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        if self.citizen && Some(text("applicant")) != self.own {
            return None;
        }
        Some(DossierNotice {
            code: text("code"),
            status: text("status"),
            tenant_code: self
                .dir
                .by_id(tenant)
                .map(|t| t.code.clone())
                .unwrap_or_default(),
            kind: text("kind"),
        })
    }
}
