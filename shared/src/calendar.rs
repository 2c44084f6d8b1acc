//! The working-day calendar and deadline arithmetic (DOMAIN §5): office hours, holidays,
//! `due_at`, pauses and the early / on time / late classification.
//!
//! All wall-clock reasoning happens in Asia/Ho_Chi_Minh ([`crate::time`]); instants go in and
//! out as UTC. Holidays are data (a list of [`CalendarDay`] rows per year and scope), never
//! code, because the government changes them every year.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::time::{vn_date, vn_local, vn_local_to_utc};

/// How many consecutive non-working days a search crosses before it gives up (about ten
/// years). Guards every loop against a calendar that is, by mistake, all holidays.
pub const SEARCH_LIMIT_DAYS: u32 = 3660;

/// Largest number of working days (or working-day equivalents of working time) that one
/// computation may add. Real limits are weeks; this only stops absurd input early.
pub const MAX_WORKING_DAYS: u32 = 36_600;

const NANOS_PER_SEC: i64 = 1_000_000_000;
const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SEC;

/// What a listed calendar day is (DOMAIN §5.3). Unlisted days follow the week: Monday to
/// Friday work, Saturday and Sunday do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DayKind {
    /// Public holiday (ngày nghỉ lễ, Tết).
    Holiday,
    /// Day off compensating a holiday that fell on a weekend (nghỉ bù).
    Compensatory,
    /// Working day swapped into a day off to make a longer break (hoán đổi ngày làm việc).
    SwappedOff,
    /// Weekend day that becomes a working day, usually a Saturday (làm bù).
    MakeupWorkday,
}

impl DayKind {
    /// Whether a day of this kind is a day off.
    pub const fn is_day_off(self) -> bool {
        !matches!(self, DayKind::MakeupWorkday)
    }
}

/// One row of the calendar data: a day and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// The date, in Asia/Ho_Chi_Minh.
    pub day: NaiveDate,
    /// What the day is.
    pub kind: DayKind,
    /// Human label, e.g. "Tết Nguyên đán".
    pub label: String,
}

/// Daily office sessions and the same-day cut-off (DOMAIN §5.2).
///
/// The default is 07:00–11:30 and 13:30–17:00 (8 working hours) with a 15:00 cut-off.
/// Fields are public for building and (de)serialising; [`OfficeHours::validate`] (also run
/// by [`WorkingCalendar::new`]) checks them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    /// Working sessions of a working day, `(start, end)`, in order and not overlapping.
    pub sessions: Vec<(NaiveTime, NaiveTime)>,
    /// Dossiers accepted at or after this time count as accepted at the start of the next
    /// working day.
    pub cutoff: NaiveTime,
}

/// Why an [`OfficeHours`] value is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeHoursError {
    /// There are no sessions.
    #[error("office hours need at least one session")]
    NoSessions,
    /// A session does not end after it starts.
    #[error("office session {index} must end after it starts")]
    EmptySession {
        /// Zero-based position of the session.
        index: usize,
    },
    /// A session starts before the previous one ends.
    #[error("office session {index} starts before the previous one ends")]
    Overlapping {
        /// Zero-based position of the session.
        index: usize,
    },
    /// A time has a fractional second (or is a leap second).
    #[error("office hours must be whole seconds")]
    FractionalSecond,
    /// The cut-off is not after the opening time and at or before the closing time.
    #[error("the cut-off must be after opening and no later than closing")]
    CutoffOutsideHours,
}

fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

impl Default for OfficeHours {
    fn default() -> Self {
        OfficeHours {
            sessions: vec![(hm(7, 0), hm(11, 30)), (hm(13, 30), hm(17, 0))],
            cutoff: hm(15, 0),
        }
    }
}

impl OfficeHours {
    /// Builds and validates office hours.
    pub fn new(
        sessions: Vec<(NaiveTime, NaiveTime)>,
        cutoff: NaiveTime,
    ) -> Result<Self, OfficeHoursError> {
        let hours = OfficeHours { sessions, cutoff };
        hours.validate()?;
        Ok(hours)
    }

    /// Checks that sessions exist, are in order, do not overlap, are whole seconds, and that
    /// the cut-off lies in `(opening, closing]`.
    pub fn validate(&self) -> Result<(), OfficeHoursError> {
        let (Some(first), Some(last)) = (self.sessions.first(), self.sessions.last()) else {
            return Err(OfficeHoursError::NoSessions);
        };
        let whole = |t: &NaiveTime| t.nanosecond() == 0;
        if !self.sessions.iter().all(|(s, e)| whole(s) && whole(e)) || !whole(&self.cutoff) {
            return Err(OfficeHoursError::FractionalSecond);
        }
        let mut previous_end: Option<NaiveTime> = None;
        for (index, (start, end)) in self.sessions.iter().enumerate() {
            if start >= end {
                return Err(OfficeHoursError::EmptySession { index });
            }
            if previous_end.is_some_and(|prev| *start < prev) {
                return Err(OfficeHoursError::Overlapping { index });
            }
            previous_end = Some(*end);
        }
        if self.cutoff <= first.0 || self.cutoff > last.1 {
            return Err(OfficeHoursError::CutoffOutsideHours);
        }
        Ok(())
    }

