//! Public statistics of a unit and its subtree (CONTRACT "Statistics", DOMAIN §6.1): period
//! checks, the scope, and the rates derived from the counts.

use std::sync::Arc;

use chrono::NaiveDate;

use super::repo::{self, BreakdownRow, Dimension, Period, Totals};
use crate::auth::TenantScope;
use crate::domains::tenants::service::TenantNode;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The longest period one request may span (about twenty years).
pub const MAX_SPAN_DAYS: i64 = 20 * 366;

/// What a statistics request is about: the unit's subtree and the period.
#[derive(Clone, Debug)]
pub struct StatisticsRequest {
    /// The unit asked for.
    pub tenant: Arc<TenantNode>,
    /// The unit and every unit under it.
    pub scope: TenantScope,
    /// The period.
    pub period: Period,
}

/// Checks the period: `from <= to`, at most [`MAX_SPAN_DAYS`].
pub fn period(from: NaiveDate, to: NaiveDate) -> ApiResult<Period> {
    if from > to {
        return Err(ApiError::BadUserInput(format!(
            "`from` ({from}) is after `to` ({to}); both days are included, so a one-day period has from = to."
        )));
    }
    if (to - from).num_days() > MAX_SPAN_DAYS {
        return Err(ApiError::BadUserInput(format!(
            "The period spans more than {MAX_SPAN_DAYS} days; ask for about twenty years at most."
        )));
    }
    Ok(Period { from, to })
}

/// Resolves the unit (any unit: statistics are public) and checks the period.
pub fn request(
    state: &AppState,
    tenant_code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<StatisticsRequest> {
    let period = period(from, to)?;
    let (node, scope) = state.tenants.public_scope(tenant_code)?;
    Ok(StatisticsRequest {
        tenant: node,
        scope,
        period,
    })
}

/// The headline figures.
pub async fn totals(state: &AppState, req: &StatisticsRequest) -> ApiResult<Totals> {
    let txn = req.scope.begin(&state.db).await?;
    let totals = repo::totals(&txn, &req.scope, req.period).await?;
    txn.commit().await?;
    Ok(totals)
}

/// One breakdown, ordered by key.
pub async fn breakdown(
    state: &AppState,
    req: &StatisticsRequest,
    by: Dimension,
) -> ApiResult<Vec<BreakdownRow>> {
    let txn = req.scope.begin(&state.db).await?;
    let rows = repo::breakdown(&txn, &req.scope, req.period, by).await?;
    txn.commit().await?;
    Ok(rows)
}

/// `part` as a percentage of `whole`, unrounded; 0 when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        return 0.0;
    }
    // Counts stay far below 2^52, where f64 is exact.
    (part as f64) * 100.0 / (whole as f64)
}

impl Totals {
    /// Early, of resolved.
    pub fn early_rate(&self) -> f64 {
        percent(self.resolved_early, self.resolved)
    }
    /// On the due date, of resolved.
    pub fn on_time_rate(&self) -> f64 {
        percent(self.resolved_on_time, self.resolved)
    }
    /// Late, of resolved.
    pub fn late_rate(&self) -> f64 {
        percent(self.resolved_late, self.resolved)
    }
    /// Early or on the due date ("đúng hạn" in most Vietnamese reports), of resolved.
    pub fn not_late_rate(&self) -> f64 {
        percent(self.resolved_early + self.resolved_on_time, self.resolved)
    }
    /// Online, of received.
    pub fn online_rate(&self) -> f64 {
        percent(self.received_online, self.received)
    }
}

/// Vietnamese label of a channel key.
pub fn channel_label(channel: &str) -> &str {
    match channel {
        "counter" => "Trực tiếp",
        "online" => "Trực tuyến",
        "postal" => "Bưu chính công ích",
        other => other,
    }
}

/// `MM/YYYY` of a `YYYY-MM` key, as Vietnamese reports write months.
pub fn month_label(key: &str) -> String {
    match key.split_once('-') {
        Some((y, m)) => format!("Tháng {m}/{y}"),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn rates_are_unrounded_percentages_and_zero_when_nothing_was_resolved() {
        let t = Totals {
            received: 3,
            received_online: 1,
            resolved: 3,
            resolved_early: 1,
            resolved_on_time: 1,
            resolved_late: 1,
            ..Default::default()
        };
        assert!((t.early_rate() - 100.0 / 3.0).abs() < 1e-12);
        assert!((t.not_late_rate() - 200.0 / 3.0).abs() < 1e-12);
        assert!((t.online_rate() - 100.0 / 3.0).abs() < 1e-12);
        let empty = Totals::default();
        assert_eq!(empty.early_rate(), 0.0);
        assert_eq!(empty.on_time_rate(), 0.0);
        assert_eq!(empty.late_rate(), 0.0);
        assert_eq!(empty.not_late_rate(), 0.0);
        assert_eq!(empty.online_rate(), 0.0);
    }

    #[test]
    fn a_period_runs_forwards_and_spans_at_most_twenty_years() {
        assert!(period(day("2024-01-01"), day("2024-01-01")).is_ok());
        assert!(period(day("2024-01-02"), day("2024-01-01")).is_err());
        assert!(period(day("2005-01-01"), day("2024-12-31")).is_ok());
        assert!(period(day("1990-01-01"), day("2024-12-31")).is_err());
    }

    #[test]
    fn labels_are_vietnamese() {
        assert_eq!(channel_label("online"), "Trực tuyến");
        assert_eq!(month_label("2023-01"), "Tháng 01/2023");
    }
}
