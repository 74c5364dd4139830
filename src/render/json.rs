//! The classified period as JSON, for dashboards and scripts.

use chrono::NaiveDate;
use serde::Serialize;

use super::context::units_sentence;
use super::official::{document_number, end_block, masthead, printed_on};
use super::paragraph::one_line;
use super::progress::{progress_scores, ranking};
use crate::model::pace::{Figure, Milli, Rate, TaskPace};
use crate::model::plan::BulletinText;
use crate::model::{Class, Classified, Plan, Status, TaskIx, UnitIx};
use crate::provenance::Provenance;

#[derive(Serialize)]
struct JsonPeriod<'a> {
    /// What the bulletin was made from (files and their SHA-256, as_of, version).
    inputs: &'a Provenance,
    as_of: String,
    /// The date under the issuer (成文日期).
    date: String,
    plan: JsonPlan<'a>,
    /// The whole 公文's parts: masthead, number, 抄送 and 印发.
    bulletin: JsonBulletin,
    counts: Counts,
    /// Units that sent nothing (`generate --allow-missing`): their tasks count as not done.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_reported: Vec<&'a str>,
    tasks: Vec<JsonTask<'a>>,
    /// Per unit with progress figures: its score over its tasks with figures and its rank.
    #[serde(skip_serializing_if = "Option::is_none")]
    units: Option<Vec<JsonUnitScore<'a>>>,
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    title: &'a str,
    number: &'a str,
}

#[derive(Serialize)]
struct JsonBulletin {
    masthead: Option<String>,
    number: Option<String>,
    cc: Vec<String>,
    /// 印发机关: `printed_by`, else the issuer.
    printed_by: String,
    /// 印发日期: `printed`, else the 成文日期.
    printed: String,
}

#[derive(Serialize)]
struct Counts {
    on_time: usize,
    late: usize,
    overdue: usize,
    in_progress: usize,
    total: usize,
    /// Of `in_progress`, the tasks behind pace (滞后序时); only for a plan with figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    behind_pace: Option<usize>,
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
    /// 牵头单位.
    #[serde(skip_serializing_if = "Option::is_none")]
    lead: Option<&'a str>,
    /// 序时进度 and 完成率, for a task with figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pace: Option<JsonPace<'a>>,
}

#[derive(Serialize)]
struct Units<'a> {
    done: Vec<DoneUnit<'a>>,
    in_progress: Vec<&'a str>,
    not_started: Vec<&'a str>,
    /// Of `not_started`, the units that sent nothing (`generate --allow-missing`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_reported: Vec<&'a str>,
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

#[derive(Serialize)]
struct JsonPace<'a> {
    /// The task's name outside its paragraph.
    short: String,
    /// 滞后序时: in progress and behind the expected pace.
    behind_pace: bool,
    start: String,
    /// 序时进度, in percent (one decimal).
    expected: serde_json::Value,
    /// 完成率, in percent (one decimal).
    completion: serde_json::Value,
    behind: bool,
    serious: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    measure: Option<&'a str>,
    /// The quantity reached, over the units (a unit past its target counting in full).
    #[serde(skip_serializing_if = "Option::is_none")]
    reached: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<serde_json::Value>,
    units: Vec<JsonUnitPace<'a>>,
}

#[derive(Serialize)]
struct JsonUnitPace<'a> {
    unit: &'a str,
    target: Option<serde_json::Value>,
    /// What the unit wrote in 进度: a quantity, or a percentage (`figure_kind`).
    figure: Option<serde_json::Value>,
    figure_kind: Option<&'static str>,
    done: bool,
    completion: serde_json::Value,
    behind: bool,
    serious: bool,
    /// The unit sent nothing (`generate --allow-missing`): its 完成率 counts as 0.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_reported: bool,
}

#[derive(Serialize)]
struct JsonUnitScore<'a> {
    unit: &'a str,
    /// The mean 完成率 over its tasks with figures, in percent (one decimal).
    score: serde_json::Value,
    tasks: usize,
    /// With `ranking: progress`: 1, 2, 2, 4…; none for a unit that sent nothing.
    rank: Option<usize>,
    /// The unit sent nothing (`generate --allow-missing`): not ranked.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_reported: bool,
}

/// A percentage as JSON's number: 74.8.
pub fn percent(rate: Rate) -> serde_json::Value {
    percent_number(rate.per_mille())
}

/// Tenths of a percent as JSON's number, in the bulletin's one form: 748 → 74.8, 400 → 40
/// (not 40.0).
pub fn percent_number(per_mille: u128) -> serde_json::Value {
    if per_mille.is_multiple_of(10) {
        u64::try_from(per_mille / 10).map_or(serde_json::Value::Null, Into::into)
    } else {
        (per_mille as f64 / 10.0).into()
    }
}

/// A quantity as JSON's number: 860, or 55.5.
fn quantity(value: Milli) -> serde_json::Value {
    if value.0.is_multiple_of(1000) {
        (value.0 / 1000).into()
    } else {
        (value.0 as f64 / 1000.0).into()
    }
}