    /// Working seconds in one working day (28,800 for the default hours).
    pub fn seconds_per_day(&self) -> u64 {
        self.sessions
            .iter()
            .map(|(s, e)| {
                u64::from(e.num_seconds_from_midnight())
                    .saturating_sub(u64::from(s.num_seconds_from_midnight()))
            })
            .sum()
    }
}

/// Why a calendar computation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The office hours are invalid.
    #[error("invalid office hours: {0}")]
    InvalidOfficeHours(#[from] OfficeHoursError),
    /// The same date is listed twice with different kinds.
    #[error("{day} is listed both as {first:?} and as {second:?}")]
    ConflictingDay {
        /// The date listed twice.
        day: NaiveDate,
        /// The kind it was listed with first.
        first: DayKind,
        /// The kind it was listed with later.
        second: DayKind,
    },
    /// No working day within [`SEARCH_LIMIT_DAYS`] days: the calendar data is wrong.
    #[error("no working day within {SEARCH_LIMIT_DAYS} days after {after}; check the calendar")]
    NoWorkingDay {
        /// The date the search started from.
        after: NaiveDate,
    },
    /// The amount to add exceeds [`MAX_WORKING_DAYS`] working days.
    #[error("time limit too large: at most {MAX_WORKING_DAYS} working days")]
    LimitTooLarge,
    /// The result would fall outside the dates chrono can represent.
    #[error("date out of range")]
    OutOfRange,
}

/// Unit of a procedure's time limit (DOMAIN §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimeLimitUnit {
    /// Within the acceptance day ("ngay trong ngày"); the value is ignored.
    SameDay,
    /// Working hours on the calendar (step budgets).
    WorkingHours,
    /// Working days after the acceptance day ("03 ngày làm việc").
    WorkingDays,
    /// Calendar days, moved to the next working day if the last one is a day off.
    CalendarDays,
}

/// A time limit with its unit, e.g. 3 working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeLimit {
    /// The unit the value is counted in.
    pub unit: TimeLimitUnit,
    /// How many units; ignored for [`TimeLimitUnit::SameDay`].
    pub value: u32,
}

impl TimeLimit {
    /// Due the same day (or the next working day when accepted after the cut-off).
    pub const fn same_day() -> Self {
        TimeLimit {
            unit: TimeLimitUnit::SameDay,
            value: 0,
        }
    }

    /// `n` working hours.
    pub const fn working_hours(n: u32) -> Self {
        TimeLimit {
            unit: TimeLimitUnit::WorkingHours,
            value: n,
        }
    }

    /// `n` working days.
    pub const fn working_days(n: u32) -> Self {
        TimeLimit {
            unit: TimeLimitUnit::WorkingDays,
            value: n,
        }
    }

    /// `n` calendar days.
    pub const fn calendar_days(n: u32) -> Self {
        TimeLimit {
            unit: TimeLimitUnit::CalendarDays,
            value: n,
        }
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            TimeLimitUnit::SameDay => f.write_str("same day"),
            TimeLimitUnit::WorkingHours => write!(f, "{} working hours", self.value),
            TimeLimitUnit::WorkingDays => write!(f, "{} working days", self.value),
            TimeLimitUnit::CalendarDays => write!(f, "{} calendar days", self.value),
        }
    }
}

/// Whether a dossier was resolved early, on time or late (DOMAIN §5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Timeliness {
    /// Finished on a date before the due date (trước hạn).
    Early,
    /// Finished on the due date (đúng hạn).
    OnTime,
    /// Finished on a date after the due date (quá hạn, trễ hạn).
    Late,
}

/// Classifies a finish by comparing **calendar dates** in Asia/Ho_Chi_Minh (CONTRACT):
/// an earlier date is early, the same date on time, a later date late — whatever the hour.
pub fn classify(finished_at: DateTime<Utc>, due_at: DateTime<Utc>) -> Timeliness {
    match vn_date(finished_at).cmp(&vn_date(due_at)) {
        std::cmp::Ordering::Less => Timeliness::Early,
        std::cmp::Ordering::Equal => Timeliness::OnTime,
        std::cmp::Ordering::Greater => Timeliness::Late,
    }
}

/// A tenant's working calendar: office hours plus the listed special days.
///
/// Working day = Monday–Friday not listed as a day off, or any day listed as
/// [`DayKind::MakeupWorkday`]. Every search is capped at [`SEARCH_LIMIT_DAYS`], so a
/// calendar full of holidays yields [`CalendarError::NoWorkingDay`] instead of a hang.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    office_hours: OfficeHours,
    days: BTreeMap<NaiveDate, DayKind>,
    /// Sessions as nanoseconds since midnight, validated.
    sessions: Vec<(i64, i64)>,
    cutoff: i64,
    day_nanos: i64,
}

impl Default for WorkingCalendar {
    /// Default office hours and no special days.
    fn default() -> Self {
        let office_hours = OfficeHours::default();
        let sessions = session_nanos(&office_hours);
        let day_nanos = sessions.iter().map(|(s, e)| e - s).sum();
        WorkingCalendar {
            cutoff: time_nanos(office_hours.cutoff),
            office_hours,
            days: BTreeMap::new(),
            sessions,
            day_nanos,
        }
    }
}

fn time_nanos(t: NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight()) * NANOS_PER_SEC
        + i64::from(t.nanosecond().min(999_999_999))
}

