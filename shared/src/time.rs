//! Asia/Ho_Chi_Minh time: a fixed UTC+7 offset, since Vietnam has no daylight saving time.
//!
//! Every calendar date in motcua (dossier codes, statistics periods, early/on time/late) is
//! a date in this zone, whatever the server's or the browser's own zone is.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// Offset of Asia/Ho_Chi_Minh from UTC, in seconds (UTC+7, all year).
pub const VN_OFFSET_SECS: i32 = 7 * 3600;

const VN_OFFSET: FixedOffset = match FixedOffset::east_opt(VN_OFFSET_SECS) {
    Some(offset) => offset,
    // Evaluated at compile time: a bad constant fails the build, never a running program.
    None => panic!("UTC+7 is a valid offset"),
};

/// The Asia/Ho_Chi_Minh offset as a chrono [`FixedOffset`].
pub fn vn_offset() -> FixedOffset {
    VN_OFFSET
}

/// The calendar date of `instant` in Asia/Ho_Chi_Minh.
pub fn vn_date(instant: DateTime<Utc>) -> NaiveDate {
    vn_local(instant).date()
}

/// The wall-clock date and time of `instant` in Asia/Ho_Chi_Minh.
pub fn vn_local(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&VN_OFFSET).naive_local()
}

/// The instant at which Asia/Ho_Chi_Minh wall clocks show `local`.
///
/// Saturates at [`DateTime::<Utc>::MIN_UTC`] for the first seven hours of chrono's range,
/// which no real date reaches; that keeps the signature free of an impossible error.
pub fn vn_local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    local
        .checked_sub_offset(VN_OFFSET)
        .map_or(DateTime::<Utc>::MIN_UTC, |utc| utc.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone};

    #[test]
    fn seventeen_utc_is_already_the_next_day_in_vietnam() {
        let instant = Utc.with_ymd_and_hms(2026, 1, 4, 17, 0, 0).unwrap();
        assert_eq!(
            vn_date(instant),
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
        );
        let before = Utc.with_ymd_and_hms(2026, 1, 4, 16, 59, 59).unwrap();
        assert_eq!(
            vn_date(before),
            NaiveDate::from_ymd_opt(2026, 1, 4).unwrap()
        );
    }

    #[test]
    fn local_to_utc_subtracts_seven_hours() {
        let local = NaiveDate::from_ymd_opt(2026, 1, 5)
            .unwrap()
            .and_time(NaiveTime::from_hms_opt(8, 30, 0).unwrap());
        let utc = vn_local_to_utc(local);
        assert_eq!(utc, Utc.with_ymd_and_hms(2026, 1, 5, 1, 30, 0).unwrap());
        assert_eq!(vn_local(utc), local);
        assert_eq!(vn_offset().local_minus_utc(), VN_OFFSET_SECS);
    }
}
