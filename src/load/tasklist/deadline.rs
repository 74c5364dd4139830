//! A task list's 完成时限 cell as offices write it: `2025年6月底前`, `2025年6月30日前`, `2025.6`,
//! `2025年底`, `2025年上半年`, a quarter (`2025年3季度`, `第三季度`, `三季度末`, `2025年Q3`: its last
//! month), a range (`2025年3月至6月`: its end), `6月底前` (the year
//! from the list's title), an Excel date cell. Text without a date (`长期坚持`) reads as none.

use chrono::{Datelike, NaiveDate};

use crate::load::sheet::Cell;
use crate::model::Deadline;

/// What a 完成时限 cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// The deadline, and what was guessed to get it (said in a warning).
    Found(Deadline, Option<String>),
    /// A month or a quarter without a year, and no year in the list's title.
    NoYear,
    /// No date at all (`长期坚持`, `持续推进`).
    NoDate,
}

/// Reads a 完成时限 cell. `title_year` is the year the list's title names (`2025年…任务清单`).
pub fn read(cell: &Cell<'_>, title_year: Option<i32>) -> Read {
    match cell {
        Cell::Empty => Read::NoDate,
        Cell::Date(day) => Read::Found(of_date_cell(*day), None),
        Cell::Number(n) => of_number(*n),
        Cell::Text(text) => of_text(text, title_year),
    }
}

/// A date cell on the 1st is a month typed as `2025年6月` (Excel stores its first day).
fn of_date_cell(day: NaiveDate) -> Deadline {
    if day.day() == 1 {
        Deadline::month(day.year(), day.month()).unwrap_or(Deadline::day(day))
    } else {
        Deadline::day(day)
    }
}

/// A number: `2025.6` typed into a cell Excel took for a number, or a date serial.
fn of_number(n: f64) -> Read {
    if n.fract() == 0.0 && (36_526.0..=73_050.0).contains(&n) {
        let day = NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(n as u64)));
        if let Some(day) = day {
            return Read::Found(of_date_cell(day), None);
        }
    }
    let text = Cell::Number(n).text().into_owned();
    match of_text(&text, None) {
        Read::Found(deadline, _) if text.ends_with(".1") => {
            let note = format!(
                "完成时限 {text} 按{}年1月读取（Excel 会把 {}.10 存成 {text}）；如果是10月，请在 plan.yaml 中改为 {}-10",
                deadline.end.year(),
                deadline.end.year(),
                deadline.end.year()
            );
            Read::Found(deadline, Some(note))
        }
        other => other,
    }
}

/// One date named in the text: a year (when given), a month, a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mention {
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
    /// A quarter, a half year or a year's end, not a month.
    period: bool,
}

fn of_text(text: &str, title_year: Option<i32>) -> Read {
    let text = normalize(text);
    let mentions = mentions(&text);
    // A quarter or a half year not read as one (`第五季度`, `2025年5季度`) would be misread as a
    // month or as the year's end: no date, and the row's error asks for one.
    if mentions.is_empty() || names_a_period(&text) && !mentions.iter().any(|m| m.period) {
        return Read::NoDate;
    }
    // A month without a year takes the year last named before it, else the title's.
    let mut year = None;
    let mut latest: Option<Deadline> = None;
    let mut from_title = false;
    for mention in mentions {
        year = mention.year.or(year);
        let Some(this_year) = year.or(title_year) else {
            return Read::NoYear;
        };
        from_title |= year.is_none();
        let deadline = match mention.day {
            Some(day) => NaiveDate::from_ymd_opt(this_year, mention.month, day).map(Deadline::day),
            None => Deadline::month(this_year, mention.month),
        };
        let Some(deadline) = deadline else {
            continue;
        };
        if latest.is_none_or(|l| deadline.end >= l.end) {
            latest = Some(deadline);
        }
    }
    let Some(deadline) = latest else {
        return Read::NoDate;
    };
    let note = from_title.then(|| {
        format!(
            "完成时限“{text}”没有写年份，按任务清单标题中的{}年读取",
            deadline.end.year()
        )
    });
    Read::Found(deadline, note)
}

