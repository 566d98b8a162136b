//! The timestamps the AWS CLI prints, ISO 8601 with an offset
//! (`2026-11-23T08:05:00+00:00`, `…Z`, fractions of a second allowed), as
//! seconds since the epoch in UTC; and back, with the weekday and hour the
//! patterns are told in. Only this one format is read, so a few lines do it
//! without a date crate (docs/development.md).

/// Seconds since 1970-01-01T00:00:00Z.
pub type Epoch = i64;

const DAY: i64 = 86_400;

/// The weekdays, Monday first (ISO 8601's order).
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// `text` as seconds since the epoch, or what is wrong with it.
pub fn parse(text: &str) -> Result<Epoch, String> {
    let bad = || {
        format!(
            "timestamp {text:?} is not ISO 8601 as the AWS CLI prints it \
             (2026-11-23T08:05:00+00:00)"
        )
    };
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return Err(bad());
    }
    if b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let num = |from: usize, to: usize| -> Result<i64, String> {
        let s = text.get(from..to).ok_or_else(bad)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return Err(bad());
    }
    let mut rest = text.get(19..).ok_or_else(bad)?;
    // Fractions of a second: CloudWatch periods start on whole seconds.
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => offset_seconds(rest).ok_or_else(bad)?,
    };
    let days = days_from_civil(year, month, day);
    Ok(days * DAY + hour * 3600 + minute * 60 + second.min(59) - offset)
}

/// `+HH:MM`, `-HH:MM` or `+HHMM`, in seconds east of UTC.
fn offset_seconds(text: &str) -> Option<i64> {
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    let colon_ok = text.len() == 6 && text.as_bytes()[3] == b':' || text.len() == 5;
    if !colon_ok || digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// `2026-11-23T08:05:00Z`.
pub fn format(t: Epoch) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// The UTC day number (days since the epoch).
pub fn day(t: Epoch) -> i64 {
    t.div_euclid(DAY)
}

/// 0 for Monday … 6 for Sunday, in UTC (1970-01-01 was a Thursday).
pub fn weekday(t: Epoch) -> usize {
    (day(t) + 3).rem_euclid(7) as usize
}

/// The hour of the day, UTC.
pub fn hour(t: Epoch) -> usize {
    (t.rem_euclid(DAY) / 3600) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_taken_off() {
        let z = parse("2026-11-23T08:05:00Z").unwrap();
        assert_eq!(parse("2026-11-23T08:05:00+00:00").unwrap(), z);
        assert_eq!(parse("2026-11-23T09:05:00+01:00").unwrap(), z);
        assert_eq!(parse("2026-11-23T03:05:00-0500").unwrap(), z);
        assert_eq!(parse("2026-11-23T08:05:00.000+00:00").unwrap(), z);
        assert_eq!(format(z), "2026-11-23T08:05:00Z");
        // 2026-11-23 is a Monday.
        assert_eq!((weekday(z), hour(z)), (0, 8));
        assert_eq!(parse("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(
            format(parse("2024-02-29T23:59:59-01:00").unwrap()),
            "2024-03-01T00:59:59Z"
        );
    }

    #[test]
    fn other_text_is_refused() {
        for bad in [
            "",
            "2026-11-23",
            "2026-11-23T08:05:00",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T08:05:00+1:00",
            "2026-11-23T08:05:00.Z",
            "２０２６-11-23T08:05:00Z",
            "2026-11-23T08:05:0é+00:00",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
