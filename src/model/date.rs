//! Calendar dates as the file stores them: "2026-12-31". A small check rather than a date
//! library: the model only stores, compares and shows dates.

/// Whether `text` is a real calendar date written YYYY-MM-DD.
pub fn is_iso_date(text: &str) -> bool {
    parse_iso_date(text).is_some()
}

/// Year, month and day of a YYYY-MM-DD date.
pub fn parse_iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1970 && (1..=days).contains(&day)).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_only() {
        assert!(is_iso_date("2026-12-31"));
        assert!(is_iso_date("2028-02-29"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("2026-1-01"));
        assert!(!is_iso_date("31/12/2026"));
        assert!(!is_iso_date("2026-12-3x"));
        assert!(!is_iso_date(""));
    }
}
