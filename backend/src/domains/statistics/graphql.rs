//! GraphQL: the public `statistics(tenantCode, from, to)` query and its `Statistics` type.

use async_graphql::{Context, Object, Result, SimpleObject};

use super::repo::{BreakdownRow, Dimension, Totals};
use super::service::{self, StatisticsRequest};
use crate::domains::tenants::graphql::Tenant;
use crate::graphql::scalars::Date;
use crate::graphql::state;

fn int(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Figures of a unit (a province or district: its whole subtree) over a period of
/// Asia/Ho_Chi_Minh days, following the Vietnamese reporting convention.
pub struct Statistics {
    req: StatisticsRequest,
    totals: Totals,
}

/// Operational statistics of a unit and every unit under it for the days `from`–`to`
/// (inclusive, Asia/Ho_Chi_Minh). Counts are dossiers. Rates are unrounded percentages in
/// 0–100 and are 0 when their denominator is 0.
#[Object]
impl Statistics {
    /// The unit asked for; provinces and districts aggregate their subtree.
    async fn tenant(&self) -> Tenant {
        Tenant(self.req.tenant.clone())
    }
    /// First day of the period (inclusive).
    async fn from(&self) -> Date {
        Date(self.req.period.from)
    }
    /// Last day of the period (inclusive).
    async fn to(&self) -> Date {
        Date(self.req.period.to)
    }
    /// Dossiers received (accepted; the processing clock started) during the period.
    /// Refused or never-accepted submissions are not received.
    async fn received(&self) -> i32 {
        int(self.totals.received)
    }
    /// Dossiers resolved during the period: they reached "resolved" (9) or "result returned"
    /// (10) and their finishing day falls in the period. Withdrawn, stopped and refused
    /// dossiers are not resolved (see `withdrawn`, `stopped`, `refused`).
    async fn resolved(&self) -> i32 {
        int(self.totals.resolved)
    }
    /// Of `resolved`: finished on a day before the due day (trước hạn).
    async fn resolved_early(&self) -> i32 {
        int(self.totals.resolved_early)
    }
    /// Of `resolved`: finished on the due day itself (đúng hạn in the strict sense).
    async fn resolved_on_time(&self) -> i32 {
        int(self.totals.resolved_on_time)
    }
    /// Of `resolved`: finished on a day after the due day (quá hạn).
    async fn resolved_late(&self) -> i32 {
        int(self.totals.resolved_late)
    }
    /// Dossiers received on or before `to` and not finished at the end of `to`
    /// (đang xử lý), whenever they were received.
    async fn in_progress(&self) -> i32 {
        int(self.totals.in_progress)
    }
    /// Of `inProgress`: due on a day before `to` (đang xử lý quá hạn).
    async fn in_progress_overdue(&self) -> i32 {
        int(self.totals.in_progress_overdue)
    }
    /// Dossiers in progress at the end of the day before `from` (kỳ trước chuyển sang).
    async fn carried_over(&self) -> i32 {
        int(self.totals.carried_over)
    }
    /// Of `received`: submitted online (channel 2).
    async fn received_online(&self) -> i32 {
        int(self.totals.received_online)
    }
    /// Of `received`: sent through the public postal service (channel 3).
    async fn received_postal(&self) -> i32 {
        int(self.totals.received_postal)
    }
    /// Of `resolved`: the result was sent by post.
    async fn returned_postal(&self) -> i32 {
        int(self.totals.returned_postal)
    }
    /// Of `received`: every component digitised at reception or submitted as files.
    async fn digitized(&self) -> i32 {
        int(self.totals.digitized)
    }
    /// Of `received`: the fee was paid through an online channel.
    async fn paid_online(&self) -> i32 {
        int(self.totals.paid_online)
    }
    /// Dossiers withdrawn at the citizen's request (7) with the withdrawal in the period.
    async fn withdrawn(&self) -> i32 {
        int(self.totals.withdrawn)
    }
    /// Dossiers whose handling was stopped (8) during the period.
    async fn stopped(&self) -> i32 {
        int(self.totals.stopped)
    }
    /// Submissions refused at reception (3) during the period (never received).
    async fn refused(&self) -> i32 {
        int(self.totals.refused)
    }
    /// `resolvedEarly` as a percentage of `resolved` (0 when nothing was resolved).
    async fn early_rate(&self) -> f64 {
        self.totals.early_rate()
    }
    /// `resolvedOnTime` (on the due day itself) as a percentage of `resolved` (0 when nothing
    /// was resolved).
    async fn on_time_rate(&self) -> f64 {
        self.totals.on_time_rate()
    }
    /// `resolvedLate` as a percentage of `resolved` (0 when nothing was resolved).
    async fn late_rate(&self) -> f64 {
        self.totals.late_rate()
    }
    /// `resolvedEarly + resolvedOnTime` as a percentage of `resolved`: what most Vietnamese
    /// reports call "đúng hạn" (not late). 0 when nothing was resolved. Note that it is of
    /// resolved, not of received.
    async fn not_late_rate(&self) -> f64 {
        self.totals.not_late_rate()
    }
    /// `receivedOnline` as a percentage of `received` (0 when nothing was received).
    async fn online_rate(&self) -> f64 {
        self.totals.online_rate()
    }
    /// The period's figures per procedure (key: national code, label: name), by code.
    async fn by_procedure(&self, ctx: &Context<'_>) -> Result<Vec<StatisticsGroup>> {
        self.groups(ctx, Dimension::Procedure).await
    }
    /// The period's figures per field (lĩnh vực; key and label: the field), by field.
    async fn by_field(&self, ctx: &Context<'_>) -> Result<Vec<StatisticsGroup>> {
        self.groups(ctx, Dimension::Field).await
    }
    /// The period's figures per channel (key: `counter`, `online` or `postal`; label in
    /// Vietnamese).
    async fn by_channel(&self, ctx: &Context<'_>) -> Result<Vec<StatisticsGroup>> {
        self.groups(ctx, Dimension::Channel).await
    }
    /// The period's figures per calendar month (key `YYYY-MM`, label `Tháng MM/YYYY`), oldest
    /// first; received counts by the month of receipt, resolved by the month of finishing.
    /// Months with nothing received or resolved are left out.
    async fn by_month(&self, ctx: &Context<'_>) -> Result<Vec<StatisticsGroup>> {
        self.groups(ctx, Dimension::Month).await
    }
}

impl Statistics {
    async fn groups(&self, ctx: &Context<'_>, by: Dimension) -> Result<Vec<StatisticsGroup>> {
        let rows = service::breakdown(state(ctx)?, &self.req, by).await?;
        Ok(rows
            .into_iter()
            .map(|r| StatisticsGroup::new(by, r))
            .collect())
    }
}

/// One group of a breakdown of `Statistics` (same period and unit; same meanings).
#[derive(SimpleObject)]
pub struct StatisticsGroup {
    /// What identifies the group: a procedure code, a field, a channel or a month `YYYY-MM`.
    key: String,
    /// How to show the group.
    label: String,
    /// Received during the period.
    received: i32,
    /// Resolved during the period.
    resolved: i32,
    /// Of resolved: early.
    resolved_early: i32,
    /// Of resolved: on the due day.
    resolved_on_time: i32,
    /// Of resolved: late.
    resolved_late: i32,
}

impl StatisticsGroup {
    fn new(by: Dimension, r: BreakdownRow) -> Self {
        let label = match by {
            Dimension::Channel => service::channel_label(&r.bucket).to_string(),
            Dimension::Month => service::month_label(&r.bucket),
            Dimension::Procedure | Dimension::Field => r.label,
        };
        StatisticsGroup {
            key: r.bucket,
            label,
            received: int(r.received),
            resolved: int(r.resolved),
            resolved_early: int(r.resolved_early),
            resolved_on_time: int(r.resolved_on_time),
            resolved_late: int(r.resolved_late),
        }
    }
}

/// The public statistics query.
#[derive(Default)]
pub struct StatisticsQuery;

#[Object]
impl StatisticsQuery {
    /// Operational statistics of any unit for an inclusive period of Asia/Ho_Chi_Minh days;
    /// a province or district aggregates every unit under it. Public: no credentials needed.
    /// `from` after `to`, or a period longer than about twenty years, is BAD_USER_INPUT; an
    /// unknown unit is NOT_FOUND.
    async fn statistics(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Code of the unit, e.g. `TN` or `TN.BINHMINH`.",
            validator(max_length = 64)
        )]
        tenant_code: String,
        #[graphql(desc = "First day, inclusive (YYYY-MM-DD, Asia/Ho_Chi_Minh).")] from: Date,
        #[graphql(desc = "Last day, inclusive (YYYY-MM-DD, Asia/Ho_Chi_Minh).")] to: Date,
    ) -> Result<Statistics> {
        let state = state(ctx)?;
        let req = service::request(state, &tenant_code, from.0, to.0)?;
        let totals = service::totals(state, &req).await?;
        Ok(Statistics { req, totals })
    }
}
