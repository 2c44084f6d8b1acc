//! The working calendar as data: rows of `calendar_days` become a `shared::WorkingCalendar`,
//! held in memory and reloaded when an admin edits it.

use std::sync::{Arc, RwLock};

use sea_orm::ConnectionTrait;
use shared::calendar::{CalendarDay, DayKind, OfficeHours, WorkingCalendar};

use super::model::calendar_day;
use crate::auth::scope::global;

/// The national calendar, shared by every request.
#[derive(Clone, Default)]
pub struct CalendarStore {
    inner: Arc<RwLock<Arc<WorkingCalendar>>>,
}

impl CalendarStore {
    /// Loads the national calendar (scope 0).
    pub async fn load(db: &impl ConnectionTrait) -> anyhow::Result<Self> {
        let store = Self::default();
        store.reload(db).await?;
        Ok(store)
    }

    /// Re-reads the rows.
    pub async fn reload(&self, db: &impl ConnectionTrait) -> anyhow::Result<()> {
        use sea_orm::{ColumnTrait, QueryFilter};
        let rows = global::<calendar_day::Entity>()
            .filter(calendar_day::Column::ScopeTenantId.eq(0))
            .all(db)
            .await?;
        let mut days = Vec::with_capacity(rows.len());
        for r in rows {
            let kind: DayKind = serde_json::from_value(serde_json::Value::String(r.kind.clone()))
                .map_err(|_| {
                anyhow::anyhow!("calendar day {} has unknown kind {}", r.day, r.kind)
            })?;
            days.push(CalendarDay {
                day: r.day,
                kind,
                label: r.label,
            });
        }
        let cal = Arc::new(WorkingCalendar::new(OfficeHours::default(), &days)?);
        match self.inner.write() {
            Ok(mut g) => *g = cal,
            Err(p) => *p.into_inner() = cal,
        }
        Ok(())
    }

    /// The current calendar.
    pub fn get(&self) -> Arc<WorkingCalendar> {
        match self.inner.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}
