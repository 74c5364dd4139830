//! The diff report's view model: what its md and text templates lay out.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::diff::{ChangeKind, PaceChange, PeriodDiff, TaskChange, UnitChange};
use crate::model::pace::{Rate, Totals};
use crate::model::{Plan, TaskIx, UnitIx};
use crate::render::numerals::chinese_date;

/// What the diff templates see.
#[derive(Debug, Clone, Serialize)]
pub struct DiffView {
    pub title: String,
    pub old_date: String,
    pub new_date: String,
    /// 分类变化: the heading of `summary`.
    pub summary_heading: String,
    /// 按期完成 12 → 15 项（新增第5、13、20项）, one per class.
    pub summary: Vec<String>,
    /// The changed tasks, grouped, most pressing first.
    pub sections: Vec<SectionView>,
    /// 两期相比没有变化。 when no task changed; none otherwise.
    pub unchanged: Option<String>,
    /// 未报送的单位: the heading of `silent`.
    pub silent_heading: String,
    /// Units that sent nothing in one of the two periods.
    pub silent: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub heading: String,
    pub tasks: Vec<TaskDiffView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskDiffView {
    /// 第7项：正在推进 → 按期完成
    pub line: String,
    pub text: String,
    /// 新完成：…; 新启动：…; 退回（…）：…; 13 → 16 个镇（街道）已…
    pub details: Vec<String>,
}

/// Builds the report's view model.
pub fn diff_view(plan: &Plan, diff: &PeriodDiff) -> DiffView {
    let old_date = chinese_date(diff.old_as_of);
    let new_date = chinese_date(diff.new_as_of);
    let summary = diff
        .classes
        .iter()
        .map(|count| {
            let (added, removed) = (count.added(), count.removed());
            let mut changes = Vec::new();
            if !added.is_empty() {
                changes.push(format!("新增{}", plan.tasks_phrase(&added)));
            }
            if !removed.is_empty() {
                changes.push(format!("减少{}", plan.tasks_phrase(&removed)));
            }
            let changes = if changes.is_empty() {
                String::new()
            } else {
                format!("（{}）", changes.join("；"))
            };
            format!(
                "{} {} → {} 项{changes}",
                count.class.label(),
                count.old.len(),
                count.new.len()
            )
        })
        .collect();
    let headings = [
        (ChangeKind::NewlyOverdue, "新逾期的任务"),
        (ChangeKind::FellBehindPace, "新滞后序时的任务"),
        (ChangeKind::NewlyCompleted, "新完成的任务"),
        (ChangeKind::OtherClassChange, "分类有其他变化的任务"),
        (ChangeKind::UnitsOnly, "分类未变、有单位进展的任务"),
    ];
    let sections: Vec<SectionView> = headings
        .iter()
        .filter_map(|&(kind, heading)| {
            let tasks: Vec<TaskDiffView> = diff
                .tasks
                .iter()
                .filter(|c| c.kind == kind)
                .map(|change| task_view(plan, change))
                .collect();
            (!tasks.is_empty()).then(|| SectionView {
                heading: heading.to_string(),
                tasks,
            })
        })
        .collect();
    let names = |units: &[UnitIx]| plan.unit_names(units);
    let mut silent = Vec::new();
    if !diff.silent_old.is_empty() {
        silent.push(format!(
            "上期（{old_date}）未报送：{}",
            names(&diff.silent_old)
        ));
    }
    if !diff.silent_new.is_empty() {
        silent.push(format!(
            "本期（{new_date}）未报送：{}",
            names(&diff.silent_new)
        ));
    }
    DiffView {
        title: format!("工作推进情况对比（{old_date} → {new_date}）"),
        old_date,
        new_date,
        summary_heading: "分类变化".into(),
        summary,
        unchanged: sections.is_empty().then(|| "两期相比没有变化。".into()),
        sections,
        silent_heading: "未报送的单位".into(),
        silent,
    }
}

/// A changed task in the report: its class line, its text, and what moved under it.
fn task_view(plan: &Plan, change: &TaskChange) -> TaskDiffView {
    let Some(task) = plan.task(change.task) else {
        return TaskDiffView {
            line: String::new(),
            text: String::new(),
            details: Vec::new(),
        };
    };
    let mut details = unit_details(plan, &change.units);
    let (old_done, new_done) = change.done_count;
    if old_done != new_done {
        details.push(format!(
            "{old_done} → {new_done} 个{}{}",
            plan.noun_for(&task.assigned),
            task.wording.done
        ));
    }
    if let Some(pace) = &change.pace {
        details.extend(pace_details(plan, change.task, pace));
    }
    TaskDiffView {
        line: class_line(task.id, change),
        text: task.text.clone(),
        details,
    }
}

/// `第7项：正在推进 → 按期完成`, or `第7项：正在推进（未变）` when only its units moved.
fn class_line(id: u32, change: &TaskChange) -> String {
    if change.old_class == change.new_class {
        format!("第{id}项：{}（未变）", change.new_class.label())
    } else {
        format!(
            "第{id}项：{} → {}",
            change.old_class.label(),
            change.new_class.label()
        )
    }
}

/// The kinds of a unit's move, in the order the report lists them under a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    NewlyDone,
    NewlyStarted,
    WentBack,
    DateMoved,
}

