//! The one sentence `generate --previous` adds after section 一's lines: what moved since the
//! last bulletin, forward and back.

use crate::model::diff::{ChangeKind, PeriodDiff, TaskChange, UnitChange};
use crate::model::pace::Rate;
use crate::model::{Class, Plan, Status, TaskIx, UnitIx};
use crate::render::numerals::chinese_date;

/// The sentence `generate --previous` adds after section 一's lines: what moved since the last
/// bulletin, forward and back. Classes first (completed, newly overdue, any other change),
/// then units that moved forward (counted), then units that went back (named, per task);
/// "无变化" only when nothing moved. A completion date that changed is a correction, not a
/// move: the diff report flags it.
pub fn since_previous(plan: &Plan, diff: &PeriodDiff) -> String {
    let parts: Vec<String> = [
        class_moves(plan, diff),
        forward_moves(plan, diff),
        pace_moves(plan, diff),
        backward_moves(plan, diff),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .map(|part| part.join("，"))
    .collect();
    let body = if parts.is_empty() {
        "各项任务推进情况无变化".to_string()
    } else {
        parts.join("；")
    };
    format!("与上期（{}）相比，{body}。", chinese_date(diff.old_as_of))
}

/// The tasks whose class moved: completed, newly overdue, newly behind pace, caught up with
/// it, then any other change one by one.
fn class_moves(plan: &Plan, diff: &PeriodDiff) -> Vec<String> {
    let of_kind = |kind: ChangeKind| -> Vec<TaskIx> {
        diff.tasks
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.task)
            .collect()
    };
    let caught_up =
        |c: &TaskChange| c.old_class == Class::BehindPace && c.new_class == Class::InProgress;
    let mut moves = Vec::new();
    for (kind, moved) in [
        (ChangeKind::NewlyCompleted, "已全部完成"),
        (ChangeKind::NewlyOverdue, "转为逾期未完成"),
        (ChangeKind::FellBehindPace, "转为滞后序时"),
    ] {
        let tasks = of_kind(kind);
        if !tasks.is_empty() {
            moves.push(format!("{}{moved}", plan.tasks_phrase(&tasks)));
        }
    }
    let back_on_pace: Vec<TaskIx> = diff
        .tasks
        .iter()
        .filter(|c| caught_up(c))
        .map(|c| c.task)
        .collect();
    if !back_on_pace.is_empty() {
        moves.push(format!(
            "{}已赶上序时进度",
            plan.tasks_phrase(&back_on_pace)
        ));
    }
    for change in diff
        .tasks
        .iter()
        .filter(|c| c.kind == ChangeKind::OtherClassChange && !caught_up(c))
    {
        moves.push(format!(
            "第{}项由{}转为{}",
            plan.task_id(change.task),
            change.old_class.label(),
            change.new_class.label()
        ));
    }
    moves
}

/// Units that moved forward, counted over the tasks they moved on: `第2、3项有5个单位次开始推进`.
/// Units newly done on a task now completed are told by its completion.
fn forward_moves(plan: &Plan, diff: &PeriodDiff) -> Vec<String> {
    let mut forwards = Vec::new();
    for (verb, moved) in [
        ("新完成", newly_done as fn(&TaskChange) -> usize),
        ("开始推进", newly_started),
    ] {
        let mut tasks: Vec<TaskIx> = Vec::new();
        let mut units = 0;
        for change in &diff.tasks {
            let count = moved(change);
            if count > 0 {
                tasks.push(change.task);
                units += count;
            }
        }
        if units > 0 {
            plan.sort_by_id(&mut tasks);
            // Over several tasks one unit may count twice: 单位次, as bulletins count visits.
            let measure = if tasks.len() == 1 {
                "个单位"
            } else {
                "个单位次"
            };
            // A few tasks are named; more are counted, so the sentence stays one a reader
            // takes in (the diff report names them all).
            let which = if tasks.len() <= NAMED_TASKS {
                plan.tasks_phrase(&tasks)
            } else {
                format!("{}项任务", tasks.len())
            };
            forwards.push(format!("{which}有{units}{measure}{verb}"));
        }
    }
    forwards
}

/// Units that went back, named per task, those that went back the same way together:
/// `第2项乙、丙由已完成改为推进中`.
fn backward_moves(plan: &Plan, diff: &PeriodDiff) -> Vec<String> {
    let mut backs = Vec::new();
    let mut by_task: Vec<&TaskChange> = diff.tasks.iter().collect();
    by_task.sort_by_key(|c| plan.task_id(c.task));
    for change in by_task {
        let mut moves: Vec<((Status, Status), Vec<UnitIx>)> = Vec::new();
        for unit_change in &change.units {
            if let UnitChange::WentBack { unit, old, new } = *unit_change {
                match moves.iter_mut().find(|(m, _)| *m == (old, new)) {
                    Some((_, units)) => units.push(unit),
                    None => moves.push(((old, new), vec![unit])),
                }
            }
        }
        for ((old, new), units) in moves {
            backs.push(format!(
                "第{}项{}由{}改为{}",
                plan.task_id(change.task),
                plan.unit_names(&units),
                old.label(),
                new.label()
            ));
        }
    }
    backs
}

