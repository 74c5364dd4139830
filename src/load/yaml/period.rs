//! period.yaml: its as_of date and its bulletin overrides, each fault at its place.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::bulletin::RawBulletin;
use super::errors::yaml_error;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::date;
use crate::model::plan::BulletinOverrides;

/// What a period.yaml holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PeriodFile {
    pub as_of: Option<NaiveDate>,
    /// Overrides of the plan's `bulletin:` block for this period's bulletin.
    pub bulletin: BulletinOverrides,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    as_of: Option<Spanned<String>>,
    #[serde(default)]
    bulletin: RawBulletin,
}

/// Only the as_of of a period.yaml, read past any other fault.
#[derive(Deserialize)]
struct RawAsOf {
    as_of: Option<Spanned<String>>,
}

/// Reads period.yaml: `as_of: 2021-05-24` and an optional `bulletin:` block of overrides,
/// with its faults. A fault elsewhere in the file (a misspelt key) does not lose a good
/// as_of: the faults name what is wrong, and only that.
pub fn parse_period(path: &str, source: &str) -> (PeriodFile, Vec<Diagnostic>) {
    if source.trim().is_empty() {
        return (PeriodFile::default(), Vec::new());
    }
    let (as_of, bulletin, fault) = match serde_saphyr::from_str::<RawPeriod>(source) {
        Ok(raw) => (raw.as_of, raw.bulletin, None),
        Err(error) => {
            let as_of = serde_saphyr::from_str::<RawAsOf>(source)
                .ok()
                .and_then(|raw| raw.as_of);
            let fault = yaml_error(path, source, &error, Code::PeriodSyntax);
            (as_of, RawBulletin::default(), Some(fault))
        }
    };
    let mut diagnostics: Vec<Diagnostic> = fault.into_iter().collect();
    let bulletin = bulletin.overrides(path, Code::PeriodSyntax, &mut diagnostics);
    let as_of = as_of.and_then(|text| {
        let date = date::parse_day(&text.value);
        if date.is_none() {
            let message = format!(
                "统计截止日期 as_of“{}”无法识别，应写作 2021-05-24",
                text.value
            );
            let location = text.referenced;
            diagnostics.push(
                Diagnostic::error(path, Code::PeriodSyntax, message)
                    .at(location.line(), Some(location.column())),
            );
        }
        date
    });
    if bulletin.name_all.is_some() {
        diagnostics.push(plan_only_key(path, source, "name_all"));
    }
    (PeriodFile { as_of, bulletin }, diagnostics)
}

/// A key of the plan's `bulletin:` block written in a period.yaml, where it would be ignored:
/// an error at its line.
fn plan_only_key(path: &str, source: &str, key: &str) -> Diagnostic {
    let message = format!(
        "{key} 是整个任务清单的设置，每期相同：请写在 plan.yaml 的 bulletin 下，并从 period.yaml 中删去"
    );
    let diagnostic = Diagnostic::error(path, Code::PeriodSyntax, message);
    let line = source.lines().position(|line| {
        line.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    match line {
        Some(index) => {
            let column = source.lines().nth(index).map_or(1, |line| {
                line.chars().take_while(|c| c.is_whitespace()).count() as u64 + 1
            });
            diagnostic.at(index as u64 + 1, Some(column))
        }
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_file_gives_as_of_and_overrides() {
        let (period, faults) = parse_period(
            "period.yaml",
            "as_of: 2021-05-24\nbulletin:\n  number: 鄞安委办〔2021〕5号\n",
        );
        assert!(faults.is_empty(), "{faults:?}");
        assert_eq!(period.as_of, NaiveDate::from_ymd_opt(2021, 5, 24));
        assert_eq!(
            period.bulletin.number.as_deref(),
            Some("鄞安委办〔2021〕5号")
        );
        let (period, faults) = parse_period("period.yaml", "as_of: 2021-05-32\n");
        assert_eq!(period.as_of, None);
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].code, Code::PeriodSyntax);
        assert_eq!(faults[0].row, Some(1));
    }

    #[test]
    fn a_period_file_may_date_its_bulletin_and_a_date_that_is_none_is_named() {
        let (period, faults) = parse_period(
            "period.yaml",
            "as_of: 2021-05-24\nbulletin:\n  date: 2021年5月27日\n",
        );
        assert!(faults.is_empty(), "{faults:?}");
        assert_eq!(period.bulletin.date, NaiveDate::from_ymd_opt(2021, 5, 27));
        let (period, faults) = parse_period(
            "period.yaml",
            "as_of: 2021-05-24\nbulletin:\n  date: 5月27日\n",
        );
        assert_eq!(period.as_of, NaiveDate::from_ymd_opt(2021, 5, 24));
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert_eq!(faults[0].row, Some(3));
        assert!(
            faults[0].message.contains("5月27日") && faults[0].message.contains("2021-05-25"),
            "{}",
            faults[0].message
        );
    }

    #[test]
    fn a_misspelt_key_in_a_period_file_keeps_its_good_as_of() {
        let (period, faults) = parse_period(
            "period.yaml",
            "as_of: 2021-05-24\nbulletin:\n  numbr: 5号\n",
        );
        assert_eq!(period.as_of, NaiveDate::from_ymd_opt(2021, 5, 24));
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert_eq!((faults[0].row, faults[0].column), (Some(3), Some(3)));
        assert!(
            faults[0].message.contains("“numbr”，是否为“number”？"),
            "{}",
            faults[0].message
        );
    }
}
