//! The diff report: the view model for its md and text templates, its JSON, and the one
//! sentence `generate --previous` adds to section 一.

use serde::Serialize;

use crate::model::diff::{ChangeKind, ClassCount, PaceChange, PeriodDiff, TaskChange, UnitChange};
use crate::model::pace::Rate;
use crate::model::{Class, Plan, Status, TaskIx, UnitIx};
use crate::render::json::percent as json_percent;
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

fn task_view(plan: &Plan, change: &TaskChange) -> TaskDiffView {
    let Some(task) = plan.task(change.task) else {
        return TaskDiffView {
            line: String::new(),
            text: String::new(),
            details: Vec::new(),
        };
    };
    let line = if change.old_class == change.new_class {
        format!("第{}项：{}（未变）", task.id, change.new_class.label())
    } else {
        format!(
            "第{}项：{} → {}",
            task.id,
            change.old_class.label(),
            change.new_class.label()
        )
    };
    let name = |unit: UnitIx| plan.unit_name(unit);
    let mut newly_done = Vec::new();
    let mut newly_started = Vec::new();
    let mut went_back = Vec::new();
    let mut date_moved = Vec::new();
    for unit_change in &change.units {
        match unit_change {
            UnitChange::NewlyDone { unit, date } => {
                newly_done.push(format!(
                    "{}（{}）",
                    name(*unit),
                    date.map_or_else(|| "未填日期".into(), chinese_date)
                ));
            }
            UnitChange::NewlyStarted { unit } => newly_started.push(name(*unit).to_string()),
            UnitChange::WentBack { unit, old, new } => {
                went_back.push(format!(
                    "{}（{} → {}）",
                    name(*unit),
                    old.label(),
                    new.label()
                ));
            }
            UnitChange::DateMoved { unit, old, new } => {
                let show =
                    |d: &Option<chrono::NaiveDate>| d.map_or_else(|| "未填".into(), chinese_date);
                date_moved.push(format!("{}（{} → {}）", name(*unit), show(old), show(new)));
            }
        }
    }
    let mut details = Vec::new();
    if !newly_done.is_empty() {
        details.push(format!("新完成：{}", newly_done.join("、")));
    }
    if !newly_started.is_empty() {
        details.push(format!("新启动：{}", newly_started.join("、")));
    }
    if !went_back.is_empty() {
        details.push(format!(
            "退回（可能填报有误，请与单位核实）：{}",
            went_back.join("、")
        ));
    }
    if !date_moved.is_empty() {
        details.push(format!("完成日期变动（请核实）：{}", date_moved.join("、")));
    }
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
        line,
        text: task.text.clone(),
        details,
    }
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
    let reached = |totals: Option<crate::model::pace::Totals>| {
        totals.map_or_else(|| "—".to_string(), |t| t.reached.text())
    };
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

/// The sentence `generate --previous` adds after section 一's lines: what moved since the last
/// bulletin, forward and back. Classes first (completed, newly overdue, any other change),
/// then units that moved forward (counted), then units that went back (named, per task);
/// "无变化" only when nothing moved. A completion date that changed is a correction, not a
/// move: the diff report flags it.
pub fn since_previous(plan: &Plan, diff: &PeriodDiff) -> String {
    let of_kind = |kind: ChangeKind| -> Vec<TaskIx> {
        diff.tasks
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.task)
            .collect()
    };
    let mut classes = Vec::new();
    let completed = of_kind(ChangeKind::NewlyCompleted);
    if !completed.is_empty() {
        classes.push(format!("{}已全部完成", plan.tasks_phrase(&completed)));
    }
    let overdue = of_kind(ChangeKind::NewlyOverdue);
    if !overdue.is_empty() {
        classes.push(format!("{}转为逾期未完成", plan.tasks_phrase(&overdue)));
    }
    let behind = of_kind(ChangeKind::FellBehindPace);
    if !behind.is_empty() {
        classes.push(format!("{}转为滞后序时", plan.tasks_phrase(&behind)));
    }
    let caught_up: Vec<TaskIx> = diff
        .tasks
        .iter()
        .filter(|c| c.old_class == Class::BehindPace && c.new_class == Class::InProgress)
        .map(|c| c.task)
        .collect();
    if !caught_up.is_empty() {
        classes.push(format!("{}已赶上序时进度", plan.tasks_phrase(&caught_up)));
    }
    for change in diff.tasks.iter().filter(|c| {
        c.kind == ChangeKind::OtherClassChange
            && !(c.old_class == Class::BehindPace && c.new_class == Class::InProgress)
    }) {
        classes.push(format!(
            "第{}项由{}转为{}",
            plan.task_id(change.task),
            change.old_class.label(),
            change.new_class.label()
        ));
    }

    // Units that moved forward, counted over the tasks they moved on. Units newly done on a
    // task now completed are told by its completion.
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

    let mut backs = Vec::new();
    let mut by_task: Vec<&TaskChange> = diff.tasks.iter().collect();
    by_task.sort_by_key(|c| plan.task_id(c.task));
    for change in by_task {
        // Units that went back the same way on one task are named together.
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

    let paces = pace_moves(plan, diff);
    let parts: Vec<String> = [classes, forwards, paces, backs]
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

#[derive(Serialize)]
struct JsonDiff<'a> {
    generator: String,
    old: JsonPeriodRef,
    new: JsonPeriodRef,
    classes: Vec<JsonClass>,
    /// Tasks behind pace (滞后序时, a part of in_progress), for a plan with figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    behind_pace: Option<JsonClass>,
    tasks: Vec<JsonTask<'a>>,
    silent: JsonSilent<'a>,
}