/// Per task with figures, the units that fell behind the pace, by name (a 督查 bulletin names
/// who is behind): `棚改新开工进度较慢的新增舒城县`; then how many units caught up, counted (the
/// diff report names them). A task of one unit is told by its class line.
fn pace_moves(plan: &Plan, diff: &PeriodDiff) -> Vec<String> {
    let mut by_task: Vec<&TaskChange> = diff
        .tasks
        .iter()
        .filter(|c| c.pace.is_some() && plan.task(c.task).is_some_and(|t| t.assigned.len() > 1))
        .collect();
    by_task.sort_by_key(|c| plan.task_id(c.task));
    let mut moves = Vec::new();
    if let Some(mean) = diff.mean_rate
        && let Some(moved) = rate_moved(mean.old, mean.new)
    {
        moves.push(if mean.tasks == 1 {
            format!("第{}项完成率{moved}", plan.task_id(mean.first))
        } else {
            format!("{}项任务平均完成率{moved}", mean.tasks)
        });
    }
    let mut caught_up = 0;
    for change in by_task {
        let Some(pace) = &change.pace else {
            continue;
        };
        if !pace.fell_behind.is_empty() {
            moves.push(format!(
                "{}进度较慢的新增{}",
                plan.short_name(change.task),
                plan.unit_names(&pace.fell_behind)
            ));
        }
        // A unit that finished is told as newly done; here only those back on pace.
        caught_up +=
            pace.caught_up
                .iter()
                .filter(|&&unit| {
                    !change.units.iter().any(
                        |u| matches!(u, UnitChange::NewlyDone { unit: done, .. } if *done == unit),
                    )
                })
                .count();
    }
    if caught_up > 0 {
        moves.push(format!("{caught_up}个单位次赶上序时进度"));
    }
    moves
}

/// "由53.3%提高到89.2%" (or 下降到); `None` when the rate prints the same.
fn rate_moved(old: Rate, new: Rate) -> Option<String> {
    let (was, is) = (old.per_mille(), new.per_mille());
    let verb = match is.cmp(&was) {
        std::cmp::Ordering::Greater => "提高到",
        std::cmp::Ordering::Less => "下降到",
        std::cmp::Ordering::Equal => return None,
    };
    Some(format!(
        "由{}{verb}{}",
        old.percent_text(),
        new.percent_text()
    ))
}

/// How many tasks the since-previous sentence names by id where units moved forward.
const NAMED_TASKS: usize = 5;

/// Units newly done on a task not completed by them (a completion is told as such).
fn newly_done(change: &TaskChange) -> usize {
    if change.kind == ChangeKind::NewlyCompleted {
        return 0;
    }
    change
        .units
        .iter()
        .filter(|u| matches!(u, UnitChange::NewlyDone { .. }))
        .count()
}

/// Units that went from not started to in progress on a task.
fn newly_started(change: &TaskChange) -> usize {
    change
        .units
        .iter()
        .filter(|u| matches!(u, UnitChange::NewlyStarted { .. }))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::classify_period;
    use crate::model::diff::diff_periods;
    use crate::render::diff::fixtures::{PLAN, period};

    use Status::{Done, InProgress, NotStarted};

    fn sentence(
        old: impl Fn(usize, usize) -> Status,
        new: impl Fn(usize, usize) -> Status,
    ) -> String {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let old = period(&plan, "2025-04-30", old);
        let new = period(&plan, "2025-05-31", new);
        let diff = diff_periods(
            &plan,
            &classify_period(&plan, &old),
            &classify_period(&plan, &new),
        );
        since_previous(&plan, &diff)
    }

    #[test]
    fn units_that_started_are_a_change() {
        let text = sentence(
            |_, _| NotStarted,
            |task, unit| match (task, unit) {
                (1, 0..=2) | (2, 0) | (3, 4) => InProgress,
                _ => NotStarted,
            },
        );
        assert_eq!(
            text,
            "与上期（2025年4月30日）相比，第2、3、4项有5个单位次开始推进。"
        );
    }

    #[test]
    fn a_task_that_fell_back_says_so_and_names_the_units() {
        // Task 2 was done by every town; 乙 and 丙 now report it in progress.
        let text = sentence(
            |task, _| if task == 1 { Done } else { NotStarted },
            |task, unit| match (task, unit) {
                (1, 1 | 2) => InProgress,
                (1, _) => Done,
                _ => NotStarted,
            },
        );
        assert_eq!(
            text,
            "与上期（2025年4月30日）相比，第2项由按期完成转为正在推进；第2项乙、丙由已完成改为推进中。"
        );
    }

    #[test]
    fn completion_overdue_and_progress_are_told_in_that_order() {
        // New: task 2 done by all (completed); task 3 done by 甲 (one unit newly done); task 4
        // started by the bureau; 丁 went back on task 3 from in progress to not started.
        let text = sentence(
            |task, unit| match (task, unit) {
                (2, 3) => InProgress,
                _ => NotStarted,
            },
            |task, unit| match (task, unit) {
                (1, _) | (2, 0) => Done,
                (3, 4) => InProgress,
                _ => NotStarted,
            },
        );
        assert_eq!(
            text,
            "与上期（2025年4月30日）相比，第2项已全部完成；第3项有1个单位新完成，第4项有1个单位开始推进；第3项丁由推进中改为未开始。"
        );
    }

    #[test]
    fn nothing_moved_is_no_change() {
        let text = sentence(
            |task, _| if task == 0 { Done } else { InProgress },
            |task, _| {
                if task == 0 { Done } else { InProgress }
            },
        );
        assert_eq!(
            text,
            "与上期（2025年4月30日）相比，各项任务推进情况无变化。"
        );
    }
}
