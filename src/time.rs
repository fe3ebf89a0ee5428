//! Instants in UTC, and the `xs:dateTime` form SAML writes them in.
//!
//! SAML core §1.3.3: every time value is an `xs:dateTime` that "MUST be
//! expressed in UTC form". Real IdPs write `Z`; a few write `+00:00`, which is
//! the same instant, so we accept it (and `-00:00`). Any other offset is not
//! UTC form and is refused, as is a value with no time zone at all (its
//! instant is unknowable).
//!
//! The library never reads a clock: the caller passes "now" as a
//! [`Timestamp`].

use alloc::string::String;
use core::fmt;

use crate::error::{Error, Result};

/// Milliseconds in a day.
const MS_PER_DAY: i64 = 86_400_000;
/// `9999-12-31T23:59:59.999Z`, the last instant [`Timestamp::parse`] accepts.
const MAX_PARSED_MILLIS: i64 = 253_402_300_799_999;
/// How much of an unparseable value an error repeats.
const ERROR_ECHO_CHARS: usize = 64;

/// An instant: milliseconds since 1970-01-01T00:00:00Z (leap seconds not counted, as in Unix time).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `secs` seconds after the Unix epoch.
    ///
    /// Saturates at the ends of the `i64` millisecond range.
    pub fn from_unix_seconds(secs: i64) -> Timestamp {
        Timestamp(secs.saturating_mul(1000))
    }

    /// The instant `millis` milliseconds after the Unix epoch.
    pub fn from_unix_millis(millis: i64) -> Timestamp {
        Timestamp(millis)
    }

    /// Whole seconds since the epoch (rounded towards negative infinity).
    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// Milliseconds since the epoch.
    pub fn unix_millis(self) -> i64 {
        self.0
    }

    /// `self + secs` seconds, or `None` on overflow. `secs` may be negative.
    pub fn checked_add_seconds(self, secs: i64) -> Option<Timestamp> {
        secs.checked_mul(1000).and_then(|ms| self.0.checked_add(ms)).map(Timestamp)
    }

    /// `self + millis` milliseconds, or `None` on overflow. `millis` may be negative.
    pub fn checked_add_millis(self, millis: i64) -> Option<Timestamp> {
        self.0.checked_add(millis).map(Timestamp)
    }

    /// `self - secs` seconds, or `None` on overflow.
    pub fn checked_sub_seconds(self, secs: i64) -> Option<Timestamp> {
        secs.checked_mul(1000).and_then(|ms| self.0.checked_sub(ms)).map(Timestamp)
    }

    /// Parse an `xs:dateTime` (SAML core §1.3.3).
    ///
    /// Accepted: `YYYY-MM-DDThh:mm:ss[.f+](Z|+00:00|-00:00)`, surrounding XML
    /// whitespace ignored (the type's `whiteSpace` facet is `collapse`).
    /// Fractional seconds of any length are truncated to milliseconds.
    ///
    /// Refused with [`Error::SamlTimeFormat`]: a missing time zone, a non-zero
    /// offset such as `+01:00` (not UTC form), years outside 1970–9999,
    /// out-of-range fields (Feb 29 only in leap years, hour 24, second 60),
    /// and anything else that is not exactly this shape.
    pub fn parse(value: &str) -> Result<Timestamp> {
        parse_datetime(value).ok_or_else(|| Error::SamlTimeFormat { value: echo(value) })
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC: `YYYY-MM-DDThh:mm:ssZ`, with `.mmm` only when the milliseconds are not zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = ms_of_day / 1000;
        let (h, m, s, ms) = (secs / 3600, secs / 60 % 60, secs % 60, ms_of_day % 1000);
        if year < 0 {
            write!(f, "-{:04}", year.unsigned_abs())?;
        } else {
            write!(f, "{year:04}")?;
        }
        write!(f, "-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")?;
        if ms != 0 {
            write!(f, ".{ms:03}")?;
        }
        f.write_str("Z")
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

/// The first characters of `value`, for an error message.
fn echo(value: &str) -> String {
    match value.char_indices().nth(ERROR_ECHO_CHARS) {
        Some((i, _)) => alloc::format!("{}...", value.get(..i).unwrap_or("")),
        None => String::from(value),
    }
}

/// A cursor over ASCII bytes; every read is checked.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    fn expect(&mut self, want: u8) -> Option<()> {
        (self.bump()? == want).then_some(())
    }
    /// Exactly `n` ASCII digits, not followed by another digit.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let c = self.bump()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        match self.peek() {
            Some(c) if c.is_ascii_digit() => None,
            _ => Some(v),
        }
    }
}