fn session_nanos(hours: &OfficeHours) -> Vec<(i64, i64)> {
    hours
        .sessions
        .iter()
        .map(|(s, e)| (time_nanos(*s), time_nanos(*e)))
        .collect()
}

fn is_weekday(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() < 5
}

/// Number of Mondays–Fridays up to and including `date`, counted from a fixed origin.
/// Differences of this give weekday counts over any range in constant time.
fn weekday_prefix(date: NaiveDate) -> i64 {
    // Day 1 of the common era (0001-01-01) is a Monday, so day x is a weekday iff x mod 7 is 1..=5.
    let x = i64::from(date.num_days_from_ce());
    5 * x.div_euclid(7) + x.rem_euclid(7).min(5)
}

/// Splits an instant into its Asia/Ho_Chi_Minh date and nanoseconds since local midnight.
fn local_position(instant: DateTime<Utc>) -> (NaiveDate, i64) {
    let local = vn_local(instant);
    (local.date(), time_nanos(local.time()))
}

impl WorkingCalendar {
    /// Builds a calendar from office hours and the special days of one scope.
    ///
    /// A date listed twice with the same kind is fine; with different kinds it is an error
    /// (merging national and provincial rows is the caller's decision, not ours).
    pub fn new(office_hours: OfficeHours, days: &[CalendarDay]) -> Result<Self, CalendarError> {
        office_hours.validate()?;
        let mut map = BTreeMap::new();
        for row in days {
            if let Some(&first) = map.get(&row.day)
                && first != row.kind
            {
                return Err(CalendarError::ConflictingDay {
                    day: row.day,
                    first,
                    second: row.kind,
                });
            }
            map.insert(row.day, row.kind);
        }
        let sessions = session_nanos(&office_hours);
        let day_nanos = sessions.iter().map(|(s, e)| e - s).sum();
        Ok(WorkingCalendar {
            cutoff: time_nanos(office_hours.cutoff),
            office_hours,
            days: map,
            sessions,
            day_nanos,
        })
    }

    /// A calendar with the default office hours.
    pub fn with_default_hours(days: &[CalendarDay]) -> Result<Self, CalendarError> {
        WorkingCalendar::new(OfficeHours::default(), days)
    }

    /// The office hours in force.
    pub fn office_hours(&self) -> &OfficeHours {
        &self.office_hours
    }

    /// The listed special days.
    pub fn days(&self) -> &BTreeMap<NaiveDate, DayKind> {
        &self.days
    }

