//! The two date notations the policy accepts, turned into seconds since the epoch (UTC).
//! Hand-written because a calendar crate would be a large dependency for two formats.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn to_unix(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let ok = (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s < 61;
    ok.then(|| days_from_civil(y, mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s))
}

fn num(s: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = s.get(range)?;
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())
        .flatten()
}

/// ssh-keygen's `valid-after` / `valid-before` notation: `YYYYMMDD[HHMM[SS]]` with an optional
/// trailing `Z`. Times are taken as UTC (ssh-keygen reads them as local time without `Z`;
/// CI machines run in UTC, and a policy must not mean different things on different hosts).
pub fn parse_ssh_time(s: &str) -> Option<i64> {
    let s = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    let (h, mi, sec) = match s.len() {
        8 => (0, 0, 0),
        12 => (num(s, 8..10)?, num(s, 10..12)?, 0),
        14 => (num(s, 8..10)?, num(s, 10..12)?, num(s, 12..14)?),
        _ => return None,
    };
    to_unix(
        i64::from(num(s, 0..4)?),
        num(s, 4..6)?,
        num(s, 6..8)?,
        h,
        mi,
        sec,
    )
}

/// A policy date: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(s, 0..4)?, num(s, 5..7)?, num(s, 8..10)?);
    let (h, mi, sec) = match &s[10..] {
        "" => (0, 0, 0),
        rest if rest.len() == 10 && (rest.starts_with('T') || rest.starts_with(' ')) => {
            let t = &rest[1..];
            if !t.ends_with('Z') || &t[2..3] != ":" || &t[5..6] != ":" {
                return None;
            }
            (num(t, 0..2)?, num(t, 3..5)?, num(t, 6..8)?)
        }
        _ => return None,
    };
    to_unix(i64::from(y), mo, d, h, mi, sec)
}

/// `YYYY-MM-DD` of a Unix time, for messages.
pub fn format_date(t: i64) -> String {
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for (s, t) in [
            ("1970-01-01", Some(0)),
            ("2024-02-29", Some(1_709_164_800)),
            ("2024-02-29T12:00:00Z", Some(1_709_208_000)),
            ("2024-13-01", None),
            ("2024-1-1", None),
            ("yesterday", None),
        ] {
            assert_eq!(parse_date(s), t, "{s}");
        }
        assert_eq!(format_date(1_709_208_000), "2024-02-29");
        assert_eq!(format_date(0), "1970-01-01");
    }

    #[test]
    fn ssh_times() {
        for (s, t) in [
            ("20240229", Some(1_709_164_800)),
            ("202402291200", Some(1_709_208_000)),
            ("20240229120000Z", Some(1_709_208_000)),
            ("2024022", None),
            ("2024022x", None),
        ] {
            assert_eq!(parse_ssh_time(s), t, "{s}");
        }
    }
}