impl Move {
    const ALL: [Move; 4] = [
        Move::NewlyDone,
        Move::NewlyStarted,
        Move::WentBack,
        Move::DateMoved,
    ];

    /// The label of the move's line.
    fn label(self) -> &'static str {
        match self {
            Move::NewlyDone => "新完成",
            Move::NewlyStarted => "新启动",
            Move::WentBack => "退回（可能填报有误，请与单位核实）",
            Move::DateMoved => "完成日期变动（请核实）",
        }
    }
}

/// One unit's move as the report says it: its kind, and the unit with what moved
/// (`甲（2025年5月3日）`, `城关镇（已完成 → 推进中）`).
fn unit_move(plan: &Plan, change: &UnitChange) -> (Move, String) {
    let name = |unit: &UnitIx| plan.unit_name(*unit);
    match change {
        UnitChange::NewlyDone { unit, date, .. } => (
            Move::NewlyDone,
            format!(
                "{}（{}）",
                name(unit),
                date.map_or_else(|| "未填日期".into(), chinese_date)
            ),
        ),
        UnitChange::NewlyStarted { unit } => (Move::NewlyStarted, name(unit).to_string()),
        UnitChange::WentBack { unit, old, new } => (
            Move::WentBack,
            format!("{}（{} → {}）", name(unit), old.label(), new.label()),
        ),
        UnitChange::DateMoved { unit, old, new } => {
            let show = |d: &Option<NaiveDate>| d.map_or_else(|| "未填".into(), chinese_date);
            (
                Move::DateMoved,
                format!("{}（{} → {}）", name(unit), show(old), show(new)),
            )
        }
    }
}

/// The units that moved, a line for each kind of move: 新完成：甲（2025年5月3日）; 新启动：…;
/// 退回（可能填报有误，请与单位核实）：…; 完成日期变动（请核实）：…
fn unit_details(plan: &Plan, changes: &[UnitChange]) -> Vec<String> {
    let moves: Vec<(Move, String)> = changes.iter().map(|c| unit_move(plan, c)).collect();
    Move::ALL
        .into_iter()
        .filter_map(|kind| {
            let units: Vec<&str> = moves
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, unit)| unit.as_str())
                .collect();
            (!units.is_empty()).then(|| format!("{}：{}", kind.label(), units.join("、")))
        })
        .collect()
}

/// A unit's move that looks like a slip in one of the two sheets, as the report says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspectMove {
    pub unit: UnitIx,
    /// Went back (done → not done, in progress → not started); else its completion date moved.
    pub went_back: bool,
    /// `第10项退回（可能填报有误，请与单位核实）：城关镇（已完成 → 推进中）`
    pub line: String,
}

