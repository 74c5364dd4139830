//! The view model: everything the bulletin says, counted, grouped and worded in Rust, so the
//! templates only lay it out. One source of wording for every format.

use std::collections::BTreeMap;

use serde::Serialize;

use super::annex::{AnnexView, annex_view};
use super::numerals::{chinese_date, chinese_month, chinese_numeral};
use super::official::{EndBlock, document_number, end_block, masthead};
use super::paragraph::{lines, one_line, one_paragraph};
use super::progress::{lead_note, progress_sentence, ranking, ranking_line, text_with_lead};
use super::wording::{end_sentence, task_sentence};
use crate::model::plan::{BulletinText, Fonts, Numbering};
use crate::model::{Class, Classified, Plan, TaskIx};

/// What the md and text templates see.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinView {
    pub title: String,
    /// The title's lines where the plan broke it (one line when it did not): the .docx keeps
    /// a clerk's break and balances the lines itself otherwise.
    pub title_lines: Vec<String>,
    /// 发文机关标志 (版头), when the plan gives one.
    pub masthead: Option<String>,
    pub number: Option<String>,
    pub addressees: String,
    pub preamble: String,
    pub issuer: String,
    /// The date under the issuer (成文日期) as the bulletin writes it: 2021年5月27日; the
    /// period's as_of unless period.yaml's `bulletin: {date: …}` gives another.
    pub date: String,
    /// The period's cut-off (统计截止日期) as 2021-05-24.
    pub as_of: String,
    pub overview_heading: String,
    /// Section 一's lines, each with its marker: （一）按期完成的，共12项，……。
    pub overview: Vec<String>,
    /// With `generate --allow-missing`, when some units sent nothing: the one sentence that
    /// says so (东岭乡、北塘镇2个乡镇未按时报送，按未完成统计。), after section 一's lines.
    pub not_reported: Option<String>,
    /// With `generate --previous`: one sentence on what changed since the last bulletin.
    pub since_previous: Option<String>,
    pub progress_heading: String,
    pub categories: Vec<CategoryView>,
    /// The inputs, one line each with its SHA-256 (a comment at the end of the Markdown).
    pub provenance: Vec<String>,
    /// The annex (附件) table and ranking; none with `--no-annex`.
    pub annex: Option<AnnexView>,
    /// 抄送 and 印发 (版记), with a masthead or when the plan gives them.
    pub end_block: Option<EndBlock>,
    /// The .docx's font names (not used by the text templates).
    #[serde(skip)]
    pub fonts: Fonts,
}

/// A heading of section 二 and its tasks.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// （一）构建应急体系、厘清分工职责方面
    pub heading: String,
    pub tasks: Vec<TaskView>,
    /// 牵头单位, also printed in the heading.
    pub lead: Option<String>,
}

/// One task's paragraph of section 二.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    /// 1、
    pub marker: String,
    pub id: u32,
    /// The task's text, closed with 。 when the plan left it off.
    pub text: String,
    pub sentence: String,
    /// marker + text + sentence: the paragraph as the bulletin prints it.
    pub paragraph: String,
    /// 牵头单位: the task's own, else its category's.
    pub lead: Option<String>,
}

