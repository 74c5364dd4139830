//! The diff as JSON, for dashboards and scripts.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::diff::{ChangeKind, ClassCount, PeriodDiff, TaskChange, UnitChange};
use crate::model::pace::Rate;
use crate::model::{Class, Plan, Status, TaskIx, UnitIx};
use crate::render::json::percent as json_percent;

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
    /// The mean 完成率 of the tasks with figures in both periods, for a plan with figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    mean_completion: Option<JsonMeanRate>,
}

#[derive(Serialize)]
struct JsonMeanRate {
    /// How many tasks the mean is over.
    tasks: usize,
    /// In percent (one decimal), before and now.
    completion: [serde_json::Value; 2],
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
    let names = |units: &[UnitIx]| units.iter().map(|&u| plan.unit_name(u)).collect();
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
        tasks: diff
            .tasks
            .iter()
            .filter_map(|change| json_task(plan, change))
            .collect(),
        silent: JsonSilent {
            old: names(&diff.silent_old),
            new: names(&diff.silent_new),
        },
        mean_completion: diff.mean_rate.map(|mean| JsonMeanRate {
            tasks: mean.tasks,
            completion: [json_percent(mean.old), json_percent(mean.new)],
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    Ok(out.write_all(b"\n")?)
}

/// A changed task: its classes (the four deadline classes; 滞后序时 is told in `pace`), its
/// units' moves and its figures'.
fn json_task<'a>(plan: &'a Plan, change: &TaskChange) -> Option<JsonTask<'a>> {
    let task = plan.task(change.task)?;
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
        old_class: change.old_class.deadline_class(),
        new_class: change.new_class.deadline_class(),
        done: [change.done_count.0, change.done_count.1],
        units: change.units.iter().map(|u| json_unit(plan, u)).collect(),
        pace: change.pace.as_ref().map(|pace| {
            let percent = |rate: Option<Rate>| rate.map(json_percent);
            let names = |units: &[UnitIx]| units.iter().map(|&u| plan.unit_name(u)).collect();
            JsonPaceChange {
                behind_pace: [
                    change.old_class == Class::BehindPace,
                    change.new_class == Class::BehindPace,
                ],
                completion: [percent(pace.old_rate), percent(pace.new_rate)],
                expected: [percent(pace.old_expected), percent(pace.new_expected)],
                fell_behind: names(&pace.fell_behind),
                caught_up: names(&pace.caught_up),
            }
        }),
    })
}

/// A unit's move, with its statuses and dates before and after.
fn json_unit<'a>(plan: &'a Plan, change: &UnitChange) -> JsonUnit<'a> {
    let text = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let (kind, old_status, new_status, old_date, new_date) = match change {
        UnitChange::NewlyDone { old, date, .. } => (
            "newly_done",
            Some(*old),
            Some(Status::Done),
            None,
            text(*date),
        ),
        UnitChange::NewlyStarted { .. } => (
            "newly_started",
            Some(Status::NotStarted),
            Some(Status::InProgress),
            None,
            None,
        ),
        UnitChange::WentBack { old, new, .. } => ("went_back", Some(*old), Some(*new), None, None),
        UnitChange::DateMoved { old, new, .. } => (
            "date_moved",
            Some(Status::Done),
            Some(Status::Done),
            text(*old),
            text(*new),
        ),
    };
    JsonUnit {
        unit: plan.unit_name(change.unit()),
        change: kind,
        suspect: change.is_suspect(),
        old_status,
        new_status,
        old_date,
        new_date,
    }
}