/// Whether the text speaks of a quarter or a half year (季度, 半年, Q3).
fn names_a_period(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    text.contains('季')
        || text.contains("半年")
        || chars
            .windows(2)
            .any(|w| matches!(w, ['Q' | 'q', digit] if digit.is_ascii_digit()))
}

/// Full-width digits and separators as ASCII; spaces dropped.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '／' => '/',
            'Ｑ' => 'Q',
            'ｑ' => 'q',
            '－' | '—' | '–' | '～' | '~' => '-',
            _ => c,
        })
        .collect()
}

/// Every date the text names, in order.
fn mentions(text: &str) -> Vec<Mention> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if let Some((mention, next)) = mention_at(&chars, at) {
            found.push(mention);
            at = next;
        } else {
            at += 1;
        }
    }
    found
}

/// The digits at `at`: their value and the index after them.
fn digits(chars: &[char], at: usize) -> Option<(u32, usize, usize)> {
    let end = chars
        .iter()
        .skip(at)
        .position(|c| !c.is_ascii_digit())
        .map_or(chars.len(), |n| at + n);
    if end == at || end - at > 8 {
        return None;
    }
    let text: String = chars.get(at..end)?.iter().collect();
    Some((text.parse().ok()?, end - at, end))
}

fn starts(chars: &[char], at: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(i, w)| chars.get(at + i) == Some(&w))
}

/// Half years and a year's end: the month they end in.
const PERIODS: [(&str, u32); 4] = [("上半年", 6), ("下半年", 12), ("年底", 12), ("年末", 12)];

/// A quarter's number as written: `三`, `3`, `３` (normalized before).
fn quarter_number(c: char) -> Option<u32> {
    match c {
        '一' | '1' => Some(1),
        '二' | '2' => Some(2),
        '三' | '3' => Some(3),
        '四' | '4' => Some(4),
        _ => None,
    }
}

/// A quarter: `第三季度`, `三季度`, `3季度`, `第3季`, `Q3`; the month it ends in.
fn quarter_at(chars: &[char], at: usize) -> Option<(u32, usize)> {
    if matches!(chars.get(at), Some('Q' | 'q')) {
        let quarter = quarter_number(*chars.get(at + 1)?).filter(|_| {
            // `Q3` and not `Q30`.
            !chars.get(at + 2).is_some_and(char::is_ascii_digit)
        })?;
        return Some((quarter * 3, at + 2));
    }
    // Digits inside a longer number are not a quarter.
    if at > 0 && chars.get(at - 1).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let at = if chars.get(at) == Some(&'第') {
        at + 1
    } else {
        at
    };
    let quarter = quarter_number(*chars.get(at)?)?;
    if starts(chars, at + 1, "季度") {
        Some((quarter * 3, at + 3))
    } else if chars.get(at + 1) == Some(&'季') {
        Some((quarter * 3, at + 2))
    } else {
        None
    }
}

/// A quarter, a half year or a year's end at `at`: the month it ends in, and the index after it.
fn period_at(chars: &[char], at: usize) -> Option<(u32, usize)> {
    PERIODS
        .iter()
        .find(|(word, _)| starts(chars, at, word))
        .map(|(word, month)| (*month, at + word.chars().count()))
        .or_else(|| quarter_at(chars, at))
}