/// Builds the bulletin's view model.
pub fn bulletin_view(classified: &Classified, text: &BulletinText) -> BulletinView {
    let plan = classified.plan;
    let categories = plan
        .categories
        .iter()
        .enumerate()
        .map(|(index, category)| CategoryView {
            heading: format!(
                "（{}）{}{}",
                chinese_numeral(index + 1),
                category.title,
                plan.category_lead(index).map(lead_note).unwrap_or_default()
            ),
            lead: plan.category_lead(index).map(String::from),
            tasks: category
                .tasks
                .iter()
                .enumerate()
                .filter_map(|(position, &task)| {
                    let plan_task = plan.task(task)?;
                    let number = match text.numbering {
                        Numbering::Category => position + 1,
                        Numbering::Global => plan_task.id as usize,
                    };
                    let marker = format!("{number}、");
                    // A unit's note may hold several lines: the task is one paragraph still.
                    // The unit sentence always follows a full stop (task lists often leave it
                    // off the text).
                    let task_text = match one_paragraph(&plan_task.text) {
                        text if text.is_empty() => text,
                        text => text_with_lead(plan, task, end_sentence(text)),
                    };
                    let sentence = units_sentence(classified, task);
                    Some(TaskView {
                        paragraph: format!("{marker}{task_text}{sentence}"),
                        marker,
                        id: plan_task.id,
                        text: task_text,
                        sentence,
                        lead: plan.lead_of(task).map(String::from),
                    })
                })
                .collect(),
        })
        .collect();
    BulletinView {
        title: one_line(&text.title),
        title_lines: lines(&text.title),
        masthead: masthead(text),
        number: document_number(text),
        addressees: with_colon(&text.addressees),
        preamble: one_paragraph(&text.preamble),
        issuer: one_line(&text.issuer),
        date: chinese_date(text.date_or(classified.period.as_of)),
        as_of: classified.period.as_of.to_string(),
        overview_heading: format!("{}、总体情况", chinese_numeral(1)),
        overview: overview(classified),
        not_reported: not_reported(classified),
        since_previous: None,
        progress_heading: format!("{}、具体工作推进情况", chinese_numeral(2)),
        categories,
        provenance: Vec::new(),
        annex: Some(annex_view(classified)),
        end_block: end_block(text, text.date_or(classified.period.as_of)),
        fonts: text.fonts.clone(),
    }
}

/// The addressees line ends with a full-width colon (GB/T 9704 7.3.2), whether or not the plan
/// wrote one.
fn with_colon(addressees: &str) -> String {
    let addressees = one_paragraph(addressees);
    let trimmed = addressees.trim_end_matches([':', '：']);
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}：")
    }
}

/// Section 一 in the contract's fixed wording; a class with no task is left out and the
/// rest renumbered.
pub fn overview(classified: &Classified) -> Vec<String> {
    let plan = classified.plan;
    let as_of = classified.period.as_of;
    let mut lines = Vec::new();
    for class in Class::WITH_PACE {
        let tasks = classified.tasks_in(class);
        if tasks.is_empty() {
            continue;
        }
        let count = tasks.len();
        let body = match class {
            Class::OnTime => {
                // Done before a deadline still ahead: one last group, never "completed" in a
                // month that has not come.
                let (due, early): (Vec<TaskIx>, Vec<TaskIx>) = tasks
                    .iter()
                    .partition(|&&task| plan.task(task).is_some_and(|t| t.deadline.is_due(as_of)));
                let mut groups = by_deadline_month(plan, &due);
                if !early.is_empty() {
                    groups.push(format!("提前完成的{}", group_ids(plan, &early)));
                }
                format!("按期完成的，共{count}项，其中{}。", groups.join("；"))
            }
            Class::Late => format!("逾期完成的，共{count}项，{}。", listed(plan, &tasks)),
            Class::Overdue => format!("逾期未全部完成的，共{count}项，{}。", listed(plan, &tasks)),
            Class::BehindPace => format!("滞后序时的，共{count}项，{}。", listed(plan, &tasks)),
            Class::InProgress => format!(
                "正在有序推进的，共{count}项，其中{}。",
                by_deadline_month(plan, &tasks).join("；")
            ),
        };
        lines.push(format!("（{}）{body}", chinese_numeral(lines.len() + 1)));
    }
    lines.extend(ranking_line(plan, &ranking(classified), lines.len()));
    lines
}

/// What section 二 says of a task's units, as one paragraph: a task with progress figures is
/// told by them and the units behind, any other by the units' groups or notes.
pub fn units_sentence(classified: &Classified, task: TaskIx) -> String {
    let sentence =
        progress_sentence(classified, task).unwrap_or_else(|| task_sentence(classified, task));
    one_paragraph(&sentence)
}

/// "东岭乡、北塘镇2个乡镇未按时报送，按未完成统计。" — "单位" once a department is among them.
pub fn not_reported(classified: &Classified) -> Option<String> {
    let plan = classified.plan;
    let units = classified.not_reported();
    if units.is_empty() {
        return None;
    }
    Some(format!(
        "{}{}个{}未按时报送，按未完成统计。",
        plan.unit_names(&units),
        units.len(),
        plan.noun_for(&units)
    ))
}

