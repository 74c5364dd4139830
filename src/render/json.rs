//! The classified period as JSON, for dashboards and scripts.

use serde::Serialize;

use super::wording::task_sentence;
use crate::model::{Class, Classified, Status, UnitIx};
use crate::provenance::Provenance;

#[derive(Serialize)]
struct JsonPeriod<'a> {
    /// What the bulletin was made from (files and their SHA-256, as_of, version).
    inputs: &'a Provenance,
    as_of: String,
    plan: JsonPlan<'a>,
    counts: Counts,
    tasks: Vec<JsonTask<'a>>,
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    title: &'a str,
    number: &'a str,
}

#[derive(Serialize)]
struct Counts {
    on_time: usize,
    late: usize,
    overdue: usize,
    in_progress: usize,
    total: usize,
}

#[derive(Serialize)]
struct JsonTask<'a> {
    id: u32,
    category: &'a str,
    text: &'a str,
    deadline: String,
    deadline_end: String,
    class: Class,
    class_label: &'static str,
    units: Units<'a>,
    late_units: Vec<&'a str>,
    notes: Vec<Note<'a>>,
    sentence: String,
}

#[derive(Serialize)]
struct Units<'a> {
    done: Vec<DoneUnit<'a>>,
    in_progress: Vec<&'a str>,
    not_started: Vec<&'a str>,
}

#[derive(Serialize)]
struct DoneUnit<'a> {
    unit: &'a str,
    date: Option<String>,
}

#[derive(Serialize)]
struct Note<'a> {
    unit: &'a str,
    status: Status,
    note: &'a str,
}

/// Writes the period as pretty-printed JSON, ending with a newline.
pub fn render(
    classified: &Classified,
    provenance: &Provenance,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let plan = classified.plan;
    let name = |unit: UnitIx| plan.unit_name(unit);
    let names = |units: &[UnitIx]| units.iter().map(|&u| name(u)).collect::<Vec<_>>();
    let mut tasks = Vec::new();
    for (index, task) in plan.tasks_indexed() {
        let Some(outcome) = classified.outcome(index) else {
            continue;
        };
        let notes = task
            .assigned
            .iter()
            .filter_map(|&unit| {
                let report = classified.period.report(index, unit)?;
                (!report.note.is_empty()).then_some(Note {
                    unit: name(unit),
                    status: report.status,
                    note: &report.note,
                })
            })
            .collect();
        tasks.push(JsonTask {
            id: task.id,
            category: plan
                .categories
                .get(task.category)
                .map_or("", |c| c.title.as_str()),
            text: &task.text,
            deadline: task.deadline.plan_form(),
            deadline_end: task.deadline.end.to_string(),
            class: outcome.class,
            class_label: outcome.class.label(),
            units: Units {
                done: outcome
                    .done
                    .iter()
                    .map(|&(unit, date)| DoneUnit {
                        unit: name(unit),
                        date: date.map(|d| d.to_string()),
                    })
                    .collect(),
                in_progress: names(&outcome.in_progress),
                not_started: names(&outcome.not_started),
            },
            late_units: names(&outcome.late),
            notes,
            sentence: task_sentence(classified, index),
        });
    }
    let count = |class| classified.count(class);
    let period = JsonPeriod {
        inputs: provenance,
        as_of: classified.period.as_of.to_string(),
        plan: JsonPlan {
            title: &plan.document.title,
            number: &plan.document.number,
        },
        counts: Counts {
            on_time: count(Class::OnTime),
            late: count(Class::Late),
            overdue: count(Class::Overdue),
            in_progress: count(Class::InProgress),
            total: classified.outcomes().len(),
        },
        tasks,
    };
    serde_json::to_writer_pretty(&mut *out, &period)?;
    Ok(out.write_all(b"\n")?)
}