#[derive(Serialize)]
struct JsonPeriodRef {
    as_of: String,
}

#[derive(Serialize)]
struct JsonClass {
    class: Class,
    label: &'static str,
    old: Vec<u32>,
    new: Vec<u32>,
    added: Vec<u32>,
    removed: Vec<u32>,
}

#[derive(Serialize)]
struct JsonTask<'a> {
    id: u32,
    text: &'a str,
    kind: &'static str,
    old_class: Class,
    new_class: Class,
    done: [usize; 2],
    units: Vec<JsonUnit<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pace: Option<JsonPaceChange<'a>>,
}

#[derive(Serialize)]
struct JsonPaceChange<'a> {
    /// 滞后序时 before and now.
    behind_pace: [bool; 2],
    /// 完成率 and 序时进度 in percent (one decimal), before and now; null without figures.
    completion: [Option<serde_json::Value>; 2],
    expected: [Option<serde_json::Value>; 2],
    fell_behind: Vec<&'a str>,
    caught_up: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    unit: &'a str,
    change: &'static str,
    suspect: bool,
    old_status: Option<Status>,
    new_status: Option<Status>,
    old_date: Option<String>,
    new_date: Option<String>,
}

#[derive(Serialize)]
struct JsonSilent<'a> {
    old: Vec<&'a str>,
    new: Vec<&'a str>,
}

fn json_class(count: &ClassCount, id_of: impl Fn(&[TaskIx]) -> Vec<u32>) -> JsonClass {
    JsonClass {
        class: count.class,
        label: count.class.label(),
        old: id_of(&count.old),
        new: id_of(&count.new),
        added: id_of(&count.added()),
        removed: id_of(&count.removed()),
    }
}

/// The four deadline classes: 滞后序时's tasks counted in 正在推进, as JSON's `class` says.
fn deadline_classes(plan: &Plan, diff: &PeriodDiff) -> Vec<ClassCount> {
    let behind = diff.classes.iter().find(|c| c.class == Class::BehindPace);
    diff.classes
        .iter()
        .filter(|c| c.class != Class::BehindPace)
        .map(|c| {
            let mut count = c.clone();
            if let (Class::InProgress, Some(behind)) = (c.class, behind) {
                count.old.extend(&behind.old);
                count.new.extend(&behind.new);
                plan.sort_by_id(&mut count.old);
                plan.sort_by_id(&mut count.new);
            }
            count
        })
        .collect()
}

