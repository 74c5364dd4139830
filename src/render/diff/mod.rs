//! The diff of two periods as the clerk reads it: the report's view model (md and text), its
//! JSON, and the one sentence `generate --previous` adds to section 一.

mod json;
mod sentence;
mod view;

pub use json::json;
pub use sentence::since_previous;
pub use view::{DiffView, SectionView, SuspectMove, TaskDiffView, diff_view, suspect_moves};

/// A plan and periods the parts' tests share.
#[cfg(test)]
mod fixtures {
    use chrono::NaiveDate;

    use crate::model::{Period, Plan, Report, Status};

    /// Four towns and a bureau; task 1 due in June, 2 and 3 in December, 4 (甲 and the bureau)
    /// in December.
    pub const PLAN: &str = "units:\n  towns: [甲, 乙, 丙, 丁]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-06\n      - id: 2\n        text: 二。\n        deadline: 2025-12\n      - id: 3\n        text: 三。\n        deadline: 2025-12\n      - id: 4\n        text: 四。\n        deadline: 2025-12\n        assigned: [甲, 局]\n";

    use Status::Done;

    /// A period where every unit reported every task of its own: `status(task, unit)`.
    pub fn period(plan: &Plan, as_of: &str, status: impl Fn(usize, usize) -> Status) -> Period {
        let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
        let mut period = Period::new(as_of, plan.tasks.len(), plan.units.len());
        for (task, t) in plan.tasks_indexed() {
            for &unit in &t.assigned {
                let status = status(task.0, unit.0);
                let date = (status == Done).then(|| NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
                let note = String::new();
                period.set(task, unit, Report { status, date, note });
            }
        }
        period
    }
}

#[cfg(test)]
mod pace_tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::diff::diff_periods;
    use crate::model::pace::{Figure, Milli};
    use crate::model::{Period, Report, classify_period};
    use crate::model::{Status, TaskIx, UnitIx};
    use chrono::NaiveDate;

    #[test]
    fn the_sentence_and_the_report_tell_pace_moving() {
        let source = "pace:\n  start: 2025-01-01\nunits:\n  towns: [甲, 乙]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 棚户区改造新开工。\n        short: 棚改\n        deadline: 2025-12\n        target: 100\n        measure: 套\n      - id: 2\n        text: 义诊。\n        deadline: 2025-12\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let period = |month: u32, day: u32, first: [u64; 2], second: [u64; 2]| {
            let as_of = NaiveDate::from_ymd_opt(2025, month, day).unwrap();
            let mut period = Period::new(as_of, 2, 2);
            for unit in 0..2 {
                for task in 0..2 {
                    let note = String::new();
                    let report = Report {
                        status: Status::InProgress,
                        date: None,
                        note,
                    };
                    period.set(TaskIx(task), UnitIx(unit), report);
                }
                let quantity = Figure::Quantity(Milli::whole(first[unit]));
                period.set_figure(TaskIx(0), UnitIx(unit), quantity);
                let percent = Figure::Percent(Milli::whole(second[unit]));
                period.set_figure(TaskIx(1), UnitIx(unit), percent);
            }
            period
        };
        // June (49.6%): task 1 at 45% behind (甲 60, 乙 30 behind), task 2 at 60% on pace
        // (甲 70, 乙 50). September (74.8%): task 1 at 80% (甲 70 behind, 乙 90), task 2 at 70%
        // (甲 80, 乙 60 behind).
        let old = period(6, 30, [60, 30], [70, 50]);
        let new = period(9, 30, [70, 90], [80, 60]);
        let diff = diff_periods(
            &plan,
            &classify_period(&plan, &old),
            &classify_period(&plan, &new),
        );
        assert_eq!(
            since_previous(&plan, &diff),
            // The mean of 45% and 60% in June, of 80% and 70% in September.
            "与上期（2025年6月30日）相比，第2项转为滞后序时，第1项已赶上序时进度；2项任务平均完成率由52.5%提高到75%，棚改进度较慢的新增甲，义诊进度较慢的新增乙，1个单位次赶上序时进度。"
        );
        let view = diff_view(&plan, &diff);
        let details: Vec<&str> = view
            .sections
            .iter()
            .flat_map(|s| &s.tasks)
            .flat_map(|t| t.details.iter().map(String::as_str))
            .collect();
        assert_eq!(
            details,
            [
                "完成率 60% → 70%（序时进度 49.6% → 74.8%）",
                "新增进度较慢：乙",
                "完成率 45% → 80%（序时进度 49.6% → 74.8%）",
                "已完成 90 → 160 套",
                "新增进度较慢：甲",
                "赶上序时进度（或已完成）：乙",
            ]
        );
    }
}
