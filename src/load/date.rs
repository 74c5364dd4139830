//! The date forms clerks type into a sheet: 2021-03-15, 2021/3/15, 2021.3.15, 2021年3月15日;
//! the days plan.yaml, period.yaml and the command line give: those, or 20210315; and the
//! deadlines a plan gives: a day, or a month (2021-03, 2021/3, 2021年3月, 2021年3月底前). Every
//! date of plan.yaml and period.yaml is read here, by [`parse_day`] and what is built on it.

use chrono::{Datelike, NaiveDate};

use crate::model::Deadline;

/// Reads a date in any of the accepted forms; a trailing time (`2021-03-15 00:00:00`, as some
/// spreadsheets export) is ignored.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    // Fast path: the ISO form most files use, as a sheet's cell holds it (trimmed).
    if let Some(date) = parse_iso(text.as_bytes()) {
        return Some(date);
    }
    let text = text.trim();
    let text = text.split_once([' ', 'T']).map_or(text, |(day, _)| day);
    if let Some(date) = parse_iso(text.as_bytes()) {
        return Some(date);
    }
    let text = text.strip_suffix('日').unwrap_or(text);
    let mut parts = text.split(['-', '/', '.', '年', '月']);
    let year: i32 = number(parts.next()?, 4)?;
    let month: u32 = number(parts.next()?, 2)?;
    let day: u32 = number(parts.next()?, 2)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A day written without its year, as clerks often do: `6月3日`, `6月3号`, `6/3`, `6-3`, `6.3`.
/// Returns (month, day), checked only as numbers (1–12, 1–31): the year says whether the day is.
pub fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let text = text.trim();
    let text = text
        .strip_suffix('日')
        .or_else(|| text.strip_suffix('号'))
        .unwrap_or(text);
    let (month, day) = text.split_once(['月', '/', '-', '.'])?;
    let month: u32 = number(month, 2)?;
    let day: u32 = number(day, 2)?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
}

/// The day `month`/`day` of the period dated `as_of`: in as_of's year, or the year before when
/// that would come after as_of (`12月28日` in a January period). `None` when there is no such
/// day (2月29日 in a year without one).
pub fn day_before(month: u32, day: u32, as_of: NaiveDate) -> Option<NaiveDate> {
    match NaiveDate::from_ymd_opt(as_of.year(), month, day) {
        Some(date) if date <= as_of => Some(date),
        _ => NaiveDate::from_ymd_opt(as_of.year() - 1, month, day),
    }
}

/// A day of plan.yaml, period.yaml or the command line (as_of, 成文日期, 印发日期, issued, start, a
/// deadline's day): any form [`parse_date`] reads, or eight digits (`20250731`), as a date is
/// often typed on a command line.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").ok();
    }
    parse_date(text)
}

/// A deadline as a plan writes it: a day in any form [`parse_day`] reads, or a month
/// (`2021-03`, `2021-3`, `2021/3`, `2021.3`, `2021年3月`), due by its last day. The words a
/// task list puts after it (`底`, `末`, `前`, `底前`, `以前`, `之前`) are allowed.
pub fn parse_deadline(text: &str) -> Option<Deadline> {
    let text = strip_before_words(text.trim());
    if let Some(day) = parse_day(text) {
        return Some(Deadline::day(day));
    }
    parse_month(text)
}

/// A month (`2021-03`, `2021-3`, `2021/3`, `2021.3`, `2021年3月`), due by its last day.
pub fn parse_month(text: &str) -> Option<Deadline> {
    let text = text.trim();
    let text = text.strip_suffix('月').unwrap_or(text);
    let (year, month) = text.split_once(['-', '/', '.', '年'])?;
    if year.trim().len() != 4 {
        return None;
    }
    Deadline::month(number(year, 4)?, number(month, 2)?)
}

/// A start date: a day, or a month read as its first day (`start: 2025-03`).
pub fn parse_start(text: &str) -> Option<NaiveDate> {
    parse_day(text).or_else(|| {
        let month = parse_month(text)?;
        month.end.with_day(1)
    })
}

/// A deadline without the words around it: `2021年3月底前` → `2021年3月`.
fn strip_before_words(text: &str) -> &str {
    let mut text = text;
    for word in ["以前", "之前", "前", "底", "末"] {
        text = text.strip_suffix(word).unwrap_or(text).trim_end();
    }
    text
}

