//! SQL for statistics: aggregates over the `dossiers` of a scope, one query per figure set,
//! counted by the database (`COUNT(CASE …)`, `GROUP BY`), never row by row in Rust.
//!
//! Every comparison is on the stored Asia/Ho_Chi_Minh dates (`received_day`, `due_day`,
//! `finished_day`), so SQLite (ISO text) and PostgreSQL (`DATE`) agree. This module is the
//! *source* of the figures: the service only sees [`Totals`] and [`BreakdownRow`], so a
//! rollup-backed source (per tenant/day/procedure counters) can replace these functions with
//! the same signatures once the raw scan gets too slow.

use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, IntoCondition, Order, Query, SelectStatement, UnionType,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult,
    JoinType, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use crate::auth::TenantScope;
use crate::domains::dossiers::model::dossier;
use crate::domains::dossiers::status::DossierStatus;
use crate::domains::procedures::model::procedure;

/// An inclusive range of Asia/Ho_Chi_Minh days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

/// The headline figures of a period (CONTRACT `Statistics`, DOMAIN §6.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromQueryResult)]
pub struct Totals {
    /// Accepted in the period.
    pub received: i64,
    /// Reached Resolved/Returned with `finished_day` in the period.
    pub resolved: i64,
    /// Of those, finished before the due date.
    pub resolved_early: i64,
    /// Of those, finished on the due date.
    pub resolved_on_time: i64,
    /// Of those, finished after the due date.
    pub resolved_late: i64,
    /// Accepted by `to` and not finished by then.
    pub in_progress: i64,
    /// Of those, due before `to`.
    pub in_progress_overdue: i64,
    /// In progress at the end of the day before `from`.
    pub carried_over: i64,
    /// Received in the period online.
    pub received_online: i64,
    /// Received in the period by post.
    pub received_postal: i64,
    /// Resolved in the period with the result sent by post.
    pub returned_postal: i64,
    /// Received in the period, fully digitised.
    pub digitized: i64,
    /// Received in the period, fee paid online.
    pub paid_online: i64,
    /// Withdrawn in the period.
    pub withdrawn: i64,
    /// Stopped in the period.
    pub stopped: i64,
    /// Refused at reception in the period.
    pub refused: i64,
}

/// What a breakdown groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// Procedure (key: national code, label: name).
    Procedure,
    /// Field of the procedure (lĩnh vực).
    Field,
    /// How the dossier arrived (`counter`, `online`, `postal`).
    Channel,
    /// Calendar month (`YYYY-MM`): received by the month of `received_day`, resolved by the
    /// month of `finished_day`.
    Month,
}

/// One group of a breakdown.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromQueryResult)]
pub struct BreakdownRow {
    /// Group key.
    pub bucket: String,
    /// Group label as stored (procedure name; otherwise the key).
    pub label: String,
    /// Received in the period.
    pub received: i64,
    /// Resolved in the period.
    pub resolved: i64,
    /// Resolved early.
    pub resolved_early: i64,
    /// Resolved on the due date.
    pub resolved_on_time: i64,
    /// Resolved late.
    pub resolved_late: i64,
}

fn col(c: dossier::Column) -> Expr {
    Expr::col((dossier::Entity, c))
}

fn received_in(p: Period) -> Condition {
    Condition::all().add(dossier::Column::ReceivedDay.between(p.from, p.to))
}

fn finished_in(p: Period) -> Condition {
    Condition::all().add(dossier::Column::FinishedDay.between(p.from, p.to))
}

fn status_is(statuses: &[DossierStatus]) -> Condition {
    Condition::all().add(dossier::Column::Status.is_in(statuses.iter().map(|s| s.as_str())))
}

/// Reached Resolved(9)/Returned(10) with `finished_day` in the period.
fn resolved_in(p: Period) -> Condition {
    finished_in(p).add(status_is(&[
        DossierStatus::Resolved,
        DossierStatus::Returned,
    ]))
}

fn early(p: Period) -> Condition {
    resolved_in(p).add(col(dossier::Column::FinishedDay).lt(col(dossier::Column::DueDay)))
}