fn parse_datetime(value: &str) -> Option<Timestamp> {
    let t = value.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    let mut p = Cursor { b: t.as_bytes(), i: 0 };

    let year = p.digits(4)?;
    p.expect(b'-')?;
    let month = p.digits(2)?;
    p.expect(b'-')?;
    let day = p.digits(2)?;
    p.expect(b'T')?;
    let hour = p.digits(2)?;
    p.expect(b':')?;
    let minute = p.digits(2)?;
    p.expect(b':')?;
    let second = p.digits(2)?;

    let mut millis: u32 = 0;
    if p.peek() == Some(b'.') {
        p.bump();
        let mut n = 0usize;
        while let Some(c) = p.peek().filter(u8::is_ascii_digit) {
            p.bump();
            if n < 3 {
                millis = millis * 10 + u32::from(c - b'0');
            }
            n += 1;
        }
        if n == 0 {
            return None;
        }
        for _ in n..3 {
            millis *= 10;
        }
    }

    match p.bump()? {
        b'Z' => {}
        b'+' | b'-' => {
            // Only the zero offset is UTC form (SAML core §1.3.3).
            let oh = p.digits(2)?;
            p.expect(b':')?;
            let om = p.digits(2)?;
            if oh != 0 || om != 0 {
                return None;
            }
        }
        _ => return None,
    }
    if p.peek().is_some() {
        return None;
    }

    if !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }

    let days = days_from_civil(i64::from(year), month, day);
    let utc = days * MS_PER_DAY
        + i64::from(hour) * 3_600_000
        + i64::from(minute) * 60_000
        + i64::from(second) * 1000
        + i64::from(millis);
    (0..=MAX_PARSED_MILLIS).contains(&utc).then_some(Timestamp(utc))
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: `(year, month, day)`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both values are small and non-negative by construction.
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A validity window (SAML core §2.5.1.2): `not_before` inclusive, `not_on_or_after` exclusive,
/// each widened by the clock tolerance. The one place where an instant is judged against one,
/// for verification (Conditions, SubjectConfirmationData, logout messages) and for `inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    /// The first instant of the window, if it has one.
    pub not_before: Option<Timestamp>,
    /// The first instant after the window, if it has one.
    pub not_on_or_after: Option<Timestamp>,
}

/// Where an instant stands with respect to a [`Window`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowCheck {
    /// Within the window (tolerance included).
    Inside,
    /// `not_before` is not earlier than `not_on_or_after`: no instant is inside (§2.5.1.2); an
    /// empty window is refused as such, not accepted because the tolerance overlaps it.
    Empty,
    /// Before `not_before`, beyond the tolerance.
    NotYet,
    /// At or after `not_on_or_after`, beyond the tolerance.
    Ended,
}

