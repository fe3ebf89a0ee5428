//! Durations as a person reads them: "4 years 9 months", not "150644526 s".
//!
//! The two largest units that are not zero, in a row (so "4 years 9 months", "2 hours",
//! "3 minutes 20 seconds"). A year is 365.2425 days and a month a twelfth of that: the text
//! is for reading, the instants themselves are printed beside it. The debugger page
//! (www/time.js) words it the same way.

const UNITS: &[(i64, &str, &str)] = &[
    (31_556_952, "year", "years"),
    (2_629_746, "month", "months"),
    (86_400, "day", "days"),
    (3_600, "hour", "hours"),
    (60, "minute", "minutes"),
    (1, "second", "seconds"),
];

/// A duration in whole seconds (the sign is ignored).
pub fn duration(seconds: i64) -> String {
    let mut rest = seconds.unsigned_abs();
    let mut parts = Vec::new();
    for &(size, one, many) in UNITS {
        let size = size.unsigned_abs();
        let n = rest / size;
        if n == 0 && !parts.is_empty() {
            break; // "4 years 3 days" would read as more precise than it is
        }
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            rest -= n * size;
            if parts.len() == 2 {
                break;
            }
        }
    }
    if parts.is_empty() {
        String::from("0 seconds")
    } else {
        parts.join(" ")
    }
}

/// How an instant relates to now, for a window start (`NotBefore`) or end (`NotOnOrAfter`):
/// "starts in 5 minutes", "began 2 hours ago", "ends in 4 minutes 20 seconds", "expired 4 years
/// 9 months ago". `delta_seconds` is the instant minus now.
pub fn relative(delta_seconds: i64, is_start: bool) -> String {
    let d = duration(delta_seconds);
    match (is_start, delta_seconds > 0) {
        (true, true) => format!("starts in {d}"),
        (true, false) => format!("began {d} ago"),
        (false, true) => format!("ends in {d}"),
        (false, false) => format!("expired {d} ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_person() {
        // The example: a response of 2022 inspected at the end of 2026.
        assert_eq!(duration(150_644_526), "4 years 9 months");
        assert_eq!(relative(-150_644_526, false), "expired 4 years 9 months ago");
        assert_eq!(duration(0), "0 seconds");
        assert_eq!(duration(1), "1 second");
        assert_eq!(duration(59), "59 seconds");
        assert_eq!(duration(60), "1 minute");
        assert_eq!(duration(200), "3 minutes 20 seconds");
        assert_eq!(duration(7_200), "2 hours");
        assert_eq!(duration(7_260), "2 hours 1 minute");
        assert_eq!(duration(86_400 * 3 + 5), "3 days"); // the seconds are not the next unit
        assert_eq!(duration(-90), "1 minute 30 seconds");
        assert_eq!(relative(300, true), "starts in 5 minutes");
        assert_eq!(relative(-7_200, true), "began 2 hours ago");
        assert_eq!(relative(260, false), "ends in 4 minutes 20 seconds");
    }
}