fn on_time(p: Period) -> Condition {
    resolved_in(p).add(col(dossier::Column::FinishedDay).eq(col(dossier::Column::DueDay)))
}

fn late(p: Period) -> Condition {
    resolved_in(p).add(col(dossier::Column::FinishedDay).gt(col(dossier::Column::DueDay)))
}

/// Accepted on or before `day` and not finished at the end of `day`.
fn in_progress_at(day: NaiveDate) -> Condition {
    Condition::all()
        .add(dossier::Column::ReceivedDay.lte(day))
        .add(
            Condition::any()
                .add(dossier::Column::FinishedDay.is_null())
                .add(dossier::Column::FinishedDay.gt(day)),
        )
}

/// `COUNT(CASE WHEN cond THEN 1 END)`: 0, never NULL, on an empty set.
fn count_if(cond: impl IntoCondition) -> Expr {
    Func::count(Expr::case(cond, Expr::cust("1"))).into()
}

/// `CASE WHEN cond THEN 1 ELSE 0 END`, for sums over a union.
fn one_if(cond: impl IntoCondition) -> Expr {
    Expr::case(cond, Expr::cust("1"))
        .finally(Expr::cust("0"))
        .into()
}

/// The headline figures of `period` over the scope, in one query.
pub async fn totals(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    p: Period,
) -> Result<Totals, DbErr> {
    let before = p.from.pred_opt().unwrap_or(p.from);
    let rows = scope
        .select::<dossier::Entity>()
        .select_only()
        .expr_as(count_if(received_in(p)), "received")
        .expr_as(count_if(resolved_in(p)), "resolved")
        .expr_as(count_if(early(p)), "resolved_early")
        .expr_as(count_if(on_time(p)), "resolved_on_time")
        .expr_as(count_if(late(p)), "resolved_late")
        .expr_as(count_if(in_progress_at(p.to)), "in_progress")
        .expr_as(
            count_if(in_progress_at(p.to).add(dossier::Column::DueDay.lt(p.to))),
            "in_progress_overdue",
        )
        .expr_as(count_if(in_progress_at(before)), "carried_over")
        .expr_as(
            count_if(received_in(p).add(dossier::Column::Channel.eq("online"))),
            "received_online",
        )
        .expr_as(
            count_if(received_in(p).add(dossier::Column::Channel.eq("postal"))),
            "received_postal",
        )
        .expr_as(
            count_if(resolved_in(p).add(dossier::Column::ReturnedByPost.eq(true))),
            "returned_postal",
        )
        .expr_as(
            count_if(received_in(p).add(dossier::Column::Digitized.eq(true))),
            "digitized",
        )
        .expr_as(
            count_if(received_in(p).add(dossier::Column::PaidOnline.eq(true))),
            "paid_online",
        )
        .expr_as(
            count_if(finished_in(p).add(status_is(&[DossierStatus::Withdrawn]))),
            "withdrawn",
        )
        .expr_as(
            count_if(finished_in(p).add(status_is(&[DossierStatus::Stopped]))),
            "stopped",
        )
        .expr_as(
            count_if(finished_in(p).add(status_is(&[DossierStatus::RefusedAtReception]))),
            "refused",
        )
        // Only rows that can count: accepted by `to` (received, in progress, carried over) or
        // finished in the period (refused dossiers were never accepted).
        .filter(
            Condition::any()
                .add(dossier::Column::ReceivedDay.lte(p.to))
                .add(finished_in(p)),
        )
        .into_model::<Totals>()
        .one(db)
        .await?;
    Ok(rows.unwrap_or_default())
}

