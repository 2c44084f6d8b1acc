//! Dates, money and sizes written the Vietnamese way. Every date the app shows goes through
//! here, so it is always the Asia/Ho_Chi_Minh calendar date, whatever the browser's zone.
//!
//! Hand-written rather than with chrono: its parsing and formatting machinery would cost the
//! web bundle many times this module. Vietnam has kept UTC+7 all year since 1975, so a fixed
//! offset is exact (`shared::time` makes the same choice on the server).

/// Seconds east of UTC in Asia/Ho_Chi_Minh.
const VN_OFFSET_SECS: i64 = 7 * 3600;
const DAY_SECS: i64 = 86_400;

/// A moment in time: whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(i64);

impl Instant {
    /// Reads an RFC 3339 date-time as the API writes it: `2026-01-05T02:00:00Z`,
    /// `2026-01-05T09:00:00.123+07:00`. Fractions of a second are dropped.
    pub fn parse_rfc3339(s: &str) -> Option<Instant> {
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let digits = b.get(from..from + len)?;
            digits.iter().try_fold(0i64, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
            })
        };
        let sep = |at: usize, ok: &[u8]| b.get(at).is_some_and(|c| ok.contains(c));
        if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
            return None;
        }
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        if !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        if day < 1 || civil_from_days(days) != (year, month, day) {
            return None;
        }
        let mut rest = 19;
        if sep(rest, b".") {
            rest += 1;
            while b.get(rest).is_some_and(u8::is_ascii_digit) {
                rest += 1;
            }
        }
        let offset = match b.get(rest..)? {
            b"Z" | b"z" => 0,
            [sign @ (b'+' | b'-'), ..] if b.len() == rest + 6 && sep(rest + 3, b":") => {
                let secs = num(rest + 1, 2)? * 3600 + num(rest + 4, 2)? * 60;
                if *sign == b'+' { secs } else { -secs }
            }
            _ => return None,
        };
        Some(Instant(
            days * DAY_SECS + hour * 3600 + minute * 60 + second - offset,
        ))
    }

    /// Wall-clock fields in Asia/Ho_Chi_Minh: (year, month, day, hour, minute).
    fn vn_fields(self) -> (i64, i64, i64, i64, i64) {
        let local = self.0 + VN_OFFSET_SECS;
        let (year, month, day) = civil_from_days(local.div_euclid(DAY_SECS));
        let secs = local.rem_euclid(DAY_SECS);
        (year, month, day, secs / 3600, secs % 3600 / 60)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `dd/mm/yyyy`, the date in Asia/Ho_Chi_Minh (UTC+7).
pub fn date(instant: Instant) -> String {
    let (year, month, day, ..) = instant.vn_fields();
    format!("{day:02}/{month:02}/{year:04}")
}

/// `HH:MM dd/mm/yyyy`, in Asia/Ho_Chi_Minh (UTC+7).
pub fn date_time(instant: Instant) -> String {
    let (.., hour, minute) = instant.vn_fields();
    format!("{hour:02}:{minute:02} {}", date(instant))
}

/// `yyyy-mm-dd` in Asia/Ho_Chi_Minh, for `<time datetime>`.
pub fn iso_date(instant: Instant) -> String {
    let (year, month, day, ..) = instant.vn_fields();
    format!("{year:04}-{month:02}-{day:02}")
}

/// A form's `YYYY-MM-DD` value written `dd/mm/yyyy`; anything else as it is.
pub fn form_date(value: &str) -> String {
    match value.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{y}"),
        _ => value.to_owned(),
    }
}

/// An amount in đồng: `1.000.000 ₫` (dots between thousands, the sign before the digits).
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out.push_str(" ₫");
    out
}

/// A file size for people: `820 B`, `35 KB`, `1,5 MB` (decimal comma, one decimal in MB).
/// Integer arithmetic only: formatting floats would pull a large routine into the bundle.
pub fn file_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes < KIB {
        format!("{bytes} B")
    } else if bytes < MIB {
        format!("{} KB", (bytes + KIB / 2) / KIB)
    } else {
        let tenths = (bytes * 10 + MIB / 2) / MIB;
        match (tenths / 10, tenths % 10) {
            (whole, 0) => format!("{whole} MB"),
            (whole, frac) => format!("{whole},{frac} MB"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Instant {
        Instant::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn dates_are_the_vietnamese_calendar_day() {
        // 17:00 UTC is already midnight of the next day in Hà Nội.
        assert_eq!(date(at("2026-01-04T17:00:00Z")), "05/01/2026");
        assert_eq!(date(at("2026-01-04T16:59:59Z")), "04/01/2026");
        assert_eq!(date_time(at("2026-01-04T16:59:59Z")), "23:59 04/01/2026");
        assert_eq!(iso_date(at("2026-01-04T17:00:00Z")), "2026-01-05");
    }

    #[test]
    fn single_digit_days_and_months_are_padded() {
        assert_eq!(date(at("2025-07-01T02:05:00Z")), "01/07/2025");
        assert_eq!(date_time(at("2025-07-01T02:05:00Z")), "09:05 01/07/2025");
    }

    #[test]
    fn offsets_and_fractions_from_the_server_are_respected() {
        assert_eq!(date(at("2026-03-31T23:30:00+07:00")), "31/03/2026");
        assert_eq!(date(at("2026-03-31T23:30:00-01:00")), "01/04/2026");
        assert_eq!(
            at("2026-01-05T02:00:00.987654Z"),
            at("2026-01-05T09:00:00+07:00")
        );
        assert_eq!(at("1970-01-01T00:00:00Z"), Instant(0));
        assert_eq!(date_time(at("2024-02-29T16:59:00Z")), "23:59 29/02/2024");
        assert_eq!(date(at("1969-12-31T16:00:00Z")), "31/12/1969");
    }

    #[test]
    fn malformed_date_times_are_refused() {
        for bad in [
            "",
            "2026-01-05",
            "2026-01-05T02:00:00",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-05T24:00:00Z",
            "2026-01-05T02:00:00+0700",
            "2026-01-05T02:00:00Zjunk",
            "２026-01-05T02:00:00Z",
        ] {
            assert_eq!(Instant::parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_day_arithmetic_round_trips_over_three_centuries() {
        for days in days_from_civil(1900, 1, 1)..days_from_civil(2200, 1, 1) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
    }

    #[test]
    fn form_dates_are_shown_day_first() {
        assert_eq!(form_date("2026-01-02"), "02/01/2026");
        assert_eq!(form_date("02/01/2026"), "02/01/2026");
        assert_eq!(form_date("soon"), "soon");
    }

    #[test]
    fn money_has_dots_between_thousands_and_the_dong_sign() {
        assert_eq!(vnd(1_000_000), "1.000.000 ₫");
        assert_eq!(vnd(0), "0 ₫");
        assert_eq!(vnd(5_000), "5.000 ₫");
        assert_eq!(vnd(999), "999 ₫");
        assert_eq!(vnd(12_345_678), "12.345.678 ₫");
        assert_eq!(vnd(-50_000), "-50.000 ₫");
        assert_eq!(vnd(i64::MIN), "-9.223.372.036.854.775.808 ₫");
    }

    #[test]
    fn file_sizes_use_a_decimal_comma() {
        assert_eq!(file_size(820), "820 B");
        assert_eq!(file_size(35 * 1024), "35 KB");
        assert_eq!(file_size(3 * 1024 * 1024 / 2), "1,5 MB");
        assert_eq!(file_size(10 * 1024 * 1024), "10 MB");
    }
}
