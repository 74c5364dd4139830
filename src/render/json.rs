//! The classified period as JSON, for dashboards and scripts.

use serde::Serialize;

use super::paragraph::one_paragraph;
use super::wording::task_sentence;
use crate::model::plan::BulletinText;
use crate::model::{Class, Classified, Status, UnitIx};
use crate::provenance::Provenance;

#[derive(Serialize)]
struct JsonPeriod<'a> {
    /// What the bulletin was made from (files and their SHA-256, as_of, version).
    inputs: &'a Provenance,
    as_of: String,
    /// The date under the issuer (成文日期).
    date: String,
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
    text: &BulletinText,
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
            class: outcome.class.deadline_class(),
            class_label: outcome.class.deadline_class().label(),
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
            sentence: one_paragraph(&task_sentence(classified, index)),
        });
    }
    let count = |class| classified.count(class);
    let period = JsonPeriod {
        inputs: provenance,
        as_of: classified.period.as_of.to_string(),
        date: text.date_or(classified.period.as_of).to_string(),
        plan: JsonPlan {
            title: &plan.document.title,
            number: &plan.document.number,
        },
        counts: Counts {
            on_time: count(Class::OnTime),
            late: count(Class::Late),
            overdue: count(Class::Overdue),
            in_progress: count(Class::InProgress) + count(Class::BehindPace),
            total: classified.outcomes().len(),
        },
        tasks,
    };
    serde_json::to_writer_pretty(&mut *out, &period)?;
    Ok(out.write_all(b"\n")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::{Period, Report, TaskIx, classify_period};
    use crate::provenance::FileDigest;
    use chrono::NaiveDate;

    #[test]
    fn every_task_carries_its_class_units_dates_notes_and_the_counts_add_up() {
        let source = "units:\n  towns: [甲, 乙]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-01\n      - id: 7\n        text: 七。\n        deadline: 2022-12\n        assigned: [局]\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2021, 5, 24).unwrap();
        let mut period = Period::new(as_of, 2, 3);
        let done = Report {
            status: Status::Done,
            date: NaiveDate::from_ymd_opt(2021, 2, 3),
            note: String::new(),
        };
        period.set(TaskIx(0), UnitIx(0), done);
        let note = Report {
            status: Status::InProgress,
            date: None,
            note: "正在起草".into(),
        };
        period.set(TaskIx(1), UnitIx(2), note);
        let classified = classify_period(&plan, &period);
        let provenance = Provenance::new(as_of, FileDigest::of("plan.yaml", b""), Vec::new());
        let mut out = Vec::new();
        render(&classified, &plan.bulletin, &provenance, &mut out).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();

        assert_eq!(json["as_of"], "2021-05-24");
        assert_eq!(json["date"], "2021-05-24", "the 成文日期 defaults to as_of");
        let counts = &json["counts"];
        assert_eq!(
            (
                &counts["late"],
                &counts["overdue"],
                &counts["in_progress"],
                &counts["total"]
            ),
            (&0.into(), &1.into(), &1.into(), &2.into()),
            "task 1 done late by 甲 and not by 乙 is overdue, not late: {counts}"
        );
        let first = &json["tasks"][0];
        assert_eq!(first["id"], 1);
        assert_eq!(first["class"], "overdue");
        assert_eq!(first["class_label"], "逾期未完成");
        assert_eq!(first["deadline"], "2021-01");
        assert_eq!(first["deadline_end"], "2021-01-31");
        assert_eq!(first["units"]["done"][0]["unit"], "甲");
        assert_eq!(first["units"]["done"][0]["date"], "2021-02-03");
        assert_eq!(first["units"]["not_started"][0], "乙");
        assert_eq!(first["late_units"][0], "甲");
        let second = &json["tasks"][1];
        assert_eq!(second["class"], "in_progress");
        assert_eq!(second["units"]["in_progress"][0], "局");
        assert_eq!(second["notes"][0]["note"], "正在起草");
        assert_eq!(second["sentence"], "正在起草。");
        assert!(out.ends_with(b"}\n"));
    }
}