/// One breakdown of `period` over the scope, in one query, ordered by key.
pub async fn breakdown(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    p: Period,
    by: Dimension,
) -> Result<Vec<BreakdownRow>, DbErr> {
    if by == Dimension::Month {
        return by_month(db, scope, p).await;
    }
    let base = scope
        .select::<dossier::Entity>()
        .select_only()
        .filter(Condition::any().add(received_in(p)).add(finished_in(p)));
    let (key, label) = match by {
        Dimension::Procedure => (
            Expr::col((procedure::Entity, procedure::Column::Code)),
            Expr::col((procedure::Entity, procedure::Column::Name)),
        ),
        Dimension::Field => (
            Expr::col((procedure::Entity, procedure::Column::Field)),
            Expr::col((procedure::Entity, procedure::Column::Field)),
        ),
        Dimension::Channel | Dimension::Month => {
            (col(dossier::Column::Channel), col(dossier::Column::Channel))
        }
    };
    let base = if matches!(by, Dimension::Procedure | Dimension::Field) {
        base.join(
            JoinType::InnerJoin,
            dossier::Entity::belongs_to(procedure::Entity)
                .from(dossier::Column::ProcedureId)
                .to(procedure::Column::Id)
                .into(),
        )
    } else {
        base
    };
    let mut q = base
        .expr_as(key.clone(), "bucket")
        .expr_as(label.clone(), "label")
        .expr_as(count_if(received_in(p)), "received")
        .expr_as(count_if(resolved_in(p)), "resolved")
        .expr_as(count_if(early(p)), "resolved_early")
        .expr_as(count_if(on_time(p)), "resolved_on_time")
        .expr_as(count_if(late(p)), "resolved_late")
        .group_by(key.clone());
    if by == Dimension::Procedure {
        q = q.group_by(label);
    }
    q.order_by(key, Order::Asc)
        .into_model::<BreakdownRow>()
        .all(db)
        .await
}

/// `YYYY-MM` of a stored date column.
fn month_of(backend: DbBackend, c: dossier::Column) -> Expr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_expr("to_char($1, 'YYYY-MM')", col(c)),
        // SQLite stores dates as `YYYY-MM-DD` text; its builder's placeholder is `?`.
        _ => Expr::cust_with_expr("substr(?, 1, 7)", col(c)),
    }
}

/// By month: a dossier counts as received in the month of `received_day` and as resolved in
/// the month of `finished_day`, so the query sums a `UNION ALL` of the two events.
async fn by_month(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    p: Period,
) -> Result<Vec<BreakdownRow>, DbErr> {
    let backend = db.get_database_backend();
    let zero = || Expr::cust("0");
    let mut events: SelectStatement = scope
        .select::<dossier::Entity>()
        .select_only()
        .expr_as(month_of(backend, dossier::Column::ReceivedDay), "bucket")
        .expr_as(Expr::cust("1"), "received")
        .expr_as(zero(), "resolved")
        .expr_as(zero(), "resolved_early")
        .expr_as(zero(), "resolved_on_time")
        .expr_as(zero(), "resolved_late")
        .filter(received_in(p))
        .into_query();
    let finished: SelectStatement = scope
        .select::<dossier::Entity>()
        .select_only()
        .expr_as(month_of(backend, dossier::Column::FinishedDay), "bucket")
        .expr_as(zero(), "received")
        .expr_as(Expr::cust("1"), "resolved")
        .expr_as(one_if(early(p)), "resolved_early")
        .expr_as(one_if(on_time(p)), "resolved_on_time")
        .expr_as(one_if(late(p)), "resolved_late")
        .filter(resolved_in(p))
        .into_query();
    events.union(UnionType::All, finished);
    let sum = |name: &'static str| Expr::cust(format!("CAST(SUM({name}) AS BIGINT)"));
    let stmt = Query::select()
        .expr_as(Expr::col(Alias::new("bucket")), "bucket")
        .expr_as(Expr::col(Alias::new("bucket")), "label")
        .expr_as(sum("received"), "received")
        .expr_as(sum("resolved"), "resolved")
        .expr_as(sum("resolved_early"), "resolved_early")
        .expr_as(sum("resolved_on_time"), "resolved_on_time")
        .expr_as(sum("resolved_late"), "resolved_late")
        .from_subquery(events, Alias::new("month_events"))
        .group_by_col(Alias::new("bucket"))
        .order_by(Alias::new("bucket"), Order::Asc)
        .to_owned();
    let rows = db.query_all(&stmt).await?;
    rows.iter()
        .map(|r| BreakdownRow::from_query_result(r, ""))
        .collect()
}