fn json_pace<'a>(
    classified: &Classified<'a>,
    task: TaskIx,
    class: Class,
    pace: &TaskPace,
) -> JsonPace<'a> {
    let plan = classified.plan;
    let goal = plan.goal(task);
    JsonPace {
        short: plan.short_name(task),
        behind_pace: class == Class::BehindPace,
        start: pace.start.to_string(),
        expected: percent(pace.expected),
        completion: percent(pace.rate),
        behind: pace.behind,
        serious: pace.serious,
        measure: (!goal.measure.is_empty()).then_some(goal.measure.as_str()),
        reached: pace.totals.map(|t| quantity(t.reached)),
        target: pace.totals.map(|t| quantity(t.target)),
        units: pace
            .units
            .iter()
            .map(|unit| {
                let (figure, kind) = match unit.figure {
                    Some(Figure::Quantity(q)) => (Some(quantity(q)), Some("quantity")),
                    Some(Figure::Percent(p)) => (Some(quantity(p)), Some("percent")),
                    None => (None, None),
                };
                JsonUnitPace {
                    unit: plan.unit_name(unit.unit),
                    target: unit.target.map(quantity),
                    figure,
                    figure_kind: kind,
                    done: unit.done,
                    completion: percent(unit.rate),
                    behind: unit.behind,
                    serious: unit.serious,
                    not_reported: classified.sent_nothing(unit.unit),
                }
            })
            .collect(),
    }
}

/// Every unit with figures, in canonical order, with its score and (when ranked) its rank.
fn unit_scores<'a>(classified: &Classified<'a>) -> Vec<JsonUnitScore<'a>> {
    let plan = classified.plan;
    let ranked = ranking(classified);
    progress_scores(classified)
        .into_iter()
        .map(|score| JsonUnitScore {
            unit: plan.unit_name(score.unit),
            score: percent_number(score.per_mille().into()),
            tasks: score.tasks,
            rank: ranked
                .iter()
                .find(|r| r.score.unit == score.unit)
                .map(|r| r.rank),
            not_reported: classified.sent_nothing(score.unit),
        })
        .collect()
}

/// Writes the period as pretty-printed JSON, ending with a newline.
pub fn render(
    classified: &Classified,
    text: &BulletinText,
    provenance: &Provenance,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let plan = classified.plan;
    let issued = text.date_or(classified.period.as_of);
    let period = JsonPeriod {
        inputs: provenance,
        as_of: classified.period.as_of.to_string(),
        date: issued.to_string(),
        plan: JsonPlan {
            title: &plan.document.title,
            number: &plan.document.number,
        },
        bulletin: json_bulletin(text, issued),
        counts: counts(classified),
        not_reported: names(plan, &classified.not_reported()),
        tasks: plan
            .tasks_indexed()
            .filter_map(|(task, _)| json_task(classified, task))
            .collect(),
        units: classified.has_pace().then(|| unit_scores(classified)),
    };
    serde_json::to_writer_pretty(&mut *out, &period)?;
    Ok(out.write_all(b"\n")?)
}

/// The units' names, in the order given.
fn names<'a>(plan: &'a Plan, units: &[UnitIx]) -> Vec<&'a str> {
    units.iter().map(|&unit| plan.unit_name(unit)).collect()
}

/// How many tasks are in each of the four deadline classes (滞后序时 counted in 正在推进, and
/// apart in `behind_pace` for a plan with figures).
fn counts(classified: &Classified) -> Counts {
    let count = |class| classified.count(class);
    Counts {
        on_time: count(Class::OnTime),
        late: count(Class::Late),
        overdue: count(Class::Overdue),
        in_progress: count(Class::InProgress) + count(Class::BehindPace),
        total: classified.outcomes().len(),
        behind_pace: classified.has_pace().then(|| count(Class::BehindPace)),
    }
}

/// A task with its class, its units by status, their notes, the sentence section 二 says of
/// it, and its figures.
fn json_task<'a>(classified: &Classified<'a>, index: TaskIx) -> Option<JsonTask<'a>> {
    let plan = classified.plan;
    let task = plan.task(index)?;
    let outcome = classified.outcome(index)?;
    let notes = task
        .assigned
        .iter()
        .filter_map(|&unit| {
            let report = classified.period.report(index, unit)?;
            (!report.note.is_empty()).then_some(Note {
                unit: plan.unit_name(unit),
                status: report.status,
                note: &report.note,
            })
        })
        .collect();
    Some(JsonTask {
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
                    unit: plan.unit_name(unit),
                    date: date.map(|d| d.to_string()),
                })
                .collect(),
            in_progress: names(plan, &outcome.in_progress),
            not_started: names(plan, &outcome.not_started),
            not_reported: outcome
                .not_started
                .iter()
                .filter(|&&unit| classified.sent_nothing(unit))
                .map(|&unit| plan.unit_name(unit))
                .collect(),
        },
        late_units: names(plan, &outcome.late),
        notes,
        sentence: units_sentence(classified, index),
        lead: plan.lead_of(index),
        pace: classified
            .pace(index)
            .map(|pace| json_pace(classified, index, outcome.class, pace)),
    })
}

/// The 公文's parts as the .docx and the text print them (names cleaned, defaults applied).
fn json_bulletin(text: &BulletinText, issued: NaiveDate) -> JsonBulletin {
    let block = end_block(text, issued);
    JsonBulletin {
        masthead: masthead(text),
        number: document_number(text),
        cc: block.as_ref().map(|b| b.cc.clone()).unwrap_or_default(),
        printed_by: block.map_or_else(|| one_line(&text.issuer), |b| b.printed_by),
        printed: printed_on(text, issued).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_is_a_number_with_one_decimal_and_no_trailing_zero() {
        let printed = |per_mille| percent_number(per_mille).to_string();
        assert_eq!(printed(748), "74.8");
        assert_eq!(printed(1000), "100", "not 100.0");
        assert_eq!(printed(400), "40");
        assert_eq!(printed(0), "0");
        assert_eq!(printed(5), "0.5");
    }
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
