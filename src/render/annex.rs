//! The annex (附件) the bulletin refers to: every unit's status on every task it has, and a
//! ranking of units by the share of their due tasks done.

use serde::Serialize;

use super::numerals::chinese_date;
use crate::model::{Classified, Status, UnitIx};

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
    pub ranking_note: String,
    pub ranking: Vec<RankRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexRow {
    pub unit: String,
    /// One symbol per column; empty where the task is not the unit's.
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
                    if !plan.is_assigned(task_index, unit) {
                        return String::new();
                    }
                    match period.report(task_index, unit).map(|r| r.status) {
                        Some(Status::Done) => DONE,
                        Some(Status::InProgress) => IN_PROGRESS,
                        _ => NOT_STARTED,
                    }
                    .to_string()
                })
                .collect(),
        })
        .collect();

    // Due: the deadline has passed by the period's date.
    let mut counts: Vec<(UnitIx, usize, usize)> = Vec::new();
    for (unit, _) in plan.units_indexed() {
        let mut due = 0;
        let mut done = 0;
        for task_index in plan.tasks_of(unit) {
            let Some(task) = plan.task(task_index) else {
                continue;
            };
            if task.deadline.end >= period.as_of {
                continue;
            }
            due += 1;
            if period
                .report(task_index, unit)
                .is_some_and(|r| r.status == Status::Done)
            {
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
                format!("{:.1}%", this * 100.0)
            },
        });
    }
    AnnexView {
        label: "附件".into(),
        title: "各单位任务推进情况表".into(),
        legend: format!(
            "{DONE}已完成　{IN_PROGRESS}推进中　{NOT_STARTED}未开始　空白：不承担该项任务"
        ),
        columns: plan.tasks.iter().map(|t| t.id).collect(),
        rows,
        ranking_title: "各单位到期任务完成情况排名".into(),
        ranking_note: format!(
            "到期任务：完成时限在统计截止日期（{}）之前的任务；完成率＝已完成的到期任务÷到期任务。",
            chinese_date(period.as_of)
        ),
        ranking,
    }
}