/// "2020年12月完成的8、9项", "2021年3月完成的第4项": one group per deadline month, months
/// ascending, ids ascending.
fn by_deadline_month(plan: &Plan, tasks: &[TaskIx]) -> Vec<String> {
    let mut months: BTreeMap<(i32, u32), Vec<TaskIx>> = BTreeMap::new();
    for &task in tasks {
        if let Some(plan_task) = plan.task(task) {
            months
                .entry(plan_task.deadline.year_month())
                .or_default()
                .push(task);
        }
    }
    months
        .into_iter()
        .map(|((year, month), group)| {
            format!(
                "{}完成的{}",
                chinese_month(year, month),
                group_ids(plan, &group)
            )
        })
        .collect()
}

/// The ids of a group after 完成的: "8、9项", but "第4项" for one (a bare "4项" reads as
/// "four tasks").
fn group_ids(plan: &Plan, tasks: &[TaskIx]) -> String {
    let mut tasks = tasks.to_vec();
    plan.sort_by_id(&mut tasks);
    if tasks.len() == 1 {
        plan.tasks_phrase(&tasks)
    } else {
        format!("{}项", plan.tasks_id_list(&tasks))
    }
}

/// A whole class's ids: "分别是第1、2、3项", or "为第11项" for one.
fn listed(plan: &Plan, tasks: &[TaskIx]) -> String {
    let phrase = plan.tasks_phrase(tasks);
    if tasks.len() == 1 {
        format!("为{phrase}")
    } else {
        format!("分别是{phrase}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::{Period, Report, Status, UnitIx, classify_period};
    use chrono::NaiveDate;

    /// One town; tasks 1–7 with the deadlines given, as of `as_of`; `done` maps a task's
    /// position to its completion date (others not started).
    fn overview_of(deadlines: &[&str], done: &[(usize, &str)], as_of: &str) -> Vec<String> {
        let mut source =
            String::from("units:\n  towns: [城关]\ncategories:\n  - title: 方面\n    tasks:\n");
        for (position, deadline) in deadlines.iter().enumerate() {
            source.push_str(&format!(
                "      - id: {}\n        text: 任务。\n        deadline: {deadline}\n",
                position + 1
            ));
        }
        let plan = parse_plan("plan.yaml", &source).unwrap();
        let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let mut period = Period::new(date(as_of), plan.tasks.len(), 1);
        for &(task, when) in done {
            let report = Report {
                status: Status::Done,
                date: Some(date(when)),
                note: String::new(),
            };
            period.set(TaskIx(task), UnitIx(0), report);
        }
        overview(&classify_period(&plan, &period))
    }

    #[test]
    fn a_task_text_without_closing_punctuation_gets_a_full_stop_before_its_units() {
        let source = "units:\n  towns: [城关镇, 西河镇]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 建立“两张清单”\n        deadline: 2025-12\n      - id: 2\n        text: 修订预案。”\n        deadline: 2025-12\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let mut period = Period::new(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(), 2, 2);
        for (task, unit) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            let report = Report {
                status: Status::InProgress,
                date: None,
                note: String::new(),
            };
            period.set(TaskIx(task), UnitIx(unit), report);
        }
        let view = bulletin_view(&classify_period(&plan, &period), &plan.bulletin);
        let paragraphs: Vec<&str> = view.categories[0]
            .tasks
            .iter()
            .map(|t| t.paragraph.as_str())
            .collect();
        assert_eq!(
            paragraphs,
            [
                "1、建立“两张清单”。各镇（街道）均尚未完成。",
                "2、修订预案。”各镇（街道）均尚未完成。",
            ]
        );
    }

    fn markers(numbering: &str) -> Vec<Vec<String>> {
        let source = format!(
            "{numbering}units:\n  towns: [城关镇]\ncategories:\n  - title: 一方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-12\n      - id: 2\n        text: 二。\n        deadline: 2025-12\n  - title: 二方面\n    tasks:\n      - id: 3\n        text: 三。\n        deadline: 2025-12\n"
        );
        let plan = parse_plan("plan.yaml", &source).unwrap();
        let period = Period::new(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(), 3, 1);
        let view = bulletin_view(&classify_period(&plan, &period), &plan.bulletin);
        view.categories
            .iter()
            .map(|c| c.tasks.iter().map(|t| t.marker.clone()).collect())
            .collect()
    }

    #[test]
    fn section_two_numbers_each_category_from_one_unless_the_plan_asks_for_the_ids() {
        assert_eq!(markers(""), [vec!["1、", "2、"], vec!["1、"]]);
        let global = "bulletin:\n  numbering: global\n";
        assert_eq!(markers(global), [vec!["1、", "2、"], vec!["3、"]]);
        let category = "bulletin:\n  numbering: category\n";
        assert_eq!(markers(category), [vec!["1、", "2、"], vec!["1、"]]);
    }

    #[test]
    fn units_that_sent_nothing_are_named_in_one_sentence() {
        let source = "units:\n  label: 乡镇\n  towns: [城关镇, 东岭乡, 北塘镇]\n  departments: [县局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-12\n      - id: 2\n        text: 二。\n        deadline: 2025-12\n        assigned: [县局]\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let mut period = Period::new(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(), 2, 4);
        let report = Report {
            status: Status::InProgress,
            date: None,
            note: String::new(),
        };
        period.set(TaskIx(0), UnitIx(0), report.clone());
        period.set(TaskIx(1), UnitIx(3), report.clone());
        assert_eq!(
            not_reported(&classify_period(&plan, &period)).as_deref(),
            Some("东岭乡、北塘镇2个乡镇未按时报送，按未完成统计。")
        );
        let mut without_department = period.clone();
        without_department.set(TaskIx(0), UnitIx(1), report.clone());
        without_department.set(TaskIx(0), UnitIx(2), report);
        assert_eq!(
            not_reported(&classify_period(&plan, &without_department)),
            None
        );
        let only_towns = Period::new(period.as_of, 2, 4);
        assert_eq!(
            not_reported(&classify_period(&plan, &only_towns)).as_deref(),
            Some("城关镇、东岭乡、北塘镇、县局4个单位未按时报送，按未完成统计。")
        );
    }

    #[test]
    fn a_group_of_one_id_reads_di_n_xiang_and_a_list_of_one_wei_di_n_xiang() {
        // Task 1 on time (April), 2 late, 3 overdue, 4 in progress (December).
        let lines = overview_of(
            &["2025-04", "2025-04", "2025-05", "2025-12"],
            &[(0, "2025-04-10"), (1, "2025-05-03")],
            "2025-06-30",
        );
        assert_eq!(
            lines,
            [
                "（一）按期完成的，共1项，其中2025年4月完成的第1项。",
                "（二）逾期完成的，共1项，为第2项。",
                "（三）逾期未全部完成的，共1项，为第3项。",
                "（四）正在有序推进的，共1项，其中2025年12月完成的第4项。",
            ]
        );
    }

    #[test]
    fn lists_of_several_ids_keep_the_contracts_forms() {
        let lines = overview_of(
            &[
                "2025-04", "2025-04", "2025-05", "2025-05", "2025-12", "2025-12",
            ],
            &[(0, "2025-04-10"), (1, "2025-04-11")],
            "2025-06-30",
        );
        assert_eq!(
            lines,
            [
                "（一）按期完成的，共2项，其中2025年4月完成的1、2项。",
                "（二）逾期未全部完成的，共2项，分别是第3、4项。",
                "（三）正在有序推进的，共2项，其中2025年12月完成的5、6项。",
            ]
        );
    }

    #[test]
    fn tasks_done_before_a_deadline_still_ahead_are_the_last_group_of_on_time() {
        // Tasks 2 and 3 (December) and 4 (next year) are done in May, their deadlines ahead.
        let lines = overview_of(
            &["2025-04", "2025-12", "2025-12", "2026-06", "2025-12"],
            &[
                (0, "2025-04-10"),
                (1, "2025-05-03"),
                (2, "2025-05-04"),
                (3, "2025-05-05"),
            ],
            "2025-09-30",
        );
        assert_eq!(
            lines,
            [
                "（一）按期完成的，共4项，其中2025年4月完成的第1项；提前完成的2、3、4项。",
                "（二）正在有序推进的，共1项，其中2025年12月完成的第5项。",
            ]
        );
        let one_early = overview_of(&["2025-12"], &[(0, "2025-05-03")], "2025-09-30");
        assert_eq!(
            one_early,
            ["（一）按期完成的，共1项，其中提前完成的第1项。"]
        );
    }
}
