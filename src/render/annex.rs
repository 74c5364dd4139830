//! The annex (附件) the bulletin refers to: every unit's status on every task it has (its
//! 完成率 where the task has progress figures), and a ranking of units by the share of their due
//! tasks done — or, with `ranking: progress`, by the score section 一 ranks them by.

use serde::Serialize;

use super::numerals::chinese_date;
use super::progress::{progress_scores, ranking as progress_ranking, ranking_noun};
use crate::model::pace::{Rate, percent_text};
use crate::model::ranking::{Ranked, Score, ranked_units};
use crate::model::{Classified, Status, TaskIx, UnitIx, UnitKind};

/// The symbols of the table, with their legend; all three are in GB2312, so every Chinese
/// font has them.
const DONE: &str = "●";
const IN_PROGRESS: &str = "△";
const NOT_STARTED: &str = "○";
/// A task of a unit that sent nothing (`generate --allow-missing`): not ○, which would say the
/// unit reported it not started.
pub const NOT_REPORTED: &str = "×";
/// What the annex and the workbook say of a unit that sent nothing.
pub const NOT_REPORTED_WORDS: &str = "未报送";

/// The most task columns the annex's table prints: beside the unit's column, 64 columns of
/// 180 twips (one 小五 character) fill the landscape text block; past that a column is
/// narrower than the symbol in it.
pub const MAX_GRID_COLUMNS: usize = 64;
/// The most cells (units × tasks) the annex's table is written with: some 60 landscape pages.
/// A larger table could not be read on paper, and writing it took seconds and gigabytes (a
/// plan of 2,000 units × 2,000 tasks: 17 s and 2.1 GiB for the .docx); the 汇总表 holds it.
pub const MAX_GRID_CELLS: usize = 100_000;

