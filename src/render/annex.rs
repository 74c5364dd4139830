//! The annex (附件) the bulletin refers to: every unit's status on every task it has (its
//! 完成率 where the task has progress figures), and a ranking of units by the share of their due
//! tasks done — or, with `ranking: progress`, by the score section 一 ranks them by.

use serde::Serialize;

use super::numerals::chinese_date;
use super::progress::{ranking as progress_ranking, ranking_noun};
use crate::model::pace::Rate;
use crate::model::{Classified, Status, TaskIx, UnitIx};

/// The symbols of the table, with their legend; all three are in GB2312, so every Chinese
/// font has them.
const DONE: &str = "●";
const IN_PROGRESS: &str = "△";
const NOT_STARTED: &str = "○";

#[derive(Debug, Clone, Serialize)]
pub struct AnnexView {
    /// 附件
    pub label: String,
    pub title: String,
    pub legend: String,
    /// The task ids, in plan order: the table's columns.
    pub columns: Vec<u32>,
    pub rows: Vec<AnnexRow>,
    pub ranking_title: String,
    /// The ranking table's column titles.
    pub ranking_header: Vec<String>,
    pub ranking_note: String,
    pub ranking: Vec<RankRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexRow {
    pub unit: String,
    /// One symbol per column, or the unit's 完成率 on a task with figures it has not finished;
    /// empty where the task is not the unit's.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// 1, 2, 2, 4…; "—" for a unit with no task due yet.
    pub rank: String,
    pub unit: String,
    pub due: usize,
    pub done: usize,
    /// 85.7%, or "—" when nothing is due.
    pub share: String,
    /// The share (or with `ranking: progress` the score) as a number, 1.0 = 100%, for the
    /// workbook's cells and charts; none when nothing is due.
    #[serde(skip)]
    pub ratio: Option<f64>,
}

/// A unit's status on a task, as the annex's table shows it: none when the task is not the
/// unit's; a unit that reported nothing on its task has not started it.
pub fn unit_status(classified: &Classified, task: TaskIx, unit: UnitIx) -> Option<Status> {
    if !classified.plan.is_assigned(task, unit) {
        return None;
    }
    Some(
        classified
            .period
            .report(task, unit)
            .map_or(Status::NotStarted, |r| r.status),
    )
}

/// A unit's 完成率 on a task with progress figures it has not finished, as the annex's table
/// shows it in place of a symbol.
pub fn unit_rate(classified: &Classified, task: TaskIx, unit: UnitIx) -> Option<Rate> {
    classified
        .pace(task)
        .and_then(|pace| pace.unit(unit))
        .filter(|standing| !standing.done)
        .map(|standing| standing.rate)
}

/// Whether a task is due: its deadline has come by the end of the period's as_of day. The
/// ranking counts the due tasks; the workbook's grid marks a unit's due task not done in red.
pub fn is_due(classified: &Classified, task: TaskIx) -> bool {
    classified
        .plan
        .task(task)
        .is_some_and(|t| t.deadline.is_due(classified.period.as_of))
}

/// A share in tenths of a percent, rounded half up (四舍五入, as Excel shows it): 1/16 → 63.
fn share_per_mille(done: usize, due: usize) -> usize {
    (done * 2000 + due) / (due * 2)
}

/// Builds the annex for a classified period.
pub fn annex_view(classified: &Classified) -> AnnexView {
    let plan = classified.plan;
    let period = classified.period;
    let rows = plan
        .units_indexed()
        .filter(|&(unit, _)| plan.has_tasks(unit))
        .map(|(unit, u)| AnnexRow {
            unit: u.name.clone(),
            cells: plan
                .tasks_indexed()
                .map(|(task_index, _)| {
                    if let Some(rate) = unit_rate(classified, task_index, unit) {
                        return rate.percent_text();
                    }
                    match unit_status(classified, task_index, unit) {
                        None => "",
                        Some(Status::Done) => DONE,
                        Some(Status::InProgress) => IN_PROGRESS,
                        Some(Status::NotStarted) => NOT_STARTED,
                    }
                    .to_string()
                })
                .collect(),
        })
        .collect();

    let mut counts: Vec<(UnitIx, usize, usize)> = Vec::new();
    for (unit, _) in plan.units_indexed() {
        let mut due = 0;
        let mut done = 0;
        for task_index in plan.tasks_of(unit) {
            if !is_due(classified, task_index) {
                continue;
            }
            due += 1;
            if unit_status(classified, task_index, unit) == Some(Status::Done) {
                done += 1;
            }
        }
        if plan.has_tasks(unit) {
            counts.push((unit, due, done));
        }
    }
    // Highest share first; equal shares keep the plan's order and share a rank.
    let share = |due: usize, done: usize| {
        if due == 0 {
            -1.0
        } else {
            done as f64 / due as f64
        }
    };
    counts.sort_by(|a, b| share(b.1, b.2).total_cmp(&share(a.1, a.2)));
    let mut ranking = Vec::new();
    let mut previous: Option<(f64, usize)> = None;
    for (position, &(unit, due, done)) in counts.iter().enumerate() {
        let this = share(due, done);
        let rank = match previous {
            Some((last, rank)) if last == this => rank,
            _ => position + 1,
        };
        previous = Some((this, rank));
        ranking.push(RankRow {
            rank: if due == 0 {
                "—".into()
            } else {
                rank.to_string()
            },
            unit: plan.unit_name(unit).to_string(),
            due,
            done,
            share: if due == 0 {
                "—".into()
            } else {
                let per_mille = share_per_mille(done, due);
                format!("{}.{}%", per_mille / 10, per_mille % 10)
            },
            ratio: (due > 0).then_some(this),
        });
    }
    let mut legend =
        format!("{DONE}已完成　{IN_PROGRESS}推进中　{NOT_STARTED}未开始　空白：不承担该项任务");
    if classified.has_pace() {
        legend.push_str("　百分数：完成率");
    }
    let mut annex = AnnexView {
        label: "附件".into(),
        title: "各单位任务推进情况表".into(),
        legend,
        columns: plan.tasks.iter().map(|t| t.id).collect(),
        rows,
        ranking_title: "各单位到期任务完成情况排名".into(),
        ranking_header: ["排名", "单位", "到期任务", "已完成", "完成率"]
            .map(String::from)
            .to_vec(),
        ranking_note: format!(
            "到期任务：完成时限不晚于统计截止日期（{}）的任务；完成率＝已完成的到期任务÷到期任务。",
            chinese_date(period.as_of)
        ),
        ranking,
    };
    progress_ranking_table(classified, &mut annex);
    annex
}

/// With `ranking: progress`, the ranking is section 一's: the units by the mean of their 完成率
/// over their tasks with figures.
fn progress_ranking_table(classified: &Classified, annex: &mut AnnexView) {
    let plan = classified.plan;
    let ranked = progress_ranking(classified);
    if ranked.is_empty() {
        return;
    }
    let done = |unit: UnitIx| {
        plan.tasks_of(unit)
            .filter(|&task| classified.pace(task).is_some())
            .filter(|&task| {
                classified
                    .period
                    .report(task, unit)
                    .is_some_and(|r| r.status == Status::Done)
            })
            .count()
    };
    annex.ranking_title = format!("各{}综合排名", ranking_noun(plan, &ranked));
    annex.ranking_header = ["排名", "单位", "进度任务", "已完成", "综合完成率"]
        .map(String::from)
        .to_vec();
    annex.ranking_note = format!(
        "进度任务：有目标任务量或填报了进度的任务；综合完成率＝各进度任务完成率的平均值（已完成的按100%计，完成率不超过100%），统计截止日期为{}。",
        chinese_date(classified.period.as_of)
    );
    annex.ranking = ranked
        .iter()
        .map(|r| RankRow {
            rank: r.rank.to_string(),
            unit: plan.unit_name(r.score.unit).to_string(),
            due: r.score.tasks,
            done: done(r.score.unit),
            share: r.score.percent_text(),
            ratio: Some(r.score.score),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::{Period, Plan, Report, TaskIx, classify_period};
    use chrono::NaiveDate;

    /// Four towns; tasks 1 and 2 were due long before the period, task 3 is due long after.
    fn plan() -> Plan {
        let source = "units:\n  towns: [甲, 乙, 丙, 丁]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-01\n      - id: 2\n        text: 二。\n        deadline: 2021-02\n      - id: 3\n        text: 三。\n        deadline: 2022-12\n        assigned: [甲, 乙, 丙, 丁]\n";
        parse_plan("plan.yaml", source).unwrap()
    }

    fn period(plan: &Plan, done: &[(usize, usize)]) -> Period {
        let as_of = NaiveDate::from_ymd_opt(2021, 5, 24).unwrap();
        let mut period = Period::new(as_of, plan.tasks.len(), plan.units.len());
        for &(task, unit) in done {
            let report = Report {
                status: Status::Done,
                date: NaiveDate::from_ymd_opt(2021, 1, 10),
                note: String::new(),
            };
            period.set(TaskIx(task), UnitIx(unit), report);
        }
        period
    }

    fn ranking(plan: &Plan, period: &Period) -> Vec<(String, String, usize, usize, String)> {
        annex_view(&classify_period(plan, period))
            .ranking
            .into_iter()
            .map(|r| (r.rank, r.unit, r.due, r.done, r.share))
            .collect()
    }

    #[test]
    fn units_with_equal_shares_share_a_rank_and_the_next_rank_skips() {
        let plan = plan();
        // 甲 2/2, 乙 1/2, 丙 1/2, 丁 0/2; task 3 is not due and does not count, done or not.
        let period = period(&plan, &[(0, 0), (1, 0), (0, 1), (1, 2), (2, 3)]);
        let rows = ranking(&plan, &period);
        let expected = [
            ("1", "甲", 2, 2, "100.0%"),
            ("2", "乙", 2, 1, "50.0%"),
            ("2", "丙", 2, 1, "50.0%"),
            ("4", "丁", 2, 0, "0.0%"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|&(rank, unit, due, done, share)| {
                (rank.into(), unit.into(), due, done, share.into())
            })
            .collect();
        assert_eq!(rows, expected);
    }

    #[test]
    fn a_share_is_rounded_half_up_as_excel_shows_it() {
        assert_eq!(share_per_mille(1, 16), 63, "6.25% is 6.3%, not 6.2%");
        assert_eq!(share_per_mille(15, 16), 938);
        assert_eq!(share_per_mille(2, 3), 667);
        assert_eq!(share_per_mille(1, 3), 333);
        assert_eq!(share_per_mille(7, 7), 1000);
    }

    #[test]
    fn a_unit_with_nothing_due_is_listed_last_without_a_rank() {
        let source = "units:\n  towns: [甲]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-01\n      - id: 2\n        text: 二。\n        deadline: 2022-12\n        assigned: [局]\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let rows = ranking(&plan, &period(&plan, &[]));
        assert_eq!(
            rows,
            [
                ("1".into(), "甲".into(), 1, 0, "0.0%".into()),
                ("—".into(), "局".into(), 0, 0, "—".into()),
            ]
        );
    }

    #[test]
    fn the_grid_marks_each_units_own_tasks_and_leaves_the_others_blank() {
        let source = "units:\n  towns: [甲]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-01\n      - id: 2\n        text: 二。\n        deadline: 2022-12\n        assigned: [局]\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let mut period = period(&plan, &[(0, 0)]);
        let report = Report {
            status: Status::InProgress,
            date: None,
            note: String::new(),
        };
        period.set(TaskIx(1), UnitIx(1), report);
        let annex = annex_view(&classify_period(&plan, &period));
        let cells: Vec<_> = annex.rows.iter().map(|r| (&r.unit, &r.cells)).collect();
        assert_eq!(
            cells,
            [
                (&"甲".to_string(), &vec![DONE.to_string(), String::new()]),
                (
                    &"局".to_string(),
                    &vec![String::new(), IN_PROGRESS.to_string()]
                ),
            ]
        );
    }

    #[test]
    fn a_task_due_on_the_cut_off_day_counts_as_due() {
        let source = "units:\n  towns: [城关, 西河]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 任务一。\n        deadline: 2025-05\n      - id: 2\n        text: 任务二。\n        deadline: 2025-06\n      - id: 3\n        text: 任务三。\n        deadline: 2025-06-30\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let mut period = Period::new(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(), 3, 2);
        // 城关 did its May task and neither June task; 西河 did all three.
        let done = || Report {
            status: Status::Done,
            date: NaiveDate::from_ymd_opt(2025, 5, 20),
            note: String::new(),
        };
        period.set(TaskIx(0), UnitIx(0), done());
        for task in 0..3 {
            period.set(TaskIx(task), UnitIx(1), done());
        }
        let rows = ranking(&plan, &period);
        let expected: Vec<(String, String, usize, usize, String)> = vec![
            ("1".into(), "西河".into(), 3, 3, "100.0%".into()),
            ("2".into(), "城关".into(), 3, 1, "33.3%".into()),
        ];
        assert_eq!(rows, expected);
    }
}