fn parse_iso(bytes: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else {
        return None;
    };
    let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    let year = digit(y1)? * 1000 + digit(y2)? * 100 + digit(y3)? * 10 + digit(y4)?;
    let month = digit(m1)? * 10 + digit(m2)?;
    let day = digit(d1)? * 10 + digit(d2)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A run of 1..=max_len ASCII digits.
fn number<T: std::str::FromStr>(text: &str, max_len: usize) -> Option<T> {
    let text = text.trim();
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_form_of_the_contract_reads_as_the_same_day() {
        let day = NaiveDate::from_ymd_opt(2021, 3, 15);
        for text in [
            "2021-03-15",
            "2021/3/15",
            "2021.3.15",
            "2021年3月15日",
            "2021-3-15",
            " 2021/03/15 ",
            "2021-03-15 00:00:00",
        ] {
            assert_eq!(parse_date(text), day, "{text}");
        }
    }

    #[test]
    fn what_is_no_date_is_refused() {
        for text in [
            "",
            "2021-02-30",
            "2021/13/1",
            "15/3/2021",
            "2021年3月",
            "三月十五日",
            "2021-03-15-01",
            "20210315",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn a_deadline_is_a_day_or_the_last_day_of_a_month_in_any_form() {
        let june = Deadline::month(2025, 6);
        for text in [
            "2025-06",
            "2025-6",
            "2025/6",
            "2025.6",
            "2025年6月",
            "2025年6月底",
            "2025年6月底前",
            "2025年6月末",
            "2025年06月前",
        ] {
            assert_eq!(parse_deadline(text), june, "{text}");
        }
        let day = NaiveDate::from_ymd_opt(2025, 6, 30).map(Deadline::day);
        for text in [
            "2025-06-30",
            "2025/6/30",
            "2025年6月30日",
            "2025年6月30日前",
        ] {
            assert_eq!(parse_deadline(text), day, "{text}");
        }
        for text in [
            "2025-13",
            "25-06",
            "2025",
            "长期坚持",
            "6月底前",
            "2025年6月30日-7月",
        ] {
            assert_eq!(parse_deadline(text), None, "{text}");
        }
    }

    #[test]
    fn a_day_of_plan_period_or_command_line_may_be_eight_digits() {
        assert_eq!(parse_day("20250731"), NaiveDate::from_ymd_opt(2025, 7, 31));
        assert_eq!(
            parse_day("2025-07-31"),
            NaiveDate::from_ymd_opt(2025, 7, 31)
        );
        assert_eq!(parse_day("20251331"), None);
        assert_eq!(
            parse_deadline("20250731"),
            NaiveDate::from_ymd_opt(2025, 7, 31).map(Deadline::day)
        );
        assert_eq!(parse_start("2025-07"), NaiveDate::from_ymd_opt(2025, 7, 1));
        assert_eq!(parse_start("20250702"), NaiveDate::from_ymd_opt(2025, 7, 2));
        assert_eq!(parse_day("2025073"), None);
    }

    #[test]
    fn a_day_without_its_year_is_read_as_month_and_day_and_placed_before_the_period() {
        for text in [
            "6月3日",
            "6月3号",
            "06月03日",
            "6/3",
            "6-3",
            "6.3",
            " 6月3 ",
        ] {
            assert_eq!(parse_month_day(text), Some((6, 3)), "{text}");
        }
        for text in ["6月", "13/1", "6/32", "2025/6/3", "三月五日", "6/3/1", ""] {
            assert_eq!(parse_month_day(text), None, "{text}");
        }
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(day_before(1, 5, as_of), NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(
            day_before(1, 31, as_of),
            NaiveDate::from_ymd_opt(2026, 1, 31)
        );
        assert_eq!(
            day_before(12, 28, as_of),
            NaiveDate::from_ymd_opt(2025, 12, 28)
        );
        assert_eq!(day_before(2, 29, as_of), None);
        let leap = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        assert_eq!(
            day_before(2, 29, leap),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
    }

    proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panicking(text in "\\PC{0,20}") {
            let _ = parse_date(&text);
        }

        #[test]
        fn every_real_day_round_trips_in_every_form(days in 0i64..40_000) {
            let date = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(days);
            use chrono::Datelike;
            let (y, m, d) = (date.year(), date.month(), date.day());
            for text in [date.to_string(), format!("{y}/{m}/{d}"), format!("{y}.{m}.{d}"), format!("{y}年{m}月{d}日")] {
                prop_assert_eq!(parse_date(&text), Some(date));
            }
        }
    }
}