/// Every unit that went back or whose completion date moved, task by task as the report lists
/// them, each in the report's words; `generate --previous` warns with them.
pub fn suspect_moves(plan: &Plan, diff: &PeriodDiff) -> Vec<SuspectMove> {
    let mut suspects = Vec::new();
    for change in &diff.tasks {
        let Some(task) = plan.task(change.task) else {
            continue;
        };
        for unit_change in change.units.iter().filter(|c| c.is_suspect()) {
            let (kind, unit) = unit_move(plan, unit_change);
            suspects.push(SuspectMove {
                unit: unit_change.unit(),
                went_back: kind == Move::WentBack,
                line: format!("第{}项{}：{unit}", task.id, kind.label()),
            });
        }
    }
    suspects
}

/// A task's figures moving: `完成率 45% → 71.7%（序时进度 49.9% → 74.8%）`, `已完成 500 → 860 套`,
/// and the units that fell behind or caught up with the pace.
fn pace_details(plan: &Plan, task: TaskIx, pace: &PaceChange) -> Vec<String> {
    let percent = |rate: Option<Rate>| rate.map_or_else(|| "—".to_string(), Rate::percent_text);
    let mut details = Vec::new();
    if pace.moved() {
        details.push(format!(
            "完成率 {} → {}（序时进度 {} → {}）",
            percent(pace.old_rate),
            percent(pace.new_rate),
            percent(pace.old_expected),
            percent(pace.new_expected)
        ));
    }
    let reached =
        |totals: Option<Totals>| totals.map_or_else(|| "—".to_string(), |t| t.reached.text());
    if pace.old_totals.map(|t| t.reached) != pace.new_totals.map(|t| t.reached) {
        details.push(format!(
            "已完成 {} → {} {}",
            reached(pace.old_totals),
            reached(pace.new_totals),
            plan.goal(task).measure
        ));
    }
    if !pace.fell_behind.is_empty() {
        details.push(format!(
            "新增进度较慢：{}",
            plan.unit_names(&pace.fell_behind)
        ));
    }
    if !pace.caught_up.is_empty() {
        details.push(format!(
            "赶上序时进度（或已完成）：{}",
            plan.unit_names(&pace.caught_up)
        ));
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::Status::{Done, NotStarted};
    use crate::model::classify_period;
    use crate::model::diff::diff_periods;
    use crate::render::diff::fixtures::{PLAN, period};

    #[test]
    fn the_reports_headings_and_its_line_when_nothing_changed_come_from_the_view() {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let old = period(&plan, "2025-04-30", |_, _| NotStarted);
        let new = period(&plan, "2025-05-31", |_, _| NotStarted);
        let (old, new) = (classify_period(&plan, &old), classify_period(&plan, &new));
        let view = diff_view(&plan, &diff_periods(&plan, &old, &new));
        assert_eq!(view.summary_heading, "分类变化");
        assert_eq!(view.silent_heading, "未报送的单位");
        assert_eq!(view.unchanged.as_deref(), Some("两期相比没有变化。"));
        let moved = period(&plan, "2025-05-31", |_, _| Done);
        let moved = classify_period(&plan, &moved);
        let view = diff_view(&plan, &diff_periods(&plan, &old, &moved));
        assert_eq!(view.unchanged, None);
    }

    #[test]
    fn a_task_lists_its_units_by_move_then_the_count_done() {
        // Task 4 (甲 and the bureau): 甲 done in May; the bureau went back to not started.
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let old = period(&plan, "2025-04-30", |task, unit| match (task, unit) {
            (3, 4) => crate::model::Status::InProgress,
            _ => NotStarted,
        });
        let new = period(&plan, "2025-05-31", |task, unit| match (task, unit) {
            (3, 0) => Done,
            _ => NotStarted,
        });
        let (old, new) = (classify_period(&plan, &old), classify_period(&plan, &new));
        let view = diff_view(&plan, &diff_periods(&plan, &old, &new));
        let task = &view.sections[0].tasks[0];
        assert_eq!(task.line, "第4项：正在推进（未变）");
        assert_eq!(
            task.details,
            [
                "新完成：甲（2025年3月1日）",
                "退回（可能填报有误，请与单位核实）：局（推进中 → 未开始）",
                "0 → 1 个单位已完成",
            ]
        );
    }
}