/// Writes the diff as pretty-printed JSON, ending with a newline.
pub fn json(plan: &Plan, diff: &PeriodDiff, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let id_of = |tasks: &[TaskIx]| tasks.iter().map(|&t| plan.task_id(t)).collect::<Vec<_>>();
    let name = |unit: UnitIx| plan.unit_name(unit);
    let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let tasks = diff
        .tasks
        .iter()
        .filter_map(|change| {
            let task = plan.task(change.task)?;
            let units = change
                .units
                .iter()
                .map(|u| {
                    let (change, old_status, new_status, old_date, new_date) = match u {
                        UnitChange::NewlyDone { date, .. } => {
                            ("newly_done", None, Some(Status::Done), None, text(*date))
                        }
                        UnitChange::NewlyStarted { .. } => (
                            "newly_started",
                            Some(Status::NotStarted),
                            Some(Status::InProgress),
                            None,
                            None,
                        ),
                        UnitChange::WentBack { old, new, .. } => {
                            ("went_back", Some(*old), Some(*new), None, None)
                        }
                        UnitChange::DateMoved { old, new, .. } => (
                            "date_moved",
                            Some(Status::Done),
                            Some(Status::Done),
                            text(*old),
                            text(*new),
                        ),
                    };
                    JsonUnit {
                        unit: name(u.unit()),
                        change,
                        suspect: u.is_suspect(),
                        old_status,
                        new_status,
                        old_date,
                        new_date,
                    }
                })
                .collect();
            let kind = match change.kind {
                ChangeKind::NewlyOverdue => "newly_overdue",
                ChangeKind::FellBehindPace => "fell_behind_pace",
                ChangeKind::NewlyCompleted => "newly_completed",
                ChangeKind::OtherClassChange => "class_changed",
                ChangeKind::UnitsOnly => "units_changed",
            };
            Some(JsonTask {
                id: task.id,
                text: &task.text,
                kind,
                // The deadline classes: 滞后序时 is told in `pace`.
                old_class: change.old_class.deadline_class(),
                new_class: change.new_class.deadline_class(),
                done: [change.done_count.0, change.done_count.1],
                units,
                pace: change.pace.as_ref().map(|pace| {
                    let percent = |rate: Option<Rate>| rate.map(json_percent);
                    JsonPaceChange {
                        behind_pace: [
                            change.old_class == Class::BehindPace,
                            change.new_class == Class::BehindPace,
                        ],
                        completion: [percent(pace.old_rate), percent(pace.new_rate)],
                        expected: [percent(pace.old_expected), percent(pace.new_expected)],
                        fell_behind: pace.fell_behind.iter().map(|&u| name(u)).collect(),
                        caught_up: pace.caught_up.iter().map(|&u| name(u)).collect(),
                    }
                }),
            })
        })
        .collect();
    let value = JsonDiff {
        generator: format!("bulletin {}", env!("CARGO_PKG_VERSION")),
        old: JsonPeriodRef {
            as_of: diff.old_as_of.to_string(),
        },
        new: JsonPeriodRef {
            as_of: diff.new_as_of.to_string(),
        },
        classes: deadline_classes(plan, diff)
            .iter()
            .map(|c| json_class(c, id_of))
            .collect(),
        behind_pace: diff
            .classes
            .iter()
            .find(|c| c.class == Class::BehindPace)
            .map(|c| json_class(c, id_of)),
        tasks,
        silent: JsonSilent {
            old: diff.silent_old.iter().map(|&u| name(u)).collect(),
            new: diff.silent_new.iter().map(|&u| name(u)).collect(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    Ok(out.write_all(b"\n")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::diff::diff_periods;
    use crate::model::{Period, Report, classify_period};
    use chrono::NaiveDate;

    /// Four towns and a bureau; task 1 due in June, 2 and 3 in December, 4 (甲 and the bureau)
    /// in December.
    const PLAN: &str = "units:\n  towns: [甲, 乙, 丙, 丁]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-06\n      - id: 2\n        text: 二。\n        deadline: 2025-12\n      - id: 3\n        text: 三。\n        deadline: 2025-12\n      - id: 4\n        text: 四。\n        deadline: 2025-12\n        assigned: [甲, 局]\n";

    use Status::{Done, InProgress, NotStarted};

    /// A period where every unit reported every task of its own: `status(task, unit)`.
    fn period(plan: &Plan, as_of: &str, status: impl Fn(usize, usize) -> Status) -> Period {
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

#[cfg(test)]
mod pace_tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::diff::diff_periods;
    use crate::model::pace::{Figure, Milli};
    use crate::model::{Period, Report, classify_period};
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
            "与上期（2025年6月30日）相比，第2项转为滞后序时，第1项已赶上序时进度；棚改进度较慢的新增甲，义诊进度较慢的新增乙，1个单位次赶上序时进度。"
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