impl Window {
    /// Judge `now` with `tolerance_secs` of clock skew either way.
    pub fn check(&self, now: Timestamp, tolerance_secs: u32) -> WindowCheck {
        if let (Some(nb), Some(na)) = (self.not_before, self.not_on_or_after) {
            if nb >= na {
                return WindowCheck::Empty;
            }
        }
        let now = now.unix_millis();
        let tol = i64::from(tolerance_secs) * 1000;
        if self.not_before.is_some_and(|nb| now.saturating_add(tol) < nb.unix_millis()) {
            return WindowCheck::NotYet;
        }
        if self.not_on_or_after.is_some_and(|na| now.saturating_sub(tol) >= na.unix_millis()) {
            return WindowCheck::Ended;
        }
        WindowCheck::Inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn p(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }
    fn bad(s: &str) {
        match Timestamp::parse(s) {
            Err(Error::SamlTimeFormat { .. }) => {}
            other => panic!("{s:?} should be refused, got {other:?}"),
        }
    }

    #[test]
    fn epoch_and_known_instants() {
        assert_eq!(p("1970-01-01T00:00:00Z").unix_millis(), 0);
        assert_eq!(p("2001-09-09T01:46:40Z").unix_seconds(), 1_000_000_000);
        assert_eq!(p("2024-02-29T12:00:00Z").unix_seconds(), 1_709_208_000);
        assert_eq!(p("2038-01-19T03:14:08Z").unix_seconds(), 1 << 31);
        assert_eq!(p("9999-12-31T23:59:59.999Z").unix_millis(), MAX_PARSED_MILLIS);
    }

    #[test]
    fn fractions_truncate_to_millis() {
        assert_eq!(p("1970-01-01T00:00:01.5Z").unix_millis(), 1500);
        assert_eq!(p("1970-01-01T00:00:01.25Z").unix_millis(), 1250);
        assert_eq!(p("1970-01-01T00:00:01.123Z").unix_millis(), 1123);
        // Entra writes 7 digits.
        assert_eq!(p("1970-01-01T00:00:01.1239999Z").unix_millis(), 1123);
        assert_eq!(p("1970-01-01T00:00:01.000000000000000000000001Z").unix_millis(), 1000);
        bad("1970-01-01T00:00:01.Z");
    }

    #[test]
    fn only_the_zero_offset_is_utc() {
        assert_eq!(p("2024-01-01T00:00:00+00:00"), p("2024-01-01T00:00:00Z"));
        assert_eq!(p("2024-01-01T00:00:00-00:00"), p("2024-01-01T00:00:00Z"));
        assert_eq!(p("2024-01-01T00:00:00.5+00:00").unix_millis() % 1000, 500);
        bad("2024-01-01T02:30:00+02:30");
        bad("2023-12-31T19:00:00-05:00");
        bad("2026-01-15T12:00:00+01:00");
        bad("2024-01-01T00:00:00+00:01");
        bad("2024-01-01T00:00:00+0000");
        bad("2024-01-01T00:00:00+00");
        bad("2024-01-01T00:00:00+00:00Z");
    }

    #[test]
    fn missing_time_zone_is_refused() {
        bad("2024-01-01T00:00:00");
        bad("2024-01-01T00:00:00.123");
    }

    #[test]
    fn leap_years() {
        p("2000-02-29T00:00:00Z");
        p("2024-02-29T00:00:00Z");
        p("1972-02-29T00:00:00Z");
        bad("1900-02-29T00:00:00Z");
        bad("2100-02-29T00:00:00Z");
        bad("2023-02-29T00:00:00Z");
        bad("2024-02-30T00:00:00Z");
        assert_eq!(p("2024-03-01T00:00:00Z").unix_seconds() - p("2024-02-28T00:00:00Z").unix_seconds(), 2 * 86_400);
        assert_eq!(p("2023-03-01T00:00:00Z").unix_seconds() - p("2023-02-28T00:00:00Z").unix_seconds(), 86_400);
    }

    #[test]
    fn field_ranges() {
        bad("2024-00-01T00:00:00Z");
        bad("2024-13-01T00:00:00Z");
        bad("2024-01-00T00:00:00Z");
        bad("2024-01-32T00:00:00Z");
        bad("2024-04-31T00:00:00Z");
        bad("2024-01-01T24:00:00Z");
        bad("2024-01-01T00:60:00Z");
        bad("2024-12-31T23:59:60Z");
        bad("1969-12-31T23:59:59Z");
        bad("10000-01-01T00:00:00Z");
        bad("-2024-01-01T00:00:00Z");
        p("2024-04-30T23:59:59Z");
    }

    #[test]
    fn garbage() {
        for s in [
            "",
            " ",
            "Z",
            "now",
            "2024",
            "2024-01-01",
            "2024-01-01Z",
            "2024-1-01T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01t00:00:00Z",
            "2024-01-01T00:00:00z",
            "2024-01-01T00:00Z",
            "2024-01-01T00:00:00ZZ",
            "2024-01-01T00:00:00Zjunk",
            "٢٠٢٤-01-01T00:00:00Z",
            "2024-01-01T00:00:00.１Z",
            "+2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00+",
        ] {
            bad(s);
        }
    }

    #[test]
    fn surrounding_whitespace_is_collapsed() {
        assert_eq!(p("\n  2024-01-01T00:00:00Z\t"), p("2024-01-01T00:00:00Z"));
    }

    #[test]
    fn error_echo_is_bounded() {
        let long = "x".repeat(10_000);
        match Timestamp::parse(&long) {
            Err(Error::SamlTimeFormat { value }) => assert!(value.len() < 100),
            other => panic!("{other:?}"),
        }
        match Timestamp::parse("é".repeat(100).as_str()) {
            Err(Error::SamlTimeFormat { value }) => assert!(value.ends_with("...")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn display() {
        assert_eq!(Timestamp::from_unix_seconds(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_unix_millis(1_709_208_000_123).to_string(), "2024-02-29T12:00:00.123Z");
        assert_eq!(Timestamp::from_unix_millis(5).to_string(), "1970-01-01T00:00:00.005Z");
        assert_eq!(Timestamp::from_unix_millis(-1).to_string(), "1969-12-31T23:59:59.999Z");
        assert_eq!(alloc::format!("{:?}", Timestamp::from_unix_seconds(0)), "Timestamp(1970-01-01T00:00:00Z)");
        // Extremes must not panic.
        let _ = Timestamp::from_unix_millis(i64::MIN).to_string();
        let _ = Timestamp::from_unix_millis(i64::MAX).to_string();
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "1970-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2000-02-29T00:00:00.001Z",
            "2024-07-04T15:04:05.999Z",
            "2100-03-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
        // Every day across several 400-year cycles survives civil <-> days.
        let mut d = 0;
        while d < 2_932_896 {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
            d += 1;
        }
    }

    #[test]
    fn arithmetic() {
        let t = Timestamp::from_unix_seconds(100);
        assert_eq!(t.checked_add_seconds(5), Some(Timestamp::from_unix_seconds(105)));
        assert_eq!(t.checked_add_seconds(-200), Some(Timestamp::from_unix_seconds(-100)));
        assert_eq!(t.checked_sub_seconds(100), Some(Timestamp::from_unix_seconds(0)));
        assert_eq!(t.checked_add_millis(1), Some(Timestamp::from_unix_millis(100_001)));
        assert_eq!(t.checked_add_seconds(i64::MAX), None);
        assert_eq!(Timestamp::from_unix_millis(i64::MAX).checked_add_millis(1), None);
        assert_eq!(Timestamp::from_unix_seconds(i64::MAX).unix_millis(), i64::MAX);
        assert!(Timestamp::from_unix_seconds(1) < Timestamp::from_unix_seconds(2));
        assert_eq!(Timestamp::from_unix_millis(-1).unix_seconds(), -1);
    }
}