/// The annex's table is left out when it is wider or larger than the annex prints: then
/// its units (those with tasks) and tasks.
pub fn grid_left_out(classified: &Classified) -> Option<(usize, usize)> {
    let plan = classified.plan;
    let units = plan
        .units_indexed()
        .filter(|&(unit, _)| plan.has_tasks(unit))
        .count();
    let tasks = plan.tasks.len();
    (tasks > MAX_GRID_COLUMNS || units.saturating_mul(tasks) > MAX_GRID_CELLS)
        .then_some((units, tasks))
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexView {
    /// 附件
    pub label: String,
    pub title: String,
    /// The line after the body that names the annex: 附件：各单位任务推进情况表
    pub line: String,
    pub legend: String,
    /// Said in place of the table when it is left out ([`grid_left_out`]): `columns`,
    /// `grid_header` and `rows` are then empty.
    pub grid_left_out: Option<String>,
    /// The task ids, in plan order: the table's columns.
    pub columns: Vec<u32>,
    /// The table's header row: 单位, then each task's id.
    pub grid_header: Vec<String>,
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
    /// The unit sent nothing (`generate --allow-missing`): its tasks read ×.
    pub not_reported: bool,
    /// One symbol per column, or the unit's 完成率 on a task with figures it has not finished;
    /// empty where the task is not the unit's.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// 1, 2, 2, 4…; "—" for a unit not ranked.
    pub rank: String,
    /// The rank as a number; none for a unit listed after the ranked ones: a department when
    /// the towns are ranked, a unit with nothing due.
    #[serde(skip)]
    pub place: Option<usize>,
    pub unit: String,
    pub due: usize,
    pub done: usize,
    /// The unit sent nothing (`generate --allow-missing`): listed after the ranked units,
    /// its share read 未报送.
    pub not_reported: bool,
    /// 85.7%, "—" when nothing is due, 未报送 for a unit that sent nothing.
    pub share: String,
    /// The share (or with `ranking: progress` the score) in tenths of a percent, as printed, for
    /// the workbook's cells and charts; none when nothing is due.
    #[serde(skip)]
    pub per_mille: Option<u128>,
}

/// A unit's status on a task, as the annex's table shows it: none when the task is not the
/// unit's; a unit that reported nothing on its task has not started it.
pub fn unit_status(classified: &Classified, task: TaskIx, unit: UnitIx) -> Option<Status> {
    classified
        .plan
        .is_assigned(task, unit)
        .then(|| classified.period.status(task, unit))
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

/// Builds the annex for a classified period.
pub fn annex_view(classified: &Classified) -> AnnexView {
    let plan = classified.plan;
    let period = classified.period;
    let left_out = grid_left_out(classified);
    let rows = plan
        .units_indexed()
        .filter(|_| left_out.is_none())
        .filter(|&(unit, _)| plan.has_tasks(unit))
        .map(|(unit, u)| AnnexRow {
            unit: u.name.clone(),
            not_reported: classified.sent_nothing(unit),
            cells: plan
                .tasks_indexed()
                .map(|(task_index, _)| {
                    if classified.sent_nothing(unit) {
                        let assigned = plan.is_assigned(task_index, unit);
                        return if assigned { NOT_REPORTED } else { "" }.to_string();
                    }
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

    let ranking = due_ranking(classified);
    let mut legend =
        format!("{DONE}已完成　{IN_PROGRESS}推进中　{NOT_STARTED}未开始　空白：不承担该项任务");
    if classified.has_pace() {
        legend.push_str("　百分数：完成率");
    }
    if !classified.not_reported().is_empty() {
        legend.push_str(&format!(
            "　{NOT_REPORTED}{NOT_REPORTED_WORDS}（按未完成统计）"
        ));
    }
    let label = "附件";
    let title = "各单位任务推进情况表";
    let columns: Vec<u32> = match left_out {
        Some(_) => Vec::new(),
        None => plan.tasks.iter().map(|t| t.id).collect(),
    };
    let grid_left_out = left_out.map(|(units, tasks)| {
        format!(
            "本次通报涉及{units}个单位、{tasks}项任务，各单位各项任务推进情况表篇幅过大，从略，详见汇总表。"
        )
    });
    let mut annex = AnnexView {
        label: label.into(),
        title: title.into(),
        line: format!("{label}：{title}"),
        legend,
        grid_left_out,
        grid_header: match left_out {
            Some(_) => Vec::new(),
            None => std::iter::once("单位".to_string())
                .chain(columns.iter().map(u32::to_string))
                .collect(),
        },
        columns,
        rows,
        ranking_title: format!("各{}到期任务完成情况排名", ranking.noun),
        ranking_header: ["排名", "单位", "到期任务", "已完成", "完成率"]
            .map(String::from)
            .to_vec(),
        ranking_note: format!(
            "到期任务：完成时限不晚于统计截止日期（{}）的任务；完成率＝已完成的到期任务÷到期任务。{}",
            chinese_date(period.as_of),
            ranking.note
        ),
        ranking: ranking.rows,
    };
    progress_ranking_table(classified, &mut annex);
    annex
}

/// A ranking as the annex prints it: its rows (the ranked units, then the others), the noun of
/// its title and the sentence that says what is ranked.
struct Ranking<'p> {
    rows: Vec<RankRow>,
    noun: &'p str,
    note: String,
}

/// The units ranked by the share of their due tasks done, by the progress ranking's rule: the
/// towns; the departments only when no town has a task due (a department with one task done
/// would otherwise stand first above every town). The other units follow, unranked.
fn due_ranking<'p>(classified: &Classified<'p>) -> Ranking<'p> {
    let plan = classified.plan;
    let counts: Vec<(UnitIx, usize, usize)> = plan
        .units_indexed()
        .filter(|&(unit, _)| plan.has_tasks(unit))
        .map(|(unit, _)| {
            let due: Vec<TaskIx> = plan
                .tasks_of(unit)
                .filter(|&task| is_due(classified, task))
                .collect();
            let done = due
                .iter()
                .filter(|&&task| unit_status(classified, task, unit) == Some(Status::Done))
                .count();
            (unit, due.len(), done)
        })
        .collect();
    let share = |due: usize, done: usize| Rate::new(done as u128, due as u128).per_mille();
    // A unit that sent nothing is not ranked: its 0% would say it did nothing.
    let scores: Vec<Score> = counts
        .iter()
        .filter(|&&(unit, due, _)| due > 0 && !classified.sent_nothing(unit))
        .map(|&(unit, due, done)| Score {
            unit,
            score: share(due, done) as f64 / 1000.0,
            tasks: due,
        })
        .collect();
    let ranked = ranked_units(plan, &scores);
    let row = |(unit, due, done): (UnitIx, usize, usize), place: Option<usize>| {
        let not_reported = classified.sent_nothing(unit);
        let per_mille = (due > 0 && !not_reported).then(|| share(due, done));
        RankRow {
            rank: place.map_or_else(|| "—".into(), |place| place.to_string()),
            place,
            unit: plan.unit_name(unit).to_string(),
            due,
            done,
            not_reported,
            share: shown_share(not_reported, per_mille),
            per_mille,
        }
    };
    let place_of = |unit: UnitIx| ranked.iter().find(|r| r.score.unit == unit).map(|r| r.rank);
    let mut rows: Vec<RankRow> = ranked
        .iter()
        .filter_map(|r| counts.iter().find(|c| c.0 == r.score.unit))
        .map(|&count| row(count, place_of(count.0)))
        .collect();
    // Those with tasks due (and a share) first, then those with nothing due yet.
    let mut others: Vec<RankRow> = counts
        .iter()
        .filter(|c| place_of(c.0).is_none())
        .map(|&count| row(count, None))
        .collect();
    others.sort_by_key(|row| (row.not_reported, row.due == 0));
    let note = what_is_ranked(classified, &ranked, &others, "到期任务");
    rows.extend(others);
    Ranking {
        rows,
        noun: ranking_noun(plan, &ranked),
        note,
    }
}

/// With `ranking: progress`, the ranking is section 一's: the units by the mean of their 完成率
/// over their tasks with figures; the units with figures that are not ranked (departments,
/// when towns are) follow, unranked.
fn progress_ranking_table(classified: &Classified, annex: &mut AnnexView) {
    let plan = classified.plan;
    let ranked = progress_ranking(classified);
    if ranked.is_empty() {
        return;
    }
    let done = |unit: UnitIx| {
        plan.tasks_of(unit)
            .filter(|&task| classified.pace(task).is_some())
            .filter(|&task| unit_status(classified, task, unit) == Some(Status::Done))
            .count()
    };
    let row = |score: &Score, place: Option<usize>| {
        let not_reported = classified.sent_nothing(score.unit);
        let per_mille = (!not_reported).then(|| score.per_mille().into());
        RankRow {
            rank: place.map_or_else(|| "—".into(), |place| place.to_string()),
            place,
            unit: plan.unit_name(score.unit).to_string(),
            due: score.tasks,
            done: done(score.unit),
            not_reported,
            share: shown_share(not_reported, per_mille),
            per_mille,
        }
    };
    let mut rows: Vec<RankRow> = ranked.iter().map(|r| row(&r.score, Some(r.rank))).collect();
    let mut others: Vec<RankRow> = progress_scores(classified)
        .iter()
        .filter(|score| !ranked.iter().any(|r| r.score.unit == score.unit))
        .map(|score| row(score, None))
        .collect();
    others.sort_by_key(|row| row.not_reported);
    annex.ranking_title = format!("各{}综合排名", ranking_noun(plan, &ranked));
    annex.ranking_header = ["排名", "单位", "进度任务", "已完成", "综合完成率"]
        .map(String::from)
        .to_vec();
    annex.ranking_note = format!(
        "进度任务：有目标任务量或填报了进度的任务；综合完成率＝各进度任务完成率的平均值（已完成的按100%计，完成率不超过100%），统计截止日期为{}。{}",
        chinese_date(classified.period.as_of),
        what_is_ranked(classified, &ranked, &others, "进度任务")
    );
    rows.extend(others);
    annex.ranking = rows;
}

/// A ranking row's share as printed: 未报送 for a unit that sent nothing, "—" when nothing is
/// due.
fn shown_share(not_reported: bool, per_mille: Option<u128>) -> String {
    if not_reported {
        NOT_REPORTED_WORDS.into()
    } else {
        per_mille.map_or_else(|| "—".into(), percent_text)
    }
}

/// The sentence under a ranking that says whom it ranks: `排名比较有到期任务的镇（街道）；其余单位
/// 列在表末，不排名。` — and the units that sent nothing, by name: `；东岭乡未报送，不排名。`
/// `having` is what a ranked unit has (到期任务, 进度任务); `others` are the rows after the
/// ranked ones.
fn what_is_ranked(
    classified: &Classified,
    ranked: &[Ranked],
    others: &[RankRow],
    having: &str,
) -> String {
    let plan = classified.plan;
    let silent: Vec<&str> = others
        .iter()
        .filter(|row| row.not_reported)
        .map(|row| row.unit.as_str())
        .collect();
    let others = others.len() > silent.len();
    let label = &plan.town_label;
    let towns_ranked = ranked.iter().any(|r| {
        plan.unit(r.score.unit)
            .is_some_and(|u| u.kind == UnitKind::Town)
    });
    let mut note = match (ranked.is_empty(), towns_ranked) {
        (true, _) => format!("尚无{having}，暂不排名"),
        (false, true) => format!("排名比较有{having}的{label}"),
        (false, false) => format!("{label}尚无{having}，排名比较有{having}的部门"),
    };
    if !ranked.is_empty() && others {
        note.push_str("；其余单位列在表末，不排名");
    }
    if !silent.is_empty() {
        note.push_str(&format!(
            "；{}{NOT_REPORTED_WORDS}，不排名",
            silent.join("、")
        ));
    }
    note.push('。');
    note
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

    /// Every unit reported: `done` its tasks done, the others of its tasks not started.
    fn period(plan: &Plan, done: &[(usize, usize)]) -> Period {
        let as_of = NaiveDate::from_ymd_opt(2021, 5, 24).unwrap();
        let mut period = Period::new(as_of, plan.tasks.len(), plan.units.len());
        for (task, plan_task) in plan.tasks_indexed() {
            for &unit in &plan_task.assigned {
                let report = Report {
                    status: Status::NotStarted,
                    date: None,
                    note: String::new(),
                };
                period.set(task, unit, report);
            }
        }
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
            ("1", "甲", 2, 2, "100%"),
            ("2", "乙", 2, 1, "50%"),
            ("2", "丙", 2, 1, "50%"),
            ("4", "丁", 2, 0, "0%"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|&(rank, unit, due, done, share)| {
                (rank.into(), unit.into(), due, done, share.into())
            })
            .collect();
        assert_eq!(rows, expected);
    }

    /// Towns 甲 乙 and a department 局: two town tasks due in January and February, and 局's
    /// own task due in `department_deadline`.
    fn with_department(department_deadline: &str) -> Plan {
        let source = format!(
            "units:\n  towns: [甲, 乙]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-01\n      - id: 2\n        text: 二。\n        deadline: 2021-02\n      - id: 3\n        text: 三。\n        deadline: {department_deadline}\n        assigned: [局]\n"
        );
        parse_plan("plan.yaml", &source).unwrap()
    }

    #[test]
    fn the_towns_are_ranked_and_a_department_is_listed_after_them_unranked() {
        // 局 did its one task (100%), 甲 one of two: the department is never first.
        let plan = with_department("2021-03");
        let period = period(&plan, &[(0, 0), (2, 2)]);
        let rows = ranking(&plan, &period);
        let expected: Vec<(String, String, usize, usize, String)> = vec![
            ("1".into(), "甲".into(), 2, 1, "50%".into()),
            ("2".into(), "乙".into(), 2, 0, "0%".into()),
            ("—".into(), "局".into(), 1, 1, "100%".into()),
        ];
        assert_eq!(rows, expected);
        let annex = annex_view(&classify_period(&plan, &period));
        assert_eq!(annex.ranking_title, "各镇（街道）到期任务完成情况排名");
        assert!(
            annex
                .ranking_note
                .ends_with("排名比较有到期任务的镇（街道）；其余单位列在表末，不排名。"),
            "{}",
            annex.ranking_note
        );
    }

    #[test]
    fn departments_are_ranked_only_when_no_town_has_a_task_due() {
        let source = "units:\n  towns: [甲]\n  departments: [局, 办]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2022-01\n      - id: 2\n        text: 二。\n        deadline: 2021-02\n        assigned: [局, 办]\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let period = period(&plan, &[(1, 2)]);
        let rows = ranking(&plan, &period);
        let expected: Vec<(String, String, usize, usize, String)> = vec![
            ("1".into(), "办".into(), 1, 1, "100%".into()),
            ("2".into(), "局".into(), 1, 0, "0%".into()),
            ("—".into(), "甲".into(), 0, 0, "—".into()),
        ];
        assert_eq!(rows, expected);
        let annex = annex_view(&classify_period(&plan, &period));
        assert!(
            annex.ranking_note.ends_with(
                "镇（街道）尚无到期任务，排名比较有到期任务的部门；其余单位列在表末，不排名。"
            ),
            "{}",
            annex.ranking_note
        );
    }

    #[test]
    fn a_share_is_printed_as_every_percentage_is_one_decimal_without_a_trailing_zero() {
        // 甲 1 of 3, 乙 2 of 3, 丙 3 of 3: 33.3%, 66.7% (rounded half up), 100% (not 100.0%).
        let source = "units:\n  towns: [甲, 乙, 丙]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-01\n      - id: 2\n        text: 二。\n        deadline: 2021-02\n      - id: 3\n        text: 三。\n        deadline: 2021-03\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let done = [(0, 0), (0, 1), (1, 1), (0, 2), (1, 2), (2, 2)];
        let annex = annex_view(&classify_period(&plan, &period(&plan, &done)));
        let shares: Vec<(&str, Option<u128>)> = annex
            .ranking
            .iter()
            .map(|row| (row.share.as_str(), row.per_mille))
            .collect();
        assert_eq!(
            shares,
            [
                ("100%", Some(1000)),
                ("66.7%", Some(667)),
                ("33.3%", Some(333))
            ]
        );
    }

    #[test]
    fn a_unit_with_nothing_due_is_listed_last_without_a_rank() {
        let source = "units:\n  towns: [甲]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-01\n      - id: 2\n        text: 二。\n        deadline: 2022-12\n        assigned: [局]\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let rows = ranking(&plan, &period(&plan, &[]));
        assert_eq!(
            rows,
            [
                ("1".into(), "甲".into(), 1, 0, "0%".into()),
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
    fn a_unit_that_sent_nothing_is_marked_in_the_grid_and_listed_after_the_ranking() {
        // 丁 sent nothing (`--allow-missing`): × on its tasks, not ○; not ranked 4th at 0%.
        let plan = plan();
        let reported = period(&plan, &[(0, 0), (0, 1), (1, 1), (0, 2)]);
        let mut period = Period::new(reported.as_of, plan.tasks.len(), plan.units.len());
        for (task, _) in plan.tasks_indexed() {
            for unit in (0..3).map(UnitIx) {
                if let Some(report) = reported.report(task, unit) {
                    period.set(task, unit, report.clone());
                }
            }
        }
        let annex = annex_view(&classify_period(&plan, &period));
        let last = annex.rows.last().unwrap();
        assert_eq!((last.unit.as_str(), last.not_reported), ("丁", true));
        assert_eq!(last.cells, [NOT_REPORTED; 3]);
        assert!(
            annex.legend.ends_with("×未报送（按未完成统计）"),
            "{}",
            annex.legend
        );
        let rows = ranking(&plan, &period);
        let expected: Vec<(String, String, usize, usize, String)> = vec![
            ("1".into(), "乙".into(), 2, 2, "100%".into()),
            ("2".into(), "甲".into(), 2, 1, "50%".into()),
            ("2".into(), "丙".into(), 2, 1, "50%".into()),
            ("—".into(), "丁".into(), 2, 0, "未报送".into()),
        ];
        assert_eq!(rows, expected);
        assert!(
            annex
                .ranking_note
                .ends_with("排名比较有到期任务的镇（街道）；丁未报送，不排名。"),
            "{}",
            annex.ranking_note
        );
        assert_eq!(annex.ranking.last().unwrap().per_mille, None);
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
            ("1".into(), "西河".into(), 3, 3, "100%".into()),
            ("2".into(), "城关".into(), 3, 1, "33.3%".into()),
        ];
        assert_eq!(rows, expected);
    }
}