    /// The kind of `date` if it is listed.
    pub fn day_kind(&self, date: NaiveDate) -> Option<DayKind> {
        self.days.get(&date).copied()
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(kind) => !kind.is_day_off(),
            None => is_weekday(date),
        }
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        for _ in 0..SEARCH_LIMIT_DAYS {
            day = day.succ_opt().ok_or(CalendarError::OutOfRange)?;
            if self.is_working_day(day) {
                return Ok(day);
            }
        }
        Err(CalendarError::NoWorkingDay { after: date })
    }

    /// `date` itself if it is a working day, else the next working day.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        if self.is_working_day(date) {
            Ok(date)
        } else {
            self.next_working_day(date)
        }
    }

    /// The `n`-th working day after `date`, counting `date` as day 0 whether or not it is a
    /// working day. `n = 0` returns `date` unchanged.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n > MAX_WORKING_DAYS {
            return Err(CalendarError::LimitTooLarge);
        }
        let mut day = date;
        for _ in 0..n {
            day = self.next_working_day(day)?;
        }
        Ok(day)
    }

    /// Number of working days `d` with `a < d <= b`; negative when `b < a`.
    ///
    /// So `working_days_between(d, add_working_days(d, n)) == n`. Runs in time proportional
    /// to the special days in the range, not to its length.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        let mut count = weekday_prefix(b) - weekday_prefix(a);
        for (&day, kind) in self.days.range((Bound::Excluded(a), Bound::Included(b))) {
            match (is_weekday(day), kind.is_day_off()) {
                (true, true) => count -= 1,
                (false, false) => count += 1,
                _ => {}
            }
        }
        count
    }

    /// Working time in nanoseconds of day `date` between local times `from` and `to`.
    fn working_nanos_in_day(&self, date: NaiveDate, from: i64, to: i64) -> i64 {
        if !self.is_working_day(date) {
            return 0;
        }
        self.sessions
            .iter()
            .map(|&(s, e)| (e.min(to) - s.max(from)).max(0))
            .sum()
    }

    /// Working time inside `[start, end)` in nanoseconds; 0 when `end <= start`.
    fn working_nanos_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> i128 {
        if end <= start {
            return 0;
        }
        let (d0, t0) = local_position(start);
        let (d1, t1) = local_position(end);
        if d0 == d1 {
            return i128::from(self.working_nanos_in_day(d0, t0, t1));
        }
        let first = self.working_nanos_in_day(d0, t0, NANOS_PER_DAY);
        let last = self.working_nanos_in_day(d1, 0, t1);
        let whole_days = self.working_days_between(d0, d1) - i64::from(self.is_working_day(d1));
        i128::from(first) + i128::from(last) + i128::from(whole_days) * i128::from(self.day_nanos)
    }

    /// Working seconds inside `[start, end)`: time within office sessions on working days,
    /// in Asia/Ho_Chi_Minh. 0 when `end <= start`; fractions of a second are dropped.
    pub fn working_seconds_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> u64 {
        let nanos = self.working_nanos_between(start, end) / i128::from(NANOS_PER_SEC);
        u64::try_from(nanos).unwrap_or(u64::MAX)
    }

    /// Where in the sessions of one day `need` nanoseconds of work after local time `from`
    /// run out; `Err(available)` if the day has less than that left.
    fn walk_day(&self, from: i64, need: i64) -> Result<i64, i64> {
        let mut need_left = need;
        let mut available = 0;
        for &(s, e) in &self.sessions {
            if e <= from {
                continue;
            }
            let begin = s.max(from);
            let len = e - begin;
            if need_left <= len {
                return Ok(begin + need_left);
            }
            need_left -= len;
            available += len;
        }
        Err(available)
    }

    /// The instant at local date `date` and `nanos` since local midnight.
    fn instant_at(date: NaiveDate, nanos: i64) -> Result<DateTime<Utc>, CalendarError> {
        let secs = u32::try_from(nanos.div_euclid(NANOS_PER_SEC))
            .map_err(|_| CalendarError::OutOfRange)?;
        let frac = u32::try_from(nanos.rem_euclid(NANOS_PER_SEC))
            .map_err(|_| CalendarError::OutOfRange)?;
        let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, frac)
            .ok_or(CalendarError::OutOfRange)?;
        Ok(vn_local_to_utc(date.and_time(time)))
    }

    /// The earliest instant by which `secs` working seconds have passed since `start`.
    ///
    /// `secs = 0` returns `start`. A total that ends exactly at the close of a session
    /// returns that close (17:00), not the opening of the next one.
    pub fn add_working_seconds(
        &self,
        start: DateTime<Utc>,
        secs: u64,
    ) -> Result<DateTime<Utc>, CalendarError> {
        if secs == 0 {
            return Ok(start);
        }
        let max_secs = u64::from(MAX_WORKING_DAYS) * self.office_hours.seconds_per_day();
        if secs > max_secs {
            return Err(CalendarError::LimitTooLarge);
        }
        let (d0, t0) = local_position(start);
        // Fits: secs <= 36,600 days × 86,400 s, far below i64::MAX nanoseconds.
        let mut need = i64::try_from(secs)
            .ok()
            .and_then(|s| s.checked_mul(NANOS_PER_SEC))
            .ok_or(CalendarError::LimitTooLarge)?;
        if self.is_working_day(d0) {
            match self.walk_day(t0, need) {
                Ok(at) => return WorkingCalendar::instant_at(d0, at),
                Err(available) => need -= available,
            }
        }
        // `need > 0`: skip whole working days, then walk the day on which it runs out.
        let whole_days = (need - 1) / self.day_nanos;
        let rest = need - whole_days * self.day_nanos;
        let whole_days = u32::try_from(whole_days).map_err(|_| CalendarError::LimitTooLarge)?;
        let day = self.add_working_days(d0, whole_days.saturating_add(1))?;
        match self.walk_day(0, rest) {
            Ok(at) => WorkingCalendar::instant_at(day, at),
            // Unreachable: `rest <= day_nanos`, the length of a whole working day.
            Err(_) => Err(CalendarError::OutOfRange),
        }
    }

    /// The end of the last office session on `date`, as an instant.
    pub fn close_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        let closing = self
            .office_hours
            .sessions
            .last()
            .map_or(NaiveTime::MIN, |s| s.1);
        vn_local_to_utc(date.and_time(closing))
    }

    /// The start of the first office session on `date`, as an instant.
    pub fn opening_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        let opening = self
            .office_hours
            .sessions
            .first()
            .map_or(NaiveTime::MIN, |s| s.0);
        vn_local_to_utc(date.and_time(opening))
    }

    /// The day and instant the processing clock effectively starts for a dossier accepted at
    /// `accepted_at`: the instant itself inside a session before the cut-off, the next
    /// session's start during a break, otherwise the opening of the next working day.
    fn normalise(
        &self,
        accepted_at: DateTime<Utc>,
    ) -> Result<(NaiveDate, DateTime<Utc>), CalendarError> {
        let (day, t) = local_position(accepted_at);
        if self.is_working_day(day)
            && t < self.cutoff
            && let Some(&(s, _)) = self.sessions.iter().find(|&&(_, e)| t < e)
        {
            if t >= s {
                return Ok((day, accepted_at));
            }
            return Ok((day, WorkingCalendar::instant_at(day, s)?));
        }
        let next = self.next_working_day(day)?;
        Ok((next, self.opening_of_day(next)))
    }

    /// The instant the processing clock starts for a dossier accepted at `accepted_at`
    /// (DOMAIN §5.4 "normalise"). Never earlier than `accepted_at`.
    pub fn working_start(
        &self,
        accepted_at: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        self.normalise(accepted_at).map(|(_, start)| start)
    }

    /// The due instant of a dossier accepted at `accepted_at` under `limit` (DOMAIN §5.1, §5.4).
    ///
    /// First the acceptance is normalised ([`WorkingCalendar::working_start`]): outside office
    /// hours, on a day off, or at/after the cut-off it moves to the next working start. Then:
    /// - `SAME_DAY`: close of that day (so after the cut-off: close of the next working day);
    /// - `WORKING_DAYS` n: close of the n-th working day after it (that day is day 0);
    /// - `WORKING_HOURS` n: the exact instant n working hours later (not rounded to close);
    /// - `CALENDAR_DAYS` n: n calendar days later, moved to the next working day if that is
    ///   a day off, at close.
    ///
    /// Step timers that must ignore the cut-off call [`WorkingCalendar::add_working_seconds`].
    pub fn due_at(
        &self,
        accepted_at: DateTime<Utc>,
        limit: TimeLimit,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let (day, start) = self.normalise(accepted_at)?;
        match limit.unit {
            TimeLimitUnit::SameDay => Ok(self.close_of_day(day)),
            TimeLimitUnit::WorkingDays => {
                Ok(self.close_of_day(self.add_working_days(day, limit.value)?))
            }
            TimeLimitUnit::WorkingHours => {
                self.add_working_seconds(start, u64::from(limit.value) * 3600)
            }
            TimeLimitUnit::CalendarDays => {
                let last = day
                    .checked_add_days(Days::new(u64::from(limit.value)))
                    .ok_or(CalendarError::OutOfRange)?;
                Ok(self.close_of_day(self.working_day_on_or_after(last)?))
            }
        }
    }

    /// Moves `due_at` later by the working time inside `[pause_start, pause_end)` (a
    /// supplement request, DOMAIN §5.4). A pause never shortens the deadline; an empty or
    /// reversed interval leaves it unchanged.
    pub fn extend_for_pause(
        &self,
        due_at: DateTime<Utc>,
        pause_start: DateTime<Utc>,
        pause_end: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let paused = self.working_seconds_between(pause_start, pause_end);
        self.add_working_seconds(due_at, paused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Instant at a Vietnamese wall-clock time.
    fn vn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        vn_local_to_utc(date(y, m, d).and_hms_opt(h, min, 0).unwrap())
    }

    fn row(day: NaiveDate, kind: DayKind, label: &str) -> CalendarDay {
        CalendarDay {
            day,
            kind,
            label: label.to_owned(),
        }
    }

    /// The 2026 civil-servant calendar from DOMAIN §5.3.
    fn calendar_2026() -> WorkingCalendar {
        use DayKind::*;
        let mut rows = vec![
            row(date(2026, 1, 1), Holiday, "Tết Dương lịch"),
            row(date(2026, 1, 2), SwappedOff, "Nghỉ hoán đổi"),
            row(date(2026, 1, 10), MakeupWorkday, "Làm bù"),
            row(date(2026, 4, 26), Holiday, "Giỗ Tổ Hùng Vương"),
            row(date(2026, 4, 27), Compensatory, "Nghỉ bù Giỗ Tổ"),
            row(date(2026, 4, 30), Holiday, "Ngày Giải phóng miền Nam"),
            row(date(2026, 5, 1), Holiday, "Quốc tế Lao động"),
            row(date(2026, 8, 22), MakeupWorkday, "Làm bù"),
            row(date(2026, 8, 31), SwappedOff, "Nghỉ hoán đổi"),
            row(date(2026, 9, 1), Holiday, "Quốc khánh"),
            row(date(2026, 9, 2), Holiday, "Quốc khánh"),
        ];
        for d in 14..=22 {
            rows.push(row(date(2026, 2, d), Holiday, "Tết Nguyên đán"));
        }
        WorkingCalendar::with_default_hours(&rows).unwrap()
    }

    #[test]
    fn default_office_hours_are_eight_hours_with_a_three_pm_cutoff() {
        let hours = OfficeHours::default();
        assert_eq!(hours.validate(), Ok(()));
        assert_eq!(hours.seconds_per_day(), 8 * 3600);
        assert_eq!(hours.cutoff, hm(15, 0));
    }

    #[test]
    fn invalid_office_hours_are_rejected_with_the_reason() {
        assert_eq!(
            OfficeHours::new(vec![], hm(15, 0)),
            Err(OfficeHoursError::NoSessions)
        );
        assert_eq!(
            OfficeHours::new(vec![(hm(8, 0), hm(8, 0))], hm(8, 0)),
            Err(OfficeHoursError::EmptySession { index: 0 })
        );
        assert_eq!(
            OfficeHours::new(
                vec![(hm(7, 0), hm(12, 0)), (hm(11, 0), hm(17, 0))],
                hm(15, 0)
            ),
            Err(OfficeHoursError::Overlapping { index: 1 })
        );
        assert_eq!(
            OfficeHours::new(vec![(hm(7, 0), hm(11, 0))], hm(15, 0)),
            Err(OfficeHoursError::CutoffOutsideHours)
        );
        let touching = OfficeHours::new(
            vec![(hm(7, 0), hm(12, 0)), (hm(12, 0), hm(16, 0))],
            hm(16, 0),
        );
        assert!(touching.is_ok());
    }

    #[test]
    fn conflicting_rows_for_one_date_are_an_error_but_repeats_are_not() {
        let d = date(2026, 1, 1);
        let same = [row(d, DayKind::Holiday, "a"), row(d, DayKind::Holiday, "b")];
        assert!(WorkingCalendar::with_default_hours(&same).is_ok());
        let clash = [
            row(d, DayKind::Holiday, "a"),
            row(d, DayKind::MakeupWorkday, "b"),
        ];
        assert_eq!(
            WorkingCalendar::with_default_hours(&clash),
            Err(CalendarError::ConflictingDay {
                day: d,
                first: DayKind::Holiday,
                second: DayKind::MakeupWorkday
            })
        );
    }

    #[test]
    fn the_2026_calendar_knows_holidays_swaps_and_makeup_saturdays() {
        let cal = calendar_2026();
        assert_eq!(date(2026, 1, 10).weekday(), chrono::Weekday::Sat);
        assert!(cal.is_working_day(date(2026, 1, 10)));
        assert!(!cal.is_working_day(date(2026, 1, 1)));
        assert!(!cal.is_working_day(date(2026, 1, 2)));
        assert!(!cal.is_working_day(date(2026, 1, 3)));
        assert!(cal.is_working_day(date(2026, 1, 5)));
        assert!(!cal.is_working_day(date(2026, 1, 17)));
        assert!(!cal.is_working_day(date(2026, 4, 27)));
        assert!(!cal.is_working_day(date(2026, 8, 31)));
        assert!(cal.is_working_day(date(2026, 8, 22)));
        assert_eq!(
            cal.next_working_day(date(2025, 12, 31)),
            Ok(date(2026, 1, 5))
        );
        assert_eq!(
            cal.next_working_day(date(2026, 1, 9)),
            Ok(date(2026, 1, 10))
        );
        assert_eq!(
            cal.next_working_day(date(2026, 2, 13)),
            Ok(date(2026, 2, 23))
        );
        assert_eq!(
            cal.add_working_days(date(2026, 2, 12), 2),
            Ok(date(2026, 2, 23))
        );
        assert_eq!(
            cal.working_days_between(date(2026, 2, 13), date(2026, 2, 23)),
            1
        );
        // January 2026: 22 weekdays, minus 1 and 2 Jan, plus Saturday 10 Jan.
        assert_eq!(
            cal.working_days_between(date(2025, 12, 31), date(2026, 1, 31)),
            21
        );
        assert_eq!(
            cal.working_days_between(date(2026, 1, 31), date(2025, 12, 31)),
            -21
        );
    }

    #[test]
    fn same_day_procedures_are_due_at_close_unless_accepted_after_the_cutoff() {
        let cal = calendar_2026();
        let limit = TimeLimit::same_day();
        // Birth registration accepted Friday 13 Feb at 14:59: due that day at 17:00.
        assert_eq!(
            cal.due_at(vn(2026, 2, 13, 14, 59), limit),
            Ok(vn(2026, 2, 13, 17, 0))
        );
        // At 15:00 or later it is due at the close of the next working day, after Tết.
        assert_eq!(
            cal.due_at(vn(2026, 2, 13, 15, 0), limit),
            Ok(vn(2026, 2, 23, 17, 0))
        );
        assert_eq!(
            cal.due_at(vn(2026, 2, 13, 15, 30), limit),
            Ok(vn(2026, 2, 23, 17, 0))
        );
        // After the cut-off on Friday 9 Jan, the next working day is make-up Saturday 10 Jan.
        assert_eq!(
            cal.due_at(vn(2026, 1, 9, 16, 0), limit),
            Ok(vn(2026, 1, 10, 17, 0))
        );
        // Before opening and at lunch the same day still counts.
        assert_eq!(
            cal.due_at(vn(2026, 1, 5, 6, 0), limit),
            Ok(vn(2026, 1, 5, 17, 0))
        );
        assert_eq!(
            cal.due_at(vn(2026, 1, 5, 12, 0), limit),
            Ok(vn(2026, 1, 5, 17, 0))
        );
        // Accepted on a holiday (online, at night): next working day.
        assert_eq!(
            cal.due_at(vn(2026, 1, 1, 21, 0), limit),
            Ok(vn(2026, 1, 5, 17, 0))
        );
    }

    #[test]
    fn working_days_count_from_the_acceptance_day_as_day_zero() {
        let cal = calendar_2026();
        // Accepted Wed 31 Dec 2025: 5, 6, 7 Jan are working days 1, 2, 3.
        assert_eq!(
            cal.due_at(vn(2025, 12, 31, 10, 0), TimeLimit::working_days(3)),
            Ok(vn(2026, 1, 7, 17, 0))
        );
        // Accepted Thu 12 Feb: day 1 is Fri 13 Feb, day 2 is Mon 23 Feb after Tết.
        assert_eq!(
            cal.due_at(vn(2026, 2, 12, 9, 0), TimeLimit::working_days(2)),
            Ok(vn(2026, 2, 23, 17, 0))
        );
        // Accepted after the cut-off on Thu 8 Jan: day 0 becomes Fri 9 Jan, day 1 Sat 10 Jan.
        assert_eq!(
            cal.due_at(vn(2026, 1, 8, 16, 0), TimeLimit::working_days(1)),
            Ok(vn(2026, 1, 10, 17, 0))
        );
    }

    #[test]
    fn working_hours_fill_the_sessions() {
        let cal = calendar_2026();
        // 10:00 + 4 h: 1.5 h before lunch, 2.5 h after 13:30 → 16:00.
        assert_eq!(
            cal.due_at(vn(2026, 1, 5, 10, 0), TimeLimit::working_hours(4)),
            Ok(vn(2026, 1, 5, 16, 0))
        );
        // 8 h from opening ends exactly at close, not at the next opening.
        assert_eq!(
            cal.due_at(vn(2026, 1, 5, 7, 0), TimeLimit::working_hours(8)),
            Ok(vn(2026, 1, 5, 17, 0))
        );
        // 16 h from Friday 9 Jan 08:00: 9 Jan 8:00–17:00 (7 h), Sat 10 Jan (8 h), Mon 12 Jan 1 h.
        assert_eq!(
            cal.add_working_seconds(vn(2026, 1, 9, 8, 0), 16 * 3600),
            Ok(vn(2026, 1, 12, 8, 0))
        );
        assert_eq!(
            cal.working_seconds_between(vn(2026, 1, 9, 8, 0), vn(2026, 1, 12, 8, 0)),
            16 * 3600
        );
    }

    #[test]
    fn calendar_days_move_to_the_next_working_day() {
        let cal = calendar_2026();
        assert_eq!(
            cal.due_at(vn(2026, 2, 3, 9, 0), TimeLimit::calendar_days(10)),
            Ok(vn(2026, 2, 13, 17, 0))
        );
        assert_eq!(
            cal.due_at(vn(2026, 2, 3, 9, 0), TimeLimit::calendar_days(11)),
            Ok(vn(2026, 2, 23, 17, 0))
        );
    }

    #[test]
    fn a_pause_moves_the_deadline_by_the_working_time_paused() {
        let cal = calendar_2026();
        let due = vn(2026, 1, 5, 17, 0);
        // Fri 9 Jan 16:00 → Mon 12 Jan 08:00: 1 h + make-up Saturday 8 h + 1 h = 10 h.
        let paused = cal.working_seconds_between(vn(2026, 1, 9, 16, 0), vn(2026, 1, 12, 8, 0));
        assert_eq!(paused, 10 * 3600);
        assert_eq!(
            cal.extend_for_pause(due, vn(2026, 1, 9, 16, 0), vn(2026, 1, 12, 8, 0)),
            Ok(vn(2026, 1, 7, 9, 0))
        );
        // A pause over a weekend only costs nothing.
        assert_eq!(
            cal.extend_for_pause(due, vn(2026, 1, 17, 8, 0), vn(2026, 1, 18, 20, 0)),
            Ok(due)
        );
        // A reversed interval changes nothing.
        assert_eq!(
            cal.extend_for_pause(due, vn(2026, 1, 9, 16, 0), vn(2026, 1, 9, 8, 0)),
            Ok(due)
        );
    }

    #[test]
    fn classification_compares_vietnamese_dates_not_utc_dates() {
        let due = vn(2026, 1, 7, 17, 0);
        assert_eq!(classify(vn(2026, 1, 6, 16, 0), due), Timeliness::Early);
        assert_eq!(classify(vn(2026, 1, 7, 8, 0), due), Timeliness::OnTime);
        // Later the same evening is still the due date.
        assert_eq!(classify(vn(2026, 1, 7, 23, 59), due), Timeliness::OnTime);
        // 18:00 UTC on 7 Jan is 01:00 on 8 Jan in Vietnam: late, though the UTC date matches.
        let finished = Utc.with_ymd_and_hms(2026, 1, 7, 18, 0, 0).unwrap();
        assert_eq!(classify(finished, due), Timeliness::Late);
    }

    #[test]
    fn a_calendar_full_of_holidays_fails_instead_of_looping() {
        let start = date(2030, 1, 1);
        let rows: Vec<CalendarDay> = (0..4000u64)
            .map(|i| row(start + Days::new(i), DayKind::Holiday, "x"))
            .collect();
        let cal = WorkingCalendar::with_default_hours(&rows).unwrap();
        let expected = Err(CalendarError::NoWorkingDay {
            after: date(2029, 12, 31),
        });
        assert_eq!(cal.next_working_day(date(2029, 12, 31)), expected);
        assert!(cal.add_working_days(date(2029, 12, 31), 1).is_err());
        assert!(
            cal.due_at(vn(2029, 12, 31, 16, 0), TimeLimit::same_day())
                .is_err()
        );
        assert!(
            cal.add_working_seconds(vn(2029, 12, 31, 16, 0), 3 * 3600)
                .is_err()
        );
        assert_eq!(
            cal.add_working_days(date(2026, 1, 1), MAX_WORKING_DAYS + 1),
            Err(CalendarError::LimitTooLarge)
        );
    }

    #[test]
    fn time_limits_serialise_with_unit_and_value() {
        let json = serde_json::to_string(&TimeLimit::working_days(3)).unwrap();
        assert_eq!(json, r#"{"unit":"WORKING_DAYS","value":3}"#);
        let back: TimeLimit = serde_json::from_str(r#"{"unit":"SAME_DAY","value":0}"#).unwrap();
        assert_eq!(back, TimeLimit::same_day());
        assert_eq!(
            serde_json::to_string(&DayKind::MakeupWorkday).unwrap(),
            "\"MAKEUP_WORKDAY\""
        );
        assert_eq!(
            serde_json::to_string(&Timeliness::OnTime).unwrap(),
            "\"ON_TIME\""
        );
    }

    fn base() -> NaiveDate {
        date(2025, 1, 1)
    }

    fn any_kind() -> impl Strategy<Value = DayKind> {
        prop_oneof![
            Just(DayKind::Holiday),
            Just(DayKind::Compensatory),
            Just(DayKind::SwappedOff),
            Just(DayKind::MakeupWorkday),
        ]
    }

    /// Random calendars over about three years, with up to 80 special days.
    fn any_calendar() -> impl Strategy<Value = WorkingCalendar> {
        proptest::collection::btree_map(0u64..1100, any_kind(), 0..80).prop_map(|map| {
            let rows: Vec<CalendarDay> = map
                .into_iter()
                .map(|(offset, kind)| row(base() + Days::new(offset), kind, "random"))
                .collect();
            WorkingCalendar::with_default_hours(&rows).unwrap()
        })
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..900).prop_map(|offset| base() + Days::new(offset))
    }

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..900 * 86_400, 0u32..1_000_000_000).prop_map(|(secs, nanos)| {
            vn_local_to_utc(base().and_hms_opt(0, 0, 0).unwrap())
                + chrono::TimeDelta::seconds(secs)
                + chrono::TimeDelta::nanoseconds(i64::from(nanos))
        })
    }

    fn any_limit() -> impl Strategy<Value = TimeLimit> {
        (
            prop_oneof![
                Just(TimeLimitUnit::SameDay),
                Just(TimeLimitUnit::WorkingHours),
                Just(TimeLimitUnit::WorkingDays),
                Just(TimeLimitUnit::CalendarDays),
            ],
            0u32..60,
        )
            .prop_map(|(unit, value)| TimeLimit { unit, value })
    }

    proptest! {
        #[test]
        fn add_working_days_never_lands_on_a_day_off(cal in any_calendar(), d in any_date(), n in 1u32..60) {
            let end = cal.add_working_days(d, n).unwrap();
            prop_assert!(cal.is_working_day(end));
            prop_assert!(end > d);
        }

        #[test]
        fn working_days_between_inverts_add_working_days(cal in any_calendar(), d in any_date(), n in 0u32..60) {
            let end = cal.add_working_days(d, n).unwrap();
            prop_assert_eq!(cal.working_days_between(d, end), i64::from(n));
        }

        #[test]
        fn working_days_between_matches_counting_day_by_day(cal in any_calendar(), a in any_date(), b in any_date()) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let naive = lo.iter_days().skip(1).take_while(|d| *d <= hi).filter(|d| cal.is_working_day(*d)).count();
            let expected = i64::try_from(naive).unwrap();
            prop_assert_eq!(cal.working_days_between(lo, hi), expected);
            prop_assert_eq!(cal.working_days_between(hi, lo), -expected);
        }

        #[test]
        fn add_working_days_is_monotone_in_n(cal in any_calendar(), d in any_date(), n in 0u32..60) {
            let a = cal.add_working_days(d, n).unwrap();
            let b = cal.add_working_days(d, n + 1).unwrap();
            prop_assert!(a < b);
        }

        #[test]
        fn due_at_is_never_before_acceptance_and_grows_with_the_limit(
            cal in any_calendar(), at in any_instant(), limit in any_limit()
        ) {
            let due = cal.due_at(at, limit).unwrap();
            prop_assert!(due >= at);
            let longer = TimeLimit { value: limit.value + 1, ..limit };
            prop_assert!(cal.due_at(at, longer).unwrap() >= due);
        }

        #[test]
        fn day_limits_are_due_at_close_of_a_working_day(cal in any_calendar(), at in any_instant(), limit in any_limit()) {
            prop_assume!(limit.unit != TimeLimitUnit::WorkingHours);
            let due = cal.due_at(at, limit).unwrap();
            let day = vn_date(due);
            prop_assert!(cal.is_working_day(day));
            prop_assert_eq!(due, cal.close_of_day(day));
        }

        #[test]
        fn adding_working_seconds_is_measured_back_exactly(cal in any_calendar(), at in any_instant(), secs in 0u64..40 * 28_800) {
            let end = cal.add_working_seconds(at, secs).unwrap();
            prop_assert!(end >= at);
            prop_assert_eq!(cal.working_seconds_between(at, end), secs);
        }

        #[test]
        fn a_pause_never_shortens_a_deadline(
            cal in any_calendar(), due in any_instant(), p1 in any_instant(), p2 in any_instant()
        ) {
            let extended = cal.extend_for_pause(due, p1, p2).unwrap();
            prop_assert!(extended >= due);
            let paused = cal.working_seconds_between(p1, p2);
            prop_assert_eq!(cal.working_seconds_between(due, extended), paused);
        }

        #[test]
        fn working_time_is_additive_over_a_split_point(
            cal in any_calendar(), a in any_instant(), b in any_instant(), c in any_instant()
        ) {
            let mut v = [a, b, c];
            v.sort();
            let [a, b, c] = v;
            let whole = cal.working_nanos_between(a, c);
            prop_assert_eq!(whole, cal.working_nanos_between(a, b) + cal.working_nanos_between(b, c));
        }
    }
}
