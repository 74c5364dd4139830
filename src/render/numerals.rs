//! Chinese numerals for headings (一、 （一）) and dates as the official style writes them.

use chrono::{Datelike, NaiveDate};

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一, 100 → 一百, 101 → 一百零一.
/// Headings never go near the limit; past 999 the Arabic number is returned.
pub fn chinese_numeral(n: usize) -> String {
    match n {
        0..=9 => digit(n).to_string(),
        10..=99 => below_hundred(n),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", digit(rest)),
                // 110 is 一百一十, not 一百十.
                10..=19 => format!("一{}", below_hundred(rest)),
                _ => below_hundred(rest),
            };
            format!("{}百{tail}", digit(n / 100))
        }
        _ => n.to_string(),
    }
}

fn digit(d: usize) -> &'static str {
    DIGITS.get(d).copied().unwrap_or("")
}

/// 10..=99: 十, 十一, 二十, 二十一 (never 一十一).
fn below_hundred(n: usize) -> String {
    let (tens, ones) = (n / 10, n % 10);
    let tens = if tens == 1 { "" } else { digit(tens) };
    let ones = if ones == 0 { "" } else { digit(ones) };
    format!("{tens}十{ones}")
}

/// A date as official documents write it: 2021年5月24日 (no zero padding).
pub fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A month as the bulletin writes it: 2021年5月.
pub fn chinese_month(year: i32, month: u32) -> String {
    format!("{year}年{month}月")
}

/// A deadline as clerks write it in a sheet: 2025年6月 for a month, 2025年6月20日 for a day.
pub fn deadline_words(deadline: &crate::model::Deadline) -> String {
    let (year, month) = deadline.year_month();
    if deadline.month_only {
        chinese_month(year, month)
    } else {
        chinese_date(deadline.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn heading_numerals_read_as_written_chinese() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
        ];
        for (n, text) in cases {
            assert_eq!(chinese_numeral(n), text, "{n}");
        }
    }

    #[test]
    fn dates_have_no_zero_padding() {
        let date = NaiveDate::from_ymd_opt(2021, 5, 4).unwrap();
        assert_eq!(chinese_date(date), "2021年5月4日");
    }

    proptest! {
        #[test]
        fn numerals_below_a_thousand_are_distinct_and_never_start_with_one_ten(a in 1usize..1000, b in 1usize..1000) {
            prop_assume!(a != b);
            prop_assert_ne!(chinese_numeral(a), chinese_numeral(b));
            prop_assert!(!chinese_numeral(a).starts_with("一十"));
        }
    }
}