fn mention_at(chars: &[char], at: usize) -> Option<(Mention, usize)> {
    if let Some((month, next)) = period_at(chars, at) {
        let mention = Mention {
            year: None,
            month,
            day: None,
            period: true,
        };
        return Some((mention, next));
    }
    let (number, length, next) = digits(chars, at)?;
    // Digits inside a longer number are not a date.
    if at > 0 && chars.get(at - 1).is_some_and(char::is_ascii_digit) {
        return None;
    }
    match length {
        8 => {
            let day = NaiveDate::parse_from_str(&number.to_string(), "%Y%m%d").ok()?;
            let mention = Mention {
                year: Some(day.year()),
                month: day.month(),
                day: Some(day.day()),
                period: false,
            };
            Some((mention, next))
        }
        6 => {
            let (year, month) = (number / 100, number % 100);
            ((1990..=2100).contains(&year) && (1..=12).contains(&month)).then_some((
                Mention {
                    year: Some(year as i32),
                    month,
                    day: None,
                    period: false,
                },
                next,
            ))
        }
        4 if (1990..=2100).contains(&number) => year_at(chars, number as i32, next),
        1 | 2 if chars.get(next) == Some(&'月') => {
            let (day, after) = day_at(chars, next + 1);
            ((1..=12).contains(&number)).then_some((
                Mention {
                    year: None,
                    month: number,
                    day,
                    period: false,
                },
                after,
            ))
        }
        _ => None,
    }
}

/// After a year: `年6月30日`, `.6`, `-06-30`, `/6`, `年底`, `年上半年`, or nothing (the year's end).
fn year_at(chars: &[char], year: i32, at: usize) -> Option<(Mention, usize)> {
    let whole_year = Mention {
        year: Some(year),
        month: 12,
        day: None,
        period: false,
    };
    let separator = chars.get(at).copied();
    let after_separator = at + 1;
    // `2025年底` (年 is the start of 年底), `2025Q3`, `2025上半年`; `2025年三季度`, `2025年Q3`.
    let period = period_at(chars, at).or_else(|| {
        (separator == Some('年'))
            .then(|| period_at(chars, after_separator))
            .flatten()
    });
    if let Some((month, next)) = period {
        return Some((
            Mention {
                month,
                period: true,
                ..whole_year
            },
            next,
        ));
    }
    if !matches!(separator, Some('年' | '.' | '-' | '/')) {
        return Some((whole_year, at));
    }
    let Some((month, _, next)) = digits(chars, after_separator) else {
        return Some((whole_year, after_separator));
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    let next = if chars.get(next) == Some(&'月') {
        next + 1
    } else {
        next
    };
    let (day, after) = match chars.get(next) {
        Some('.' | '-' | '/') if separator != Some('年') => {
            let (day, after) = day_at(chars, next + 1);
            if day.is_some() {
                (day, after)
            } else {
                (None, next)
            }
        }
        _ => day_at(chars, next),
    };
    Some((
        Mention {
            year: Some(year),
            month,
            day,
            period: false,
        },
        after,
    ))
}

/// A day after a month: `30日`, `30号`, `30` (after a separator); 上旬/中旬 as the 10th/20th.
fn day_at(chars: &[char], at: usize) -> (Option<u32>, usize) {
    if starts(chars, at, "上旬") {
        return (Some(10), at + 2);
    }
    if starts(chars, at, "中旬") {
        return (Some(20), at + 2);
    }
    match digits(chars, at) {
        Some((day, length, next)) if length <= 2 && (1..=31).contains(&day) => {
            let next = if matches!(chars.get(next), Some('日' | '号')) {
                next + 1
            } else {
                next
            };
            (Some(day), next)
        }
        _ => (None, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn text(s: &str) -> Read {
        read(&Cell::Text(Cow::Borrowed(s)), None)
    }

    fn month(y: i32, m: u32) -> Read {
        Read::Found(Deadline::month(y, m).unwrap(), None)
    }

    fn day(y: i32, m: u32, d: u32) -> Read {
        Read::Found(
            Deadline::day(NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            None,
        )
    }

    #[test]
    fn the_forms_offices_write_are_read() {
        for (cell, expected) in [
            ("2025年6月底前", month(2025, 6)),
            ("2025年6月", month(2025, 6)),
            ("2025年6月30日前", day(2025, 6, 30)),
            ("2025.6", month(2025, 6)),
            ("2025.10", month(2025, 10)),
            ("2025-06", month(2025, 6)),
            ("2025/6/30", day(2025, 6, 30)),
            ("２０２５年６月底", month(2025, 6)),
            ("2025年底前", month(2025, 12)),
            ("2025年年底前完成", month(2025, 12)),
            ("2025年上半年", month(2025, 6)),
            ("2025年三季度", month(2025, 9)),
            ("2025年", month(2025, 12)),
            ("2025年3月至6月", month(2025, 6)),
            ("2025年6月底前完成初稿，12月底前全面完成", month(2025, 12)),
            ("2025年6月中旬", day(2025, 6, 20)),
            ("20250630", day(2025, 6, 30)),
            ("202506", month(2025, 6)),
        ] {
            assert_eq!(text(cell), expected, "{cell}");
        }
    }

    #[test]
    fn a_quarter_or_a_half_year_is_read_as_its_last_month() {
        for (cell, expected) in [
            ("2025年3季度", month(2025, 9)),
            ("2025年4季度", month(2025, 12)),
            ("2025年第三季度", month(2025, 9)),
            ("2025年第3季度", month(2025, 9)),
            ("2025年三季度末", month(2025, 9)),
            ("2025年一季度", month(2025, 3)),
            ("2025年二季", month(2025, 6)),
            ("2025年Q3", month(2025, 9)),
            ("2025Q4", month(2025, 12)),
            ("2025 q1", month(2025, 3)),
            ("２０２５年Ｑ２", month(2025, 6)),
            ("2025年上半年", month(2025, 6)),
            ("2025上半年", month(2025, 6)),
            ("2025年下半年", month(2025, 12)),
            ("2025年第二季度至第三季度", month(2025, 9)),
        ] {
            assert_eq!(text(cell), expected, "{cell}");
        }
        let Read::Found(deadline, Some(_)) =
            read(&Cell::Text(Cow::Borrowed("三季度末")), Some(2025))
        else {
            panic!("the title's year")
        };
        assert_eq!(deadline, Deadline::month(2025, 9).unwrap());
    }

    #[test]
    fn a_quarter_that_is_none_is_no_date_rather_than_a_month() {
        for cell in [
            "2025年5季度",
            "2025年第五季度",
            "2025年Q5",
            "2025年季度末",
            "2025年半年",
        ] {
            assert_eq!(text(cell), Read::NoDate, "{cell}");
        }
    }

    #[test]
    fn text_without_a_date_or_a_year_says_which() {
        for cell in ["长期坚持", "持续推进", "常态化开展", "每月", ""] {
            assert_eq!(text(cell), Read::NoDate, "{cell}");
        }
        assert_eq!(text("6月底前"), Read::NoYear);
        let Read::Found(deadline, Some(note)) =
            read(&Cell::Text(Cow::Borrowed("6月底前")), Some(2025))
        else {
            panic!("the title's year")
        };
        assert_eq!(deadline, Deadline::month(2025, 6).unwrap());
        assert!(note.contains("按任务清单标题中的2025年读取"), "{note}");
    }

    #[test]
    fn workbook_cells_are_read_as_excel_shows_them() {
        let june = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        assert_eq!(read(&Cell::Date(june), None), month(2025, 6));
        let day30 = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        assert_eq!(read(&Cell::Date(day30), None), day(2025, 6, 30));
        assert_eq!(read(&Cell::Number(2025.6), None), month(2025, 6));
        assert_eq!(read(&Cell::Number(45838.0), None), day(2025, 6, 30));
        let Read::Found(deadline, Some(note)) = read(&Cell::Number(2025.1), None) else {
            panic!("2025.1 with a note")
        };
        assert_eq!(deadline, Deadline::month(2025, 1).unwrap());
        assert!(note.contains("2025.10"), "{note}");
    }
}
